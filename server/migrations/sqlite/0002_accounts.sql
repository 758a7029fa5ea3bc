-- Schema version 2: sessions and the audit trail.

-- A session is a random token in an HttpOnly cookie; only its SHA-256 is kept here, so a copy of
-- the database does not let anyone sign in.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES people (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX sessions_by_person ON sessions (person_id);

-- Who did what, when, from which device. Append-only.
CREATE TABLE audit_log (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    at           TEXT NOT NULL,
    actor_id     TEXT,
    actor_role   TEXT,
    community_id TEXT,
    action       TEXT NOT NULL,
    subject      TEXT NOT NULL DEFAULT '',
    detail       TEXT NOT NULL DEFAULT '',
    device       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_community ON audit_log (community_id, seq);

CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
