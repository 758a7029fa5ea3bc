//! Identifiers. Strings on the wire and in the database (UUIDs made by the server or, for entries
//! captured offline, by the device), wrapped so one kind cannot be passed for another.

use serde::{Deserialize, Serialize};

/// The one shape of every id the bank accepts from outside: 1 to 64 ASCII letters, digits and
/// hyphens (a UUID made by the server or by a device). Entries' ids become the ids of the lines
/// and wishes they create, so a device cannot store an id that a link, a claim or a URL could
/// not name again.
pub fn is_id(raw: &str) -> bool {
    (1..=64).contains(&raw.len()) && raw.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn new(id: impl Into<String>) -> Self {
                $name(id.into())
            }
            /// An id that came from outside (a form, a link, a device): only the shape
            /// [`is_id`] allows.
            pub fn parse(raw: &str) -> Option<Self> {
                let raw = raw.trim();
                is_id(raw).then(|| $name(raw.to_string()))
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// A community (社区).
    CommunityId
);
id_type!(
    /// A person: volunteer, staff or admin.
    PersonId
);
id_type!(
    /// A passbook line.
    RecordId
);
id_type!(
    /// A household in need.
    HouseholdId
);
id_type!(
    /// A micro-wish.
    WishId
);
id_type!(
    /// An assistance agreement (帮扶协议).
    AgreementId
);
id_type!(
    /// An activity (活动).
    ActivityId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_uuid_shaped_text() {
        assert!(is_id("0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b"));
        assert!(is_id("w-1"));
        for bad in ["", "<b>x</b>", "a/b", "../x", "a b", "ü", &"a".repeat(65)] {
            assert!(!is_id(bad), "{bad}");
            assert_eq!(WishId::parse(bad), None);
        }
        assert_eq!(WishId::parse(" w-1 "), Some(WishId::new("w-1")));
    }
}
