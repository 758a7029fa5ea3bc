//! `server backup`: a consistent copy of a running SQLite install.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

use super::{Engine, SqlStore};

impl SqlStore {
    /// Writes a consistent copy of the whole database to a new file at `to`, while the server
    /// keeps running (SQLite's `VACUUM INTO`: one read transaction, so writers are not stopped
    /// and the copy is one moment of the ledger). Opens the database without migrating it, so
    /// a newer binary never changes the running server's database. Refuses to overwrite.
    pub async fn backup(url: &str, to: &std::path::Path) -> anyhow::Result<()> {
        use anyhow::Context;
        anyhow::ensure!(
            Engine::of_url(url)? == Engine::Sqlite,
            "`backup` copies an SQLite database; back up PostgreSQL with its own tools (pg_dump, or \
             a replica), as its operators already do"
        );
        anyhow::ensure!(
            !to.exists(),
            "{} exists already: name a new file",
            to.display()
        );
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(false)
            .read_only(true)
            .busy_timeout(Duration::from_secs(30));
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .with_context(|| format!("opening {url}"))?;
        let target = to
            .to_str()
            .context("the backup's path must be valid text")?
            .to_string();
        sqlx::query("VACUUM INTO ?")
            .bind(&target)
            .execute(&pool)
            .await
            .with_context(|| format!("writing the backup to {target}"))?;
        // Prove the copy is whole before saying so.
        let check = SqliteConnectOptions::from_str(&format!("sqlite://{target}"))?.read_only(true);
        let copy = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(check)
            .await?;
        let verdict: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&copy)
            .await?;
        copy.close().await;
        pool.close().await;
        anyhow::ensure!(
            verdict == "ok",
            "the backup failed its integrity check: {verdict}"
        );
        Ok(())
    }
}
