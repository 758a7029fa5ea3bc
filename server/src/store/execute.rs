//! The online door: a server function's command goes through the same apply as a pushed entry,
//! in a transaction of its own.

use app::api::ports::StoreError;
use app::domain::audit::AuditEntry;
use app::domain::command::Command;
use app::domain::person::Actor;
use sqlx::AnyPool;

use super::commands::{apply, Applied, Context, Lines};
use super::{failed, ledger, sync_facts};

pub(super) async fn execute(
    pool: &AnyPool,
    actor: &Actor,
    id: &str,
    command: &Command,
    audit: AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = crate::store::engine::begin_write(pool).await?;
    let categories = sync_facts::category_codes(&mut tx).await?;
    let codes: Vec<&str> = categories.iter().map(String::as_str).collect();
    let cx = Context {
        id,
        categories: &codes,
        today: app::domain::clock::china_today(audit.at),
        audit: &audit,
        from_outbox: false,
    };
    let mut lines = Lines {
        owners: sync_facts::line_owners(&mut tx, &[(id, Some(command))]).await?,
        new: Vec::new(),
    };
    match apply(&mut tx, actor, command, &cx, &mut lines).await? {
        Applied::Accepted => {}
        // Nothing is written: the transaction is dropped, so rolled back.
        Applied::Refused(e) | Applied::Invalid(e) => return Err(StoreError::Command(Box::new(e))),
    }
    ledger::insert_lines(&mut tx, &lines.new).await?;
    tx.commit().await.map_err(failed)
}
