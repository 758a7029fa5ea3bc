-- The household files find the wishes posted for each household (its help and its table) by
-- this index rather than a scan of every wish.
CREATE INDEX wishes_by_household ON wishes (household_id) WHERE household_id IS NOT NULL;
