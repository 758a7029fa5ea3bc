//! The resident identity card number (居民身份证号码, GB 11643): optional on a volunteer's file, as
//! the national volunteer system's certificate shows it. It is personal data: staff of the
//! volunteer's community see it whole; everyone else — the volunteer's own screens, the admin —
//! sees it masked.

use serde::{Deserialize, Serialize};

use super::error::{Field, ValidationError};

/// A checked 18-character number: 17 digits and a check character (0–9 or X).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdCardNumber(String);

/// The weights of the first 17 digits, and the check character for each remainder mod 11.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

impl IdCardNumber {
    /// Spaces are dropped and a lower-case x is read as X. Anything else that is not a valid
    /// number (length, a birth date that does not exist, the check character) is refused.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let text: String = raw
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if text.is_empty() {
            return Err(ValidationError::Required(Field::IdCard));
        }
        let invalid = ValidationError::Invalid(Field::IdCard);
        let chars: Vec<char> = text.chars().collect();
        if chars.len() != 18 || !chars[..17].iter().all(char::is_ascii_digit) {
            return Err(invalid);
        }
        let birth = &text[6..14];
        if chrono::NaiveDate::parse_from_str(birth, "%Y%m%d").is_err() || &text[6..8] < "19" {
            return Err(invalid);
        }
        let sum: u32 = chars[..17]
            .iter()
            .zip(WEIGHTS)
            .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
            .sum();
        if CHECK[(sum % 11) as usize] != chars[17] {
            return Err(invalid);
        }
        Ok(IdCardNumber(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first four and the last four characters, the rest as stars: enough for the person
    /// to recognise it, too little to use it.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

/// Masks a stored number the same way (a number is stored only once checked).
pub fn mask(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    if chars.len() <= 8 {
        return "*".repeat(chars.len());
    }
    let (head, tail) = (&chars[..4], &chars[chars.len() - 4..]);
    format!(
        "{}{}{}",
        head.iter().collect::<String>(),
        "*".repeat(chars.len() - 8),
        tail.iter().collect::<String>()
    )
}

impl TryFrom<String> for IdCardNumber {
    type Error = ValidationError;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        IdCardNumber::parse(&raw)
    }
}

impl From<IdCardNumber> for String {
    fn from(v: IdCardNumber) -> String {
        v.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_needs_its_check_character_and_a_real_birth_date() {
        // The standard's own example, and the same with a lower-case x check character.
        assert_eq!(
            IdCardNumber::parse("11010519491231002X").map(|n| n.masked()),
            Ok("1101**********002X".to_string())
        );
        assert!(IdCardNumber::parse(" 110105 19491231 002x ").is_ok());
        for bad in [
            "110105194912310021", // wrong check character
            "11010519491331002X", // month 13
            "11010518491231002X", // born in 1849
            "1101051949123100",   // too short
            "11010519491231002Y",
            "１１０１０５１９４９１２３１００２Ｘ",
        ] {
            assert_eq!(
                IdCardNumber::parse(bad),
                Err(ValidationError::Invalid(Field::IdCard)),
                "{bad}"
            );
        }
        assert_eq!(
            IdCardNumber::parse(""),
            Err(ValidationError::Required(Field::IdCard))
        );
    }
}
