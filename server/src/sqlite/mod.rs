//! The embedded store: SQLite in WAL mode, for a sub-district on one machine.

mod accounts;
mod audit;
mod overview;

use std::str::FromStr;
use std::time::Duration;

use app::api::ports::{LoginRecord, Store, StoreError};
use app::domain::account::Me;
use app::domain::audit::AuditEntry;
use app::domain::ids::{CommunityId, PersonId};
use app::domain::person::Actor;
use app::domain::Overview;
use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

#[derive(Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if needed) and migrates the database at `url`.
    pub async fn open(url: &str) -> anyhow::Result<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .foreign_keys(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a write the server acknowledged survives a power cut, not only a crash of
            // the process. A ledger cannot trade that for speed.
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Self { pool })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Timestamps as fixed-width UTC text, so SQL compares them in time order.
pub(crate) fn ts(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub(crate) fn failed(e: sqlx::Error) -> StoreError {
    tracing::error!(error = %e, "sqlite");
    StoreError(e.to_string())
}

#[async_trait::async_trait]
impl Store for SqliteStore {
    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(|_| ())
            .map_err(failed)
    }

    async fn overview(&self) -> Result<Overview, StoreError> {
        overview::overview(&self.pool).await
    }

    async fn login_record(&self, login: &str) -> Result<Option<LoginRecord>, StoreError> {
        accounts::login_record(&self.pool, login).await
    }

    async fn create_session(
        &self,
        token_hash: &str,
        person: &PersonId,
        expires_at: DateTime<Utc>,
        audit: AuditEntry,
    ) -> Result<(), StoreError> {
        accounts::create_session(&self.pool, token_hash, person, expires_at, audit).await
    }

    async fn session_actor(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Actor>, StoreError> {
        accounts::session_actor(&self.pool, token_hash, now).await
    }

    async fn revoke_session(&self, token_hash: &str, audit: AuditEntry) -> Result<(), StoreError> {
        accounts::revoke_session(&self.pool, token_hash, audit).await
    }

    async fn password_hash(&self, person: &PersonId) -> Result<Option<String>, StoreError> {
        accounts::password_hash(&self.pool, person).await
    }

    async fn set_password_hash(
        &self,
        person: &PersonId,
        hash: &str,
        keep: Option<&str>,
        audit: AuditEntry,
    ) -> Result<(), StoreError> {
        accounts::set_password_hash(&self.pool, person, hash, keep, audit).await
    }

    async fn me(&self, person: &PersonId) -> Result<Option<Me>, StoreError> {
        accounts::me(&self.pool, person).await
    }

    async fn audit(&self, entry: AuditEntry) -> Result<(), StoreError> {
        let mut conn = self.pool.acquire().await.map_err(failed)?;
        audit::insert(&mut conn, &entry).await
    }

    async fn audit_trail(
        &self,
        community: Option<&CommunityId>,
        limit: u32,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        audit::trail(&self.pool, community, limit).await
    }
}
