//! A row of any table, as the copy reads, writes and compares it: each value read as the kind
//! of column the target declares, whatever the source stored, and rows summed into digests that
//! do not depend on their order.

use std::collections::HashMap;

use anyhow::Context;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
// `Row::try_get` here, not the store's `Cells`: the copy reads any column of any table, trying
// the types a value may have been stored as.
use sqlx::{Any, Column, Row};

/// A column's type as the target declares it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Int,
    Real,
    Text,
    Bytes,
}

impl Kind {
    pub(super) fn of_declared(declared: &str) -> Self {
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
pub(super) enum Value {
    Int(Option<i64>),
    Real(Option<f64>),
    Text(Option<String>),
    Bytes(Option<Vec<u8>>),
}

impl Value {
    /// Reads column `i` of `row` as `kind`, whatever type the source engine stored it as (SQLite
    /// keeps what it was given, so an integer may sit in a text column).
    pub(super) fn read(row: &AnyRow, i: usize, kind: Kind) -> anyhow::Result<Self> {
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

    pub(super) fn bind(self, query: &mut sqlx::query_builder::Separated<'_, Any, &'static str>) {
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
pub(super) struct Tally {
    pub(super) rows: u64,
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
pub(super) struct TableTally {
    pub(super) all: Tally,
    pub(super) by_person: HashMap<String, Tally>,
}

impl TableTally {
    pub(super) fn add(&mut self, values: &[Value], owner: Option<usize>) {
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
