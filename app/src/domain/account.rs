//! Accounts: how people sign in and what the app knows about whoever is signed in.

use serde::{Deserialize, Serialize};

use super::error::{Field, ValidationError};
use super::ids::{CommunityId, PersonId};
use super::person::Role;

/// A password someone chooses. Long passphrases are welcome; very short ones are not. It is never
/// stored, only its argon2id hash, and `Debug` does not print it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN: usize = 8;
    pub const MAX: usize = 128;

    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let count = raw.chars().count();
        if count == 0 {
            Err(ValidationError::Required(Field::Password))
        } else if count < Self::MIN {
            Err(ValidationError::TooShort {
                field: Field::Password,
                min: Self::MIN,
            })
        } else if count > Self::MAX {
            Err(ValidationError::TooLong {
                field: Field::Password,
                max: Self::MAX,
            })
        } else if raw.chars().any(char::is_control) {
            Err(ValidationError::ControlCharacters(Field::Password))
        } else {
            Ok(NewPassword(raw.to_string()))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// The signed-in person, as the browser may know them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub person: PersonId,
    pub name: String,
    pub role: Role,
    pub community: Option<CommunityId>,
    pub community_name: Option<String>,
}

/// What a sign-in form sends: a phone number or a username, and the password.
pub fn normalize_login(identifier: &str) -> String {
    let trimmed = identifier.trim();
    // A phone is stored in one form (see `Phone`); what is typed to sign in is read the same
    // way, so "138 0013 8000", "010-12345678" and "01012345678" all find their account.
    if let Ok(phone) = super::text::Phone::parse(trimmed) {
        return phone.as_str().to_string();
    }
    if trimmed
        .chars()
        .all(|c| c.is_ascii_digit() || c == ' ' || c == '-' || c == '+')
    {
        let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
        if let Some(phone) = digits
            .strip_prefix("86")
            .and_then(|d| super::text::Phone::parse(d).ok())
        {
            return phone.as_str().to_string();
        }
        digits
    } else {
        trimmed.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_length_rules() {
        assert_eq!(
            NewPassword::parse(""),
            Err(ValidationError::Required(Field::Password))
        );
        assert_eq!(
            NewPassword::parse("short"),
            Err(ValidationError::TooShort {
                field: Field::Password,
                min: 8
            })
        );
        assert!(
            NewPassword::parse("爱心银行爱心银行").is_ok(),
            "eight Chinese characters"
        );
        assert!(NewPassword::parse(&"x".repeat(129)).is_err());
        assert_eq!(
            format!("{:?}", NewPassword::parse("secret-pass").expect("ok")),
            "NewPassword(***)"
        );
    }

    #[test]
    fn logins_are_normalized() {
        assert_eq!(normalize_login(" 138 0013-8000 "), "13800138000");
        assert_eq!(normalize_login("+86 13800138000"), "13800138000");
        assert_eq!(normalize_login(" Staff1 "), "staff1");
        // A landline signs in however it is typed: as it is stored, without its dash, with an
        // extension.
        for typed in ["010-12345678", "01012345678", "010 1234 5678"] {
            assert_eq!(normalize_login(typed), "010-12345678", "{typed}");
        }
        for typed in [
            "010-12345678-123",
            "010-12345678转123",
            "01012345678 ext 123",
        ] {
            assert_eq!(normalize_login(typed), "010-12345678-123", "{typed}");
        }
        assert_eq!(normalize_login("8613800138000"), "13800138000");
    }
}
