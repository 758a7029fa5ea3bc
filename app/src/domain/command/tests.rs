use super::*;
use crate::domain::decision::{StaffDecision, Verdict};
use crate::domain::person::ContactChange;
use crate::domain::record::ServiceEntry;
use crate::domain::sync::Entry;
use crate::domain::wish_post::WishDraft;

/// Entries of every kind exactly as the first release's phones wrote them. Every later release
/// must still read each of them: never edit this file, add a new one for a new schema.
const GOLDEN_SCHEMA_1: &str = include_str!("golden_schema1.json");

/// The kinds added since (a claimer's release, a poster's withdrawal), as the release that
/// added them writes them. Never edit either file.
const GOLDEN_WISH_LIFE: &str = include_str!("golden_wish_life.json");

/// A volunteer's proposal of a self-organised activity, and joining one. Never edit it.
const GOLDEN_ACTIVITIES: &str = include_str!("golden_activities.json");

#[test]
fn every_kind_written_by_schema_1_still_reads_and_passes_its_rules() {
    let mut entries: Vec<Entry> =
        serde_json::from_str(GOLDEN_SCHEMA_1).expect("the envelope reads");
    let later: Vec<Entry> = serde_json::from_str(GOLDEN_WISH_LIFE).expect("the envelope reads");
    entries.extend(later);
    let activities: Vec<Entry> =
        serde_json::from_str(GOLDEN_ACTIVITIES).expect("the envelope reads");
    entries.extend(activities);
    let kinds: std::collections::BTreeSet<CommandKind> = entries
        .iter()
        .map(|e| CommandKind::from_name(&e.kind).expect("a known kind"))
        .collect();
    assert_eq!(
        kinds.len(),
        CommandKind::ALL.len(),
        "a fixture for every kind"
    );
    let codes = ["community_help"];
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).expect("a date");
    for entry in &entries {
        assert_eq!(entry.schema, 1);
        let command = Command::read(&entry.kind, &entry.body)
            .unwrap_or_else(|e| panic!("entry {} no longer reads: {e:?}", entry.seq));
        assert_eq!(command.kind().name(), entry.kind);
        match &command {
            Command::Service(input) => {
                ServiceEntry::parse(input, &codes, today).expect("a valid service record");
            }
            Command::Profile(input) => {
                ContactChange::parse(input, &codes).expect("a valid profile change");
            }
            Command::Wish(input) => {
                WishDraft::parse(input, &codes).expect("a valid wish");
            }
            Command::Claim(input) => assert!(!input.wish.is_empty()),
            Command::Release(input) => assert!(!input.wish.is_empty()),
            Command::Withdraw(input) => assert!(!input.wish.is_empty()),
            Command::Fulfil(input) => assert!(input.ids().is_some()),
            Command::Decide(input) => {
                StaffDecision::parse(input).expect("a valid decision");
            }
            Command::Propose(input) => {
                input.parse(&codes).expect("a valid proposal");
            }
            Command::Join(input) => assert!(!input.activity.is_empty()),
        }
        // Written again, it reads as the same command.
        assert_eq!(Command::read(&entry.kind, &command.body()), Ok(command));
    }
}

#[test]
fn a_verdict_is_one_of_two_words() {
    let entries: Vec<Entry> = serde_json::from_str(GOLDEN_SCHEMA_1).expect("the envelope reads");
    let verdicts: Vec<Verdict> = entries
        .iter()
        .filter_map(|e| match Command::read(&e.kind, &e.body) {
            Ok(Command::Decide(d)) => Some(d.verdict),
            _ => None,
        })
        .collect();
    assert_eq!(verdicts, [Verdict::Verify, Verdict::Reject]);
    assert_eq!(
        Command::read("decision", r#"{"line":"l","verdict":"approve"}"#),
        Err(Unreadable::Body(CommandKind::Decide))
    );
    assert_eq!(
        Command::read("transfer", "{}"),
        Err(Unreadable::UnknownKind("transfer".into()))
    );
}

#[test]
fn the_table_gives_the_office_decisions_and_everyone_else_their_own_things() {
    use Role::*;
    for kind in CommandKind::ALL {
        assert!(!may(Kiosk, kind), "a kiosk issues no {kind:?}");
    }
    assert!(
        may(Admin, CommandKind::Decide),
        "the admin decides, offline too"
    );
    assert!(
        !may(Admin, CommandKind::Service),
        "the admin keeps no passbook"
    );
    assert!(!may(Volunteer, CommandKind::Decide));
    assert!(may(Staff, CommandKind::Service), "staff volunteer too");
    assert!(may_sync(Admin) && may_sync(Volunteer) && !may_sync(Kiosk));
    // Names are fixed forever and distinct.
    for kind in CommandKind::ALL {
        assert_eq!(CommandKind::from_name(kind.name()), Some(kind));
        let json = serde_json::to_string(&kind).expect("serializes");
        assert_eq!(json, format!("\"{}\"", kind.name()));
    }
}

#[test]
fn the_digests_of_a_schema_1_entry_never_change() {
    // The server stores fingerprints and devices compare digests of them: a change of the hash
    // would make every phone's proof fail after an upgrade.
    let entries: Vec<Entry> = serde_json::from_str(GOLDEN_SCHEMA_1).expect("the envelope reads");
    let first = &entries[0];
    assert_eq!(
        (first.fingerprint(), first.content_fingerprint()),
        (5_214_442_047_382_149_430, 17_999_158_065_250_518_197)
    );
}
