-- Schema version 5: entries pushed by devices (the offline ledger's outbox arriving).
-- `change` is the pull cursor. SQLite has a single writer, so change order is commit order; a
-- PostgreSQL store must assign it under a lock or a horizon (see SYNC.md).
CREATE TABLE sync_entries (
    change       INTEGER PRIMARY KEY AUTOINCREMENT,
    id           TEXT NOT NULL UNIQUE CHECK (length(id) BETWEEN 1 AND 64),
    device_id    TEXT NOT NULL CHECK (length(device_id) BETWEEN 1 AND 64),
    device_seq   INTEGER NOT NULL CHECK (device_seq >= 1),
    author_id    TEXT NOT NULL REFERENCES people (id),
    community_id TEXT REFERENCES communities (id),
    schema       INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    body         TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    outcome      TEXT NOT NULL CHECK (outcome IN ('accepted', 'refused')),
    reason       TEXT NOT NULL DEFAULT '',
    received_at  TEXT NOT NULL,
    UNIQUE (device_id, device_seq)
);
CREATE INDEX sync_entries_by_author ON sync_entries (author_id, change);

-- Entries never applied: malformed, of an unknown format, reusing an id for other content, or
-- from a cloned device. Kept for staff, with the reason.
CREATE TABLE sync_quarantine (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    device_seq  INTEGER NOT NULL,
    author_id   TEXT,
    body        TEXT NOT NULL,
    reason      TEXT NOT NULL,
    received_at TEXT NOT NULL
);

-- Per device: every sequence number up to here is held (applied or quarantined). A cache of
-- what the two tables above say, advanced in the same transaction as each push.
CREATE TABLE sync_devices (
    device_id     TEXT PRIMARY KEY,
    acked_through INTEGER NOT NULL DEFAULT 0
);
-- Sequence numbers held by quarantine only (so a poison entry never blocks the ones behind it).
CREATE TABLE sync_held (
    device_id  TEXT NOT NULL,
    device_seq INTEGER NOT NULL,
    PRIMARY KEY (device_id, device_seq)
);

CREATE TRIGGER sync_entries_append_only_update BEFORE UPDATE ON sync_entries
BEGIN SELECT RAISE(ABORT, 'synced entries are append-only'); END;
CREATE TRIGGER sync_entries_append_only_delete BEFORE DELETE ON sync_entries
BEGIN SELECT RAISE(ABORT, 'synced entries are append-only'); END;
CREATE TRIGGER sync_quarantine_append_only_delete BEFORE DELETE ON sync_quarantine
BEGIN SELECT RAISE(ABORT, 'the quarantine is append-only'); END;
