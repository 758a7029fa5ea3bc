//! A service record (服务记录): one line of the love passbook, and the rules of its life.
//!
//! A line is captured once and never changes. What happens to it afterwards — verified, rejected,
//! reversed — is a new fact; its state is derived from those facts.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::error::{Field, ValidationError, ValidationErrors};
use super::ids::{HouseholdId, WishId};
use super::signature::Signature;
use super::text::{Content, PersonName, Phone, Place, WitnessName};
use super::{Lang, Minutes};

mod wire;

/// Who the service was for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
// Written as tagged by serde; read through a flat struct (see `domain::tagged`).
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
#[serde(try_from = "wire::BeneficiaryWire")]
pub enum Beneficiary {
    Household(HouseholdId),
    Wish(WishId),
    Activity(String),
    /// Someone without a file, named in free text.
    Named(PersonName),
    None,
}

/// Who saw it happen: a named witness with a phone staff can call, or nobody yet (a witness may
/// confirm later; staff see the line flagged until then).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[serde(try_from = "wire::WitnessWire")]
pub enum Witness {
    Named {
        name: WitnessName,
        phone: Phone,
        /// Signed on the volunteer's phone on the spot: the line is confirmed by its witness.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        signature: Option<Signature>,
    },
    None,
}

impl Witness {
    /// "name phone", or empty.
    pub fn text(&self) -> String {
        match self {
            Witness::Named { name, phone, .. } => format!("{} {}", name.as_str(), phone.as_str()),
            Witness::None => String::new(),
        }
    }

    /// The signature drawn on the spot, if the witness signed.
    pub fn signature(&self) -> Option<&Signature> {
        match self {
            Witness::Named { signature, .. } => signature.as_ref(),
            Witness::None => None,
        }
    }

    /// Whether the witness signed on the spot.
    pub fn signed(&self) -> bool {
        self.signature().is_some()
    }
}

/// What a volunteer types, before validation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
// Missing fields read as empty, so a form that leaves one out gets "required", not a failure.
#[serde(default)]
pub struct RecordInput {
    /// YYYY-MM-DD, the local date of the service.
    pub date: String,
    /// HH:MM
    pub start: String,
    /// HH:MM, after `start` on the same day.
    pub end: String,
    pub place: String,
    pub content: String,
    pub category: String,
    /// "household", "wish", "activity", "named" or "" (none).
    pub beneficiary_kind: String,
    /// The id for household/wish/activity, the name for "named".
    pub beneficiary: String,
    pub witness_name: String,
    pub witness_phone: String,
    /// The witness's signature drawn on the phone (see [`Signature`]), or empty.
    pub witness_signature: String,
}

/// Something staff should look at before verifying. The line is accepted all the same: a
/// volunteer's work is never dropped because a phone's clock was wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordFlag {
    /// Dated more than a day after the server's today.
    FutureDate,
    /// Dated more than a year before the server's today.
    FarPast,
    /// No witness given.
    NoWitness,
    /// Overlaps another pending or verified line of the volunteer on the same day (the same
    /// shift logged twice, on two devices say), whenever either arrived.
    LikelyDuplicate,
}

impl RecordFlag {
    pub fn code(self) -> &'static str {
        match self {
            RecordFlag::FutureDate => "future_date",
            RecordFlag::FarPast => "far_past",
            RecordFlag::NoWitness => "no_witness",
            RecordFlag::LikelyDuplicate => "likely_duplicate",
        }
    }
    pub fn from_code(code: &str) -> Option<RecordFlag> {
        [
            RecordFlag::FutureDate,
            RecordFlag::FarPast,
            RecordFlag::NoWitness,
            RecordFlag::LikelyDuplicate,
        ]
        .into_iter()
        .find(|f| f.code() == code)
    }
    pub fn message(self, lang: Lang) -> &'static str {
        match self {
            RecordFlag::FutureDate => lang.pick(
                "服务日期在未来，请核对。",
                "The date is in the future: please check.",
            ),
            RecordFlag::FarPast => lang.pick(
                "服务日期在一年以前，请核对。",
                "The date is over a year ago: please check.",
            ),
            RecordFlag::NoWitness => lang.pick("没有见证人。", "No witness given."),
            RecordFlag::LikelyDuplicate => lang.pick(
                "可能重复：同一天已有时间重叠的记录，请核对。",
                "Possible duplicate: another line of that day overlaps it. Please check.",
            ),
        }
    }
}

/// A validated service: what a passbook line holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceEntry {
    // Read without chrono's general parser: every passbook line carries these (`domain::when`).
    #[serde(deserialize_with = "crate::domain::when::date")]
    pub date: NaiveDate,
    #[serde(deserialize_with = "crate::domain::when::time")]
    pub start: NaiveTime,
    #[serde(deserialize_with = "crate::domain::when::time")]
    pub end: NaiveTime,
    pub minutes: Minutes,
    pub place: Place,
    pub content: Content,
    pub category: String,
    pub beneficiary: Beneficiary,
    pub witness: Witness,
}

/// How far from the server's today a date may be before it is flagged.
pub const FUTURE_TOLERANCE_DAYS: i64 = 1;
pub const PAST_TOLERANCE_DAYS: i64 = 366;

impl ServiceEntry {
    /// Validates a form. `categories` are the known codes; `today` is the server's (or, on a
    /// phone, the phone's) date, used only to flag, never to refuse.
    pub fn parse(
        input: &RecordInput,
        categories: &[&str],
        today: NaiveDate,
    ) -> Result<(ServiceEntry, Vec<RecordFlag>), ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let date = errors.take(parse_date(&input.date));
        let start = errors.take(parse_time(&input.start, Field::StartTime));
        let end = errors.take(parse_time(&input.end, Field::EndTime));
        let minutes = match (start, end) {
            (Some(s), Some(e)) => errors.take(duration(s, e)),
            _ => None,
        };
        let place = errors.take(Place::parse(&input.place));
        let content = errors.take(Content::parse(&input.content));
        let category = errors.take(if input.category.trim().is_empty() {
            Err(ValidationError::Required(Field::Category))
        } else if categories.contains(&input.category.trim()) {
            Ok(input.category.trim().to_string())
        } else {
            Err(ValidationError::Invalid(Field::Category))
        });
        let beneficiary = errors.take(parse_beneficiary(
            &input.beneficiary_kind,
            &input.beneficiary,
        ));
        let witness = errors.take(
            parse_witness(&input.witness_name, &input.witness_phone)
                .and_then(|w| signed(w, &input.witness_signature)),
        );

        let entry = errors.finish(|| {
            Some(ServiceEntry {
                date: date?,
                start: start?,
                end: end?,
                minutes: minutes?,
                place: place?,
                content: content?,
                category: category?,
                beneficiary: beneficiary?,
                witness: witness?,
            })
        })?;
        let flags = entry.flags(today);
        Ok((entry, flags))
    }

    /// What staff should check; recomputed from the entry and a date, never typed by anyone.
    pub fn flags(&self, today: NaiveDate) -> Vec<RecordFlag> {
        let mut flags = Vec::new();
        let days = (self.date - today).num_days();
        if days > FUTURE_TOLERANCE_DAYS {
            flags.push(RecordFlag::FutureDate);
        }
        if days < -PAST_TOLERANCE_DAYS {
            flags.push(RecordFlag::FarPast);
        }
        if self.witness == Witness::None {
            flags.push(RecordFlag::NoWitness);
        }
        flags
    }
}

fn parse_date(raw: &str) -> Result<NaiveDate, ValidationError> {
    super::dates::parse_day(raw, Field::Date)
}

fn parse_time(raw: &str, field: Field) -> Result<NaiveTime, ValidationError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(ValidationError::Required(field));
    }
    super::clock::parse_hh_mm(raw).ok_or(ValidationError::Invalid(field))
}

/// Whole minutes from start to end on one day: 1 minute to 24 hours.
pub fn duration(start: NaiveTime, end: NaiveTime) -> Result<Minutes, ValidationError> {
    if end <= start {
        return Err(ValidationError::EndNotAfterStart);
    }
    let minutes = (end - start).num_minutes();
    if !(1..=24 * 60).contains(&minutes) {
        return Err(ValidationError::DurationOutOfRange);
    }
    Ok(Minutes(minutes))
}

fn parse_beneficiary(kind: &str, value: &str) -> Result<Beneficiary, ValidationError> {
    let value = value.trim();
    let id = |f: fn(String) -> Beneficiary| {
        if value.is_empty() {
            Err(ValidationError::Required(Field::Beneficiary))
        } else if !super::ids::is_id(value) {
            Err(ValidationError::Invalid(Field::Beneficiary))
        } else {
            Ok(f(value.to_string()))
        }
    };
    match kind.trim() {
        "" | "none" => Ok(Beneficiary::None),
        "household" => id(|v| Beneficiary::Household(HouseholdId::new(v))),
        "wish" => id(|v| Beneficiary::Wish(WishId::new(v))),
        "activity" => id(Beneficiary::Activity),
        "named" => PersonName::parse(value)
            .map(Beneficiary::Named)
            .map_err(|e| match e {
                ValidationError::TooLong { max, .. } => ValidationError::TooLong {
                    field: Field::Beneficiary,
                    max,
                },
                ValidationError::Required(_) => ValidationError::Required(Field::Beneficiary),
                _ => ValidationError::Invalid(Field::Beneficiary),
            }),
        _ => Err(ValidationError::Invalid(Field::Beneficiary)),
    }
}

/// Adds the signature drawn on the spot, if any: only a named witness signs.
pub fn signed(witness: Witness, raw: &str) -> Result<Witness, ValidationError> {
    if raw.trim().is_empty() {
        return Ok(witness);
    }
    match witness {
        Witness::Named { name, phone, .. } => Ok(Witness::Named {
            name,
            phone,
            signature: Some(Signature::parse(raw)?),
        }),
        Witness::None => Err(ValidationError::Required(Field::WitnessName)),
    }
}

/// A witness is both a name and a phone, or neither.
pub fn parse_witness(name: &str, phone: &str) -> Result<Witness, ValidationError> {
    match (name.trim().is_empty(), phone.trim().is_empty()) {
        (true, true) => Ok(Witness::None),
        (false, true) => Err(ValidationError::Required(Field::WitnessPhone)),
        (true, false) => Err(ValidationError::Required(Field::WitnessName)),
        (false, false) => Ok(Witness::Named {
            name: WitnessName::parse(name)?,
            phone: Phone::parse_as(Field::WitnessPhone, phone)?,
            signature: None,
        }),
    }
}

#[cfg(test)]
mod tests;
