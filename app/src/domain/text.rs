//! Validated text. Every text a person types has a length limit, loses surrounding spaces, and may
//! not hide control characters. Markup is not special here: `<script>` is kept as typed, and the
//! views always render it as text.

use serde::{Deserialize, Serialize};

use super::error::{Field, ValidationError};

/// Trims `raw` and checks it: required or not, at most `max` characters (not bytes: a Chinese
/// character counts as one), no control characters except line breaks where `multiline`.
pub fn clean(
    field: Field,
    raw: &str,
    max: usize,
    required: bool,
    multiline: bool,
) -> Result<String, ValidationError> {
    let text = raw.trim();
    if text.is_empty() {
        return if required {
            Err(ValidationError::Required(field))
        } else {
            Ok(String::new())
        };
    }
    if text.chars().count() > max {
        return Err(ValidationError::TooLong { field, max });
    }
    let allowed = |c: char| !c.is_control() || (multiline && (c == '\n' || c == '\r' || c == '\t'));
    if !text.chars().all(allowed) {
        return Err(ValidationError::ControlCharacters(field));
    }
    Ok(text.replace("\r\n", "\n"))
}

/// Declares a text newtype with its field, limit and whether it may be empty or span lines.
macro_rules! bounded_text {
    ($(#[$doc:meta])* $name:ident, $field:expr, $max:expr, required = $req:expr, multiline = $ml:expr) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub const MAX: usize = $max;
            pub fn parse(raw: &str) -> Result<Self, ValidationError> {
                clean($field, raw, $max, $req, $ml).map($name)
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = ValidationError;
            fn try_from(raw: String) -> Result<Self, Self::Error> {
                $name::parse(&raw)
            }
        }

        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

bounded_text!(
    /// A person's name (volunteer, head of household, witness who must be named).
    PersonName, Field::Name, 50, required = true, multiline = false
);
bounded_text!(
    /// Where a service took place.
    Place, Field::Place, 200, required = true, multiline = false
);
bounded_text!(
    /// What was done, in the volunteer's words.
    Content, Field::Content, 1000, required = true, multiline = true
);
bounded_text!(
    /// Why a line was rejected or reversed: always required, the volunteer reads it.
    Reason, Field::Reason, 500, required = true, multiline = true
);
bounded_text!(
    /// A volunteer's skills and specialities (特长), free text.
    Skills, Field::Skills, 200, required = false, multiline = false
);
bounded_text!(
    /// A household's address.
    Address, Field::Address, 200, required = true, multiline = false
);
bounded_text!(
    /// What a household needs.
    Needs, Field::Needs, 1000, required = true, multiline = true
);
bounded_text!(
    /// The need written on a micro-wish.
    WishNeed, Field::Need, 500, required = true, multiline = true
);
bounded_text!(
    /// What the poster of a wish offers in return (may be nothing).
    WishOffer, Field::Offer, 500, required = false, multiline = true
);
bounded_text!(
    /// The name of a witness (may be empty when a witness confirms instead).
    WitnessName, Field::WitnessName, 50, required = false, multiline = false
);

/// A phone number: an 11-digit mainland mobile (1[3-9]…) or a landline with its area code
/// (0 + 2–3 digits, then 7–8 digits). Spaces and dashes are accepted and removed, except the one
/// dash a landline keeps after its area code.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        Self::parse_as(Field::Phone, raw)
    }

    pub fn parse_as(field: Field, raw: &str) -> Result<Self, ValidationError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(ValidationError::Required(field));
        }
        let digits: String = trimmed
            .chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .collect();
        let digits = digits.strip_prefix("+86").unwrap_or(&digits).to_string();
        if digits.len() > 20 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(ValidationError::Invalid(field));
        }
        let bytes = digits.as_bytes();
        let mobile = bytes.len() == 11 && bytes[0] == b'1' && (b'3'..=b'9').contains(&bytes[1]);
        if mobile {
            return Ok(Phone(digits));
        }
        // Landline: the area code is 010, 02x (3 digits) or 0xxx (4 digits).
        if bytes.first() == Some(&b'0') && (10..=12).contains(&bytes.len()) {
            let area = if bytes[1] == b'1' || bytes[1] == b'2' {
                3
            } else {
                4
            };
            let local = bytes.len() - area;
            if (7..=8).contains(&local) {
                return Ok(Phone(format!("{}-{}", &digits[..area], &digits[area..])));
            }
        }
        Err(ValidationError::Invalid(field))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Phone {
    type Error = ValidationError;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Phone::parse(&raw)
    }
}

impl From<Phone> for String {
    fn from(p: Phone) -> String {
        p.0
    }
}

/// `raw` as one value of a URL query string: unreserved ASCII kept, every other byte (Chinese
/// included) as `%XX`.
pub fn percent_encode(raw: &str) -> String {
    raw.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_limited_in_characters_not_bytes() {
        assert_eq!(
            PersonName::parse("  王建国 ").map(|n| n.0),
            Ok("王建国".into())
        );
        let fifty = "王".repeat(50);
        assert!(
            PersonName::parse(&fifty).is_ok(),
            "50 Chinese characters fit"
        );
        assert_eq!(
            PersonName::parse(&format!("{fifty}王")),
            Err(ValidationError::TooLong {
                field: Field::Name,
                max: 50
            })
        );
    }

    #[test]
    fn required_and_optional_text() {
        assert_eq!(
            Place::parse("   "),
            Err(ValidationError::Required(Field::Place))
        );
        assert_eq!(Skills::parse("").map(|s| s.0), Ok(String::new()));
    }

    #[test]
    fn control_characters_are_refused_but_multiline_text_keeps_its_lines() {
        assert_eq!(
            PersonName::parse("王\u{0}建国"),
            Err(ValidationError::ControlCharacters(Field::Name))
        );
        assert_eq!(
            PersonName::parse("王\n建国"),
            Err(ValidationError::ControlCharacters(Field::Name))
        );
        assert_eq!(
            Content::parse("修好了电视\r\n换了天线").map(|c| c.0),
            Ok("修好了电视\n换了天线".into())
        );
    }

    #[test]
    fn markup_is_kept_as_data() {
        let c = Content::parse("<script>alert(1)</script>").expect("plain text");
        assert_eq!(c.as_str(), "<script>alert(1)</script>");
    }

    #[test]
    fn deserializing_validates_too() {
        let bad: Result<PersonName, _> = serde_json::from_str(&format!("\"{}\"", "a".repeat(51)));
        assert!(bad.is_err());
        let good: PersonName = serde_json::from_str("\"李秀英\"").expect("valid");
        assert_eq!(good.as_str(), "李秀英");
    }

    #[test]
    fn mobile_and_landline_numbers() {
        assert_eq!(
            Phone::parse("138 0013 8000").map(|p| p.0),
            Ok("13800138000".into())
        );
        assert_eq!(
            Phone::parse("+86 139-1234-5678").map(|p| p.0),
            Ok("13912345678".into())
        );
        assert_eq!(
            Phone::parse("0931-8123456").map(|p| p.0),
            Ok("0931-8123456".into())
        );
        assert_eq!(
            Phone::parse("010 12345678").map(|p| p.0),
            Ok("010-12345678".into())
        );
        for bad in ["12345", "12800138000", "1380013800a", "0931-12", "<b>1</b>"] {
            assert_eq!(
                Phone::parse(bad),
                Err(ValidationError::Invalid(Field::Phone)),
                "{bad}"
            );
        }
        assert_eq!(
            Phone::parse(" "),
            Err(ValidationError::Required(Field::Phone))
        );
    }
}
