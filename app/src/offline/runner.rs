//! The sync runner, in the browser. One sync at a time per browser (a Web Lock shared by all
//! tabs), started on load, after every capture, when the network returns, when the page becomes
//! visible again, and on a timer that backs off while the server cannot be reached.

use std::cell::RefCell;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::error::LocalError;
use super::handle::{SyncHandle, SyncProblem, ME_KEY};
use super::lines::{holdings, local_lines};
use super::local_db::LocalDb;
use super::web_lock::with_lock;
use crate::api::{
    community_wall, my_file, my_passbook, passbook_stamp, sync_pull, sync_push, sync_reconcile,
    ApiError, MAX_PAGE,
};
use std::collections::BTreeSet;

use crate::domain::account::Me;
use crate::domain::command::Command;
use crate::domain::ids::PersonId;
use crate::domain::person::Role;
use crate::domain::sync::plan::{plan_proof, ProofPlan};
use crate::domain::sync::Entry;

/// Entries per push: small enough that a slow phone network finishes a request.
const PUSH_BATCH: usize = 200;
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
    /// This page's end of the channel between tabs. Posting through the same object that
    /// listens means a tab never hears (and re-reads the database for) its own news.
    tabs: Option<web_sys::BroadcastChannel>,
    /// Whose passbook and file copies the handle holds.
    copies_of: Option<crate::domain::ids::PersonId>,
}

thread_local! {
    static RUNNER: RefCell<Runner> = RefCell::new(Runner::default());
}

impl From<indexed_db_futures::error::Error> for LocalError {
    fn from(e: indexed_db_futures::error::Error) -> Self {
        LocalError::from_browser(format!("{e:?}"))
    }
}

impl From<indexed_db_futures::error::OpenDbError> for LocalError {
    fn from(e: indexed_db_futures::error::OpenDbError) -> Self {
        use indexed_db_futures::error::OpenDbError;
        match e {
            OpenDbError::NullFactory | OpenDbError::UnsupportedEnvironment => {
                LocalError::Unavailable(e.to_string())
            }
            other => LocalError::from_browser(format!("{other:?}")),
        }
    }
}

/// The open database, opened once per page.
async fn db() -> Result<LocalDb, LocalError> {
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
    use gloo_storage::Storage;
    let me: Option<Me> = gloo_storage::LocalStorage::get(ME_KEY).ok();
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

/// Asks the browser to keep this site's data (Safari and Chrome may otherwise clear it to make
/// room, unsent entries with it), at every start: the answer can change, and a page opened
/// without signing in again must ask too. The answer is shown when it is "no".
fn ask_to_persist(handle: SyncHandle) {
    let storage = window().navigator().storage();
    spawn_local(async move {
        let granted = match storage.persist() {
            Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise)
                .await
                .ok()
                .and_then(|v| v.as_bool()),
            Err(_) => None,
        };
        handle.persisted.set(granted);
    });
}

/// The person this browser's tabs share (another tab may have changed it).
fn stored_me() -> Option<Me> {
    use gloo_storage::Storage;
    gloo_storage::LocalStorage::get(ME_KEY).ok()
}

/// Every tab follows the session: when another tab signs someone out or in, this one switches
/// at once, before it captures or syncs anything under the old name.
fn follow_the_session(handle: SyncHandle) {
    let listener = window_event_listener(leptos::ev::storage, move |event| {
        if event.key().is_none_or(|key| key == ME_KEY) {
            adopt_stored_me(handle);
        }
    });
    on_cleanup(move || listener.remove());
}

/// Takes on whoever the shared storage says is signed in; true when that changed anything.
fn adopt_stored_me(handle: SyncHandle) -> bool {
    let stored = stored_me();
    let current = handle.me.get_untracked();
    if stored.as_ref().map(|m| &m.person) == current.as_ref().map(|m| &m.person) {
        return false;
    }
    handle.problem.set(None);
    handle.passbook.set(None);
    handle.file.set(None);
    handle.wall.set(None);
    RUNNER.with(|r| r.borrow_mut().copies_of = None);
    let someone = stored.is_some();
    handle.me.set(stored);
    spawn_local(async move {
        refresh(handle).await;
        if someone {
            kick(handle);
        }
    });
    true
}

const CHANNEL: &str = "lovebank-ledger";

/// Tabs of one browser share the database: when one captures or syncs, the others re-read it.
fn listen_to_other_tabs(handle: SyncHandle) {
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else {
        return;
    };
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_| {
        // The other tab may have fetched new server copies: read them again.
        RUNNER.with(|r| r.borrow_mut().copies_of = None);
        spawn_local(refresh(handle));
    });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // Lives as long as the page, like the channel kept below.
    on_message.forget();
    RUNNER.with(|r| r.borrow_mut().tabs = Some(channel));
}

fn tell_other_tabs() {
    RUNNER.with(|r| {
        if let Some(channel) = &r.borrow().tabs {
            let _ = channel.post_message(&JsValue::from_str("changed"));
        }
    });
}

/// Reads the person's lines and counts from the local database into the handle.
async fn refresh(handle: SyncHandle) {
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
            .set(book.and_then(|j| serde_json::from_str(&j).ok()));
        let file = db.meta(&copy_key("file", &me)).await?;
        handle
            .file
            .set(file.and_then(|j| serde_json::from_str(&j).ok()));
        let wall = db.meta(&copy_key("wall", &me)).await?;
        handle
            .wall
            .set(wall.and_then(|j| serde_json::from_str(&j).ok()));
        RUNNER.with(|r| r.borrow_mut().copies_of = Some(me.person.clone()));
    }
    let lines = local_lines(&me.person, &outbox, &view, &quarantined);
    let mine = outbox.iter().filter(|e| e.author == me.person).count();
    handle.waiting.set(mine);
    handle.others_waiting.set(outbox.len() - mine);
    handle.lines.set(lines);
    handle.last_sync.set(last.and_then(|l| l.parse().ok()));
    Ok(())
}

fn last_sync_key(me: &Me) -> String {
    format!("last_sync\u{1}{}", me.person.as_str())
}

/// When the holdings were last counted from the view itself.
fn checked_key(me: &Me) -> String {
    format!("held_checked\u{1}{}", me.person.as_str())
}

/// How often the holdings are counted from the view instead of the running count.
const FULL_CHECK_EVERY_MS: f64 = 24.0 * 3600.0 * 1000.0;

/// Where the server's copy of `what` ("passbook", "file") of the person is kept.
fn copy_key(what: &str, me: &Me) -> String {
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
    db.capture(id.clone(), me.person, command.kind().name(), command.body())
        .await?;
    tell_other_tabs();
    refresh(handle).await;
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
    RUNNER.with(|r| r.borrow_mut().copies_of = None);
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
    serde_json::to_string_pretty(&serde_json::json!({
        "device": db.device(),
        "person": me.map(|m| m.person),
        "waiting": waiting,
        "quarantined": quarantined,
    }))
    .map_err(|e| LocalError::Corrupt(e.to_string()))
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

/// One sync: push the person's outbox in batches, pull their changes in pages, prove holdings.
async fn sync_once(handle: SyncHandle) -> Result<(), SyncProblem> {
    let Some(me) = handle.me.get_untracked() else {
        return Ok(());
    };
    if !crate::domain::command::may_sync(me.role) {
        return Ok(());
    }
    if !window().navigator().on_line() {
        return Err(SyncProblem::Unreachable);
    }
    let db = db().await?;
    let person = me.person.clone();
    let sent = push_outbox(handle, &db, &person).await?;
    let expected = person.as_str().to_string();
    // The holdings are counted page by page from here on; a database from before that count
    // was kept counts once from what it holds.
    let first_cursor = db.cursor(&person).await?;
    if first_cursor > 0 && db.holdings(&person).await?.is_none() {
        let full = holdings(&person, &db.view(&person).await?, first_cursor);
        db.set_holdings(&person, &full).await?;
        db.set_meta(&checked_key(&me), &js_sys::Date::now().to_string())
            .await?;
    }
    // Pages in order, the next one requested while the current one is written (the cursor is
    // saved with each page, so a failure in between resumes where the last written page ended).
    let mut pulled = 0;
    let mut asked_from = first_cursor;
    let mut page = sync_pull(expected.clone(), first_cursor, MAX_PAGE).await?;
    loop {
        let (more, next_cursor) = (page.more, page.next);
        let (written, next) =
            futures::future::join(db.apply_pull_page(&person, asked_from, &page), async {
                if more {
                    Some(sync_pull(expected.clone(), next_cursor, MAX_PAGE).await)
                } else {
                    None
                }
            })
            .await;
        if !written? {
            // Another tab stored this page meanwhile (no lock in this browser): stop here, the
            // next sync goes on from the cursor it left.
            break;
        }
        asked_from = next_cursor;
        pulled += page.changes.len();
        handle.progress.set(Some((sent, pulled)));
        match next {
            Some(next) => page = next?,
            None => break,
        }
    }
    // The proof: the running count, and once a day a count of what the view really holds (so
    // entries lost from this browser's storage are noticed too).
    let now = js_sys::Date::now();
    let checked: f64 = db
        .meta(&checked_key(&me))
        .await?
        .and_then(|t| t.parse().ok())
        .unwrap_or(0.0);
    let running = db.holdings(&person).await?;
    let held = match running {
        Some(held) if first_cursor == 0 || now - checked < FULL_CHECK_EVERY_MS => held,
        _ => {
            let cursor = db.cursor(&person).await?;
            let full = holdings(&person, &db.view(&person).await?, cursor);
            db.set_meta(&checked_key(&me), &now.to_string()).await?;
            full
        }
    };
    if first_cursor == 0 {
        // A first pull counted everything it stored: as good as a full count.
        db.set_meta(&checked_key(&me), &now.to_string()).await?;
    }
    let mut answer = sync_reconcile(expected.clone(), db.device().to_string(), held).await?;
    let mut held = held;
    let plan = plan_proof(&held, &answer, false);
    if matches!(plan, ProofPlan::Resend | ProofPlan::Rebuild) {
        if plan == ProofPlan::Resend {
            let view = db.view(&person).await?;
            resend(&db, &person, view.into_iter().map(|c| c.entry).collect()).await?;
        }
        db.reset_view(&person).await?;
        held = pull_all(&db, &person, &expected).await?;
        db.set_meta(&checked_key(&me), &now.to_string()).await?;
        answer = sync_reconcile(expected.clone(), db.device().to_string(), held).await?;
    }
    db.set_meta(&last_sync_key(&me), &now.to_string()).await?;
    handle.last_sync.set(Some(now));
    // What staff decided since: the passbook (states, cumulative time, points) — fetched only
    // when its stamp moved, so a quiet minute costs a few bytes — and the file.
    if me.role == Role::Admin {
        // The admin keeps no passbook or file; their decisions are all there is to sync.
        return mismatch(&answer, &held);
    }
    let stamp = passbook_stamp(Some(expected.clone())).await?;
    let known = db.meta(&copy_key("passbook_stamp", &me)).await?;
    if known.as_deref() != Some(stamp.as_str()) || handle.passbook.with_untracked(Option::is_none) {
        let book = my_passbook(Some(expected.clone())).await?;
        db.set_meta(&copy_key("passbook", &me), &to_json(&book)?)
            .await?;
        // Taken before the copy: a change in between makes the next sync fetch again.
        db.set_meta(&copy_key("passbook_stamp", &me), &stamp)
            .await?;
        handle.passbook.set(Some(book));
    }
    let file = my_file(Some(expected.clone())).await?;
    db.set_meta(&copy_key("file", &me), &to_json(&file)?)
        .await?;
    handle.file.set(Some(file));
    // The community's wall: claims and approvals of others change it at any time.
    let wall = community_wall(None).await?;
    db.set_meta(&copy_key("wall", &me), &to_json(&wall)?)
        .await?;
    handle.wall.set(Some(wall));
    mismatch(&answer, &held)
}

fn mismatch(
    answer: &crate::domain::sync::Reconciled,
    held: &crate::domain::sync::Holdings,
) -> Result<(), SyncProblem> {
    if answer.matches {
        return Ok(());
    }
    Err(SyncProblem::Mismatch {
        held: held.count,
        server: answer.server_count,
    })
}

/// Pushes the person's outbox in batches until nothing of theirs waits (or only entries the
/// server asked to retry later). Returns how many left the outbox.
async fn push_outbox(
    handle: SyncHandle,
    db: &LocalDb,
    person: &PersonId,
) -> Result<usize, SyncProblem> {
    let mut sent = 0;
    let mut renamed = 0;
    // Answered "retry later" (a newer format than the server reads): offered again next sync.
    let mut deferred: BTreeSet<String> = BTreeSet::new();
    loop {
        let mine: Vec<Entry> = db
            .outbox()
            .await?
            .into_iter()
            .filter(|e| &e.author == person && !deferred.contains(&e.id))
            .collect();
        // One device per push (a person's entries from before ids were per person may carry
        // the browser's older id).
        let Some(device) = mine.first().map(|e| e.device.clone()) else {
            break;
        };
        let batch: Vec<Entry> = mine
            .into_iter()
            .filter(|e| e.device == device)
            .take(PUSH_BATCH)
            .collect();
        let captured = db.last_seq(&device).await?;
        let reply = match sync_push(batch.clone(), Some(captured)).await {
            Err(ApiError::DeviceTaken) if renamed < 3 => {
                // The id is someone else's on the server: go on under a new one.
                renamed += 1;
                db.take_new_device(person, &device).await?;
                continue;
            }
            other => other?,
        };
        let plan = db.apply_push_reply(&batch, &reply).await?;
        sent += plan.gone();
        deferred.extend(plan.deferred.iter().map(|i| batch[*i].id.clone()));
        handle.progress.set(Some((sent, 0)));
        refresh(handle).await;
        if plan.renumber && renamed < 3 {
            // A restored or cloned phone: its numbers stand for other entries on the server.
            renamed += 1;
            db.take_new_device(person, &device).await?;
            continue;
        }
        if plan.gone() == 0 && plan.deferred.is_empty() {
            // Nothing moved (cannot happen with a well-behaved server): stop rather than spin.
            break;
        }
    }
    Ok(sent)
}

/// Pushes `entries` of the person again, grouped by the device that numbered them.
async fn resend(db: &LocalDb, person: &PersonId, entries: Vec<Entry>) -> Result<(), SyncProblem> {
    let mut by_device: std::collections::BTreeMap<String, Vec<Entry>> = Default::default();
    for entry in entries.into_iter().filter(|e| &e.author == person) {
        by_device
            .entry(entry.device.clone())
            .or_default()
            .push(entry);
    }
    for (device, entries) in by_device {
        let captured = db.last_seq(&device).await?;
        for batch in entries.chunks(PUSH_BATCH) {
            sync_push(batch.to_vec(), Some(captured)).await?;
        }
    }
    Ok(())
}

/// Pulls every page from the cursor held now, and returns the holdings counted with them.
async fn pull_all(
    db: &LocalDb,
    person: &PersonId,
    expected: &str,
) -> Result<crate::domain::sync::Holdings, SyncProblem> {
    loop {
        let cursor = db.cursor(person).await?;
        let page = sync_pull(expected.to_string(), cursor, MAX_PAGE).await?;
        let more = page.more;
        if !db.apply_pull_page(person, cursor, &page).await? || !more {
            break;
        }
    }
    let cursor = db.cursor(person).await?;
    Ok(db
        .holdings(person)
        .await?
        .unwrap_or_else(|| crate::domain::sync::Holdings::new(cursor)))
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, LocalError> {
    serde_json::to_string(value).map_err(|e| LocalError::Corrupt(e.to_string()))
}
