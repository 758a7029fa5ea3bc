//! Sending the outbox: push in batches, follow the server's receipts, and send again what the
//! proof found missing. In the split build this code is its own chunk (`__outbox_push`), loaded
//! the first time a sync finds entries of the person waiting: a phone that has entered nothing
//! yet (every first visit) does not download it. The service worker keeps it with the volunteer's
//! pages, so a phone that captured offline and reloaded has it when the network returns.

use std::collections::{BTreeMap, BTreeSet};

use leptos::prelude::Set;

use super::handle::{SyncHandle, SyncProblem};
use super::local_db::LocalDb;
use super::runner::{refresh, PUSH_BATCH};
use crate::api::{sync_push, ApiError};
use crate::domain::ids::PersonId;
use crate::domain::sync::Entry;

/// Pushes the person's outbox in batches until nothing of theirs waits (or only entries the
/// server asked to retry later). Returns how many left the outbox.
pub(super) async fn push_outbox(
    handle: SyncHandle,
    db: LocalDb,
    person: PersonId,
) -> Result<usize, SyncProblem> {
    #[cfg(feature = "split")]
    {
        // A chunk that cannot be fetched is a network that failed: the runner retries later.
        let task = split::push(handle, db, person)
            .await
            .map_err(|_| SyncProblem::Unreachable)?;
        task.await
    }
    #[cfg(not(feature = "split"))]
    {
        push_all(handle, db, person).await
    }
}

/// Pushes `entries` of the person again, grouped by the device that numbered them.
pub(super) async fn resend(
    db: LocalDb,
    person: PersonId,
    entries: Vec<Entry>,
) -> Result<(), SyncProblem> {
    #[cfg(feature = "split")]
    {
        let task = split::resend(db, person, entries)
            .await
            .map_err(|_| SyncProblem::Unreachable)?;
        task.await
    }
    #[cfg(not(feature = "split"))]
    {
        resend_all(db, person, entries).await
    }
}

#[cfg(feature = "split")]
mod split {
    use std::future::Future;
    use std::pin::Pin;

    use leptos::wasm_split::{wasm_split, SplitLoaderError};

    use super::*;

    type Task<T> = Pin<Box<dyn Future<Output = Result<T, SyncProblem>>>>;

    #[wasm_split(__outbox_push, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn push(
        handle: SyncHandle,
        db: LocalDb,
        person: PersonId,
    ) -> Result<Task<usize>, SplitLoaderError> {
        Ok(Box::pin(push_all(handle, db, person)))
    }

    #[wasm_split(__outbox_push, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn resend(
        db: LocalDb,
        person: PersonId,
        entries: Vec<Entry>,
    ) -> Result<Task<()>, SplitLoaderError> {
        Ok(Box::pin(resend_all(db, person, entries)))
    }
}

async fn push_all(handle: SyncHandle, db: LocalDb, person: PersonId) -> Result<usize, SyncProblem> {
    let mut sent = 0;
    let mut renamed = 0;
    // Answered "retry later" (a newer format than the server reads): offered again next sync.
    let mut deferred: BTreeSet<String> = BTreeSet::new();
    loop {
        let mine: Vec<Entry> = db
            .outbox()
            .await?
            .into_iter()
            .filter(|e| e.author == person && !deferred.contains(&e.id))
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
                db.take_new_device(&person, &device).await?;
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
            db.take_new_device(&person, &device).await?;
            continue;
        }
        if plan.gone() == 0 && plan.deferred.is_empty() {
            // Nothing moved (cannot happen with a well-behaved server): stop rather than spin.
            break;
        }
    }
    Ok(sent)
}

async fn resend_all(db: LocalDb, person: PersonId, entries: Vec<Entry>) -> Result<(), SyncProblem> {
    let mut by_device: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
    for entry in entries.into_iter().filter(|e| e.author == person) {
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
