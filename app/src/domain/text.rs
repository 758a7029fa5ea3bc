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
    /// What a volunteer does for a living (职业), as the paper file asks; may be empty.
    Occupation, Field::Occupation, 50, required = false, multiline = false
);
bounded_text!(
    /// What a volunteer likes to do (兴趣爱好), free text; may be empty.
    Hobbies, Field::Hobbies, 200, required = false, multiline = false
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

    /// One form for storing and for signing in: a mobile as its 11 digits; a landline as
    /// `area-number`, with `-extension` when it has one ("010-12345678-123"). Spaces, dashes,
    /// brackets and a +86 prefix are what people type and are dropped; an extension may follow
    /// 转, ext, x or #, or be the last dash group of a landline.
    pub fn parse_as(field: Field, raw: &str) -> Result<Self, ValidationError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(ValidationError::Required(field));
        }
        if trimmed.chars().count() > 40 {
            return Err(ValidationError::Invalid(field));
        }
        // ASCII only: the markers are ASCII or Chinese, and Unicode's case table (12 KB) would
        // ride in every phone's first download for a phone number.
        let lower = trimmed.to_ascii_lowercase();
        let marked = ["转", "分机", "ext.", "ext", "x", "#"]
            .iter()
            .find_map(|m| lower.split_once(m));
        if let Some((main, ext)) = marked {
            let ext = digits(ext).ok_or(ValidationError::Invalid(field))?;
            return landline(main, &ext).ok_or(ValidationError::Invalid(field));
        }
        let all = digits(&lower).ok_or(ValidationError::Invalid(field))?;
        if let Some(phone) = mobile(&all).or_else(|| landline(&lower, "")) {
            return Ok(phone);
        }
        // "010-12345678-123": the last group is an extension when the rest is a landline.
        if let Some((main, ext)) = lower.rsplit_once(['-', ' ']) {
            if let Some(ext) = digits(ext) {
                if let Some(phone) = landline(main, &ext) {
                    return Ok(phone);
                }
            }
        }
        Err(ValidationError::Invalid(field))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The digits of `raw` once separators and a +86 prefix are dropped; `None` if anything else
/// is in it.
fn digits(raw: &str) -> Option<String> {
    let kept: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '（' | '）'))
        .collect();
    let kept = kept.strip_prefix("+86").unwrap_or(&kept);
    (!kept.is_empty() && kept.len() <= 20 && kept.chars().all(|c| c.is_ascii_digit()))
        .then(|| kept.to_string())
}

fn mobile(digits: &str) -> Option<Phone> {
    let b = digits.as_bytes();
    (b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])).then(|| Phone(digits.into()))
}

/// A landline (area code 010, 02x or 0xxx, then 7 or 8 digits) with an optional extension of
/// 1 to 6 digits.
fn landline(raw: &str, extension: &str) -> Option<Phone> {
    let digits = digits(raw)?;
    let b = digits.as_bytes();
    if b.first() != Some(&b'0') || !(10..=12).contains(&b.len()) {
        return None;
    }
    let area = if b[1] == b'1' || b[1] == b'2' { 3 } else { 4 };
    if !(7..=8).contains(&(b.len() - area)) || extension.len() > 6 {
        return None;
    }
    let number = format!("{}-{}", &digits[..area], &digits[area..]);
    Some(Phone(if extension.is_empty() {
        number
    } else {
        format!("{number}-{extension}")
    }))
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

/// A path on this site to go to after signing in (`?next=`), or `None`. Browsers drop tabs and
/// newlines from URLs and read `\` as `/`, so "/\t/evil.example" would become "//evil.example",
/// another site: only plain path characters pass, and the path may not start with two slashes.
pub fn local_path(raw: &str) -> Option<&str> {
    let plain = raw.chars().all(|c| {
        c.is_ascii_alphanumeric()
            || matches!(c, '/' | '-' | '_' | '.' | '~' | '?' | '=' | '&' | '%')
    });
    let bytes = raw.as_bytes();
    (plain && bytes.first() == Some(&b'/') && bytes.get(1) != Some(&b'/') && raw.len() <= 512)
        .then_some(raw)
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
    fn only_paths_of_this_site_are_followed_after_sign_in() {
        for ok in ["/wall/0193-ab", "/volunteer", "/office?tab=1&x=%20"] {
            assert_eq!(local_path(ok), Some(ok));
        }
        for bad in [
            "//evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "https://evil.example",
            "evil.example",
            "/ /evil",
            "/\u{3000}/evil",
            "javascript:alert(1)",
            "",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
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
        for (typed, stored) in [
            ("010-12345678-123", "010-12345678-123"),
            ("010 1234 5678 转 123", "010-12345678-123"),
            ("(0931) 8123456 ext. 12", "0931-8123456-12"),
            ("(0931) 8123456 EXT. 12", "0931-8123456-12"),
            ("010-12345678 X 9", "010-12345678-9"),
            ("01012345678#8", "010-12345678-8"),
            ("+86 10 ...", ""),
        ] {
            match stored {
                "" => assert!(Phone::parse(typed).is_err(), "{typed}"),
                s => assert_eq!(Phone::parse(typed).map(|p| p.0), Ok(s.into()), "{typed}"),
            }
        }
        for bad in [
            "12345",
            "12800138000",
            "1380013800a",
            "0931-12",
            "<b>1</b>",
            "13800138000转1",
            "010-12345678-1234567",
        ] {
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
