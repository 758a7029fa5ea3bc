//! The households table staff see (困难家庭档案): what they searched for and filtered on. The same
//! selection runs in the browser for the table and on the server for the export, so a download
//! holds exactly the rows on screen.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::household::HouseholdSummary;
use super::text::percent_encode;
use super::volunteer_table::ACTIVE_DAYS;

/// What staff chose above the table; also the export's query string. Empty means "any".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HouseholdQuery {
    /// Part of the head's name, the address, the phone number or the needs.
    pub search: String,
    /// A community's name (only the admin's table spans several).
    pub community: String,
    /// A hardship type exactly as on file (低保家庭, 独居老人…).
    pub hardship: String,
    /// "recent": helped in the last [`ACTIVE_DAYS`] days; "none": not helped in them (or never).
    pub help: String,
    /// "" (the default): open files only; "closed": closed files only; "all": both.
    #[serde(default)]
    pub closed: String,
}

impl HouseholdQuery {
    fn keeps(&self, h: &HouseholdSummary, today: NaiveDate) -> bool {
        let search = self.search.trim();
        let recent = h
            .last_help
            .is_some_and(|d| d <= today && (today - d).num_days() < ACTIVE_DAYS);
        (search.is_empty()
            || h.head.contains(search)
            || h.address.contains(search)
            || h.phone.contains(search)
            || h.needs.contains(search))
            && (self.community.is_empty() || h.community_name == self.community)
            && (self.hardship.is_empty() || h.hardship_type == self.hardship)
            && match self.help.as_str() {
                "recent" => recent,
                "none" => !recent,
                _ => true,
            }
            && match self.closed.as_str() {
                "all" => true,
                "closed" => h.closed.is_some(),
                _ => h.closed.is_none(),
            }
    }

    /// The rows to show, in the order they came (the store's: by head, then id).
    pub fn select(&self, all: &[HouseholdSummary], today: NaiveDate) -> Vec<HouseholdSummary> {
        all.iter()
            .filter(|h| self.keeps(h, today))
            .cloned()
            .collect()
    }

    /// The query as a URL query string (for the export links).
    pub fn to_query_string(&self) -> String {
        [
            ("search", self.search.as_str()),
            ("community", self.community.as_str()),
            ("hardship", self.hardship.as_str()),
            ("help", self.help.as_str()),
            ("closed", self.closed.as_str()),
        ]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
    }
}

/// The hardship types present in `rows`, sorted, once each: the filter's choices.
pub fn hardship_types(rows: &[HouseholdSummary]) -> Vec<String> {
    let mut types: Vec<String> = rows.iter().map(|h| h.hardship_type.clone()).collect();
    types.sort();
    types.dedup();
    types
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::HouseholdId;
    use crate::domain::Minutes;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).expect("date")
    }

    fn household(
        head: &str,
        community: &str,
        hardship: &str,
        last_help: Option<&str>,
    ) -> HouseholdSummary {
        HouseholdSummary {
            id: HouseholdId::new(head),
            community_name: community.into(),
            head: head.into(),
            address: format!("{community} 3号楼 2单元 101"),
            members: 1,
            hardship_type: hardship.into(),
            needs: "每周上门探望".into(),
            phone: "13900020000".into(),
            registered_on: NaiveDate::from_ymd_opt(2025, 1, 1).expect("date"),
            services: 0,
            served: Minutes(0),
            wishes: 0,
            agreements: 0,
            last_help: last_help.map(|d| d.parse().expect("date")),
            closed: None,
        }
    }

    fn all() -> Vec<HouseholdSummary> {
        vec![
            household("马桂兰", "福康社区", "独居老人", Some("2026-11-26")),
            household("何志明", "福康社区", "低保家庭", Some("2026-08-01")),
            household("张淑珍", "安宁社区", "独居老人", None),
        ]
    }

    fn heads(query: &HouseholdQuery) -> Vec<String> {
        query
            .select(&all(), today())
            .into_iter()
            .map(|h| h.head)
            .collect()
    }

    #[test]
    fn an_empty_query_keeps_every_row_in_order() {
        assert_eq!(
            heads(&HouseholdQuery::default()),
            ["马桂兰", "何志明", "张淑珍"]
        );
    }

    #[test]
    fn closed_files_leave_the_default_list_and_have_a_filter_of_their_own() {
        use crate::domain::household_closure::{ClosureReason, HouseholdClosure};
        let mut rows = all();
        rows[1].closed = Some(HouseholdClosure {
            reason: ClosureReason::Moved,
            on: today(),
            note: String::new(),
        });
        let heads = |closed: &str| -> Vec<String> {
            let query = HouseholdQuery {
                closed: closed.into(),
                ..Default::default()
            };
            query
                .select(&rows, today())
                .into_iter()
                .map(|h| h.head)
                .collect()
        };
        assert_eq!(heads(""), ["马桂兰", "张淑珍"]);
        assert_eq!(heads("closed"), ["何志明"]);
        assert_eq!(heads("all").len(), 3);
    }

    #[test]
    fn search_looks_at_head_address_phone_and_needs() {
        let by = |search: &str| {
            heads(&HouseholdQuery {
                search: search.into(),
                ..Default::default()
            })
        };
        assert_eq!(by("志明"), ["何志明"]);
        assert_eq!(by(" 安宁社区 "), ["张淑珍"], "address, spaces trimmed");
        assert_eq!(by("1390002").len(), 3, "phone");
        assert_eq!(by("上门探望").len(), 3, "needs");
        assert!(by("王").is_empty());
    }

    #[test]
    fn filters_combine() {
        let query = HouseholdQuery {
            community: "福康社区".into(),
            hardship: "独居老人".into(),
            ..Default::default()
        };
        assert_eq!(heads(&query), ["马桂兰"]);
    }

    #[test]
    fn households_without_help_for_ninety_days_include_those_never_helped() {
        let none = HouseholdQuery {
            help: "none".into(),
            ..Default::default()
        };
        assert_eq!(heads(&none), ["何志明", "张淑珍"]);
        let recent = HouseholdQuery {
            help: "recent".into(),
            ..Default::default()
        };
        assert_eq!(heads(&recent), ["马桂兰"]);
    }

    #[test]
    fn the_query_string_holds_only_what_was_chosen_encoded() {
        assert_eq!(HouseholdQuery::default().to_query_string(), "");
        let query = HouseholdQuery {
            search: "马 桂".into(),
            help: "none".into(),
            ..Default::default()
        };
        assert_eq!(
            query.to_query_string(),
            "search=%E9%A9%AC%20%E6%A1%82&help=none"
        );
    }

    #[test]
    fn hardship_types_are_offered_once_each() {
        assert_eq!(hardship_types(&all()), ["低保家庭", "独居老人"]);
    }
}
