-- The wish wall: who posted a wish (a volunteer from their phone, staff from the office), the
-- service from the service menu it is addressed to, and the claimers' reports of fulfilment.

ALTER TABLE wishes ADD COLUMN posted_by TEXT REFERENCES people (id);
ALTER TABLE wishes ADD COLUMN service TEXT NOT NULL DEFAULT '' CHECK (length(service) <= 100);

-- A claimer's word that a wish is done, naming their service record; staff confirm it with a
-- 'fulfilled' event. The record may arrive in the same push, so it is checked by the
-- application, not by a foreign key.
CREATE TABLE wish_reports (
    id        TEXT PRIMARY KEY,
    wish_id   TEXT NOT NULL REFERENCES wishes (id),
    person_id TEXT NOT NULL REFERENCES people (id),
    record_id TEXT NOT NULL,
    at        TEXT NOT NULL
);
CREATE INDEX wish_reports_by_wish ON wish_reports (wish_id);

-- The counts on the wall: claims this month, fulfilments this year.
CREATE INDEX wish_events_by_kind_at ON wish_events (kind, at);
