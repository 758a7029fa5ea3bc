//! What a person sees of their own entries on this device: each one with where it stands on
//! the way to the server. Plain logic, shared by the IndexedDB module and its tests.

use serde::{Deserialize, Serialize};

use crate::domain::ids::PersonId;
use crate::domain::record::RecordInput;
use crate::domain::sync::{Change, Entry, Holdings, Receipt};

/// Where an entry stands.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LocalState {
    /// Saved on this phone, not yet acknowledged by the server.
    Waiting,
    /// On the server (for a service record: waiting for staff to verify it).
    Synced,
    /// On the server, refused by a rule; the reason is the server's typed error as JSON.
    Refused(String),
    /// Never applied by the server (malformed, or a reused id); kept here to export.
    Quarantined(String),
}

impl LocalState {
    /// Why the server refused or quarantined the entry, in the person's language.
    pub fn reason(&self, lang: crate::domain::Lang) -> Option<String> {
        match self {
            LocalState::Refused(raw) | LocalState::Quarantined(raw) => Some(
                crate::domain::json::from_json::<crate::api::ApiError>(raw)
                    .map(|e| e.message(lang))
                    .unwrap_or_else(|_| raw.clone()),
            ),
            LocalState::Waiting | LocalState::Synced => None,
        }
    }
}

/// One of the person's entries on this device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalLine {
    pub id: String,
    pub kind: String,
    /// The service record's form, when the entry is one.
    pub record: Option<RecordInput>,
    /// The entry's body as captured, for the other kinds (a claim, a wish, a report).
    pub body: Option<String>,
    pub state: LocalState,
    /// The server's change number, once synced (orders lines across devices).
    pub change: Option<u64>,
    /// This device's sequence number, while waiting.
    pub seq: Option<u64>,
}

impl LocalLine {
    /// The line of an entry just captured on this device.
    pub fn waiting(entry: &Entry) -> Self {
        LocalLine::new(entry, LocalState::Waiting, None, Some(entry.seq))
    }

    fn new(entry: &Entry, state: LocalState, change: Option<u64>, seq: Option<u64>) -> Self {
        LocalLine {
            id: entry.id.clone(),
            kind: entry.kind.clone(),
            record: (entry.kind == "service")
                .then(|| crate::domain::json::from_json(&entry.body).ok())
                .flatten(),
            body: (entry.kind != "service").then(|| entry.body.clone()),
            state,
            change,
            seq,
        }
    }
}

/// The person's lines, newest first: waiting ones (newest capture first), then what the server
/// holds (newest change first), then the quarantined. An entry both waiting and already synced
/// (the reply was lost) is shown once, as synced.
pub fn local_lines(
    person: &PersonId,
    outbox: &[Entry],
    view: &[Change],
    quarantined: &[(Entry, String)],
) -> Vec<LocalLine> {
    let synced: std::collections::HashSet<&str> =
        view.iter().map(|c| c.entry.id.as_str()).collect();
    let mut lines: Vec<LocalLine> = outbox
        .iter()
        .rev()
        .filter(|e| &e.author == person && !synced.contains(e.id.as_str()))
        .map(|e| LocalLine::new(e, LocalState::Waiting, None, Some(e.seq)))
        .collect();
    let mut held: Vec<&Change> = view.iter().filter(|c| &c.entry.author == person).collect();
    held.sort_by_key(|c| std::cmp::Reverse(c.change));
    lines.extend(held.into_iter().map(|c| {
        let state = match &c.receipt {
            Receipt::Refused { reason, .. } => LocalState::Refused(reason.clone()),
            Receipt::Quarantined { reason } => LocalState::Quarantined(reason.clone()),
            Receipt::Accepted { .. } => LocalState::Synced,
            // Never stored in a view: the entry waits in the outbox.
            Receipt::Deferred { .. } | Receipt::Forked => LocalState::Waiting,
        };
        LocalLine::new(&c.entry, state, Some(c.change), None)
    }));
    // A quarantined entry staff re-applied comes back through the pull: shown once, as synced.
    let in_view: std::collections::BTreeSet<&str> =
        view.iter().map(|c| c.entry.id.as_str()).collect();
    lines.extend(
        quarantined
            .iter()
            .filter(|(e, _)| &e.author == person && !in_view.contains(e.id.as_str()))
            .map(|(e, reason)| {
                LocalLine::new(
                    e,
                    LocalState::Quarantined(reason.clone()),
                    None,
                    Some(e.seq),
                )
            }),
    );
    lines
}

/// What this device holds of the person's entries up to `cursor`, to prove it to the server.
pub fn holdings(person: &PersonId, view: &[Change], cursor: u64) -> Holdings {
    let mut held = Holdings::new(cursor);
    for change in view.iter().filter(|c| &c.entry.author == person) {
        held.add(change.change, &change.entry);
    }
    held
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, seq: u64, author: &str) -> Entry {
        Entry {
            id: id.into(),
            device: "d".into(),
            seq,
            author: PersonId::new(author),
            schema: 1,
            kind: "service".into(),
            body: r#"{"place":"社区"}"#.into(),
        }
    }

    #[test]
    fn waiting_lines_come_first_and_a_synced_copy_wins_over_a_waiting_one() {
        let me = PersonId::new("me");
        let outbox = vec![
            entry("a", 1, "me"),
            entry("b", 2, "me"),
            entry("x", 3, "other"),
        ];
        let view = vec![
            Change {
                change: 7,
                entry: entry("a", 1, "me"),
                receipt: Receipt::Accepted { change: 7 },
            },
            Change {
                change: 9,
                entry: entry("c", 1, "me"),
                receipt: Receipt::Refused {
                    change: 9,
                    reason: "too late".into(),
                },
            },
        ];
        let lines = local_lines(&me, &outbox, &view, &[]);
        let ids: Vec<&str> = lines.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["b", "c", "a"], "someone else's entry never shows");
        assert_eq!(lines[0].state, LocalState::Waiting);
        assert_eq!(lines[1].state, LocalState::Refused("too late".into()));
        assert_eq!(lines[2].state, LocalState::Synced);
        assert_eq!(
            lines[0].record.as_ref().map(|r| r.place.as_str()),
            Some("社区")
        );
    }

    #[test]
    fn holdings_count_only_the_persons_entries_up_to_the_cursor() {
        let me = PersonId::new("me");
        let change = |n, id: &str, who: &str| Change {
            change: n,
            entry: entry(id, n, who),
            receipt: Receipt::Accepted { change: n },
        };
        let view = vec![
            change(1, "a", "me"),
            change(2, "b", "other"),
            change(5, "c", "me"),
        ];
        assert_eq!(holdings(&me, &view, 4).count, 1);
        assert_eq!(holdings(&me, &view, 5).count, 2);
        assert_ne!(
            holdings(&me, &view, 5).digest,
            holdings(&me, &view, 4).digest
        );
    }
}
