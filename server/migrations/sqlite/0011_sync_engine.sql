-- The sync engine: numbers spent name their entry (to tell a replay under a new number from a
-- fork), devices report how far they have captured (a wiped phone is noticed), quarantined
-- entries carry what staff need to re-apply or dismiss them, and a service line remembers the
-- line it likely duplicates.

ALTER TABLE sync_held ADD COLUMN entry_id TEXT;

ALTER TABLE sync_devices ADD COLUMN person_id TEXT REFERENCES people (id);
ALTER TABLE sync_devices ADD COLUMN captured_through INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_devices ADD COLUMN last_seen_at TEXT;
CREATE INDEX sync_devices_by_person ON sync_devices (person_id);

ALTER TABLE sync_quarantine ADD COLUMN kind TEXT NOT NULL DEFAULT '';
ALTER TABLE sync_quarantine ADD COLUMN schema INTEGER NOT NULL DEFAULT 1;
ALTER TABLE sync_quarantine ADD COLUMN community_id TEXT REFERENCES communities (id);
UPDATE sync_quarantine SET community_id = (SELECT community_id FROM people WHERE people.id = author_id);

-- What staff did with a quarantined entry, once: re-applied it (it is then in sync_entries) or
-- dismissed it with a reason. Append-only like the quarantine itself.
CREATE TABLE sync_quarantine_resolutions (
    quarantine_seq INTEGER PRIMARY KEY REFERENCES sync_quarantine (seq),
    outcome        TEXT NOT NULL CHECK (outcome IN ('reapplied', 'dismissed')),
    person_id      TEXT NOT NULL REFERENCES people (id),
    at             TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER sync_quarantine_resolutions_append_only BEFORE UPDATE ON sync_quarantine_resolutions
BEGIN SELECT RAISE(ABORT, 'resolutions are append-only'); END;

ALTER TABLE service_records ADD COLUMN duplicate_of TEXT;
