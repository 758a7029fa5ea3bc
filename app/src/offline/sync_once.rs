//! One sync of the signed-in person, under the browser's Web Lock: push the outbox in batches
//! (`outbox_push`), pull the changes in pages, prove the holdings (and follow the proof's plan),
//! then refresh the copies of the passbook, the file and the wall kept for offline use.

use leptos::prelude::*;

use super::error::LocalError;
use super::handle::{SyncHandle, SyncProblem};
use super::lines::holdings;
use super::local_db::LocalDb;
use super::outbox_push::{push_outbox, resend};
use super::runner::{
    checked_key, copy_key, db, last_sync_key, millis_text, parse_millis, FULL_CHECK_EVERY_MS,
};
use crate::api::{
    community_wall, list_categories, my_file, my_passbook, passbook_stamp, sync_pull,
    sync_reconcile, MAX_PAGE,
};
use crate::domain::ids::PersonId;
use crate::domain::person::Role;
use crate::domain::sync::plan::{plan_proof, ProofPlan};

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
    // The push code is fetched only when something of the person's waits to be sent.
    let waiting = db.outbox().await?.iter().any(|e| e.author == person);
    let sent = if waiting {
        push_outbox(handle, db.clone(), person.clone()).await?
    } else {
        0
    };
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
            let entries = view.into_iter().map(|c| c.entry).collect();
            resend(db.clone(), person.clone(), entries).await?;
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
