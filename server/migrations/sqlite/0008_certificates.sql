-- Volunteer service certificates (志愿服务记录证明): numbered per year, their text fixed when
-- issued (JSON), never changed or removed, so a number can always be checked against its text.

CREATE TABLE certificates (
    id           TEXT PRIMARY KEY,
    year         INTEGER NOT NULL,
    seq          INTEGER NOT NULL CHECK (seq >= 1),
    number       TEXT NOT NULL UNIQUE,
    person_id    TEXT NOT NULL REFERENCES people (id),
    community_id TEXT NOT NULL REFERENCES communities (id),
    issued_by    TEXT NOT NULL REFERENCES people (id),
    issued_at    TEXT NOT NULL,
    body         TEXT NOT NULL,
    UNIQUE (year, seq)
);
CREATE INDEX certificates_by_person ON certificates (person_id);

CREATE TRIGGER certificates_append_only_update BEFORE UPDATE ON certificates
BEGIN SELECT RAISE(ABORT, 'certificates are never changed'); END;
CREATE TRIGGER certificates_append_only_delete BEFORE DELETE ON certificates
BEGIN SELECT RAISE(ABORT, 'certificates are never removed'); END;

-- The redemption catalogue (兑换目录): what points buy, at a price in hundredths of a point.
-- An item is retired, never removed: past redemptions name it.
CREATE TABLE catalogue_items (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    points     INTEGER NOT NULL CHECK (points > 0),
    created_by TEXT REFERENCES people (id),
    created_at TEXT NOT NULL,
    retired_at TEXT
);
CREATE TRIGGER catalogue_items_no_delete BEFORE DELETE ON catalogue_items
BEGIN SELECT RAISE(ABORT, 'catalogue items are retired, not removed'); END;
