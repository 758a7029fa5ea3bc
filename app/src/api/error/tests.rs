use super::*;
use crate::domain::activity::ActivityError;
use crate::domain::hours::Minutes;
use crate::domain::wish::ClaimError;
use crate::domain::Field;

/// One error of every variant the server sends, with fields and nesting.
fn every_sent_error() -> Vec<ApiError> {
    vec![
        ApiError::SignedOut,
        ApiError::Forbidden,
        ApiError::SignInFailed,
        ApiError::TooManyAttempts {
            retry_after_secs: 30,
        },
        ApiError::Invalid(ValidationErrors(vec![
            ValidationError::Required(Field::Name),
            ValidationError::TooLong {
                field: Field::Content,
                max: 500,
            },
        ])),
        ApiError::Ledger(LedgerError::OwnLine),
        ApiError::Ledger(LedgerError::DayFull {
            verified: Minutes(600),
        }),
        ApiError::Ledger(LedgerError::OverlapsVerified {
            start: "08:00".into(),
            end: "09:00".into(),
        }),
        ApiError::Claim(ClaimError::TakenBySomeoneElse),
        ApiError::Activity(ActivityError::AlreadyClosed),
        ApiError::NotFound,
        ApiError::Unavailable,
        ApiError::DeviceTaken,
        ApiError::AccountClosed,
        ApiError::KioskRevoked,
        ApiError::Administration(AdministrationError::LastAdmin),
        ApiError::Application(ApplicationError::Pending {
            community: "c-1".into(),
        }),
        ApiError::Application(ApplicationError::Declined {
            reason: "重复申请 \"x\"".into(),
        }),
        ApiError::Transport("timed out".into()),
    ]
}

#[test]
fn the_browser_reads_every_error_as_the_server_sent_it() {
    for sent in every_sent_error() {
        let json = serde_json::to_vec(&sent).expect("ser");
        let read = ApiError::from_wire(&json);
        // A refusal stays text until it is shown; everything else is read at once.
        assert_eq!(
            matches!(read, ApiError::Unread(_)),
            sent.own_message(Lang::Zh).is_none(),
            "{sent:?}"
        );
        assert_eq!(read.clone().typed(), sent, "{sent:?}");
        for lang in [Lang::Zh, Lang::En] {
            assert_eq!(read.message(lang), sent.message(lang), "{sent:?}");
        }
    }
}

#[test]
fn a_refusal_is_recognised_with_spaces_around_its_name() {
    let read = ApiError::from_wire(b" { \"Ledger\" : \"OwnLine\" }");
    assert_eq!(read.typed(), ApiError::Ledger(LedgerError::OwnLine));
}

#[test]
fn an_answer_that_is_not_an_error_of_ours_is_a_transport_failure() {
    for body in [
        &b"<html><body>502 Bad Gateway</body></html>"[..],
        b"",
        b"\xff\xfe",
        b"{\"Nonsense\":1}",
        b"\"Nonsense\"",
        b"{\"Invalidx\":[]}",
        b"[\"Ledger\"]",
    ] {
        assert!(
            matches!(ApiError::from_wire(body), ApiError::Transport(_)),
            "{:?}",
            String::from_utf8_lossy(body)
        );
    }
}

#[test]
fn a_damaged_refusal_reads_as_a_transport_failure_not_a_panic() {
    // Named like a refusal, but not one: found when it is read.
    let read = ApiError::from_wire(b"{\"Ledger\":{\"NoSuchRule\":1}}");
    assert!(matches!(read, ApiError::Unread(_)));
    assert!(matches!(read.clone().typed(), ApiError::Transport(_)));
    assert_eq!(
        read.message(Lang::Zh),
        ApiError::Transport(String::new()).message(Lang::Zh)
    );
}

#[test]
fn a_kept_reason_that_is_not_json_is_not_an_error() {
    assert_eq!(ApiError::read_kept("重复的编号"), None);
    assert_eq!(
        ApiError::read_kept("\"DeviceTaken\""),
        Some(ApiError::DeviceTaken)
    );
}

#[test]
fn every_error_has_a_message_in_both_languages() {
    let all = every_sent_error().into_iter().chain([
        ApiError::Administration(AdministrationError::RetiredCommunity),
        ApiError::Administration(AdministrationError::Deactivated),
        ApiError::Application(ApplicationError::QueueFull),
    ]);
    for e in all {
        let zh = e.message(Lang::Zh);
        let en = e.message(Lang::En);
        assert!(!zh.is_empty() && !en.is_empty());
        assert_ne!(zh, en, "{e:?} is not translated");
    }
}

#[test]
fn errors_survive_the_wire() {
    let e = ApiError::TooManyAttempts {
        retry_after_secs: 30,
    };
    let back: ApiError =
        serde_json::from_str(&serde_json::to_string(&e).expect("ser")).expect("de");
    assert_eq!(back, e);
}
