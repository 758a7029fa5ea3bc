//! The browser's own database (IndexedDB): the outbox of entries not yet acknowledged, the copy
//! of what the server holds for the people who use this browser, the pull cursors and the device
//! identity. Everything else in the app goes through this module's small interface.
//!
//! Keys and values are strings (JSON for values): zero-padded numbers keep keys in order, and a
//! range over `person + SEP` reads one person's view without an index. A view row holds a JSON
//! array of changes: a whole pulled page, or the one change of a push reply.

use std::cell::Cell;
use std::rc::Rc;

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{
    Transaction, TransactionDurability, TransactionMode, TransactionOptions,
};
use indexed_db_futures::KeyRange;

use super::error::LocalError;
use crate::domain::ids::PersonId;
use crate::domain::sync::{Change, DeviceState, Entry, Holdings};

mod replies;

pub const DB_NAME: &str = "lovebank";
/// 1: meta, outbox, view. 2: quarantine. Upgrades only add; an outbox survives every one.
pub const DB_VERSION: u32 = 2;

const META: &str = "meta";
const OUTBOX: &str = "outbox";
const VIEW: &str = "view";
const QUARANTINE: &str = "quarantine";
const SEP: char = '\u{1}';

/// The local database, open.
#[derive(Clone)]
pub struct LocalDb {
    db: Database,
    device: String,
    /// Set when a newer version of the app asked for the database (an upgrade in another tab):
    /// this connection has closed so the upgrade is not blocked, and must not be used again.
    closed: Rc<Cell<bool>>,
}

fn seq_key(seq: u64) -> String {
    format!("{seq:020}")
}

fn view_key(author: &PersonId, change: u64) -> String {
    format!("{}{SEP}{change:020}", author.as_str())
}

fn person_range(person: &PersonId) -> KeyRange<String> {
    KeyRange::Bound(
        format!("{}{SEP}", person.as_str()),
        false,
        format!("{}\u{2}", person.as_str()),
        false,
    )
}

fn holdings_key(person: &PersonId) -> String {
    format!("held{SEP}{}", person.as_str())
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, LocalError> {
    serde_json::to_string(value).map_err(|e| LocalError::Corrupt(e.to_string()))
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, LocalError> {
    crate::domain::json::from_json(text).map_err(|e| LocalError::Corrupt(e.to_string()))
}

impl LocalDb {
    /// Opens (creating or upgrading) the app's database.
    pub async fn open() -> Result<LocalDb, LocalError> {
        Self::open_named(DB_NAME, DB_VERSION).await
    }

    /// Opens a database by name at a schema version (tests open old versions to try upgrades).
    pub async fn open_named(name: &str, version: u32) -> Result<LocalDb, LocalError> {
        let db = Database::open(name)
            .with_version(version)
            .with_on_upgrade_needed(|event, db| {
                let old = event.old_version() as u32;
                if old < 1 {
                    db.create_object_store(META).build()?;
                    db.create_object_store(OUTBOX).build()?;
                    db.create_object_store(VIEW).build()?;
                }
                if old < 2 && event.new_version().unwrap_or(0.0) as u32 >= 2 {
                    db.create_object_store(QUARANTINE).build()?;
                }
                Ok(())
            })
            .await?;
        let device = Self::device_id(&db).await?;
        let closed = Rc::new(Cell::new(false));
        // A page of an older release keeping its connection open would block a newer release's
        // upgrade forever ("blocked"): let go as soon as it is asked.
        if let Ok(mut changes) = db.version_changes() {
            let (connection, flag) = (db.clone(), closed.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if changes.recv().await.is_some() {
                    flag.set(true);
                    drop(changes);
                    connection.close();
                }
            });
        }
        Ok(LocalDb { db, device, closed })
    }

    /// True once this connection let go for a newer version of the app (see [`LocalDb::open`]).
    pub fn closed_for_upgrade(&self) -> bool {
        self.closed.get()
    }

    /// The device's id, made once per browser database. Two tabs opening at once agree: the
    /// read-write transactions on `meta` run one after the other.
    async fn device_id(db: &Database) -> Result<String, LocalError> {
        let tx = db
            .transaction(META)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let meta = tx.object_store(META)?;
        let existing: Option<String> = meta.get("device").await?;
        let device = match existing {
            Some(device) => device,
            None => {
                let device = uuid::Uuid::now_v7().to_string();
                meta.put(device.clone()).with_key("device").await?;
                device
            }
        };
        tx.commit().await?;
        Ok(device)
    }

    pub fn device(&self) -> &str {
        &self.device
    }

    pub fn close(self) {
        self.db.close();
    }

    fn strict<'a>(&'a self, stores: &'a [&'a str]) -> Result<Transaction<'a>, LocalError> {
        Ok(self
            .db
            .transaction(stores)
            .with_mode(TransactionMode::Readwrite)
            .with_options(TransactionOptions::new().with_durability(TransactionDurability::Strict))
            .build()?)
    }

    /// Captures an entry: the device's next sequence number and the outbox row, in one
    /// strict-durability transaction. Returns once it is on disk; only then may the page say
    /// "saved on this phone".
    pub async fn capture(
        &self,
        id: String,
        author: PersonId,
        kind: &str,
        body: String,
    ) -> Result<Entry, LocalError> {
        let tx = self.strict(&[META, OUTBOX])?;
        let meta = tx.object_store(META)?;
        let outbox = tx.object_store(OUTBOX)?;
        let device_key = format!("device{SEP}{}", author.as_str());
        let device_id = match meta.get::<String, _, _>(device_key.clone()).await? {
            Some(device) => device,
            None => {
                // The browser's first person keeps its device id (entries of before carry it);
                // anyone else gets their own, since the server binds an id to one person.
                let owner: Option<String> = meta.get("device_owner").await?;
                let device = if owner.is_none() {
                    meta.put(author.as_str().to_string())
                        .with_key("device_owner")
                        .await?;
                    self.device.clone()
                } else {
                    uuid::Uuid::now_v7().to_string()
                };
                meta.put(device.clone()).with_key(device_key).await?;
                device
            }
        };
        let seq_meta = self.last_seq_key(&device_id);
        let last: Option<String> = meta.get(seq_meta.clone()).await?;
        let mut device = DeviceState::new(device_id);
        device.last_seq = last.and_then(|s| s.parse().ok()).unwrap_or(0);
        let entry = device.capture(id, author, kind, body);
        outbox
            .add(to_json(&entry)?)
            .with_key(self.outbox_key(&entry))
            .await?;
        meta.put(entry.seq.to_string()).with_key(seq_meta).await?;
        tx.commit().await?;
        Ok(entry)
    }

    /// Where the last sequence number of `device` is kept (the browser's own id: where it
    /// always was).
    fn last_seq_key(&self, device: &str) -> String {
        if device == self.device {
            "last_seq".into()
        } else {
            format!("last_seq{SEP}{device}")
        }
    }

    /// The outbox key of an entry: its number, after its device for ids other than the
    /// browser's own (numbers of two devices may be equal).
    fn outbox_key(&self, entry: &Entry) -> String {
        if entry.device == self.device {
            seq_key(entry.seq)
        } else {
            format!("{}{SEP}{}", entry.device, seq_key(entry.seq))
        }
    }

    /// The server refused `device` for `person` (it belongs to someone else: a shared browser
    /// from before ids were per person, or a cloned one). Moves the person's waiting entries of
    /// it to a new device id of their own, numbered from 1, in one strict transaction; the
    /// entries keep their ids, which the server never stored.
    pub async fn take_new_device(
        &self,
        person: &PersonId,
        refused: &str,
    ) -> Result<String, LocalError> {
        let waiting: Vec<Entry> = self
            .outbox()
            .await?
            .into_iter()
            .filter(|e| &e.author == person && e.device == refused)
            .collect();
        let tx = self.strict(&[META, OUTBOX])?;
        let meta = tx.object_store(META)?;
        let outbox = tx.object_store(OUTBOX)?;
        let device = uuid::Uuid::now_v7().to_string();
        meta.put(device.clone())
            .with_key(format!("device{SEP}{}", person.as_str()))
            .await?;
        let mut seq = 0;
        for mut entry in waiting {
            outbox.delete(self.outbox_key(&entry)).await?;
            seq += 1;
            entry.device = device.clone();
            entry.seq = seq;
            outbox
                .add(to_json(&entry)?)
                .with_key(self.outbox_key(&entry))
                .await?;
        }
        meta.put(seq.to_string())
            .with_key(self.last_seq_key(&device))
            .await?;
        tx.commit().await?;
        Ok(device)
    }

    /// Every entry waiting to be sent, oldest first (all people who used this browser).
    pub async fn outbox(&self) -> Result<Vec<Entry>, LocalError> {
        self.read_all(OUTBOX).await
    }

    /// Every value of a store, in key order.
    async fn read_all<T: serde::de::DeserializeOwned>(
        &self,
        store: &str,
    ) -> Result<Vec<T>, LocalError> {
        let tx = self.db.transaction(store).build()?;
        let rows = tx.object_store(store)?.get_all::<String>().await?;
        rows.into_iter().map(|row| from_json(&row?)).collect()
    }

    /// The person's holdings as counted page by page, if this database has counted them (a
    /// database from before the count was kept has a cursor but no count).
    pub async fn holdings(&self, person: &PersonId) -> Result<Option<Holdings>, LocalError> {
        Ok(match self.meta(&holdings_key(person)).await? {
            Some(json) => Some(from_json(&json)?),
            None => None,
        })
    }

    pub async fn set_holdings(&self, person: &PersonId, held: &Holdings) -> Result<(), LocalError> {
        self.set_meta(&holdings_key(person), &to_json(held)?).await
    }

    /// Where this person's next pull starts.
    pub async fn cursor(&self, person: &PersonId) -> Result<u64, LocalError> {
        let value = self
            .meta(&format!("cursor{SEP}{}", person.as_str()))
            .await?;
        Ok(value.and_then(|v| v.parse().ok()).unwrap_or(0))
    }

    /// What the server holds for this person, as far as this browser knows, oldest first.
    pub async fn view(&self, person: &PersonId) -> Result<Vec<Change>, LocalError> {
        let tx = self.db.transaction(VIEW).build()?;
        let rows = tx
            .object_store(VIEW)?
            .get_all::<String>()
            .with_query::<String, _>(person_range(person))
            .await?;
        // Rows hold a page of changes (or, from databases of before, one change); a change may
        // be in two rows (its push reply's and its page's): keep one, in change order.
        let mut changes = std::collections::BTreeMap::new();
        for row in rows {
            let row = row?;
            let parsed: Vec<Change> = match crate::domain::json::from_json(&row) {
                Ok(page) => page,
                Err(_) => vec![from_json(&row)?],
            };
            for change in parsed {
                changes.insert(change.change, change);
            }
        }
        Ok(changes.into_values().collect())
    }

    /// Entries the server will never apply, kept to export.
    pub async fn quarantined(&self) -> Result<Vec<(Entry, String)>, LocalError> {
        self.read_all(QUARANTINE).await
    }

    pub async fn meta(&self, key: &str) -> Result<Option<String>, LocalError> {
        let tx = self.db.transaction(META).build()?;
        Ok(tx.object_store(META)?.get(key).await?)
    }

    pub async fn set_meta(&self, key: &str, value: &str) -> Result<(), LocalError> {
        let tx = self.strict(&[META])?;
        tx.object_store(META)?
            .put(value.to_string())
            .with_key(key.to_string())
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
