-- Schema version 17: a volunteer's resident identity card number (居民身份证号码), optional, kept
-- apart from the file so that no query of the file reads it by accident. Staff of the
-- volunteer's community record it (checked against the card) and see it whole; others see it
-- masked. One person per number.
CREATE TABLE id_cards (
    person_id   TEXT PRIMARY KEY REFERENCES people (id),
    number      TEXT NOT NULL UNIQUE CHECK (length(number) = 18),
    recorded_by TEXT NOT NULL REFERENCES people (id),
    recorded_at TEXT NOT NULL
);
