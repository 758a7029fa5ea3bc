//! One sync of the signed-in person, under the browser's Web Lock: push the outbox in batches,
//! pull the changes in pages, prove the holdings (and follow the proof's plan), then refresh the
//! copies of the passbook, the file and the wall kept for offline use.

use std::collections::BTreeSet;

use leptos::prelude::*;

use super::error::LocalError;
use super::handle::{SyncHandle, SyncProblem};
use super::lines::holdings;
use super::local_db::LocalDb;
use super::runner::{
    checked_key, copy_key, db, last_sync_key, millis_text, parse_millis, refresh,
    FULL_CHECK_EVERY_MS, PUSH_BATCH,
};
use crate::api::{
    community_wall, list_categories, my_file, my_passbook, passbook_stamp, sync_pull, sync_push,
    sync_reconcile, ApiError, MAX_PAGE,
};
use crate::domain::ids::PersonId;
use crate::domain::person::Role;
use crate::domain::sync::plan::{plan_proof, ProofPlan};
use crate::domain::sync::Entry;

/// One sync: push the person's outbox in batches, pull their changes in pages, prove holdings.
pub(super) async fn sync_once(handle: SyncHandle) -> Result<(), SyncProblem> {
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
        db.set_meta(&checked_key(&me), &millis_text(js_sys::Date::now()))
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
        .as_deref()
        .and_then(parse_millis)
        .unwrap_or(0.0);
    let running = db.holdings(&person).await?;
    let held = match running {
        Some(held) if first_cursor == 0 || now - checked < FULL_CHECK_EVERY_MS => held,
        _ => {
            let cursor = db.cursor(&person).await?;
            let full = holdings(&person, &db.view(&person).await?, cursor);
            db.set_meta(&checked_key(&me), &millis_text(now)).await?;
            full
        }
    };
    if first_cursor == 0 {
        // A first pull counted everything it stored: as good as a full count.
        db.set_meta(&checked_key(&me), &millis_text(now)).await?;
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
        db.set_meta(&checked_key(&me), &millis_text(now)).await?;
        answer = sync_reconcile(expected.clone(), db.device().to_string(), held).await?;
    }
    db.set_meta(&last_sync_key(&me), &millis_text(now)).await?;
    handle.last_sync.set(Some(now));
    if me.role == Role::Admin {
        // The admin keeps no passbook or file; their decisions are all there is to sync, and
        // the categories name the lines they see.
        let categories = list_categories().await?;
        db.set_meta(&copy_key("categories", &me), &to_json(&categories)?)
            .await?;
        handle.categories.set(Some(categories));
        return mismatch(&answer, &held);
    }
    // What staff decided since: the passbook (states, cumulative time, points), and the
    // categories staff added or retired (the log form offers them, offline too) — fetched only
    // when their stamp moved, so a quiet minute costs a few bytes — and the file.
    let stamp = passbook_stamp(Some(expected.clone())).await?;
    let known = db.meta(&copy_key("passbook_stamp", &me)).await?;
    let missing = handle.passbook.with_untracked(Option::is_none)
        || handle.categories.with_untracked(Option::is_none);
    if known.as_deref() != Some(stamp.as_str()) || missing {
        let book = my_passbook(Some(expected.clone())).await?;
        let categories = list_categories().await?;
        db.set_meta(&copy_key("categories", &me), &to_json(&categories)?)
            .await?;
        handle.categories.set(Some(categories));
        db.set_meta(&copy_key("passbook", &me), &to_json(&book)?)
            .await?;
        // Taken before the copy: a change in between makes the next sync fetch again.
        db.set_meta(&copy_key("passbook_stamp", &me), &stamp)
            .await?;
        handle.passbook.set(Some(book));
    }
    // The file and the wall are kept as the server's text, unread (see `JsonText`).
    let file = my_file(Some(expected.clone())).await?;
    db.set_meta(&copy_key("file", &me), file.as_str()).await?;
    handle.file.set(Some(file));
    // The community's wall: claims and approvals of others change it at any time.
    let wall = community_wall(None).await?;
    db.set_meta(&copy_key("wall", &me), wall.as_str()).await?;
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
