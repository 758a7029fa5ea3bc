-- The witness (见证人) may sign on the volunteer's phone, on the spot and offline: the drawing is
-- kept with the line it confirms, as the text of its strokes (see the domain's `Signature`).
-- Empty: not signed. The column is set once, when the line is inserted; lines never change.
ALTER TABLE service_records ADD COLUMN witness_signature TEXT NOT NULL DEFAULT ''
    CHECK (length(witness_signature) <= 14000);
