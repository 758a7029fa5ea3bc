-- Kept in step with PostgreSQL's 0021, which makes its references deferrable for `server copy`.
-- SQLite needs no change: a transaction defers its own checks with PRAGMA defer_foreign_keys.
SELECT 1;
