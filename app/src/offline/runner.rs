//! The sync runner, in the browser. One sync at a time per browser (a Web Lock shared by all
//! tabs), started on load, after every capture, when the network returns, when the page becomes
//! visible again, and on a timer that backs off while the server cannot be reached.

use std::cell::RefCell;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::error::LocalError;
use super::handle::{SyncHandle, SyncProblem, ME_KEY};
use super::lines::local_lines;
use super::local_db::LocalDb;
use super::sync_once::sync_once;
use super::tabs::{
    adopt_stored_me, ask_to_persist, follow_the_session, listen_to_other_tabs, tell_other_tabs,
};
use super::web_lock::with_lock;
use crate::domain::account::Me;
use crate::domain::command::Command;
use crate::domain::json::JsonText;
use crate::domain::sync::Entry;

/// Entries per push: small enough that a slow phone network finishes a request.
pub(super) const PUSH_BATCH: usize = 200;
const LOCK_NAME: &str = "lovebank-sync";
const QUIET_DELAY: Duration = Duration::from_secs(60);
const FIRST_RETRY: Duration = Duration::from_secs(5);
const LONGEST_RETRY: Duration = Duration::from_secs(300);

#[derive(Default)]
struct Runner {
    db: Option<LocalDb>,
    running: bool,
    again: bool,
    failures: u32,
    timer: Option<TimeoutHandle>,
    /// Whose passbook and file copies the handle holds.
    copies_of: Option<crate::domain::ids::PersonId>,
}

thread_local! {
    static RUNNER: RefCell<Runner> = RefCell::new(Runner::default());
}

impl From<indexed_db_futures::error::Error> for LocalError {
    fn from(e: indexed_db_futures::error::Error) -> Self {
        // The error's own sentence names a DOM exception ("QuotaExceededError: …"), which is
        // what `from_browser` looks for; its `Debug` form would add every error type's
        // formatting code to the first chunk for the same words.
        LocalError::from_browser(e.to_string())
    }
}

impl From<indexed_db_futures::error::OpenDbError> for LocalError {
    fn from(e: indexed_db_futures::error::OpenDbError) -> Self {
        use indexed_db_futures::error::OpenDbError;
        match e {
            OpenDbError::NullFactory | OpenDbError::UnsupportedEnvironment => {
                LocalError::Unavailable(e.to_string())
            }
            other => LocalError::from_browser(other.to_string()),
        }
    }
}

/// The handle's copies of the server (passbook, file, wall) are to be read again.
pub(super) fn forget_copies() {
    RUNNER.with(|r| r.borrow_mut().copies_of = None);
}

/// The open database, opened once per page.
pub(super) async fn db() -> Result<LocalDb, LocalError> {
    if let Some(db) = RUNNER.with(|r| r.borrow().db.clone()) {
        if db.closed_for_upgrade() {
            // Reopening would ask for the old version and fail: this page must be reloaded.
            return Err(LocalError::Upgraded);
        }
        return Ok(db);
    }
    let db = LocalDb::open().await?;
    RUNNER.with(|r| r.borrow_mut().db = Some(db.clone()));
    Ok(db)
}

/// Called once, after hydration: who is signed in, their lines, the triggers, a first sync.
pub fn start(handle: SyncHandle) {
    let me: Option<Me> = crate::stored::read(ME_KEY);
    handle.me.set(me);
    spawn_local(async move {
        refresh(handle).await;
        kick(handle);
    });
    ask_to_persist(handle);
    listen_to_other_tabs(handle);
    follow_the_session(handle);
    let online = window_event_listener(leptos::ev::online, move |_| kick(handle));
    let visible = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if document().visibility_state() == web_sys::VisibilityState::Visible {
            kick(handle);
        }
    });
    on_cleanup(move || {
        online.remove();
        visible.remove();
    });
}

/// Reads the person's lines and counts from the local database into the handle.
pub(super) async fn refresh(handle: SyncHandle) {
    match read_lines(handle).await {
        Ok(()) => {}
        Err(e) => handle.problem.set(Some(SyncProblem::Local(e))),
    }
    handle.loaded.set(true);
}

async fn read_lines(handle: SyncHandle) -> Result<(), LocalError> {
    let db = db().await?;
    let outbox = db.outbox().await?;
    let quarantined = db.quarantined().await?;
    let Some(me) = handle.me.get_untracked() else {
        handle.lines.set(Vec::new());
        handle.waiting.set(0);
        handle.others_waiting.set(outbox.len());
        return Ok(());
    };
    let view = db.view(&me.person).await?;
    let last = db.meta(&last_sync_key(&me)).await?;
    // The server copies change only at a sync: read them once per person.
    let loaded_for = RUNNER.with(|r| r.borrow().copies_of.clone());
    if loaded_for.as_ref() != Some(&me.person) {
        let book = db.meta(&copy_key("passbook", &me)).await?;
        handle
            .passbook
            .set(book.and_then(|j| crate::domain::json::from_json(&j).ok()));
        // The file and the wall stay text here: only their pages read them.
        let file = db.meta(&copy_key("file", &me)).await?;
        handle.file.set(file.map(JsonText::kept));
        let wall = db.meta(&copy_key("wall", &me)).await?;
        handle.wall.set(wall.map(JsonText::kept));
        let categories = db.meta(&copy_key("categories", &me)).await?;
        handle
            .categories
            .set(categories.and_then(|j| crate::domain::json::from_json(&j).ok()));
        RUNNER.with(|r| r.borrow_mut().copies_of = Some(me.person.clone()));
    }
    let lines = local_lines(&me.person, &outbox, &view, &quarantined);
    let mine = outbox.iter().filter(|e| e.author == me.person).count();
    handle.waiting.set(mine);
    handle.others_waiting.set(outbox.len() - mine);
    handle.lines.set(lines);
    handle.last_sync.set(last.as_deref().and_then(parse_millis));
    Ok(())
}

pub(super) fn last_sync_key(me: &Me) -> String {
    format!("last_sync\u{1}{}", me.person.as_str())
}

/// When the holdings were last counted from the view itself.
pub(super) fn checked_key(me: &Me) -> String {
    format!("held_checked\u{1}{}", me.person.as_str())
}

/// A moment kept in the local database's meta store: whole milliseconds since the epoch, as
/// text. Written and read as an integer: formatting or parsing an `f64` would link the float
/// printer and parser (about 40 KB before compression) into every phone's first download.
pub(super) fn millis_text(ms: f64) -> String {
    (ms.max(0.0) as u64).to_string()
}

/// Reads what [`millis_text`] wrote (`None` for anything else).
pub(super) fn parse_millis(text: &str) -> Option<f64> {
    text.parse::<u64>().ok().map(|ms| ms as f64)
}

/// How often the holdings are counted from the view instead of the running count.
pub(super) const FULL_CHECK_EVERY_MS: f64 = 24.0 * 3600.0 * 1000.0;

/// Where the server's copy of `what` ("passbook", "file") of the person is kept.
pub(super) fn copy_key(what: &str, me: &Me) -> String {
    format!("{what}\u{1}{}", me.person.as_str())
}

pub async fn capture(handle: SyncHandle, command: &Command) -> Result<String, LocalError> {
    // The person is the one all tabs share now, not the one this page last saw.
    if adopt_stored_me(handle) {
        return Err(LocalError::SessionChanged);
    }
    let me = handle
        .me
        .get_untracked()
        .ok_or_else(|| LocalError::Unavailable("signed out".into()))?;
    let db = db().await?;
    let id = uuid::Uuid::now_v7().to_string();
    let entry = db
        .capture(id.clone(), me.person, command.kind().name(), command.body())
        .await?;
    tell_other_tabs();
    // Only this entry is new: its line goes on top. Reading every store again (outbox, view,
    // quarantine) before saying "saved" cost a phone of 10,000 lines 0.6 s at 4× CPU.
    handle
        .lines
        .update(|lines| lines.insert(0, super::lines::LocalLine::waiting(&entry)));
    handle.waiting.update(|n| *n += 1);
    kick(handle);
    Ok(id)
}

pub fn signed_in(handle: SyncHandle, me: Me) {
    use gloo_storage::Storage;
    let _ = gloo_storage::LocalStorage::set(ME_KEY, &me);
    handle.me.set(Some(me));
    handle.problem.set(None);
    // Safari deletes unvisited sites' data after a week unless the site may persist.
    ask_to_persist(handle);
    spawn_local(async move {
        refresh(handle).await;
        kick(handle);
    });
}

pub fn signed_out(handle: SyncHandle) {
    use gloo_storage::Storage;
    gloo_storage::LocalStorage::delete(ME_KEY);
    handle.me.set(None);
    handle.problem.set(None);
    handle.passbook.set(None);
    handle.file.set(None);
    handle.wall.set(None);
    handle.categories.set(None);
    forget_copies();
    spawn_local(refresh(handle));
}

pub async fn unsent_json(handle: SyncHandle) -> Result<String, LocalError> {
    let db = db().await?;
    let me = handle.me.get_untracked();
    let mine = |e: &Entry| me.as_ref().is_some_and(|m| m.person == e.author);
    let waiting: Vec<Entry> = db.outbox().await?.into_iter().filter(mine).collect();
    let quarantined: Vec<(Entry, String)> = db
        .quarantined()
        .await?
        .into_iter()
        .filter(|(e, _)| mine(e))
        .collect();
    let unsent = Unsent {
        device: db.device(),
        person: me.map(|m| m.person),
        quarantined,
        waiting,
    };
    serde_json::to_string_pretty(&unsent).map_err(|e| LocalError::Corrupt(e.to_string()))
}

/// The file a person saves when entries will not leave the phone. A struct, not `json!`: the
/// generic JSON value and its map are not needed anywhere else in the first chunk.
#[derive(serde::Serialize)]
struct Unsent<'a> {
    device: &'a str,
    person: Option<crate::domain::ids::PersonId>,
    quarantined: Vec<(Entry, String)>,
    waiting: Vec<Entry>,
}

/// Asks for a sync. If one is running in this tab, it runs once more when it ends.
pub fn kick(handle: SyncHandle) {
    let start = RUNNER.with(|r| {
        let mut r = r.borrow_mut();
        if r.running {
            r.again = true;
            false
        } else {
            r.running = true;
            true
        }
    });
    if start {
        spawn_local(run(handle));
    }
}

async fn run(handle: SyncHandle) {
    loop {
        handle.running.set(true);
        let outcome = with_lock(LOCK_NAME, sync_once(handle)).await;
        handle.running.set(false);
        handle.progress.set(None);
        tell_other_tabs();
        refresh(handle).await;
        // "Signed out" may mean another tab changed the session: follow it and go again.
        if matches!(outcome, Err(SyncProblem::SignedOut)) && adopt_stored_me(handle) {
            RUNNER.with(|r| r.borrow_mut().again = true);
        }
        let unreachable = matches!(outcome, Err(SyncProblem::Unreachable));
        match outcome {
            Ok(()) => handle.problem.set(None),
            Err(problem) => handle.problem.set(Some(problem)),
        }
        let again = RUNNER.with(|r| {
            let mut r = r.borrow_mut();
            r.failures = if unreachable { r.failures + 1 } else { 0 };
            let again = r.again && !unreachable;
            r.again = false;
            if !again {
                r.running = false;
            }
            again
        });
        if !again {
            schedule(handle);
            break;
        }
    }
}

/// The next sync by timer: every minute when things are well, backing off from five seconds to
/// five minutes while the server cannot be reached.
fn schedule(handle: SyncHandle) {
    let failures = RUNNER.with(|r| r.borrow().failures);
    let delay = if failures == 0 {
        QUIET_DELAY
    } else {
        FIRST_RETRY
            .saturating_mul(1 << failures.min(8).saturating_sub(1))
            .min(LONGEST_RETRY)
    };
    if let Some(old) = RUNNER.with(|r| r.borrow_mut().timer.take()) {
        old.clear();
    }
    if let Ok(timer) = set_timeout_with_handle(move || kick(handle), delay) {
        RUNNER.with(|r| r.borrow_mut().timer = Some(timer));
    }
}
