-- References may be checked at commit instead of at each row (`SET CONSTRAINTS ALL DEFERRED`),
-- which `server copy` needs: it restores rows that refer to rows of their own table (a reversal
-- and the line it reverses) in whatever order the source returns them. Every other
-- transaction still checks each row at once (INITIALLY IMMEDIATE).
DO $$
DECLARE
    c record;
BEGIN
    FOR c IN
        SELECT conrelid::regclass AS tbl, conname
        FROM pg_constraint
        WHERE contype = 'f' AND connamespace = current_schema()::regnamespace
    LOOP
        EXECUTE format('ALTER TABLE %s ALTER CONSTRAINT %I DEFERRABLE INITIALLY IMMEDIATE',
                       c.tbl, c.conname);
    END LOOP;
END $$;
