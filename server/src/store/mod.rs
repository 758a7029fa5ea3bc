//! The store: one SQL implementation of every port, over sqlx's `Any` driver, for SQLite
//! (embedded, the default: WAL mode, one writer) and PostgreSQL (large deployments). The SQL is
//! written once in the dialect both engines read (`$1` parameters, `ON CONFLICT`, standard
//! functions); the few statements that differ ask [`Engine`].

mod accounts;
mod activities;
mod activity_proposals;
mod administration;
mod agreements;
mod aid;
mod applications;
mod audit;
mod backup;
mod categories;
mod certificates;
mod commands;
mod controls;
mod copy;
mod engine;
mod execute;
mod flag;
mod help_given;
mod help_return;
pub(crate) mod hosted;
mod households;
mod id_cards;
mod kiosks;
mod ledger;
mod ledger_read;
mod line_export;
mod office_store;
mod overview;
mod people;
mod points_admin;
mod reconcile;
mod row;
mod statistics;
mod sync;
mod sync_facts;
mod sync_health;
mod wall;
mod wish_store;
mod wish_waiting;
mod wishes;

use app::api::ports::{LoginRecord, Store, StoreError};
use app::domain::account::Me;
use app::domain::audit::AuditEntry;
use app::domain::command::Command;
use app::domain::ids::RecordId;
use app::domain::ids::{CommunityId, PersonId};
use app::domain::ledger::{Passbook, QueueItem};
use app::domain::person::{Actor, FileView, VolunteerFile};
use app::domain::points::{Points, PointsRule};
use app::domain::sync::{Entry, Holdings, PullPage, PushReply, Reconciled};
use app::domain::sync_health::{QuarantineAction, SyncHealth};
use app::domain::text::Reason;
use app::domain::volunteer_table::VolunteerSummary;
use app::domain::{Category, Overview};
use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::AnyPool;

pub use copy::{copy_database, copy_install, CopyReport, InstallCopyReport};
pub use engine::Engine;
pub(crate) use flag::Flag;
pub use hosted::HostedSubDistrict;

/// The schema's migrations, built into the binary; they run at every start. Each engine has its
/// own folder, kept in step: PostgreSQL's begins at SQLite's version 20 as one baseline.
pub(crate) static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
pub(crate) static POSTGRES_MIGRATOR: sqlx::migrate::Migrator =
    sqlx::migrate!("./migrations/postgres");

#[derive(Clone)]
pub struct SqlStore {
    pool: AnyPool,
    engine: Engine,
}

impl SqlStore {
    /// Opens (creating an SQLite file if needed) and migrates the database at `url`:
    /// `sqlite://…` or `postgres://…`.
    pub async fn open(url: &str) -> anyhow::Result<Self> {
        let engine = Engine::of_url(url)?;
        let pool = engine.connect(url, None).await?;
        engine.migrator().run(&pool).await?;
        Ok(Self { pool, engine })
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The statistics of a period counted from the ledger's lines alone, without the running
    /// totals the office's page reads: the definition those totals are checked against.
    pub async fn statistics_from_lines(
        &self,
        scope: Option<&app::domain::ids::CommunityId>,
        period: &app::domain::statistics::Period,
    ) -> Result<app::domain::statistics::Statistics, app::api::ports::StoreError> {
        statistics::statistics(&self.pool, scope, period, statistics::Reading::LinesOnly).await
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Timestamps as fixed-width UTC text, so SQL compares them in time order.
pub(crate) fn ts(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// A stored timestamp read back (the epoch for text that is not one: never written by us).
pub(crate) fn parse_ts(stored: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(stored)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

/// A database error as the store reports it. A broken constraint means a value from the
/// request collided with what is stored (an id already used, a community that does not exist):
/// the caller's input, answered as a refusal and logged quietly. Anything else is the server's
/// failure.
pub(crate) fn failed(e: sqlx::Error) -> StoreError {
    use sqlx::error::ErrorKind;
    if let Some(db) = e.as_database_error() {
        // PostgreSQL's class 22 (data exception) is also the request's value: text with a NUL
        // byte, which SQLite stores and PostgreSQL refuses, is the one a client can send.
        let data_exception = db
            .code()
            .is_some_and(|c| c.len() == 5 && c.starts_with("22"));
        if data_exception || !matches!(db.kind(), ErrorKind::Other) {
            tracing::info!(error = %e, "the database refused a value");
            return StoreError::Invalid(app::domain::ValidationError::Conflict);
        }
    }
    if crate::telemetry::loud_line_allowed() {
        tracing::error!(error = %e, "database");
    }
    StoreError::Failed(e.to_string())
}

#[async_trait::async_trait]
impl Store for SqlStore {
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

    async fn begin_attempt(
        &self,
        key: &str,
        now: DateTime<Utc>,
    ) -> Result<Result<(), std::time::Duration>, StoreError> {
        accounts::begin_attempt(&self.pool, key, now).await
    }

    async fn attempt_succeeded(&self, key: &str) -> Result<(), StoreError> {
        accounts::attempt_succeeded(&self.pool, key).await
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

    async fn change_login_phone(
        &self,
        person: &PersonId,
        phone: &app::domain::text::Phone,
        audit: AuditEntry,
    ) -> Result<(), StoreError> {
        people::change_login_phone(&self.pool, person, phone, audit).await
    }

    async fn audit(&self, entry: AuditEntry) -> Result<(), StoreError> {
        let mut conn = self.pool.acquire().await.map_err(failed)?;
        audit::insert(&mut conn, &entry).await
    }

    async fn create_volunteer(
        &self,
        file: &VolunteerFile,
        community: &CommunityId,
        password_hash: &str,
        audit: AuditEntry,
    ) -> Result<PersonId, StoreError> {
        people::create_volunteer(&self.pool, file, community, password_hash, audit).await
    }

    async fn file(&self, person: &PersonId) -> Result<Option<FileView>, StoreError> {
        people::file(&self.pool, person).await
    }

    async fn volunteers(
        &self,
        community: Option<&CommunityId>,
        year: i32,
    ) -> Result<Vec<VolunteerSummary>, StoreError> {
        people::volunteers(&self.pool, community, year).await
    }

    async fn person_scope(&self, person: &PersonId) -> Result<Option<Actor>, StoreError> {
        people::person_scope(&self.pool, person).await
    }

    async fn create_kiosk(
        &self,
        community: &CommunityId,
        name: &str,
        token_hash: &str,
        audit: AuditEntry,
    ) -> Result<String, StoreError> {
        kiosks::create_kiosk(&self.pool, community, name, token_hash, audit).await
    }

    async fn kiosk_actor(&self, token_hash: &str) -> Result<Option<Actor>, StoreError> {
        kiosks::kiosk_actor(&self.pool, token_hash).await
    }

    async fn categories(&self) -> Result<Vec<Category>, StoreError> {
        let rows = sqlx::query_as::<_, (String, String, String, String, Flag)>(
            "SELECT code, name_zh, name_en, icon, retired_at IS NOT NULL FROM categories
             ORDER BY sort_order, code",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(failed)?;
        Ok(rows
            .into_iter()
            .map(|(code, name_zh, name_en, icon, Flag(retired))| Category {
                code,
                name_zh,
                name_en,
                icon,
                retired,
            })
            .collect())
    }

    async fn add_category(&self, category: &Category, audit: AuditEntry) -> Result<(), StoreError> {
        categories::add_category(&self.pool, category, audit).await
    }

    async fn retire_category(
        &self,
        code: &str,
        retired: bool,
        audit: AuditEntry,
    ) -> Result<(), StoreError> {
        categories::retire_category(&self.pool, code, retired, audit).await
    }

    async fn execute(
        &self,
        actor: &Actor,
        id: &str,
        command: &Command,
        audit: AuditEntry,
    ) -> Result<(), StoreError> {
        execute::execute(&self.pool, actor, id, command, audit).await
    }

    async fn reverse(
        &self,
        actor: &Actor,
        id: &RecordId,
        reversal: &RecordId,
        reason: &Reason,
        audit: AuditEntry,
    ) -> Result<(), StoreError> {
        ledger::reverse(&self.pool, actor, id, reversal, reason, audit).await
    }

    async fn passbook_stamp(&self, volunteer: &PersonId) -> Result<String, StoreError> {
        ledger_read::passbook_stamp(&self.pool, volunteer).await
    }

    async fn passbook(&self, volunteer: &PersonId) -> Result<Passbook, StoreError> {
        ledger_read::passbook(&self.pool, volunteer).await
    }

    async fn pending(&self, community: Option<&CommunityId>) -> Result<Vec<QueueItem>, StoreError> {
        ledger_read::pending(&self.pool, community).await
    }

    async fn request_redemption(
        &self,
        volunteer: &PersonId,
        id: &str,
        points: Points,
        item: &str,
        audit: AuditEntry,
    ) -> Result<(), StoreError> {
        ledger::request_redemption(&self.pool, volunteer, id, points, item, audit).await
    }

    async fn points_rule(&self) -> Result<PointsRule, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(failed)?;
        ledger_read::points_rule_in(&mut conn).await
    }

    async fn set_points_rule(
        &self,
        rule: &PointsRule,
        audit: AuditEntry,
    ) -> Result<(), StoreError> {
        ledger::set_points_rule(&self.pool, rule, audit).await
    }

    async fn push(
        &self,
        actor: &Actor,
        batch: &[Entry],
        captured: u64,
        audit: AuditEntry,
    ) -> Result<PushReply, StoreError> {
        sync::push(&self.pool, actor, batch, captured, audit).await
    }

    async fn pull(
        &self,
        author: &PersonId,
        cursor: u64,
        limit: u32,
    ) -> Result<PullPage, StoreError> {
        sync::pull(&self.pool, author, cursor, limit).await
    }

    async fn sync_health(
        &self,
        scope: Option<&CommunityId>,
        now: DateTime<Utc>,
    ) -> Result<SyncHealth, StoreError> {
        sync_health::sync_health(&self.pool, scope, now).await
    }

    async fn resolve_quarantined(
        &self,
        actor: &Actor,
        number: i64,
        action: QuarantineAction,
        note: &str,
        audit: AuditEntry,
    ) -> Result<(), StoreError> {
        sync_health::resolve(&self.pool, actor, number, action, note, audit).await
    }

    async fn reconcile(
        &self,
        actor: &Actor,
        offered: &Holdings,
        audit: AuditEntry,
    ) -> Result<Reconciled, StoreError> {
        reconcile::reconcile(&self.pool, actor, offered, audit).await
    }

    async fn audit_trail(
        &self,
        community: Option<&CommunityId>,
        filter: &app::domain::audit::AuditFilter,
        limit: u32,
    ) -> Result<app::domain::audit::AuditPage, StoreError> {
        audit::trail(&self.pool, community, filter, limit).await
    }
}
