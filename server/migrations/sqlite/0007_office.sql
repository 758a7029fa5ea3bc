-- The staff office: household files kept up to date, assistance agreements (帮扶协议) with their
-- volunteers, and activities (活动) with their attendees.

-- A household file changes as life does (a new address, a member more); the file keeps who
-- changed it last and when, the audit trail keeps every change.
ALTER TABLE households ADD COLUMN updated_at TEXT;
ALTER TABLE households ADD COLUMN phone TEXT NOT NULL DEFAULT '' CHECK (length(phone) <= 20);

CREATE TABLE agreements (
    id           TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities (id),
    household_id TEXT NOT NULL REFERENCES households (id),
    pairing      TEXT NOT NULL CHECK (pairing IN ('one_on_one', 'many_on_one')),
    content      TEXT NOT NULL CHECK (length(content) BETWEEN 1 AND 1000),
    frequency    TEXT NOT NULL CHECK (frequency IN ('weekly', 'fortnightly', 'monthly')),
    start_on     TEXT NOT NULL,
    end_on       TEXT NOT NULL CHECK (end_on >= start_on),
    created_by   TEXT NOT NULL REFERENCES people (id),
    created_at   TEXT NOT NULL
);
CREATE INDEX agreements_by_community ON agreements (community_id, start_on);
CREATE INDEX agreements_by_household ON agreements (household_id);

CREATE TABLE agreement_volunteers (
    agreement_id TEXT NOT NULL REFERENCES agreements (id),
    person_id    TEXT NOT NULL REFERENCES people (id),
    PRIMARY KEY (agreement_id, person_id)
);
CREATE INDEX agreement_volunteers_by_person ON agreement_volunteers (person_id);

-- A service record fulfils an agreement when one of its volunteers served its household within
-- its dates: the link is derived, so a line captured offline needs to know nothing about it.
CREATE INDEX service_records_by_beneficiary ON service_records (beneficiary_kind, beneficiary_id, service_date);

CREATE TABLE activities (
    id           TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities (id),
    kind         TEXT NOT NULL CHECK (kind IN ('regular', 'self_organised')),
    title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    held_on      TEXT NOT NULL,
    start_time   TEXT NOT NULL,
    end_time     TEXT NOT NULL,
    place        TEXT NOT NULL CHECK (length(place) BETWEEN 1 AND 200),
    category     TEXT NOT NULL REFERENCES categories (code),
    content      TEXT NOT NULL CHECK (length(content) <= 1000),
    created_by   TEXT NOT NULL REFERENCES people (id),
    created_at   TEXT NOT NULL,
    -- Closing turns the attendance into pending service lines, once.
    closed_by    TEXT REFERENCES people (id),
    closed_at    TEXT
);
CREATE INDEX activities_by_community ON activities (community_id, held_on);

CREATE TABLE activity_attendees (
    activity_id TEXT NOT NULL REFERENCES activities (id),
    person_id   TEXT NOT NULL REFERENCES people (id),
    PRIMARY KEY (activity_id, person_id)
);

-- A closed activity's attendance is part of the ledger's history: it no longer changes.
CREATE TRIGGER activity_attendees_closed_insert BEFORE INSERT ON activity_attendees
WHEN (SELECT closed_at FROM activities WHERE id = NEW.activity_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the activity is closed'); END;
CREATE TRIGGER activity_attendees_closed_delete BEFORE DELETE ON activity_attendees
WHEN (SELECT closed_at FROM activities WHERE id = OLD.activity_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the activity is closed'); END;
