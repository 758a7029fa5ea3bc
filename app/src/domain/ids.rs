//! Identifiers. Strings on the wire and in the database (UUIDs made by the server or, for entries
//! captured offline, by the device), wrapped so one kind cannot be passed for another.

use serde::{Deserialize, Serialize};

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
