//! The embedded store: SQLite in WAL mode, for a sub-district on one machine.

use std::str::FromStr;
use std::time::Duration;

use app::api::store::{Store, StoreError};
use app::domain::{CommunitySummary, Minutes, Overview};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};

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

fn failed(e: sqlx::Error) -> StoreError {
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
        // One read transaction: the figures come from one snapshot.
        let mut tx = self.pool.begin().await.map_err(failed)?;
        let sub_district: Option<String> =
            sqlx::query_scalar("SELECT name FROM sub_district WHERE id = 1")
                .fetch_optional(&mut *tx)
                .await
                .map_err(failed)?;
        let rows = sqlx::query(OVERVIEW_SQL)
            .fetch_all(&mut *tx)
            .await
            .map_err(failed)?;
        tx.commit().await.map_err(failed)?;
        let communities = rows
            .iter()
            .map(|r| CommunitySummary {
                name: r.get("name"),
                volunteers: r.get("volunteers"),
                households: r.get("households"),
                open_wishes: r.get("open_wishes"),
                verified: Minutes(r.get("verified_minutes")),
            })
            .collect();
        Ok(Overview {
            sub_district: sub_district.unwrap_or_default(),
            communities,
        })
    }
}

/// Per community. A wish is open when approved, not fulfilled or withdrawn, and with room for
/// another claimer; a line counts once verified.
const OVERVIEW_SQL: &str = "
SELECT c.name,
  (SELECT COUNT(*) FROM people p WHERE p.community_id = c.id AND p.role = 'volunteer') AS volunteers,
  (SELECT COUNT(*) FROM households h WHERE h.community_id = c.id) AS households,
  (SELECT COUNT(*) FROM wishes w WHERE w.community_id = c.id
     AND EXISTS (SELECT 1 FROM wish_events e WHERE e.wish_id = w.id AND e.kind = 'approved')
     AND NOT EXISTS (SELECT 1 FROM wish_events e WHERE e.wish_id = w.id AND e.kind IN ('fulfilled', 'withdrawn'))
     AND (SELECT COUNT(*) FROM wish_events e WHERE e.wish_id = w.id AND e.kind = 'claimed') < w.capacity
  ) AS open_wishes,
  (SELECT COALESCE(SUM(r.minutes), 0) FROM service_records r WHERE r.community_id = c.id
     AND EXISTS (SELECT 1 FROM record_events e WHERE e.record_id = r.id AND e.kind = 'verified')
  ) AS verified_minutes
FROM communities c
ORDER BY c.created_at, c.name";
