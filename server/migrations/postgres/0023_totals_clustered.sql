-- SQLite's 0023 stores the running totals in their primary key's order (WITHOUT ROWID), so a
-- period's months are one contiguous range. PostgreSQL already reads a range of them through the
-- primary key's index and fetches the rows in heap order (a bitmap scan); it needs no change.
-- This step keeps the two engines' schema versions equal, as the health check reports them.
SELECT 1;
