-- Schema version 15: a wish's life after it is posted. A claimer may give their place back
-- ('released'); the poster may withdraw their wish (a 'withdrawn' fact by the poster); each
-- community sets how long a wish may wait on the wall before it is marked as waiting long.

-- SQLite cannot change a CHECK, so the facts table is rebuilt with the new kind, row for row.
CREATE TABLE wish_events_v15 (
    id        TEXT PRIMARY KEY,
    wish_id   TEXT NOT NULL REFERENCES wishes (id),
    kind      TEXT NOT NULL
              CHECK (kind IN ('approved', 'claimed', 'fulfilled', 'withdrawn', 'released')),
    person_id TEXT REFERENCES people (id),
    at        TEXT NOT NULL,
    note      TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500)
);
INSERT INTO wish_events_v15 (id, wish_id, kind, person_id, at, note)
    SELECT id, wish_id, kind, person_id, at, note FROM wish_events;
DROP TABLE wish_events;
ALTER TABLE wish_events_v15 RENAME TO wish_events;
CREATE INDEX wish_events_by_wish ON wish_events (wish_id, kind);
CREATE INDEX wish_events_by_kind_at ON wish_events (kind, at);
CREATE TRIGGER wish_events_append_only_update BEFORE UPDATE ON wish_events
BEGIN SELECT RAISE(ABORT, 'wish facts are append-only'); END;
CREATE TRIGGER wish_events_append_only_delete BEFORE DELETE ON wish_events
BEGIN SELECT RAISE(ABORT, 'wish facts are append-only'); END;

-- Who holds a place on a wish now: whoever claimed it more often than they released it. The
-- one definition every count of claims reads.
CREATE VIEW wish_places AS
    SELECT wish_id, person_id FROM wish_events
    WHERE kind IN ('claimed', 'released')
    GROUP BY wish_id, person_id
    HAVING SUM(kind = 'claimed') > SUM(kind = 'released');

ALTER TABLE communities ADD COLUMN wish_waiting_days INTEGER NOT NULL DEFAULT 60
    CHECK (wish_waiting_days BETWEEN 7 AND 365);
