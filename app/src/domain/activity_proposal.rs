//! Self-organised activities (自主活动) as the seed runs them: households and 楼院 (buildings,
//! courtyards) organise their own. A volunteer proposes one from the phone — offline too, as an
//! outbox entry — naming the building or courtyard; staff approve it before it happens (or
//! decline it with a reason the proposer reads); once approved it is an invitation to every
//! volunteer of the community, who join from their phones; staff close it afterwards with the
//! attendance, and the proposer, as the organiser, is the witness on each attendee's line.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::activity::{Activity, ActivityInput, ActivityKind, ActivityView};
use super::error::ValidationErrors;
use super::Lang;

/// What a volunteer types to propose an activity.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProposalInput {
    pub title: String,
    /// YYYY-MM-DD
    pub date: String,
    /// HH:MM
    pub start: String,
    pub end: String,
    /// The building or courtyard (楼院) where it is held.
    pub place: String,
    pub category: String,
    /// What it is and whom it invites.
    pub content: String,
}

impl ProposalInput {
    /// Checked with the rules of a staff-made activity (a self-organised one, no attendees yet:
    /// the organiser attends, the others join).
    pub fn parse(&self, categories: &[&str]) -> Result<Activity, ValidationErrors> {
        Activity::parse(
            &ActivityInput {
                kind: ActivityKind::SelfOrganised.code().into(),
                title: self.title.clone(),
                date: self.date.clone(),
                start: self.start.clone(),
                end: self.end.clone(),
                place: self.place.clone(),
                category: self.category.clone(),
                content: self.content.clone(),
                ..ActivityInput::default()
            },
            categories,
        )
    }
}

/// Whether staff have let an activity go ahead. Staff-made activities are approved when made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityStatus {
    /// Proposed by a volunteer, awaiting staff.
    Proposed,
    #[default]
    Approved,
    /// Staff said no, with a reason.
    Declined,
}

impl ActivityStatus {
    pub fn code(self) -> &'static str {
        match self {
            ActivityStatus::Proposed => "proposed",
            ActivityStatus::Approved => "approved",
            ActivityStatus::Declined => "declined",
        }
    }

    pub fn from_code(code: &str) -> Option<ActivityStatus> {
        [
            ActivityStatus::Proposed,
            ActivityStatus::Approved,
            ActivityStatus::Declined,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ActivityStatus::Proposed => lang.pick("待审批", "Awaiting approval"),
            ActivityStatus::Approved => lang.pick("已批准", "Approved"),
            ActivityStatus::Declined => lang.pick("未批准", "Declined"),
        }
    }
}

/// A proposal may be for today or later: staff approve an activity before it happens.
pub fn is_ahead(date: NaiveDate, today: NaiveDate) -> bool {
    date >= today
}

/// What staff send to approve or decline a proposal.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewInput {
    pub activity: String,
    pub approve: bool,
    /// Required to decline: the proposer reads it.
    pub reason: String,
}

/// An activity as a volunteer's phone shows it: an invitation of their community, or their own
/// proposal wherever it stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub activity: ActivityView,
    /// The caller is among its attendees.
    pub joined: bool,
    /// The caller proposed it.
    pub mine: bool,
}

/// Joining an approved activity (我要参加), from the phone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct JoinInput {
    pub activity: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::error::{Field, ValidationError};

    fn input() -> ProposalInput {
        ProposalInput {
            title: "3号楼院落清扫".into(),
            date: "2026-12-05".into(),
            start: "09:00".into(),
            end: "10:30".into(),
            place: "福康社区3号楼院".into(),
            category: "environment".into(),
            content: "邀请本楼院的志愿者一起清扫落叶".into(),
        }
    }

    #[test]
    fn a_proposal_is_a_self_organised_activity_checked_like_one() {
        let activity = input().parse(&["environment"]).expect("valid");
        assert_eq!(activity.kind, ActivityKind::SelfOrganised);
        assert_eq!(activity.minutes.0, 90);
        assert!(activity.attendees.is_empty());
        assert_eq!(activity.repeat_until, None, "a proposal is held once");
        let bad = ProposalInput {
            place: " ".into(),
            end: "08:00".into(),
            ..input()
        };
        let errors = bad.parse(&["environment"]).expect_err("invalid");
        assert!(errors.for_field(Field::Place).is_some(), "{errors:?}");
        assert!(errors.0.contains(&ValidationError::EndNotAfterStart));
    }

    #[test]
    fn only_today_or_later_can_be_proposed() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).expect("as written");
        assert!(is_ahead(today, today));
        assert!(!is_ahead(today.pred_opt().expect("as written"), today));
    }

    #[test]
    fn statuses_round_trip() {
        for s in [
            ActivityStatus::Proposed,
            ActivityStatus::Approved,
            ActivityStatus::Declined,
        ] {
            assert_eq!(ActivityStatus::from_code(s.code()), Some(s));
        }
    }
}
