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

-- A household's file is closed (销档) when it no longer needs help: recovered (脱困), moved away
-- (迁出) or deceased (去世), with the date and a note. It leaves the default list and the
-- household choices; its history stays. Reopening clears these (the audit trail keeps both).
ALTER TABLE households ADD COLUMN closed_on TEXT;
ALTER TABLE households ADD COLUMN closed_reason TEXT
    CHECK (closed_reason IN ('recovered', 'moved', 'deceased'));
ALTER TABLE households ADD COLUMN closed_note TEXT NOT NULL DEFAULT ''
    CHECK (length(closed_note) <= 200);

-- An agreement ends early when its household's file is closed: its last day in force (the day
-- before the closing). Its agreed end stays as signed; it is in force until the earlier of the
-- two.
ALTER TABLE agreements ADD COLUMN ended_on TEXT;

-- A service category is retired, never deleted (lines name it): it leaves the forms; lines in
-- flight from phones that still offered it are accepted.
ALTER TABLE categories ADD COLUMN retired_at TEXT;
