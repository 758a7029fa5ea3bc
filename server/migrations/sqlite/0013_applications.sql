-- Schema version 13: applying online (开户申请), and the two questions of the paper file the
-- app did not ask: 职业 (occupation) and 兴趣爱好 (hobbies).

ALTER TABLE people ADD COLUMN occupation TEXT NOT NULL DEFAULT ''
    CHECK (length(occupation) <= 50);
ALTER TABLE people ADD COLUMN hobbies TEXT NOT NULL DEFAULT ''
    CHECK (length(hobbies) <= 200);

-- A resident's application, waiting for staff of its community. Approving it makes a volunteer
-- (person_id) with this file and the applicant's own password, and forgets the hash here;
-- declining keeps the hash so that the applicant, signing in, is told the reason (and nobody
-- else is). An application is never deleted: the trail of who applied and who decided stays.
CREATE TABLE applications (
    id               TEXT PRIMARY KEY,
    community_id     TEXT NOT NULL REFERENCES communities (id),
    name             TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    gender           TEXT NOT NULL CHECK (gender IN ('female', 'male')),
    birth_year       INTEGER NOT NULL CHECK (birth_year BETWEEN 1900 AND 2100),
    political_status TEXT NOT NULL,
    phone            TEXT NOT NULL,
    skills           TEXT NOT NULL DEFAULT '',
    preferences      TEXT NOT NULL DEFAULT '[]',
    occupation       TEXT NOT NULL DEFAULT '' CHECK (length(occupation) <= 50),
    hobbies          TEXT NOT NULL DEFAULT '' CHECK (length(hobbies) <= 200),
    password_hash    TEXT,
    submitted_at     TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'approved', 'declined')),
    decided_at       TEXT,
    decided_by       TEXT REFERENCES people (id),
    decline_reason   TEXT NOT NULL DEFAULT '' CHECK (length(decline_reason) <= 200),
    person_id        TEXT REFERENCES people (id),
    CHECK ((status = 'pending') = (decided_at IS NULL)),
    CHECK ((status = 'approved') = (person_id IS NOT NULL))
);
-- One waiting application per phone.
CREATE UNIQUE INDEX applications_waiting_phone ON applications (phone) WHERE status = 'pending';
CREATE INDEX applications_by_community ON applications (community_id, status, submitted_at);
CREATE INDEX applications_by_phone ON applications (phone, submitted_at);
