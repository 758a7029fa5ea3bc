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

use std::collections::{BTreeMap, HashMap};

use anyhow::{bail, ensure, Context};
use futures::TryStreamExt;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
// `Row::try_get` here, not the store's `Cells`: the copy reads any column of any table, trying
// the types a value may have been stored as.
use sqlx::{Any, AnyConnection, AssertSqlSafe, Column, QueryBuilder, Row};

use super::engine::numbered;
use super::{Engine, SqlStore};

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

/// A column's type as the target declares it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Int,
    Real,
    Text,
    Bytes,
}

impl Kind {
    fn of_declared(declared: &str) -> Self {
        let t = declared.to_ascii_uppercase();
        if t.contains("INT") {
            Kind::Int
        } else if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") {
            Kind::Real
        } else if t.contains("BLOB") || t.contains("BYTEA") {
            Kind::Bytes
        } else {
            Kind::Text
        }
    }
}

/// One value, of its column's kind.
#[derive(Clone, Debug)]
enum Value {
    Int(Option<i64>),
    Real(Option<f64>),
    Text(Option<String>),
    Bytes(Option<Vec<u8>>),
}

impl Value {
    /// Reads column `i` of `row` as `kind`, whatever type the source engine stored it as (SQLite
    /// keeps what it was given, so an integer may sit in a text column).
    fn read(row: &AnyRow, i: usize, kind: Kind) -> anyhow::Result<Self> {
        let int = || -> Option<Option<i64>> {
            row.try_get::<Option<i64>, _>(i)
                .ok()
                .or_else(|| {
                    row.try_get::<Option<i32>, _>(i)
                        .ok()
                        .map(|v| v.map(i64::from))
                })
                .or_else(|| {
                    row.try_get::<Option<bool>, _>(i)
                        .ok()
                        .map(|v| v.map(i64::from))
                })
        };
        let value = match kind {
            Kind::Int => int()
                .or_else(|| {
                    row.try_get::<Option<String>, _>(i)
                        .ok()
                        .and_then(|v| match v {
                            None => Some(None),
                            Some(s) => s.parse().ok().map(Some),
                        })
                })
                .map(Value::Int),
            Kind::Real => row
                .try_get::<Option<f64>, _>(i)
                .ok()
                .or_else(|| int().map(|v| v.map(|n| n as f64)))
                .map(Value::Real),
            Kind::Text => row
                .try_get::<Option<String>, _>(i)
                .ok()
                .or_else(|| int().map(|v| v.map(|n| n.to_string())))
                .or_else(|| {
                    row.try_get::<Option<f64>, _>(i)
                        .ok()
                        .map(|v| v.map(|f| f.to_string()))
                })
                .map(Value::Text),
            Kind::Bytes => row.try_get::<Option<Vec<u8>>, _>(i).ok().map(Value::Bytes),
        };
        value.with_context(|| {
            format!(
                "column {} cannot be read as {kind:?}",
                row.columns()[i].name()
            )
        })
    }

    fn push_canonical(&self, out: &mut Vec<u8>) {
        match self {
            Value::Int(Some(n)) => out.extend_from_slice(format!("i{n}").as_bytes()),
            Value::Real(Some(f)) => out.extend_from_slice(format!("r{f:?}").as_bytes()),
            Value::Text(Some(s)) => {
                out.push(b't');
                out.extend_from_slice(s.as_bytes());
            }
            Value::Bytes(Some(b)) => {
                out.push(b'b');
                out.extend_from_slice(b);
            }
            _ => out.push(b'-'),
        }
        out.push(0x1f);
    }

    fn bind(self, query: &mut sqlx::query_builder::Separated<'_, Any, &'static str>) {
        match self {
            Value::Int(v) => query.push_bind(v),
            Value::Real(v) => query.push_bind(v),
            Value::Text(v) => query.push_bind(v),
            Value::Bytes(v) => query.push_bind(v),
        };
    }
}

/// Rows and an order-independent digest of them (the sum of each row's hash), so the two
/// engines need not return rows in the same order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Tally {
    rows: u64,
    digest: u128,
}

impl Tally {
    fn add(&mut self, canonical: &[u8]) {
        let hash = Sha256::digest(canonical);
        let mut first = [0u8; 16];
        first.copy_from_slice(&hash[..16]);
        self.rows += 1;
        self.digest = self.digest.wrapping_add(u128::from_be_bytes(first));
    }
}

/// A table's tally and, for a ledger table, each person's.
#[derive(Debug, Default, PartialEq, Eq)]
struct TableTally {
    all: Tally,
    by_person: HashMap<String, Tally>,
}

impl TableTally {
    fn add(&mut self, values: &[Value], owner: Option<usize>) {
        let mut canonical = Vec::with_capacity(256);
        for v in values {
            v.push_canonical(&mut canonical);
        }
        self.all.add(&canonical);
        if let Some(Value::Text(Some(person))) = owner.map(|i| &values[i]) {
            self.by_person
                .entry(person.clone())
                .or_default()
                .add(&canonical);
        }
    }
}

struct Table {
    name: String,
    columns: Vec<(String, Kind)>,
    owner: Option<usize>,
}

/// Copies every row of `source` into `target`, which must hold no sub-district yet (a database
/// just created, or one `server` has only migrated), and checks the copy before committing it.
pub async fn copy_database(source: &SqlStore, target: &SqlStore) -> anyhow::Result<CopyReport> {
    let people: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM people) + (SELECT COUNT(*) FROM communities)
              + (SELECT COUNT(*) FROM sync_entries) + (SELECT COUNT(*) FROM service_records)",
    )
    .fetch_one(target.pool())
    .await?;
    ensure!(
        people == 0,
        "the target database holds a sub-district already: copy into an empty database"
    );
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_types_of_both_engines_map_to_the_same_kinds() {
        for (declared, kind) in [
            ("INTEGER", Kind::Int),
            ("bigint", Kind::Int),
            ("TEXT", Kind::Text),
            ("text", Kind::Text),
            ("REAL", Kind::Real),
            ("double precision", Kind::Real),
            ("BLOB", Kind::Bytes),
            ("bytea", Kind::Bytes),
            ("", Kind::Text),
        ] {
            assert_eq!(Kind::of_declared(declared), kind, "{declared}");
        }
    }

    #[test]
    fn a_row_tally_tells_values_apart_and_ignores_row_order() {
        let row = |a: Value, b: Value| vec![a, b];
        let mut one = TableTally::default();
        one.add(
            &row(Value::Text(Some("1".into())), Value::Int(None)),
            Some(0),
        );
        one.add(
            &row(Value::Text(Some("2".into())), Value::Int(Some(5))),
            Some(0),
        );
        let mut other_order = TableTally::default();
        other_order.add(
            &row(Value::Text(Some("2".into())), Value::Int(Some(5))),
            Some(0),
        );
        other_order.add(
            &row(Value::Text(Some("1".into())), Value::Int(None)),
            Some(0),
        );
        assert_eq!(one, other_order);

        // NULL is not empty text, nor 0; moving a value to the next column changes the row.
        let mut changed = TableTally::default();
        changed.add(
            &row(Value::Text(Some("1".into())), Value::Int(Some(0))),
            Some(0),
        );
        changed.add(
            &row(Value::Text(Some("2".into())), Value::Int(Some(5))),
            Some(0),
        );
        assert_ne!(one.all, changed.all);
        assert_ne!(one.by_person.get("1"), changed.by_person.get("1"));
        assert_eq!(one.by_person.get("2"), changed.by_person.get("2"));
        let mut shifted = TableTally::default();
        shifted.add(
            &row(Value::Text(Some("12".into())), Value::Text(None)),
            None,
        );
        let mut unshifted = TableTally::default();
        unshifted.add(
            &row(Value::Text(Some("1".into())), Value::Text(Some("2".into()))),
            None,
        );
        assert_ne!(shifted.all, unshifted.all);
    }
}
