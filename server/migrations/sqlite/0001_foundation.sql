-- Love Bank, schema version 1: the sub-district, its communities, people, households, wishes and
-- the service ledger. Times are UTC RFC 3339 text; ids are UUIDs (v7, so they sort by creation).

CREATE TABLE sub_district (
    id   INTEGER PRIMARY KEY CHECK (id = 1),          -- one sub-district per installation
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100)
);

CREATE TABLE communities (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
    created_at TEXT NOT NULL
);

CREATE TABLE categories (
    code       TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 40),
    name_zh    TEXT NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 40),
    name_en    TEXT NOT NULL CHECK (length(name_en) BETWEEN 1 AND 60),
    icon       TEXT NOT NULL DEFAULT '',
    sort_order INTEGER NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE people (
    id               TEXT PRIMARY KEY,
    role             TEXT NOT NULL CHECK (role IN ('volunteer', 'staff', 'admin')),
    community_id     TEXT REFERENCES communities (id),
    name             TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    gender           TEXT CHECK (gender IN ('female', 'male')),
    birth_year       INTEGER CHECK (birth_year BETWEEN 1900 AND 2100),
    political_status TEXT,
    phone            TEXT UNIQUE,
    username         TEXT UNIQUE,
    password_hash    TEXT,
    skills           TEXT NOT NULL DEFAULT '',
    preferences      TEXT NOT NULL DEFAULT '[]',     -- JSON array of category codes
    joined_on        TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    -- staff and volunteers belong to one community; the admin to the whole sub-district
    CHECK ((role = 'admin') = (community_id IS NULL))
);
CREATE INDEX people_by_community ON people (community_id, role);

CREATE TABLE households (
    id            TEXT PRIMARY KEY,
    community_id  TEXT NOT NULL REFERENCES communities (id),
    head_name     TEXT NOT NULL CHECK (length(head_name) BETWEEN 1 AND 50),
    address       TEXT NOT NULL CHECK (length(address) <= 200),
    members       INTEGER NOT NULL CHECK (members BETWEEN 1 AND 30),
    hardship_type TEXT NOT NULL,
    needs         TEXT NOT NULL CHECK (length(needs) <= 1000),
    created_at    TEXT NOT NULL
);
CREATE INDEX households_by_community ON households (community_id);

CREATE TABLE wishes (
    id           TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities (id),
    household_id TEXT REFERENCES households (id),
    poster_name  TEXT NOT NULL CHECK (length(poster_name) BETWEEN 1 AND 50),
    need         TEXT NOT NULL CHECK (length(need) BETWEEN 1 AND 500),
    offer        TEXT NOT NULL CHECK (length(offer) <= 500),
    category     TEXT NOT NULL REFERENCES categories (code),
    capacity     INTEGER NOT NULL DEFAULT 1 CHECK (capacity BETWEEN 1 AND 50),
    created_at   TEXT NOT NULL
);
CREATE INDEX wishes_by_community ON wishes (community_id);

-- What happened to a wish, as facts: its state is derived from them, never stored.
CREATE TABLE wish_events (
    id        TEXT PRIMARY KEY,
    wish_id   TEXT NOT NULL REFERENCES wishes (id),
    kind      TEXT NOT NULL CHECK (kind IN ('approved', 'claimed', 'fulfilled', 'withdrawn')),
    person_id TEXT REFERENCES people (id),
    at        TEXT NOT NULL,
    note      TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500)
);
CREATE INDEX wish_events_by_wish ON wish_events (wish_id, kind);

-- One passbook line. Append-only: never updated, never deleted (triggers below).
CREATE TABLE service_records (
    id               TEXT PRIMARY KEY,
    volunteer_id     TEXT NOT NULL REFERENCES people (id),
    community_id     TEXT NOT NULL REFERENCES communities (id),
    service_date     TEXT NOT NULL,                   -- local date, YYYY-MM-DD
    start_time       TEXT NOT NULL,                   -- local time, HH:MM
    end_time         TEXT NOT NULL,
    minutes          INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
    place            TEXT NOT NULL CHECK (length(place) BETWEEN 1 AND 200),
    content          TEXT NOT NULL CHECK (length(content) BETWEEN 1 AND 1000),
    category         TEXT NOT NULL REFERENCES categories (code),
    beneficiary_kind TEXT NOT NULL CHECK (beneficiary_kind IN ('household', 'wish', 'activity', 'none')),
    beneficiary_id   TEXT,
    witness_name     TEXT NOT NULL DEFAULT '' CHECK (length(witness_name) <= 50),
    witness_phone    TEXT NOT NULL DEFAULT '' CHECK (length(witness_phone) <= 20),
    device_id        TEXT,
    device_seq       INTEGER,
    created_at       TEXT NOT NULL,                   -- when the volunteer captured it
    received_at      TEXT NOT NULL,                   -- server time of arrival
    UNIQUE (device_id, device_seq)
);
CREATE INDEX service_records_by_volunteer ON service_records (volunteer_id, service_date);
CREATE INDEX service_records_by_community ON service_records (community_id, service_date);

-- Verification and rejection of a line, as facts with who, when and why.
CREATE TABLE record_events (
    id        TEXT PRIMARY KEY,
    record_id TEXT NOT NULL REFERENCES service_records (id),
    kind      TEXT NOT NULL CHECK (kind IN ('verified', 'rejected')),
    person_id TEXT NOT NULL REFERENCES people (id),
    at        TEXT NOT NULL,
    reason    TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 500)
);
CREATE INDEX record_events_by_record ON record_events (record_id);

CREATE TRIGGER service_records_append_only_update BEFORE UPDATE ON service_records
BEGIN SELECT RAISE(ABORT, 'ledger lines are append-only'); END;
CREATE TRIGGER service_records_append_only_delete BEFORE DELETE ON service_records
BEGIN SELECT RAISE(ABORT, 'ledger lines are append-only'); END;
CREATE TRIGGER record_events_append_only_update BEFORE UPDATE ON record_events
BEGIN SELECT RAISE(ABORT, 'ledger facts are append-only'); END;
CREATE TRIGGER record_events_append_only_delete BEFORE DELETE ON record_events
BEGIN SELECT RAISE(ABORT, 'ledger facts are append-only'); END;
CREATE TRIGGER wish_events_append_only_update BEFORE UPDATE ON wish_events
BEGIN SELECT RAISE(ABORT, 'wish facts are append-only'); END;
CREATE TRIGGER wish_events_append_only_delete BEFORE DELETE ON wish_events
BEGIN SELECT RAISE(ABORT, 'wish facts are append-only'); END;
