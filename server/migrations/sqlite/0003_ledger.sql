-- Schema version 3: reversals, flags and points on the ledger; redemptions; the points rule.

-- A reversal is a line of its own that takes back a verified line: same minutes, kind
-- 'reversal', pointing at the line it corrects. At most one reversal per line.
ALTER TABLE service_records ADD COLUMN kind TEXT NOT NULL DEFAULT 'service'
    CHECK (kind IN ('service', 'reversal'));
ALTER TABLE service_records ADD COLUMN reverses TEXT REFERENCES service_records (id);
ALTER TABLE service_records ADD COLUMN reason TEXT NOT NULL DEFAULT '';
-- Space-separated flag codes for staff (future_date, far_past, no_witness), computed on arrival.
ALTER TABLE service_records ADD COLUMN flags TEXT NOT NULL DEFAULT '';
-- A beneficiary without a file, named in free text.
ALTER TABLE service_records ADD COLUMN beneficiary_name TEXT NOT NULL DEFAULT '';
ALTER TABLE service_records ADD COLUMN recorded_by TEXT REFERENCES people (id);
CREATE UNIQUE INDEX service_records_one_reversal ON service_records (reverses)
    WHERE reverses IS NOT NULL;

-- Points fixed when a line is verified (hundredths of a point; negative for a reversal).
ALTER TABLE record_events ADD COLUMN points INTEGER NOT NULL DEFAULT 0;
-- One decision per line: two staff verifying at once cannot both succeed.
CREATE UNIQUE INDEX record_events_one_decision ON record_events (record_id);

-- The admin's points rule, as a history: the newest row is in force.
CREATE TABLE points_rules (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    per_hour     INTEGER NOT NULL CHECK (per_hour BETWEEN 0 AND 10000),
    per_category TEXT NOT NULL DEFAULT '{}',   -- JSON object: category code -> hundredths/hour
    set_by       TEXT REFERENCES people (id),
    set_at       TEXT NOT NULL
);
INSERT INTO points_rules (per_hour, per_category, set_by, set_at)
VALUES (100, '{}', NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

CREATE TABLE redemptions (
    id           TEXT PRIMARY KEY,
    volunteer_id TEXT NOT NULL REFERENCES people (id),
    points       INTEGER NOT NULL CHECK (points > 0),
    item         TEXT NOT NULL CHECK (length(item) BETWEEN 1 AND 200),
    requested_at TEXT NOT NULL
);
CREATE INDEX redemptions_by_volunteer ON redemptions (volunteer_id);

CREATE TABLE redemption_events (
    id            TEXT PRIMARY KEY,
    redemption_id TEXT NOT NULL UNIQUE REFERENCES redemptions (id),
    kind          TEXT NOT NULL CHECK (kind IN ('approved', 'refused')),
    person_id     TEXT NOT NULL REFERENCES people (id),
    at            TEXT NOT NULL,
    reason        TEXT NOT NULL DEFAULT ''
);

CREATE TRIGGER redemptions_append_only_update BEFORE UPDATE ON redemptions
BEGIN SELECT RAISE(ABORT, 'redemptions are append-only'); END;
CREATE TRIGGER redemptions_append_only_delete BEFORE DELETE ON redemptions
BEGIN SELECT RAISE(ABORT, 'redemptions are append-only'); END;
CREATE TRIGGER redemption_events_append_only_update BEFORE UPDATE ON redemption_events
BEGIN SELECT RAISE(ABORT, 'redemption facts are append-only'); END;
CREATE TRIGGER redemption_events_append_only_delete BEFORE DELETE ON redemption_events
BEGIN SELECT RAISE(ABORT, 'redemption facts are append-only'); END;
CREATE TRIGGER points_rules_append_only_update BEFORE UPDATE ON points_rules
BEGIN SELECT RAISE(ABORT, 'the points rule history is append-only'); END;
