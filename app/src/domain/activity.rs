//! Activities (活动): a regular (定期) or self-organised (自主) activity of a community with its
//! date, place, category and attendees. Closing it gives each attendee one pending service line
//! in one step, instead of every volunteer logging the same afternoon by hand.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::error::{Field, ValidationError, ValidationErrors};
use super::ids::{ActivityId, PersonId};
use super::record::{Beneficiary, RecordInput, ServiceEntry};
use super::text::clean;
use super::{Lang, Minutes};

/// The most attendees one activity takes (a street-wide clean-up, say).
pub const MAX_ATTENDEES: usize = 500;

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
            })
        })
    }

    /// The pending line each attendee receives when the activity `id` closes.
    pub fn line(&self, id: &ActivityId) -> Result<ServiceEntry, ValidationError> {
        let text = if self.content.is_empty() {
            format!("参加活动：{}", self.title)
        } else {
            format!("参加活动：{}。{}", self.title, self.content)
        };
        let as_line = RecordInput {
            date: self.date.to_string(),
            start: self.start.format("%H:%M").to_string(),
            end: self.end.format("%H:%M").to_string(),
            place: self.place.clone(),
            content: text,
            category: self.category.clone(),
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

/// Why an activity could not be changed or closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ActivityError {
    #[error("the activity is already closed")]
    AlreadyClosed,
    #[error("the activity has no attendees")]
    NoAttendees,
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
        }
    }
}

/// An attendee as the office shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub person: PersonId,
    pub name: String,
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
    pub attendees: Vec<Attendee>,
    /// When it was closed (China time) and by whom; closed activities no longer change.
    pub closed: Option<(NaiveDate, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ActivityInput {
        ActivityInput {
            kind: "regular".into(),
            title: "重阳节敬老活动".into(),
            date: "2026-10-29".into(),
            start: "09:00".into(),
            end: "11:30".into(),
            place: "福康社区活动室".into(),
            category: "elderly".into(),
            content: "包饺子、陪老人聊天".into(),
            attendees: vec!["v1".into(), "v2".into(), "v1".into(), " ".into()],
        }
    }

    #[test]
    fn an_activity_is_checked_like_a_service_line() {
        let a = Activity::parse(&input(), &["elderly"]).expect("valid");
        assert_eq!(a.minutes, Minutes(150));
        assert_eq!(a.attendees.len(), 2, "each attendee once");
        let mut bad = input();
        bad.end = "08:00".into();
        bad.title = String::new();
        bad.kind = "party".into();
        bad.category = "unknown".into();
        let errors = Activity::parse(&bad, &["elderly"]).expect_err("invalid");
        assert!(errors.0.contains(&ValidationError::EndNotAfterStart));
        assert!(errors.for_field(Field::Title).is_some());
        assert!(errors.for_field(Field::Kind).is_some());
        assert!(errors.for_field(Field::Category).is_some());
    }

    #[test]
    fn each_attendee_gets_a_line_naming_the_activity() {
        let a = Activity::parse(&input(), &["elderly"]).expect("valid");
        let line = a.line(&ActivityId::new("act-1")).expect("line");
        assert_eq!(line.minutes, Minutes(150));
        assert_eq!(line.beneficiary, Beneficiary::Activity("act-1".into()));
        assert_eq!(
            line.content.as_str(),
            "参加活动：重阳节敬老活动。包饺子、陪老人聊天"
        );
        assert_eq!(line.place.as_str(), "福康社区活动室");
    }

    #[test]
    fn too_many_attendees_are_refused() {
        let many: Vec<String> = (0..=MAX_ATTENDEES).map(|i| format!("v{i}")).collect();
        assert!(attendee_ids(&many).is_err());
        assert_eq!(attendee_ids(&many[..3]).expect("three").len(), 3);
    }
}
