//! The server's answers, written to the local database as the protocol's planners say: a push
//! reply, a pulled page, and the reset of the copy after a server was restored.

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;

use super::{
    holdings_key, person_range, to_json, view_key, LocalDb, LocalError, META, OUTBOX, QUARANTINE,
    SEP, VIEW,
};
use crate::domain::ids::PersonId;
use crate::domain::sync::plan::{plan_page, plan_reply, PagePlan, ReplyPlan};
use crate::domain::sync::{Change, Entry, Holdings, PullPage, PushReply};

impl LocalDb {
    /// Applies the server's answer to a push as [`plan_reply`] says, in one transaction:
    /// receipts become view rows or quarantine rows, and the outbox forgets what the server
    /// holds — only rows that still hold the same entry (a late reply never clears an entry that
    /// took the number since).
    pub async fn apply_push_reply(
        &self,
        batch: &[Entry],
        reply: &PushReply,
    ) -> Result<ReplyPlan, LocalError> {
        let plan = plan_reply(batch, reply);
        let tx = self.strict(&[OUTBOX, VIEW, QUARANTINE])?;
        let outbox = tx.object_store(OUTBOX)?;
        let view = tx.object_store(VIEW)?;
        let quarantine = tx.object_store(QUARANTINE)?;
        for (i, change) in &plan.stored {
            // A row of one; the pull's page row holding it later makes a duplicate that
            // `view` reads once.
            view.put(to_json(&[change])?)
                .with_key(view_key(&batch[*i].author, change.change))
                .await?;
        }
        for (i, reason) in &plan.quarantined {
            let entry = &batch[*i];
            quarantine
                .put(to_json(&(entry, reason))?)
                .with_key(entry.id.clone())
                .await?;
        }
        let gone = plan
            .stored
            .iter()
            .map(|(i, _)| *i)
            .chain(plan.quarantined.iter().map(|(i, _)| *i))
            .chain(plan.cleared.iter().copied());
        for i in gone {
            let entry = &batch[i];
            let key = self.outbox_key(entry);
            let held: Option<String> = outbox.get(key.clone()).await?;
            let same = held
                .and_then(|json| crate::domain::json::from_json::<Entry>(&json).ok())
                .is_some_and(|e| e.id == entry.id);
            if same {
                outbox.delete(key).await?;
            }
        }
        tx.commit().await?;
        Ok(plan)
    }

    /// The last sequence number `device` used on this browser.
    pub async fn last_seq(&self, device: &str) -> Result<u64, LocalError> {
        let value = self.meta(&self.last_seq_key(device)).await?;
        Ok(value.and_then(|v| v.parse().ok()).unwrap_or(0))
    }

    /// Forgets the person's copy of the server (view rows, count, cursor), in one transaction,
    /// so the next pull rebuilds it from the start: after the server was restored from a
    /// backup, its change numbers no longer match the copy's.
    pub async fn reset_view(&self, person: &PersonId) -> Result<(), LocalError> {
        let tx = self.strict(&[META, VIEW])?;
        tx.object_store(VIEW)?
            .delete::<String, _>(person_range(person))
            .await?;
        let meta = tx.object_store(META)?;
        meta.delete(holdings_key(person)).await?;
        meta.delete(format!("cursor{SEP}{}", person.as_str()))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stores a pulled page and the cursor after it, in one transaction: a page is never half
    /// applied, and a dropped sync resumes from the last page, not from zero.
    /// Returns false, storing nothing, when the page was asked from another cursor than the one
    /// held now ([`plan_page`]: another tab stored it meanwhile).
    pub async fn apply_pull_page(
        &self,
        person: &PersonId,
        asked_from: u64,
        page: &PullPage,
    ) -> Result<bool, LocalError> {
        // Default durability: a page lost in a crash is lost together with its cursor, and
        // simply pulled again. The puts are not awaited one by one (a round trip each through
        // the event loop); the transaction's completion covers them all.
        let tx = self
            .db
            .transaction([META, VIEW])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        // What the person holds up to the new cursor, kept with it: pages never overlap, so
        // adding each page's entries counts each exactly once (no re-reading of the view).
        let meta = tx.object_store(META)?;
        let cursor_key = format!("cursor{SEP}{}", person.as_str());
        let cursor_now: Option<String> = meta.get(cursor_key.clone()).await?;
        let cursor_now = cursor_now.and_then(|c| c.parse().ok()).unwrap_or(0);
        if plan_page(asked_from, cursor_now, page) == PagePlan::Stale {
            return Ok(false);
        }
        let held_key = holdings_key(person);
        let before: Option<String> = meta.get(held_key.clone()).await?;
        let mut held = before
            .and_then(|json| crate::domain::json::from_json::<Holdings>(&json).ok())
            .unwrap_or_default();
        held.through = page.next;
        for change in page.changes.iter().filter(|c| &c.entry.author == person) {
            held.add_fingerprint(change.change, change.entry.fingerprint());
        }
        drop(meta.put(to_json(&held)?).with_key(held_key).primitive()?);
        // The whole page is one row (keyed by its first change): one put instead of a thousand,
        // which is what makes a first sync of a long passbook fast.
        let mine: Vec<&Change> = page
            .changes
            .iter()
            .filter(|c| &c.entry.author == person)
            .collect();
        if let Some(first) = mine.first() {
            drop(
                tx.object_store(VIEW)?
                    .put(to_json(&mine)?)
                    .with_key(view_key(person, first.change))
                    .primitive()?,
            );
        }
        tx.object_store(META)?
            .put(page.next.to_string())
            .with_key(cursor_key)
            .await?;
        tx.commit().await?;
        Ok(true)
    }
}
