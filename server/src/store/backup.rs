//! `server backup`: a consistent copy of a running SQLite install.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};

use super::hosted::{sub_district_file, sub_district_path};
use super::{Engine, SqlStore};

impl SqlStore {
    /// Writes a consistent copy of the whole database to a new file at `to`, while the server
    /// keeps running (SQLite's `VACUUM INTO`: one read transaction, so writers are not stopped
    /// and the copy is one moment of the ledger). Opens the database without migrating it, so
    /// a newer binary never changes the running server's database. Refuses to overwrite.
    ///
    /// A district's or city's install is backed up whole: each sub-district it lists is
    /// written beside `to` (`backup.db` → `backup.<code>.db`), each one moment of its own
    /// ledger (they share no rows, so no moment across them is needed). Returns the files
    /// written.
    pub async fn backup(url: &str, to: &Path) -> anyhow::Result<Vec<PathBuf>> {
        anyhow::ensure!(
            Engine::of_url(url)? == Engine::Sqlite,
            "`backup` copies an SQLite database; back up PostgreSQL with its own tools (pg_dump, or \
             a replica), as its operators already do"
        );
        let home = read_only(url).await?;
        let codes = listed_codes(&home).await;
        home.close().await;
        let to_url = format!(
            "sqlite://{}",
            to.to_str()
                .context("the backup's path must be valid text")?
        );
        let mut copies = vec![(url.to_string(), to.to_path_buf())];
        for code in codes? {
            let source = sub_district_path(url, &code)?;
            anyhow::ensure!(
                source.exists(),
                "sub-district {code} is listed but {} is missing: nothing was written",
                source.display()
            );
            copies.push((
                sub_district_file(url, &code)?,
                sub_district_path(&to_url, &code)?,
            ));
        }
        for (_, target) in &copies {
            anyhow::ensure!(
                !target.exists(),
                "{} exists already: name a new file",
                target.display()
            );
        }
        for (source, target) in &copies {
            vacuum_into(source, target).await?;
        }
        Ok(copies.into_iter().map(|(_, target)| target).collect())
    }
}

/// The database at `url`, read only and not migrated.
async fn read_only(url: &str) -> anyhow::Result<SqlitePool> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(false)
        .read_only(true)
        .busy_timeout(Duration::from_secs(30));
    SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .with_context(|| format!("opening {url}"))
}

/// The codes of the sub-districts the home database lists (none before migration 0024).
async fn listed_codes(home: &SqlitePool) -> anyhow::Result<Vec<String>> {
    let listed: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'hosted_sub_districts')",
    )
    .fetch_one(home)
    .await?;
    if !listed {
        return Ok(Vec::new());
    }
    Ok(
        sqlx::query_scalar("SELECT code FROM hosted_sub_districts ORDER BY created_at, code")
            .fetch_all(home)
            .await?,
    )
}

/// One database written to the new file `target` and proved whole.
async fn vacuum_into(url: &str, target: &Path) -> anyhow::Result<()> {
    let pool = read_only(url).await?;
    let target = target
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
        "the backup {target} failed its integrity check: {verdict}"
    );
    Ok(())
}
