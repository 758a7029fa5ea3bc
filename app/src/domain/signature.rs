//! A witness's signature (见证人签名): drawn with a finger on the volunteer's phone, on the spot,
//! offline, and kept with the service line it confirms. Staff see it in the queue; the passbook
//! marks the line as confirmed by its witness. Staff still verify.
//!
//! It is stored as text — strokes separated by `;`, points by a space, each point `x,y` in whole
//! units of a [`WIDTH`]×[`HEIGHT`] box — so it travels in an outbox entry's JSON as it is, needs
//! no image codec on a phone, and draws as one SVG path.

use serde::{Deserialize, Serialize};

use super::error::{Field, ValidationError};

/// The drawing box, in the units points are stored in.
pub const WIDTH: u16 = 300;
pub const HEIGHT: u16 = 120;
/// More than any hand signs; bounds what one line stores forever.
pub const MAX_POINTS: usize = 1500;
pub const MAX_STROKES: usize = 60;
/// Fewer points than this is a tap or a dot, not a signature.
pub const MIN_POINTS: usize = 8;

/// Strokes as drawn: each a list of points in the box.
pub type Strokes = Vec<Vec<(u16, u16)>>;

/// A checked signature: at least [`MIN_POINTS`] points, every one inside the box.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Signature(Strokes);

/// The SVG path that draws `strokes` in a `0 0 WIDTH HEIGHT` view box.
pub fn svg_path(strokes: &Strokes) -> String {
    let mut path = String::new();
    for stroke in strokes {
        for (i, (x, y)) in stroke.iter().enumerate() {
            let step = if i == 0 { 'M' } else { 'L' };
            path.push_str(&format!("{step}{x} {y}"));
        }
        // A single point still shows, as a dot.
        if let [(x, y)] = stroke.as_slice() {
            path.push_str(&format!("L{x} {y}"));
        }
    }
    path
}

/// The stored text of `strokes`.
pub fn strokes_text(strokes: &Strokes) -> String {
    strokes
        .iter()
        .map(|stroke| {
            stroke
                .iter()
                .map(|(x, y)| format!("{x},{y}"))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join(";")
}

impl Signature {
    /// Reads the stored text. Anything else — a point outside the box, a letter, too many
    /// points, a dot — is refused, so what is stored can always be drawn.
    pub fn parse(raw: &str) -> Result<Signature, ValidationError> {
        let invalid = || ValidationError::Invalid(Field::WitnessSignature);
        if raw.len() > MAX_POINTS * 9 {
            return Err(invalid());
        }
        let mut strokes = Vec::new();
        let mut points = 0;
        for stroke in raw.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            let mut line = Vec::new();
            for point in stroke.split_whitespace() {
                let (x, y) = point.split_once(',').ok_or_else(invalid)?;
                let coordinate = |raw: &str, max: u16| {
                    raw.parse::<u16>()
                        .ok()
                        .filter(|v| *v <= max && raw.bytes().all(|b| b.is_ascii_digit()))
                        .ok_or_else(invalid)
                };
                line.push((coordinate(x, WIDTH)?, coordinate(y, HEIGHT)?));
            }
            points += line.len();
            strokes.push(line);
        }
        if strokes.len() > MAX_STROKES || !(MIN_POINTS..=MAX_POINTS).contains(&points) {
            return Err(invalid());
        }
        Ok(Signature(strokes))
    }

    /// The SVG path that draws it in a `0 0 WIDTH HEIGHT` view box.
    pub fn svg_path(&self) -> String {
        svg_path(&self.0)
    }

    pub fn text(&self) -> String {
        strokes_text(&self.0)
    }
}

impl TryFrom<String> for Signature {
    type Error = ValidationError;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Signature::parse(&raw)
    }
}

impl From<Signature> for String {
    fn from(signature: Signature) -> String {
        signature.text()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIGNED: &str = "10,10 20,15 30,12 40,20;50,50 60,55 70,50 80,60";

    #[test]
    fn a_drawn_signature_reads_back_and_draws() {
        let s = Signature::parse(SIGNED).expect("signature");
        assert_eq!(s.text(), SIGNED);
        assert!(s.svg_path().starts_with("M10 10L20 15"));
        assert_eq!(s.svg_path().matches('M').count(), 2);
        // Stray separators and spaces are tolerated, the text is stored clean.
        let loose = Signature::parse(" 10,10  20,15 30,12 40,20 ;; 50,50 60,55 70,50 80,60;")
            .expect("as written");
        assert_eq!(loose.text(), SIGNED);
    }

    #[test]
    fn what_cannot_be_drawn_is_refused() {
        let refused = ValidationError::Invalid(Field::WitnessSignature);
        for raw in [
            "",
            "10,10 20,20", // a dot, not a signature
            "10,10 20,15 30,12 40,20;50,50 60,55 70,50 301,60", // outside the box
            "10,10 20,15 30,12 40,20;50,50 60,55 70,50 80,121", // below it
            "10,10 20,15 30,12 40,20;50,50 60,55 70,50 -8,60", // negative
            "10,10 20,15 30,12 40,20;50,50 60,55 70,50 +8,60", // a sign
            "10,10 20,15 30,12 40,20;50,50 60,55 70,50 8.5,60", // a fraction
            "10,10 20,15 30,12 40,20;50,50 60,55 70,50 <svg>,60", // markup
            "10,10 20,15 30,12 40,20;50,50 60,55 70,50 80", // half a point
        ] {
            assert_eq!(Signature::parse(raw), Err(refused.clone()), "{raw}");
        }
        let too_many = vec!["1,1"; MAX_POINTS + 1].join(" ");
        assert_eq!(Signature::parse(&too_many), Err(refused.clone()));
        let strokes = vec!["1,1"; MAX_STROKES + 1].join(";");
        assert_eq!(Signature::parse(&strokes), Err(refused));
    }

    #[test]
    fn it_travels_as_its_text() {
        let s = Signature::parse(SIGNED).expect("as written");
        let json = serde_json::to_string(&s).expect("as written");
        assert_eq!(json, format!("\"{SIGNED}\""));
        assert_eq!(
            serde_json::from_str::<Signature>(&json).expect("as written"),
            s
        );
        assert!(serde_json::from_str::<Signature>("\"1,1\"").is_err());
    }
}
