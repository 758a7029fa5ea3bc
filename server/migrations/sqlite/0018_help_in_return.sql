-- Schema version 18: 回报, help in return. A volunteer's wish for themself may pay hours from
-- their passbook (pay_minutes); they are reserved while the request is open and paid, to nobody,
-- when staff verify a helper's service for it. A payment is a fact: a reversal of the helper's
-- line adds a refund row, nothing is changed or removed.
ALTER TABLE wishes ADD COLUMN pay_minutes INTEGER
    CHECK (pay_minutes IS NULL OR pay_minutes BETWEEN 30 AND 2400);

CREATE TABLE help_payments (
    id           TEXT PRIMARY KEY,
    wish_id      TEXT NOT NULL REFERENCES wishes (id),
    requester_id TEXT NOT NULL REFERENCES people (id),
    record_id    TEXT NOT NULL REFERENCES service_records (id),
    kind         TEXT NOT NULL CHECK (kind IN ('paid', 'refunded')),
    minutes      INTEGER NOT NULL CHECK (minutes > 0),
    at           TEXT NOT NULL,
    UNIQUE (record_id, kind)
);
CREATE INDEX help_payments_by_requester ON help_payments (requester_id);
CREATE INDEX help_payments_by_wish ON help_payments (wish_id);

CREATE TRIGGER help_payments_append_only_update BEFORE UPDATE ON help_payments
BEGIN SELECT RAISE(ABORT, 'help payments are append-only'); END;
CREATE TRIGGER help_payments_append_only_delete BEFORE DELETE ON help_payments
BEGIN SELECT RAISE(ABORT, 'help payments are append-only'); END;
