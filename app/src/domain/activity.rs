//! Activities (活动): a regular (定期) or self-organised (自主) activity of a community with its
//! date, place, category, witness (见证人: the organiser or someone present) and attendees.
//! Closing it gives each attendee one pending service line in one step, instead of every
//! volunteer logging the same afternoon by hand: their own minutes if they came late or left
//! early, the activity's witness on every line.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::activity_proposal::ActivityStatus;
use super::error::{Field, ValidationError, ValidationErrors};
use super::ids::{ActivityId, PersonId};
use super::record::{parse_witness, Beneficiary, RecordInput, ServiceEntry, Witness};
use super::text::clean;
use super::{Lang, Minutes};

/// The most attendees one activity takes (a street-wide clean-up, say).
pub const MAX_ATTENDEES: usize = 500;

/// How far ahead a regular activity may be scheduled in one go: a year of weeks.
pub const MAX_REPEAT_DAYS: i64 = 366;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    /// 定期活动: on the community's calendar.
    Regular,
    /// 自主活动: organised by volunteers themselves.
    SelfOrganised,
}

impl ActivityKind {
    pub fn code(self) -> &'static str {
        match self {
            ActivityKind::Regular => "regular",
            ActivityKind::SelfOrganised => "self_organised",
        }
    }

    pub fn from_code(code: &str) -> Option<ActivityKind> {
        match code {
            "regular" => Some(ActivityKind::Regular),
            "self_organised" => Some(ActivityKind::SelfOrganised),
            _ => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ActivityKind::Regular => lang.pick("定期活动", "Regular"),
            ActivityKind::SelfOrganised => lang.pick("自主活动", "Self-organised"),
        }
    }
}

/// What staff type to create an activity.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActivityInput {
    pub kind: String,
    pub title: String,
    pub date: String,
    pub start: String,
    pub end: String,
    pub place: String,
    pub category: String,
    pub content: String,
    pub attendees: Vec<String>,
    /// 见证人: the organiser or someone present, who vouches for every attendee's line. Both
    /// blank, or both given.
    pub witness_name: String,
    pub witness_phone: String,
    /// A regular activity held every week on the same weekday and times, until this date
    /// (YYYY-MM-DD; blank: once).
    pub repeat_until: String,
}

/// A validated activity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub kind: ActivityKind,
    pub title: String,
    pub content: String,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub minutes: Minutes,
    pub place: String,
    pub category: String,
    pub attendees: Vec<PersonId>,
    pub witness: Witness,
    /// The last date of a weekly series, if it repeats.
    pub repeat_until: Option<NaiveDate>,
}

impl Activity {
    /// Validates the form; date, times, place and category follow the rules of a service line,
    /// since each attendee's line is made from them.
    pub fn parse(input: &ActivityInput, categories: &[&str]) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let kind = errors.take(
            ActivityKind::from_code(input.kind.trim())
                .ok_or(ValidationError::Required(Field::Kind)),
        );
        let title = errors.take(clean(Field::Title, &input.title, 100, true, false));
        let content = errors.take(clean(Field::Content, &input.content, 800, false, true));
        let attendees = errors.take(attendee_ids(&input.attendees));
        let witness = errors.take(parse_witness(&input.witness_name, &input.witness_phone));
        let repeat_until = errors.take(repeat_until(input));
        let as_line = RecordInput {
            date: input.date.clone(),
            start: input.start.clone(),
            end: input.end.clone(),
            place: input.place.clone(),
            // The line's content is checked below, with the title.
            content: "-".into(),
            category: input.category.clone(),
            ..RecordInput::default()
        };
        // `today` only flags; an activity's lines are never flagged.
        let line = match ServiceEntry::parse(&as_line, categories, NaiveDate::MIN) {
            Ok((line, _)) => Some(line),
            Err(e) => {
                errors.0.extend(e.0);
                None
            }
        };
        errors.finish(|| {
            let line = line?;
            Some(Activity {
                kind: kind?,
                title: title?,
                content: content?,
                date: line.date,
                start: line.start,
                end: line.end,
                minutes: line.minutes,
                place: line.place.as_str().to_string(),
                category: line.category,
                attendees: attendees?,
                witness: witness?,
                repeat_until: repeat_until?,
            })
        })
    }

    /// Every date it is held: the first, then each week until `repeat_until`. Each date is an
    /// activity of its own, with its own attendance.
    pub fn dates(&self) -> Vec<NaiveDate> {
        let last = self.repeat_until.unwrap_or(self.date);
        std::iter::successors(Some(self.date), |d| {
            d.checked_add_days(chrono::Days::new(7))
        })
        .take_while(|d| *d <= last)
        .collect()
    }

    /// The pending line an attendee receives when the activity `id` closes: the activity's
    /// times, or `own` if they came late or left early.
    pub fn line(
        &self,
        id: &ActivityId,
        own: Option<&AttendeeTimes>,
    ) -> Result<ServiceEntry, ValidationError> {
        let text = if self.content.is_empty() {
            format!("参加活动：{}", self.title)
        } else {
            format!("参加活动：{}。{}", self.title, self.content)
        };
        let (start, end) = own.map_or((self.start, self.end), |t| (t.arrived, t.left));
        let (witness_name, witness_phone) = match &self.witness {
            Witness::Named { name, phone, .. } => {
                (name.as_str().to_string(), phone.as_str().to_string())
            }
            Witness::None => (String::new(), String::new()),
        };
        let as_line = RecordInput {
            date: self.date.to_string(),
            start: super::clock::hh_mm(&start),
            end: super::clock::hh_mm(&end),
            place: self.place.clone(),
            content: text,
            category: self.category.clone(),
            witness_name,
            witness_phone,
            ..RecordInput::default()
        };
        let categories = [self.category.as_str()];
        let (mut entry, _) =
            ServiceEntry::parse(&as_line, &categories, NaiveDate::MIN).map_err(|e| {
                e.0.into_iter()
                    .next()
                    .unwrap_or(ValidationError::Invalid(Field::Content))
            })?;
        entry.beneficiary = Beneficiary::Activity(id.to_string());
        Ok(entry)
    }
}

/// The end of a weekly series: blank for once; a regular activity's only, after its first date
/// and within a year of it.
fn repeat_until(input: &ActivityInput) -> Result<Option<NaiveDate>, ValidationError> {
    let raw = input.repeat_until.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let invalid = ValidationError::Invalid(Field::RepeatUntil);
    let until = NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| invalid.clone())?;
    let Ok(first) = NaiveDate::parse_from_str(input.date.trim(), "%Y-%m-%d") else {
        // The date's own error says what is wrong.
        return Ok(None);
    };
    let regular = ActivityKind::from_code(input.kind.trim()) == Some(ActivityKind::Regular);
    if !regular || until <= first || (until - first).num_days() > MAX_REPEAT_DAYS {
        return Err(invalid);
    }
    Ok(Some(until))
}

/// The attendees' ids, each once, in the order given.
pub fn attendee_ids(raw: &[String]) -> Result<Vec<PersonId>, ValidationError> {
    let mut ids: Vec<PersonId> = Vec::new();
    for id in raw.iter().map(|r| r.trim()).filter(|r| !r.is_empty()) {
        if id.len() > 64 {
            return Err(ValidationError::Invalid(Field::Attendees));
        }
        if !ids.iter().any(|p| p.as_str() == id) {
            ids.push(PersonId::new(id));
        }
    }
    if ids.len() > MAX_ATTENDEES {
        return Err(ValidationError::OutOfRange {
            field: Field::Attendees,
            min: 0,
            max: MAX_ATTENDEES as i64,
        });
    }
    Ok(ids)
}

/// An attendee who came late or left early, as staff type it at the attendance (HH:MM; a blank
/// one is the activity's own start or end).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AttendeeTimesInput {
    pub person: String,
    pub arrived: String,
    pub left: String,
}

/// An attendee's own time at an activity, checked against the activity's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendeeTimes {
    pub person: PersonId,
    pub arrived: NaiveTime,
    pub left: NaiveTime,
}

impl AttendeeTimes {
    pub fn minutes(&self) -> Minutes {
        Minutes((self.left - self.arrived).num_minutes())
    }
}

/// The own times of those who did not stay the whole activity (`start`–`end`). Each must be an
/// attendee, within the activity, leaving after arriving; an entry equal to the whole activity
/// is dropped, so what is kept always differs from the activity's times.
pub fn attendee_times(
    input: &[AttendeeTimesInput],
    attendees: &[PersonId],
    start: NaiveTime,
    end: NaiveTime,
) -> Result<Vec<AttendeeTimes>, ValidationError> {
    let invalid = || ValidationError::Invalid(Field::Attendance);
    let time = |raw: &str, whole: NaiveTime| match raw.trim() {
        "" => Ok(whole),
        t => super::clock::parse_hh_mm(t).ok_or_else(invalid),
    };
    let mut kept: Vec<AttendeeTimes> = Vec::new();
    for entry in input {
        let person = entry.person.trim();
        if !attendees.iter().any(|a| a.as_str() == person) {
            return Err(ValidationError::Invalid(Field::Attendees));
        }
        let (arrived, left) = (time(&entry.arrived, start)?, time(&entry.left, end)?);
        if arrived < start || left > end || left <= arrived {
            return Err(invalid());
        }
        if (arrived, left) == (start, end) {
            continue;
        }
        kept.retain(|k| k.person.as_str() != person);
        kept.push(AttendeeTimes {
            person: PersonId::new(person),
            arrived,
            left,
        });
    }
    Ok(kept)
}

/// Why an activity could not be changed or closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ActivityError {
    #[error("the activity is already closed")]
    AlreadyClosed,
    #[error("the activity has no attendees")]
    NoAttendees,
    /// A proposal not (or not yet) approved: it cannot be closed or joined.
    #[error("the activity is not approved")]
    NotApproved,
    /// Approved or declined already: a proposal is decided once.
    #[error("the proposal was already decided")]
    AlreadyReviewed,
    /// Proposed or joined after the day it was held.
    #[error("the activity's date has passed")]
    DatePassed,
}

impl ActivityError {
    pub fn message(self, lang: Lang) -> &'static str {
        match self {
            ActivityError::AlreadyClosed => lang.pick(
                "这个活动已经结束，服务记录已生成，不能再修改。",
                "This activity is closed: its service records exist and it no longer changes.",
            ),
            ActivityError::NoAttendees => lang.pick(
                "请先登记参加人员，再结束活动。",
                "Record who attended before closing the activity.",
            ),
            ActivityError::NotApproved => lang.pick(
                "这个活动还没有获得社区批准。",
                "This activity has not been approved by the community.",
            ),
            ActivityError::AlreadyReviewed => lang.pick(
                "这个活动提议已经审批过了。",
                "This proposal has already been decided.",
            ),
            ActivityError::DatePassed => lang.pick(
                "活动日期已过，不能再提议、批准或报名。",
                "The activity's date has passed: it can no longer be proposed, approved or joined.",
            ),
        }
    }
}

/// An attendee as the office shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub person: PersonId,
    pub name: String,
    /// Their own arrival and departure (HH:MM) when they did not stay the whole activity.
    #[serde(default)]
    pub own_times: Option<(String, String)>,
}

/// An activity as the office lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityView {
    pub id: ActivityId,
    pub community_name: String,
    pub kind: ActivityKind,
    pub title: String,
    pub content: String,
    pub date: NaiveDate,
    /// HH:MM
    pub start: String,
    pub end: String,
    pub minutes: Minutes,
    pub place: String,
    pub category: String,
    /// The witness's name and phone, or empty.
    #[serde(default)]
    pub witness: String,
    /// One of a weekly series made in one go (定期).
    #[serde(default)]
    pub weekly: bool,
    pub attendees: Vec<Attendee>,
    /// When it was closed (China time) and by whom; closed activities no longer change.
    pub closed: Option<(NaiveDate, String)>,
    /// A volunteer's proposal awaits staff; a declined one never takes place.
    #[serde(default)]
    pub status: ActivityStatus,
    /// The volunteer who proposed it (自主活动), and their name.
    #[serde(default)]
    pub proposed_by: Option<(PersonId, String)>,
    /// Why staff declined it.
    #[serde(default)]
    pub review_reason: String,
}

#[cfg(test)]
mod tests;
