-- Schema version 10: the bank's controls.

-- Who opened each account and who last set its password (and when): for a while they could act
-- as the volunteer, so they do not verify the volunteer's lines or approve their redemptions.
-- NULL for accounts made before this version and for demo data.
ALTER TABLE people ADD COLUMN opened_by TEXT REFERENCES people (id);
ALTER TABLE people ADD COLUMN opened_at TEXT;
ALTER TABLE people ADD COLUMN password_set_by TEXT REFERENCES people (id);
ALTER TABLE people ADD COLUMN password_set_at TEXT;

-- A large redemption's first approval by a staff member, waiting for a second person.
CREATE TABLE redemption_endorsements (
    redemption_id TEXT PRIMARY KEY REFERENCES redemptions (id),
    person_id     TEXT NOT NULL REFERENCES people (id),
    at            TEXT NOT NULL
);
CREATE TRIGGER redemption_endorsements_append_only_update BEFORE UPDATE ON redemption_endorsements
BEGIN SELECT RAISE(ABORT, 'redemption facts are append-only'); END;
CREATE TRIGGER redemption_endorsements_append_only_delete BEFORE DELETE ON redemption_endorsements
BEGIN SELECT RAISE(ABORT, 'redemption facts are append-only'); END;

-- A device id belongs to the person who first pushed with it; anyone else using it is refused.
CREATE TABLE device_owners (
    device_id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id),
    first_at  TEXT NOT NULL
);
INSERT INTO device_owners (device_id, person_id, first_at)
SELECT device_id, author_id, MIN(received_at) FROM sync_entries
WHERE change IN (SELECT MIN(change) FROM sync_entries GROUP BY device_id)
GROUP BY device_id;

-- Failed password checks per login (or per person, for a password change), shared by every app
-- server on this database. The count is taken before the password is checked, in one statement,
-- so concurrent guesses cannot all slip through.
CREATE TABLE sign_in_attempts (
    key      TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_at  TEXT NOT NULL
);

-- Sessions end after a while without use, not only at their expiry.
ALTER TABLE sessions ADD COLUMN last_seen_at TEXT;
ALTER TABLE kiosks ADD COLUMN last_seen_at TEXT;
CREATE INDEX sign_in_attempts_by_time ON sign_in_attempts (last_at);
CREATE INDEX audit_log_by_action ON audit_log (action, actor_id, at);
