//! 回报 (help in return): a depositor who needs help later draws on the time they gave. A
//! volunteer posts a wish for themself naming how many hours they will pay from their passbook;
//! the hours are reserved when it is posted (so a request can never take the balance below
//! zero), released if it is withdrawn or declined, and paid — to nobody — when staff verify a
//! helper's service for it. The helper earns their own verified hours as usual.
//!
//! The time account is apart from points: points are the sub-district's reward, redeemed from
//! the catalogue; time is the deposit itself, and only time pays for help in return.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::{Field, ValidationError};
use super::Minutes;

/// The least and the most one request may pay: half an hour to forty hours.
pub const PAY_MINUTES_MIN: i64 = 30;
pub const PAY_MINUTES_MAX: i64 = 2400;

/// Hours as typed ("2", "1.5", "0.5"), in half hours; empty is no payment (an ordinary wish).
pub fn parse_pay_hours(raw: &str) -> Result<Option<Minutes>, ValidationError> {
    let text = raw.trim().trim_end_matches("小时").trim();
    if text.is_empty() {
        return Ok(None);
    }
    let invalid = ValidationError::Invalid(Field::Pay);
    let (whole, part) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty()
        || whole.len() > 3
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !matches!(part, "" | "0" | "5" | "00" | "50")
    {
        return Err(invalid);
    }
    let hours: i64 = whole.parse().map_err(|_| invalid.clone())?;
    let minutes = hours * 60 + if part.starts_with('5') { 30 } else { 0 };
    if !(PAY_MINUTES_MIN..=PAY_MINUTES_MAX).contains(&minutes) {
        return Err(invalid);
    }
    Ok(Some(Minutes(minutes)))
}

/// A person's time: what they gave (verified, after reversals), what they paid for help in
/// return, and what their open requests hold back.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeAccount {
    pub earned: Minutes,
    pub paid: Minutes,
    pub reserved: Minutes,
}

impl TimeAccount {
    /// What a new request may still pay (below zero only if a correction took back time
    /// already paid).
    pub fn available(&self) -> Minutes {
        Minutes(self.earned.0 - self.paid.0 - self.reserved.0)
    }
}

/// Hours one of the person's requests holds back until it is paid, withdrawn or declined.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reservation {
    pub wish: String,
    pub need: String,
    pub minutes: Minutes,
}

/// One payment for help in return, as the requester's passbook lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnPayment {
    pub wish: String,
    pub need: String,
    /// Who helped (the volunteer whose verified service paid it).
    pub helper: String,
    pub minutes: Minutes,
    /// The day the service was verified.
    pub on: NaiveDate,
    /// The helper's line was reversed afterwards: the hours came back.
    pub refunded: bool,
}

/// The time account as the volunteer's 积分 page and the wish form read it (online, apart
/// from the passbook, so the phone's first download does not carry it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnAccountView {
    pub time: TimeAccount,
    /// The open requests holding time back, oldest first.
    pub reservations: Vec<Reservation>,
    /// What the person's requests paid, newest first.
    pub returns: Vec<ReturnPayment>,
}

/// 回报 as the passbook shows it: what the person's requests hold back or paid, and which of
/// their own lines a depositor paid for. Carried with the passbook, so a phone shows it offline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnNote {
    pub kind: ReturnNoteKind,
    /// The request's need.
    pub need: String,
    pub minutes: Minutes,
    /// The helper (Paid) or the requester (Helped); empty while Reserved.
    pub other: String,
    /// The helper's line it paid for (Paid, Helped).
    pub line: Option<String>,
    /// The helper's line was reversed: the hours went back.
    pub refunded: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturnNoteKind {
    /// An open request of the person's holds these hours back.
    Reserved,
    /// The person's request paid a helper's service.
    Paid,
    /// The person's service was paid for by a depositor's request.
    Helped,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_are_paid_in_half_hours_within_the_range() {
        assert_eq!(parse_pay_hours(""), Ok(None));
        assert_eq!(parse_pay_hours("2"), Ok(Some(Minutes(120))));
        assert_eq!(parse_pay_hours(" 1.5 小时"), Ok(Some(Minutes(90))));
        assert_eq!(parse_pay_hours("0.5"), Ok(Some(Minutes(30))));
        assert_eq!(parse_pay_hours("40"), Ok(Some(Minutes(2400))));
        for bad in ["0", "0.25", "1.2", "41", "-1", "abc", ".5", "1e2"] {
            assert_eq!(
                parse_pay_hours(bad),
                Err(ValidationError::Invalid(Field::Pay)),
                "{bad}"
            );
        }
    }

    #[test]
    fn what_is_available_is_given_less_paid_and_reserved() {
        let account = TimeAccount {
            earned: Minutes(600),
            paid: Minutes(120),
            reserved: Minutes(90),
        };
        assert_eq!(account.available(), Minutes(390));
    }
}
