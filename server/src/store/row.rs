//! Reading a column the same way on both engines.

use sqlx::any::AnyRow;

use super::Flag;

/// A value read from a column. Everything reads as sqlx reads it, except yes/no: PostgreSQL
/// answers `EXISTS (…)` with a boolean and SQLite with 0 or 1, and sqlx's `Any` driver reads a
/// `bool` only from a boolean.
pub(crate) trait Cell: Sized {
    fn read(row: &AnyRow, column: &str) -> Result<Self, sqlx::Error>;
}

macro_rules! as_sqlx_reads_it {
    ($($t:ty),* $(,)?) => {
        $(impl Cell for $t {
            fn read(row: &AnyRow, column: &str) -> Result<Self, sqlx::Error> {
                sqlx::Row::try_get(row, column)
            }
        })*
    };
}

as_sqlx_reads_it!(
    String,
    i64,
    i32,
    f64,
    Option<String>,
    Option<i64>,
    Option<i32>,
    Option<f64>,
    Flag,
    Option<Flag>,
);

impl Cell for bool {
    fn read(row: &AnyRow, column: &str) -> Result<Self, sqlx::Error> {
        sqlx::Row::try_get::<Flag, _>(row, column).map(bool::from)
    }
}

impl Cell for Option<bool> {
    fn read(row: &AnyRow, column: &str) -> Result<Self, sqlx::Error> {
        sqlx::Row::try_get::<Option<Flag>, _>(row, column).map(|f| f.map(bool::from))
    }
}

/// `row.get("column")` for the store's rows, through [`Cell`].
pub(crate) trait Cells {
    /// The column's value; panics when the column is missing or of another type, which is a
    /// mistake in the statement (as `sqlx::Row::get`).
    fn get<T: Cell, C: AsRef<str>>(&self, column: C) -> T;
}

impl Cells for AnyRow {
    fn get<T: Cell, C: AsRef<str>>(&self, column: C) -> T {
        let column = column.as_ref();
        match T::read(self, column) {
            Ok(value) => value,
            Err(e) => panic!("reading column {column}: {e}"),
        }
    }
}
