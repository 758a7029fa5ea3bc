//! What differs between the two engines the store runs on: connecting, migrations, how a
//! writing transaction serializes, and the placeholders of statements built at run time.

use std::time::Duration;

use app::api::ports::StoreError;
use sqlx::any::{AnyArguments, AnyPoolOptions};
use sqlx::{Any, AnyPool, Execute, QueryBuilder, Transaction};

use super::failed;

/// The SQL engine behind a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// Embedded, one file, one writer at a time: a sub-district (or a small district) on one
    /// machine.
    Sqlite,
    /// A server: many app servers in front of one database.
    Postgres,
}

/// PostgreSQL's stand-in for SQLite's single writer: every writing transaction takes this
/// transaction-scoped advisory lock first, so writes apply one after another exactly as they
/// do on SQLite, and change numbers commit in the order they are taken (a reader paging by the
/// change cursor never passes a number whose row commits later). Reads never wait for it.
/// The lock is the pair (this, the connection's schema): each sub-district of a city keeps its
/// own schema, and writes in one never wait for another's.
const WRITER_LOCK: i32 = 0x4c6f_7665; // "Love"

impl Engine {
    /// The engine a database URL names.
    pub fn of_url(url: &str) -> anyhow::Result<Self> {
        match url.split_once(':').map(|(scheme, _)| scheme) {
            Some("sqlite") => Ok(Self::Sqlite),
            Some("postgres" | "postgresql") => Ok(Self::Postgres),
            _ => anyhow::bail!(
                "the database URL must begin with sqlite:// or postgres:// (got {url:?})"
            ),
        }
    }

    /// The engine behind a pool.
    pub fn of(pool: &AnyPool) -> Self {
        match pool.connect_options().database_url.scheme() {
            "postgres" | "postgresql" => Self::Postgres,
            _ => Self::Sqlite,
        }
    }

    /// The engine behind a connection.
    pub fn of_connection(conn: &sqlx::AnyConnection) -> Self {
        match conn.backend_name() {
            "PostgreSQL" => Self::Postgres,
            _ => Self::Sqlite,
        }
    }

    pub(crate) fn migrator(self) -> &'static sqlx::migrate::Migrator {
        match self {
            Self::Sqlite => &super::SQLITE_MIGRATOR,
            Self::Postgres => &super::POSTGRES_MIGRATOR,
        }
    }

    /// A pool on `url`; on PostgreSQL in `schema` (a sub-district of a city) when one is given,
    /// which every connection then reads and writes by default.
    pub(crate) async fn connect(self, url: &str, schema: Option<&str>) -> anyhow::Result<AnyPool> {
        let search_path = schema.map(|s| format!("SET search_path TO \"{s}\""));
        sqlx::any::install_default_drivers();
        let pool = match self {
            Self::Sqlite => {
                // Create the file when it is missing, as the embedded default should.
                let url = if url.contains("mode=") {
                    url.to_string()
                } else if url.contains('?') {
                    format!("{url}&mode=rwc")
                } else {
                    format!("{url}?mode=rwc")
                };
                AnyPoolOptions::new()
                    .max_connections(8)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            // WAL: readers never wait for the writer. FULL: a write the server
                            // acknowledged survives a power cut, not only a crash of the
                            // process; a ledger cannot trade that for speed. (sqlx already
                            // turns foreign keys on and waits 5 s for a busy database.)
                            sqlx::query("PRAGMA journal_mode = WAL")
                                .execute(&mut *conn)
                                .await?;
                            sqlx::query("PRAGMA synchronous = FULL")
                                .execute(&mut *conn)
                                .await?;
                            sqlx::query("PRAGMA foreign_keys = ON")
                                .execute(&mut *conn)
                                .await?;
                            Ok(())
                        })
                    })
                    .connect(&url)
                    .await?
            }
            Self::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .after_connect(move |conn, _| {
                        let search_path = search_path.clone();
                        Box::pin(async move {
                            if let Some(set) = search_path {
                                sqlx::query(sqlx::AssertSqlSafe(set))
                                    .execute(&mut *conn)
                                    .await?;
                            }
                            // Reads plan every statement for its own values. sqlx keeps each
                            // statement prepared, and after five runs PostgreSQL may switch
                            // to one generic plan, which cannot drop a `$1 IS NULL OR …`
                            // filter it does not know is off: the statistics' export went from
                            // 1.1 s to 2.0 s once its connection had run the statistics five
                            // times. Writes keep the cached plans (`begin_write`).
                            sqlx::query("SET plan_cache_mode = force_custom_plan")
                                .execute(&mut *conn)
                                .await?;
                            Ok(())
                        })
                    })
                    .connect(url)
                    .await?
            }
        };
        Ok(pool)
    }
}

/// Begins a transaction that writes. On SQLite, `BEGIN IMMEDIATE`: the write lock is taken at
/// once, so what the transaction reads stays true until it commits. On PostgreSQL the same
/// through [`WRITER_LOCK`].
pub(crate) async fn begin_write(pool: &AnyPool) -> Result<Transaction<'static, Any>, StoreError> {
    match Engine::of(pool) {
        Engine::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await.map_err(failed),
        Engine::Postgres => {
            let mut tx = pool.begin().await.map_err(failed)?;
            // `pg_advisory_xact_lock` returns `void`, which no driver reads: select something
            // else, here what also gives the write path back its cached plans (the push's
            // small statements, run thousands of times, gain nothing from being planned anew)
            // for this transaction only, in the same round trip.
            sqlx::query(
                "SELECT set_config('plan_cache_mode', 'auto', true)
                 FROM pg_advisory_xact_lock($1, hashtext(current_schema()))",
            )
            .bind(WRITER_LOCK)
            .execute(&mut *tx)
            .await
            .map_err(failed)?;
            Ok(tx)
        }
    }
}

/// Begins a transaction that only reads, from one snapshot (several statements that must agree,
/// such as a passbook's lines and its redemptions).
pub(crate) async fn begin_read(pool: &AnyPool) -> Result<Transaction<'static, Any>, StoreError> {
    match Engine::of(pool) {
        Engine::Sqlite => pool.begin().await.map_err(failed),
        Engine::Postgres => pool
            .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .await
            .map_err(failed),
    }
}

/// Begins a read of one record's few hundred rows (a household's file, the agreements): one
/// snapshot, and on PostgreSQL no parallel workers. Its planner reads the partial index of
/// reversals as if it held every line, costs the anti-join as a large scan and starts two
/// workers, whose start-up took longer than the work: a household's file went from 71 to 13 ms
/// without them. The big reports keep parallel plans, which pay off on a server with cores.
pub(crate) async fn begin_small_read(
    pool: &AnyPool,
) -> Result<Transaction<'static, Any>, StoreError> {
    let mut tx = begin_read(pool).await?;
    if Engine::of(pool) == Engine::Postgres {
        sqlx::query("SET LOCAL max_parallel_workers_per_gather = 0")
            .execute(&mut *tx)
            .await
            .map_err(failed)?;
    }
    Ok(tx)
}

/// A statement built at run time, with the placeholders `engine` reads: sqlx's builder writes
/// `?` for the `Any` driver, which PostgreSQL refuses, so there they become `$1`, `$2`, …. SQLite
/// keeps `?`: it looks each `$n` up by name among those before it, which made a 10,500-value
/// insert (500 ledger lines) take a third of a second to prepare.
pub(crate) fn numbered(
    builder: &mut QueryBuilder<Any>,
    engine: Engine,
) -> sqlx::query::Query<'static, Any, AnyArguments> {
    let mut query = builder.build();
    let arguments = query.take_arguments().ok().flatten().unwrap_or_default();
    let sql = match engine {
        Engine::Sqlite => query.sql().as_str().to_string(),
        Engine::Postgres => dollar_placeholders(query.sql().as_str()),
    };
    sqlx::query_with(sqlx::AssertSqlSafe(sql), arguments)
}

/// `?` outside quoted text becomes `$1`, `$2`, … in order.
fn dollar_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + sql.len() / 8);
    let mut quoted = false;
    let mut n = 0;
    for c in sql.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                out.push(c);
            }
            '?' if !quoted => {
                n += 1;
                out.push('$');
                out.push_str(&n.to_string());
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_outside_quotes_only() {
        assert_eq!(
            dollar_placeholders("SELECT a FROM t WHERE b = ? AND c = 'why?' AND d IN (?, ?)"),
            "SELECT a FROM t WHERE b = $1 AND c = 'why?' AND d IN ($2, $3)"
        );
    }

    #[test]
    fn urls_name_their_engine() {
        assert_eq!(
            Engine::of_url("sqlite://data/x.db").expect("sqlite"),
            Engine::Sqlite
        );
        assert_eq!(
            Engine::of_url("postgres://u@localhost:5432/lovebank").expect("pg"),
            Engine::Postgres
        );
        assert!(Engine::of_url("mysql://x").is_err());
        assert!(Engine::of_url("lovebank.db").is_err());
    }
}
