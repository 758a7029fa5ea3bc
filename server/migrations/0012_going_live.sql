-- Schema version 12: what a sub-district needs to run without a developer.

-- A volunteer who moved away (or died) is deactivated, never deleted: they cannot sign in, and
-- their passbook, certificates and past hours stay on file and in past statistics.
ALTER TABLE people ADD COLUMN deactivated_at TEXT;
ALTER TABLE people ADD COLUMN deactivation_reason TEXT NOT NULL DEFAULT ''
    CHECK (length(deactivation_reason) <= 200);

-- A retired community keeps its history and its place in past statistics; nothing new is filed
-- under it (no volunteer, household, kiosk or wish).
ALTER TABLE communities ADD COLUMN retired_at TEXT;

-- The China-time date a volunteer left, for "registered volunteers at the end of a period".
ALTER TABLE people ADD COLUMN deactivated_on TEXT;
