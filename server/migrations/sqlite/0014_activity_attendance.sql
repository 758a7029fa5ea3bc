-- Activities as the seed runs them: a witness (见证人) who vouches for every attendee's line,
-- and an attendee's own arrival and departure when they did not stay the whole activity.

ALTER TABLE activities ADD COLUMN witness_name TEXT NOT NULL DEFAULT ''
    CHECK (length(witness_name) <= 50);
ALTER TABLE activities ADD COLUMN witness_phone TEXT NOT NULL DEFAULT ''
    CHECK (length(witness_phone) <= 40);

-- NULL: the activity's own start or end (HH:MM otherwise).
ALTER TABLE activity_attendees ADD COLUMN arrived TEXT CHECK (arrived IS NULL OR length(arrived) = 5);
ALTER TABLE activity_attendees ADD COLUMN left_at TEXT CHECK (left_at IS NULL OR length(left_at) = 5);

-- A regular activity scheduled every week in one go: each date is an activity of its own (its own
-- attendance, closed on its own); they share the first one's id here.
ALTER TABLE activities ADD COLUMN series_id TEXT REFERENCES activities (id);
