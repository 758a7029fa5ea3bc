//! Moving a deployment: every row of one database copied into an empty one of either engine
//! (SQLite into PostgreSQL when a district outgrows one machine, or back), then checked before
//! anything is kept. The copy is one transaction on the target: if a count, a table's digest
//! or one person's ledger differs, or a reference points nowhere, nothing is kept.
//!
//! Rows are read from the source in one snapshot, converted to the target's declared column
//! types, and inserted many at a time. Insert triggers (the closed-activity guard) are off for
//! the copy, since it restores history rather than making it, and references are checked at
//! the end, since rows that refer to rows of their own table (a reversal, a merged person) may
//! come in any order.

use std::collections::BTreeMap;

use anyhow::{bail, ensure, Context};
use futures::TryStreamExt;
use sqlx::{Any, AnyConnection, AssertSqlSafe, QueryBuilder};

use super::engine::numbered;
use super::{Engine, SqlStore};

mod install;
mod rows;

pub use install::{copy_install, InstallCopyReport};

use rows::{Kind, TableTally, Value};

/// The tables whose rows are a person's ledger, and the column that names the person: each
/// person's rows are compared on their own, so a report can name whose ledger differs.
const LEDGERS: [(&str, &str); 3] = [
    ("service_records", "volunteer_id"),
    ("redemptions", "volunteer_id"),
    ("sync_entries", "author_id"),
];

/// What a finished copy holds.
#[derive(Debug)]
pub struct CopyReport {
    /// Every table and its rows, in the target.
    pub tables: Vec<(String, u64)>,
    /// People whose ledger lines were compared one by one (all matched).
    pub people: usize,
}

struct Table {
    name: String,
    columns: Vec<(String, Kind)>,
    owner: Option<usize>,
}

/// Copies every row of `source` into `target`, which must hold no sub-district yet (a database
/// just created, or one `server` has only migrated), and checks the copy before committing it.
pub async fn copy_database(source: &SqlStore, target: &SqlStore) -> anyhow::Result<CopyReport> {
    ensure_empty(target).await?;
    let tables = tables(target).await?;
    let source_names: Vec<String> = tables_of(source).await?;
    for table in &tables {
        ensure!(
            source_names.contains(&table.name),
            "the source has no table {}: is it the same version of Love Bank?",
            table.name
        );
    }

    let mut read = source.pool().begin().await?;
    if source.engine() == Engine::Postgres {
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .execute(&mut *read)
            .await?;
    }
    let mut write = target.pool().acquire().await?;
    let triggers = begin_copy(&mut write, target.engine(), &tables).await?;
    let copied = copy_and_check(&mut read, &mut write, target.engine(), &tables, triggers).await;
    read.rollback().await?;
    if copied.is_err() {
        // Whatever failed, the target is left as it was.
        let _ = sqlx::query("ROLLBACK").execute(&mut *write).await;
    }
    copied
}

async fn copy_and_check(
    read: &mut sqlx::Transaction<'static, Any>,
    write: &mut AnyConnection,
    engine: Engine,
    tables: &[Table],
    triggers: Vec<String>,
) -> anyhow::Result<CopyReport> {
    let mut report = CopyReport {
        tables: Vec::new(),
        people: 0,
    };
    let mut checked_people = std::collections::BTreeSet::new();
    for table in tables {
        let copied = copy_table(read, write, engine, table).await?;
        let stored = tally(write, table).await?;
        ensure!(
            stored.all.rows == copied.all.rows,
            "{}: {} rows copied, {} stored — nothing was kept",
            table.name,
            copied.all.rows,
            stored.all.rows
        );
        if stored.by_person != copied.by_person {
            let differs = copied
                .by_person
                .iter()
                .find(|(person, t)| stored.by_person.get(*person) != Some(t))
                .map(|(person, _)| person.clone())
                .unwrap_or_default();
            bail!(
                "{}: the ledger of person {differs} differs in the copy — nothing was kept",
                table.name
            );
        }
        ensure!(
            stored.all == copied.all,
            "{}: the copy's rows differ from the source's — nothing was kept",
            table.name
        );
        checked_people.extend(copied.by_person.into_keys());
        report.tables.push((table.name.clone(), stored.all.rows));
    }
    report.people = checked_people.len();
    end_copy(write, engine, tables, triggers).await?;
    Ok(report)
}

/// Refuses a target that holds a sub-district already.
async fn ensure_empty(target: &SqlStore) -> anyhow::Result<()> {
    let rows: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM people) + (SELECT COUNT(*) FROM communities)
              + (SELECT COUNT(*) FROM sync_entries) + (SELECT COUNT(*) FROM service_records)
              + (SELECT COUNT(*) FROM hosted_sub_districts)",
    )
    .fetch_one(target.pool())
    .await?;
    ensure!(
        rows == 0,
        "目标数据库已有数据，请复制到空数据库 / the target database holds a sub-district already: \
         copy into an empty database"
    );
    Ok(())
}

/// The target's tables (not the migrations' own), with their columns as declared.
async fn tables(store: &SqlStore) -> anyhow::Result<Vec<Table>> {
    let mut out = Vec::new();
    for name in tables_of(store).await? {
        let columns: Vec<(String, String)> = match store.engine() {
            Engine::Sqlite => sqlx::query_as("SELECT name, type FROM pragma_table_info($1) ORDER BY cid"),
            Engine::Postgres => sqlx::query_as(
                "SELECT CAST(column_name AS TEXT), CAST(data_type AS TEXT) FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
            ),
        }
        .bind(&name)
        .fetch_all(store.pool())
        .await?;
        let owner = LEDGERS
            .iter()
            .find(|(t, _)| *t == name)
            .and_then(|(_, column)| columns.iter().position(|(c, _)| c == column));
        out.push(Table {
            columns: columns
                .into_iter()
                .map(|(c, t)| (c, Kind::of_declared(&t)))
                .collect(),
            name,
            owner,
        });
    }
    Ok(out)
}

async fn tables_of(store: &SqlStore) -> anyhow::Result<Vec<String>> {
    let sql = match store.engine() {
        Engine::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
               AND name <> '_sqlx_migrations' ORDER BY name"
        }
        Engine::Postgres => {
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
               AND table_name <> '_sqlx_migrations' ORDER BY table_name"
        }
    };
    Ok(sqlx::query_scalar(sql).fetch_all(store.pool()).await?)
}

/// Opens the copy's transaction on the target: references checked at commit, insert triggers
/// off, and the rows the migrations seeded (the first points rule) cleared for the source's.
/// Returns SQLite's triggers, to be made again at the end.
async fn begin_copy(
    conn: &mut AnyConnection,
    engine: Engine,
    tables: &[Table],
) -> anyhow::Result<Vec<String>> {
    let mut triggers = Vec::new();
    match engine {
        Engine::Sqlite => {
            sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await?;
            sqlx::query("PRAGMA defer_foreign_keys = ON")
                .execute(&mut *conn)
                .await?;
            let found: Vec<(String, String)> = sqlx::query_as(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name",
            )
            .fetch_all(&mut *conn)
            .await?;
            for (name, sql) in found {
                sqlx::query(AssertSqlSafe(format!("DROP TRIGGER \"{name}\"")))
                    .execute(&mut *conn)
                    .await?;
                triggers.push(sql);
            }
        }
        Engine::Postgres => {
            sqlx::query("BEGIN").execute(&mut *conn).await?;
            sqlx::query("SET CONSTRAINTS ALL DEFERRED")
                .execute(&mut *conn)
                .await?;
            for table in tables {
                sqlx::query(AssertSqlSafe(format!(
                    "ALTER TABLE \"{}\" DISABLE TRIGGER USER",
                    table.name
                )))
                .execute(&mut *conn)
                .await?;
            }
        }
    }
    for table in tables {
        sqlx::query(AssertSqlSafe(format!("DELETE FROM \"{}\"", table.name)))
            .execute(&mut *conn)
            .await?;
    }
    Ok(triggers)
}

/// Turns the triggers back on, moves PostgreSQL's counters past the copied numbers, and commits
/// (where the deferred references are checked).
async fn end_copy(
    conn: &mut AnyConnection,
    engine: Engine,
    tables: &[Table],
    triggers: Vec<String>,
) -> anyhow::Result<()> {
    match engine {
        Engine::Sqlite => {
            for sql in triggers {
                sqlx::query(AssertSqlSafe(sql)).execute(&mut *conn).await?;
            }
            let broken: Vec<(String,)> =
                sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
                    .fetch_all(&mut *conn)
                    .await?;
            if let Some((table,)) = broken.first() {
                bail!("{table}: a copied row refers to a row that is not there — nothing was kept");
            }
        }
        Engine::Postgres => {
            // The deferred references are checked here, before the triggers can be altered.
            sqlx::query("SET CONSTRAINTS ALL IMMEDIATE")
                .execute(&mut *conn)
                .await
                .context("a copied row refers to a row that is not there — nothing was kept")?;
            for table in tables {
                sqlx::query(AssertSqlSafe(format!(
                    "ALTER TABLE \"{}\" ENABLE TRIGGER USER",
                    table.name
                )))
                .execute(&mut *conn)
                .await?;
            }
            let identities: Vec<(String, String)> = sqlx::query_as(
                "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT) FROM information_schema.columns
                 WHERE table_schema = current_schema() AND is_identity = 'YES'",
            )
            .fetch_all(&mut *conn)
            .await?;
            for (table, column) in identities {
                sqlx::query_scalar::<_, i64>(AssertSqlSafe(format!(
                    "SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'),
                       (SELECT COALESCE(MAX(\"{column}\"), 0) + 1 FROM \"{table}\"), false)"
                )))
                .fetch_one(&mut *conn)
                .await?;
            }
        }
    }
    sqlx::query("COMMIT")
        .execute(&mut *conn)
        .await
        .context("committing the copy (a copied row may refer to a row that is not there) — nothing was kept")?;
    Ok(())
}

fn column_list(table: &Table) -> String {
    table
        .columns
        .iter()
        .map(|(c, _)| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Streams the source table into the target, many rows per statement; returns what it read.
async fn copy_table(
    read: &mut sqlx::Transaction<'static, Any>,
    write: &mut AnyConnection,
    engine: Engine,
    table: &Table,
) -> anyhow::Result<TableTally> {
    let columns = column_list(table);
    let select = format!("SELECT {columns} FROM \"{}\"", table.name);
    // Under both engines' limits on parameters in one statement.
    let per_statement = (30_000 / table.columns.len()).clamp(1, 500);
    let mut rows = sqlx::query(AssertSqlSafe(select)).fetch(&mut **read);
    let mut tally = TableTally::default();
    let mut pending: Vec<Vec<Value>> = Vec::with_capacity(per_statement);
    loop {
        let row = rows.try_next().await?;
        if let Some(row) = &row {
            let values = table
                .columns
                .iter()
                .enumerate()
                .map(|(i, (_, kind))| Value::read(row, i, *kind))
                .collect::<anyhow::Result<Vec<_>>>()
                .with_context(|| format!("reading {}", table.name))?;
            tally.add(&values, table.owner);
            pending.push(values);
        }
        if !pending.is_empty() && (row.is_none() || pending.len() == per_statement) {
            let mut insert =
                QueryBuilder::<Any>::new(format!("INSERT INTO \"{}\" ({columns}) ", table.name));
            insert.push_values(pending.drain(..), |mut list, values| {
                for value in values {
                    value.bind(&mut list);
                }
            });
            numbered(&mut insert, engine)
                .execute(&mut *write)
                .await
                .with_context(|| format!("writing {}", table.name))?;
        }
        if row.is_none() {
            return Ok(tally);
        }
    }
}

/// What the target holds of a table, read back inside the copy's transaction.
async fn tally(conn: &mut AnyConnection, table: &Table) -> anyhow::Result<TableTally> {
    let select = format!("SELECT {} FROM \"{}\"", column_list(table), table.name);
    let mut rows = sqlx::query(AssertSqlSafe(select)).fetch(&mut *conn);
    let mut tally = TableTally::default();
    while let Some(row) = rows.try_next().await? {
        let values = table
            .columns
            .iter()
            .enumerate()
            .map(|(i, (_, kind))| Value::read(&row, i, *kind))
            .collect::<anyhow::Result<Vec<_>>>()?;
        tally.add(&values, table.owner);
    }
    Ok(tally)
}

/// The report as the command prints it.
impl std::fmt::Display for CopyReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let by_name: BTreeMap<_, _> = self.tables.iter().cloned().collect();
        for (name, rows) in by_name {
            writeln!(f, "  {name:<32} {rows:>10}")?;
        }
        write!(
            f,
            "{} tables, every count and digest equal; {} people's ledgers compared one by one",
            self.tables.len(),
            self.people
        )
    }
}
