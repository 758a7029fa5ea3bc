-- The running totals stored in their primary key's order (WITHOUT ROWID), as PostgreSQL reads
-- them through its index: a period's months are then one contiguous range of the table instead
-- of one row lookup per total. Measured on 1,000,000 lines over ten years: the per-volunteer
-- read of the statistics 426 -> 207 ms, the yearly table 249 -> 157 ms.
--
-- Each table is copied into its new form and takes the old one's name. The triggers that keep
-- the totals (0022) name these tables in their bodies only, which SQLite resolves when they run;
-- legacy renaming leaves those bodies as they are rather than rewriting or checking them.
PRAGMA legacy_alter_table = ON;

CREATE TABLE verified_months_clustered (
    month        TEXT NOT NULL,
    community_id TEXT NOT NULL,
    category     TEXT NOT NULL,
    minutes      INTEGER NOT NULL,
    lines        INTEGER NOT NULL,
    PRIMARY KEY (month, community_id, category)
) WITHOUT ROWID;
INSERT INTO verified_months_clustered SELECT month, community_id, category, minutes, lines
FROM verified_months;
DROP TABLE verified_months;
ALTER TABLE verified_months_clustered RENAME TO verified_months;

CREATE TABLE volunteer_months_clustered (
    month        TEXT NOT NULL,
    volunteer_id TEXT NOT NULL,
    community_id TEXT NOT NULL,
    minutes      INTEGER NOT NULL,
    lines        INTEGER NOT NULL,
    PRIMARY KEY (month, volunteer_id, community_id)
) WITHOUT ROWID;
INSERT INTO volunteer_months_clustered SELECT month, volunteer_id, community_id, minutes, lines
FROM volunteer_months;
DROP TABLE volunteer_months;
ALTER TABLE volunteer_months_clustered RENAME TO volunteer_months;

CREATE TABLE household_help_months_clustered (
    month        TEXT NOT NULL,
    household_id TEXT NOT NULL,
    way          TEXT NOT NULL CHECK (way IN ('service', 'wish', 'aid')),
    acts         INTEGER NOT NULL CHECK (acts >= 0),
    PRIMARY KEY (month, household_id, way)
) WITHOUT ROWID;
INSERT INTO household_help_months_clustered SELECT month, household_id, way, acts
FROM household_help_months;
DROP TABLE household_help_months;
ALTER TABLE household_help_months_clustered RENAME TO household_help_months;

CREATE TABLE volunteer_years_clustered (
    year         TEXT NOT NULL,
    volunteer_id TEXT NOT NULL,
    community_id TEXT NOT NULL,
    minutes      INTEGER NOT NULL,
    lines        INTEGER NOT NULL,
    PRIMARY KEY (year, volunteer_id, community_id)
) WITHOUT ROWID;
INSERT INTO volunteer_years_clustered SELECT year, volunteer_id, community_id, minutes, lines
FROM volunteer_years;
DROP TABLE volunteer_years;
ALTER TABLE volunteer_years_clustered RENAME TO volunteer_years;

CREATE TABLE household_help_years_clustered (
    year         TEXT NOT NULL,
    household_id TEXT NOT NULL,
    way          TEXT NOT NULL CHECK (way IN ('service', 'wish', 'aid')),
    acts         INTEGER NOT NULL CHECK (acts >= 0),
    PRIMARY KEY (year, household_id, way)
) WITHOUT ROWID;
INSERT INTO household_help_years_clustered SELECT year, household_id, way, acts
FROM household_help_years;
DROP TABLE household_help_years;
ALTER TABLE household_help_years_clustered RENAME TO household_help_years;

PRAGMA legacy_alter_table = OFF;
