-- Running totals for the statistics, kept by triggers in the same transaction as the fact they
-- count, so they are never stale: the same tables and rules as SQLite's 0022. Whole months of a
-- period are read from here; the days at a period's edges are counted from the ledger's lines.
-- Derived data: no references, so that adding to them costs one upsert.

CREATE TABLE verified_months (
    month        TEXT COLLATE "C" NOT NULL,            -- YYYY-MM of the line's service date
    community_id TEXT COLLATE "C" NOT NULL,            -- the line's community
    category     TEXT COLLATE "C" NOT NULL,
    minutes      BIGINT NOT NULL,
    lines        BIGINT NOT NULL,
    PRIMARY KEY (month, community_id, category)
);

CREATE TABLE volunteer_months (
    month        TEXT COLLATE "C" NOT NULL,
    volunteer_id TEXT COLLATE "C" NOT NULL,
    community_id TEXT COLLATE "C" NOT NULL,
    minutes      BIGINT NOT NULL,
    lines        BIGINT NOT NULL,
    PRIMARY KEY (month, volunteer_id, community_id)
);

CREATE TABLE household_help_months (
    month        TEXT COLLATE "C" NOT NULL,
    household_id TEXT COLLATE "C" NOT NULL,
    way          TEXT COLLATE "C" NOT NULL CHECK (way IN ('service', 'wish', 'aid')),
    acts         BIGINT NOT NULL CHECK (acts >= 0),
    PRIMARY KEY (month, household_id, way)
);

-- The same per volunteer and per household by calendar year, so that a period of whole years
-- (and the yearly table) reads one row per person and year, not one per month.
CREATE TABLE volunteer_years (
    year         TEXT COLLATE "C" NOT NULL,                        -- YYYY of the line's service date
    volunteer_id TEXT COLLATE "C" NOT NULL,
    community_id TEXT COLLATE "C" NOT NULL,
    minutes      BIGINT NOT NULL,
    lines        BIGINT NOT NULL,
    PRIMARY KEY (year, volunteer_id, community_id)
);
CREATE TABLE household_help_years (
    year         TEXT COLLATE "C" NOT NULL,
    household_id TEXT COLLATE "C" NOT NULL,
    way          TEXT COLLATE "C" NOT NULL CHECK (way IN ('service', 'wish', 'aid')),
    acts         BIGINT NOT NULL CHECK (acts >= 0),
    PRIMARY KEY (year, household_id, way)
);

CREATE INDEX service_records_by_date ON service_records (service_date);

CREATE FUNCTION count_verified() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    INSERT INTO verified_months AS t (month, community_id, category, minutes, lines)
        SELECT substr(r.service_date, 1, 7), r.community_id, r.category,
            CASE WHEN r.kind = 'reversal' THEN -r.minutes ELSE r.minutes END,
            CASE WHEN r.kind = 'reversal' THEN -1 ELSE 1 END
        FROM service_records r WHERE r.id = NEW.record_id
    ON CONFLICT (month, community_id, category) DO UPDATE
        SET minutes = t.minutes + excluded.minutes, lines = t.lines + excluded.lines;
    INSERT INTO volunteer_months AS t (month, volunteer_id, community_id, minutes, lines)
        SELECT substr(r.service_date, 1, 7), r.volunteer_id, r.community_id,
            CASE WHEN r.kind = 'reversal' THEN -r.minutes ELSE r.minutes END,
            CASE WHEN r.kind = 'reversal' THEN -1 ELSE 1 END
        FROM service_records r WHERE r.id = NEW.record_id
    ON CONFLICT (month, volunteer_id, community_id) DO UPDATE
        SET minutes = t.minutes + excluded.minutes, lines = t.lines + excluded.lines;
    INSERT INTO volunteer_years AS t (year, volunteer_id, community_id, minutes, lines)
        SELECT substr(r.service_date, 1, 4), r.volunteer_id, r.community_id,
            CASE WHEN r.kind = 'reversal' THEN -r.minutes ELSE r.minutes END,
            CASE WHEN r.kind = 'reversal' THEN -1 ELSE 1 END
        FROM service_records r WHERE r.id = NEW.record_id
    ON CONFLICT (year, volunteer_id, community_id) DO UPDATE
        SET minutes = t.minutes + excluded.minutes, lines = t.lines + excluded.lines;
    -- A service line verified after its reversal was written never counted as help.
    INSERT INTO household_help_months AS t (month, household_id, way, acts)
        SELECT substr(r.service_date, 1, 7),
            CASE WHEN r.beneficiary_kind = 'household' THEN r.beneficiary_id ELSE w.household_id END,
            'service', 1
        FROM service_records r
        LEFT JOIN wishes w ON r.beneficiary_kind = 'wish' AND w.id = r.beneficiary_id
        WHERE r.id = NEW.record_id AND r.kind = 'service'
          AND CASE WHEN r.beneficiary_kind = 'household' THEN r.beneficiary_id ELSE w.household_id END
              IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM service_records v WHERE v.reverses = r.id)
    ON CONFLICT (month, household_id, way) DO UPDATE SET acts = t.acts + 1;
    INSERT INTO household_help_years AS t (year, household_id, way, acts)
        SELECT substr(r.service_date, 1, 4),
            CASE WHEN r.beneficiary_kind = 'household' THEN r.beneficiary_id ELSE w.household_id END,
            'service', 1
        FROM service_records r
        LEFT JOIN wishes w ON r.beneficiary_kind = 'wish' AND w.id = r.beneficiary_id
        WHERE r.id = NEW.record_id AND r.kind = 'service'
          AND CASE WHEN r.beneficiary_kind = 'household' THEN r.beneficiary_id ELSE w.household_id END
              IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM service_records v WHERE v.reverses = r.id)
    ON CONFLICT (year, household_id, way) DO UPDATE SET acts = t.acts + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER record_events_count_verified AFTER INSERT ON record_events
    FOR EACH ROW WHEN (NEW.kind = 'verified') EXECUTE FUNCTION count_verified();

-- A reversal takes back the help its line gave, whether or not the reversal is verified yet.
CREATE FUNCTION uncount_reversed_help() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    UPDATE household_help_months SET acts = acts - 1
    WHERE way = 'service' AND (month, household_id) IN (
        SELECT substr(r.service_date, 1, 7),
            CASE WHEN r.beneficiary_kind = 'household' THEN r.beneficiary_id ELSE w.household_id END
        FROM service_records r
        JOIN record_events d ON d.record_id = r.id AND d.kind = 'verified'
        LEFT JOIN wishes w ON r.beneficiary_kind = 'wish' AND w.id = r.beneficiary_id
        WHERE r.id = NEW.reverses AND r.kind = 'service');
    UPDATE household_help_years SET acts = acts - 1
    WHERE way = 'service' AND (year, household_id) IN (
        SELECT substr(r.service_date, 1, 4),
            CASE WHEN r.beneficiary_kind = 'household' THEN r.beneficiary_id ELSE w.household_id END
        FROM service_records r
        JOIN record_events d ON d.record_id = r.id AND d.kind = 'verified'
        LEFT JOIN wishes w ON r.beneficiary_kind = 'wish' AND w.id = r.beneficiary_id
        WHERE r.id = NEW.reverses AND r.kind = 'service');
    RETURN NULL;
END $$;
CREATE TRIGGER service_records_uncount_help AFTER INSERT ON service_records
    FOR EACH ROW WHEN (NEW.reverses IS NOT NULL) EXECUTE FUNCTION uncount_reversed_help();

CREATE FUNCTION count_fulfilled_help() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    INSERT INTO household_help_months AS t (month, household_id, way, acts)
        SELECT substr(date(NEW.at, '+8 hours'), 1, 7), w.household_id, 'wish', 1
        FROM wishes w WHERE w.id = NEW.wish_id AND w.household_id IS NOT NULL
    ON CONFLICT (month, household_id, way) DO UPDATE SET acts = t.acts + 1;
    INSERT INTO household_help_years AS t (year, household_id, way, acts)
        SELECT substr(date(NEW.at, '+8 hours'), 1, 4), w.household_id, 'wish', 1
        FROM wishes w WHERE w.id = NEW.wish_id AND w.household_id IS NOT NULL
    ON CONFLICT (year, household_id, way) DO UPDATE SET acts = t.acts + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER wish_events_count_help AFTER INSERT ON wish_events
    FOR EACH ROW WHEN (NEW.kind = 'fulfilled') EXECUTE FUNCTION count_fulfilled_help();

CREATE FUNCTION count_aid_help() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    INSERT INTO household_help_months AS t (month, household_id, way, acts)
        SELECT substr(NEW.given_on, 1, 7), NEW.household_id, 'aid', 1
        WHERE NEW.reverses IS NULL
          AND NOT EXISTS (SELECT 1 FROM aid_gifts v WHERE v.reverses = NEW.id)
    ON CONFLICT (month, household_id, way) DO UPDATE SET acts = t.acts + 1;
    INSERT INTO household_help_years AS t (year, household_id, way, acts)
        SELECT substr(NEW.given_on, 1, 4), NEW.household_id, 'aid', 1
        WHERE NEW.reverses IS NULL
          AND NOT EXISTS (SELECT 1 FROM aid_gifts v WHERE v.reverses = NEW.id)
    ON CONFLICT (year, household_id, way) DO UPDATE SET acts = t.acts + 1;
    UPDATE household_help_months SET acts = acts - 1
    WHERE way = 'aid' AND (month, household_id) IN (
        SELECT substr(a.given_on, 1, 7), a.household_id FROM aid_gifts a
        WHERE a.id = NEW.reverses AND a.reverses IS NULL);
    UPDATE household_help_years SET acts = acts - 1
    WHERE way = 'aid' AND (year, household_id) IN (
        SELECT substr(a.given_on, 1, 4), a.household_id FROM aid_gifts a
        WHERE a.id = NEW.reverses AND a.reverses IS NULL);
    RETURN NULL;
END $$;
CREATE TRIGGER aid_gifts_count_help AFTER INSERT ON aid_gifts
    FOR EACH ROW EXECUTE FUNCTION count_aid_help();

-- What is already on file.
INSERT INTO verified_months (month, community_id, category, minutes, lines)
    SELECT substr(r.service_date, 1, 7), r.community_id, r.category,
        SUM(CASE WHEN r.kind = 'reversal' THEN -r.minutes ELSE r.minutes END),
        SUM(CASE WHEN r.kind = 'reversal' THEN -1 ELSE 1 END)
    FROM service_records r JOIN record_events e ON e.record_id = r.id AND e.kind = 'verified'
    GROUP BY 1, 2, 3;
INSERT INTO volunteer_months (month, volunteer_id, community_id, minutes, lines)
    SELECT substr(r.service_date, 1, 7), r.volunteer_id, r.community_id,
        SUM(CASE WHEN r.kind = 'reversal' THEN -r.minutes ELSE r.minutes END),
        SUM(CASE WHEN r.kind = 'reversal' THEN -1 ELSE 1 END)
    FROM service_records r JOIN record_events e ON e.record_id = r.id AND e.kind = 'verified'
    GROUP BY 1, 2, 3;
INSERT INTO volunteer_years (year, volunteer_id, community_id, minutes, lines)
    SELECT substr(r.service_date, 1, 4), r.volunteer_id, r.community_id,
        SUM(CASE WHEN r.kind = 'reversal' THEN -r.minutes ELSE r.minutes END),
        SUM(CASE WHEN r.kind = 'reversal' THEN -1 ELSE 1 END)
    FROM service_records r JOIN record_events e ON e.record_id = r.id AND e.kind = 'verified'
    GROUP BY 1, 2, 3;
INSERT INTO household_help_months (month, household_id, way, acts)
    SELECT month, household_id, way, COUNT(*) FROM (
        SELECT substr(r.service_date, 1, 7) AS month,
            CASE WHEN r.beneficiary_kind = 'household' THEN r.beneficiary_id ELSE w.household_id END
                AS household_id,
            'service' AS way
        FROM service_records r
        JOIN record_events d ON d.record_id = r.id AND d.kind = 'verified'
        LEFT JOIN wishes w ON r.beneficiary_kind = 'wish' AND w.id = r.beneficiary_id
        WHERE r.kind = 'service'
          AND NOT EXISTS (SELECT 1 FROM service_records v WHERE v.reverses = r.id)
        UNION ALL
        SELECT substr(date(e.at, '+8 hours'), 1, 7), w.household_id, 'wish'
        FROM wish_events e JOIN wishes w ON w.id = e.wish_id
        WHERE e.kind = 'fulfilled'
        UNION ALL
        SELECT substr(a.given_on, 1, 7), a.household_id, 'aid' FROM aid_gifts a
        WHERE a.reverses IS NULL AND NOT EXISTS (SELECT 1 FROM aid_gifts v WHERE v.reverses = a.id)
    ) AS acts
    WHERE household_id IS NOT NULL
    GROUP BY month, household_id, way;
INSERT INTO household_help_years (year, household_id, way, acts)
    SELECT year, household_id, way, COUNT(*) FROM (
        SELECT substr(r.service_date, 1, 4) AS year,
            CASE WHEN r.beneficiary_kind = 'household' THEN r.beneficiary_id ELSE w.household_id END
                AS household_id,
            'service' AS way
        FROM service_records r
        JOIN record_events d ON d.record_id = r.id AND d.kind = 'verified'
        LEFT JOIN wishes w ON r.beneficiary_kind = 'wish' AND w.id = r.beneficiary_id
        WHERE r.kind = 'service'
          AND NOT EXISTS (SELECT 1 FROM service_records v WHERE v.reverses = r.id)
        UNION ALL
        SELECT substr(date(e.at, '+8 hours'), 1, 4), w.household_id, 'wish'
        FROM wish_events e JOIN wishes w ON w.id = e.wish_id
        WHERE e.kind = 'fulfilled'
        UNION ALL
        SELECT substr(a.given_on, 1, 4), a.household_id, 'aid' FROM aid_gifts a
        WHERE a.reverses IS NULL AND NOT EXISTS (SELECT 1 FROM aid_gifts v WHERE v.reverses = a.id)
    ) AS acts
    WHERE household_id IS NOT NULL
    GROUP BY year, household_id, way;
