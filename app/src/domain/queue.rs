//! The verification queue at a busy desk: every pending line of the community, filtered by
//! volunteer, dates, category and flag, counted, and shown a page at a time (oldest first).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::dates::parse_day;
use super::error::{Field, ValidationError};
use super::ledger::{likely_duplicates, QueueItem};
use super::record::RecordFlag;

/// Lines per page of the queue.
pub const QUEUE_PAGE: usize = 50;

/// What staff ask of the queue, as typed in its filters (all optional).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QueueQuery {
    /// Part of the volunteer's name.
    pub volunteer: String,
    /// Service dates, both included (YYYY-MM-DD).
    pub from: String,
    pub to: String,
    /// A category code.
    pub category: String,
    /// "duplicate", "no_witness" or "odd_date" (in the future or over a year ago).
    pub flag: String,
    /// The page, from 0.
    pub page: u32,
}

/// One page of the filtered queue and how many lines match in all.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuePage {
    pub items: Vec<QueueItem>,
    /// Lines matching the filters (every page).
    pub total: usize,
    /// Pending lines of the scope, filters aside.
    pub pending: usize,
    pub page: u32,
    pub pages: u32,
    /// Lines on this page that look like the same service logged twice (among all pending).
    pub duplicates: Vec<String>,
}

impl QueueQuery {
    /// The lines of `all` (every pending line, oldest first) that match, in the same order,
    /// with the ids of those that look like duplicates. Bad dates are refused with their field.
    pub fn matching(
        &self,
        all: Vec<QueueItem>,
    ) -> Result<(Vec<QueueItem>, BTreeSet<String>), ValidationError> {
        let from = match self.from.trim() {
            "" => None,
            d => Some(parse_day(d, Field::StartDate)?),
        };
        let to = match self.to.trim() {
            "" => None,
            d => Some(parse_day(d, Field::EndDate)?),
        };
        if let (Some(f), Some(t)) = (from, to) {
            if t < f {
                return Err(ValidationError::EndDateBeforeStart);
            }
        }
        let flag = self.flag.trim();
        if !matches!(flag, "" | "duplicate" | "no_witness" | "odd_date") {
            return Err(ValidationError::Invalid(Field::Kind));
        }
        // Duplicates are judged among every pending line, not only those the filters keep.
        let duplicates: BTreeSet<String> = likely_duplicates(all.iter().map(|i| &i.row.line))
            .into_iter()
            .map(|id| id.to_string())
            .collect();
        let volunteer = self.volunteer.trim();
        let category = self.category.trim();
        let kept = all
            .into_iter()
            .filter(|item| {
                let line = &item.row.line;
                let flags = &line.flags;
                let id = line.id.as_str();
                (volunteer.is_empty() || item.volunteer_name.contains(volunteer))
                    && from.is_none_or(|f| line.entry.date >= f)
                    && to.is_none_or(|t| line.entry.date <= t)
                    && (category.is_empty() || line.entry.category == category)
                    && match flag {
                        "duplicate" => {
                            duplicates.contains(id) || flags.contains(&RecordFlag::LikelyDuplicate)
                        }
                        "no_witness" => flags.contains(&RecordFlag::NoWitness),
                        "odd_date" => {
                            flags.contains(&RecordFlag::FutureDate)
                                || flags.contains(&RecordFlag::FarPast)
                        }
                        _ => true,
                    }
            })
            .collect();
        Ok((kept, duplicates))
    }

    /// The page asked for (the last one if it asks past the end).
    pub fn page_of(&self, all: Vec<QueueItem>) -> Result<QueuePage, ValidationError> {
        let pending = all.len();
        let (kept, duplicates) = self.matching(all)?;
        let total = kept.len();
        let pages = total.div_ceil(QUEUE_PAGE).max(1) as u32;
        let page = self.page.min(pages - 1);
        let items: Vec<QueueItem> = kept
            .into_iter()
            .skip(page as usize * QUEUE_PAGE)
            .take(QUEUE_PAGE)
            .collect();
        let duplicates = items
            .iter()
            .map(|i| i.row.line.id.to_string())
            .filter(|id| duplicates.contains(id))
            .collect();
        Ok(QueuePage {
            items,
            total,
            pending,
            page,
            pages,
            duplicates,
        })
    }
}
