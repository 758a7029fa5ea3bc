-- Love Bank on PostgreSQL: the schema as SQLite's migrations 0001-0020 leave it, in one step.
-- From here on each schema change is a migration in both folders, with the same number.
--
-- Kept as close to the SQLite schema as the engines allow, so one set of statements serves both:
-- times are UTC RFC 3339 text (fixed width, so they compare in time order), ids are UUID text,
-- yes/no values are 0/1 integers, and text sorts by code point (COLLATE "C", SQLite's order).
-- Append-only tables refuse UPDATE and DELETE through triggers, as on SQLite.

-- SQLite's built-in functions that the store's statements use, for PostgreSQL.
CREATE FUNCTION group_concat_step(acc TEXT, value TEXT, separator TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN value IS NULL THEN acc WHEN acc IS NULL THEN value
                      ELSE acc || separator || value END $$;
CREATE AGGREGATE group_concat(TEXT, TEXT) (SFUNC = group_concat_step, STYPE = TEXT);
-- date(at, '+8 hours') / datetime(at, '+8 hours'): a stored UTC time shifted, as text.
CREATE FUNCTION date(at TEXT, shift TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT to_char((at::timestamptz AT TIME ZONE 'UTC') + shift::interval, 'YYYY-MM-DD') $$;
CREATE FUNCTION datetime(at TEXT, shift TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT to_char((at::timestamptz AT TIME ZONE 'UTC') + shift::interval,
                         'YYYY-MM-DD HH24:MI:SS') $$;
CREATE FUNCTION instr(haystack TEXT, needle TEXT) RETURNS BIGINT
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT strpos(haystack, needle)::BIGINT $$;

-- The append-only guard: every such trigger names its table's rule.
CREATE FUNCTION refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END $$;

-- A closed activity's attendance is final.
CREATE FUNCTION activity_attendance_open() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF (SELECT closed_at FROM activities
        WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.activity_id ELSE NEW.activity_id END)
       IS NOT NULL THEN
        RAISE EXCEPTION 'the activity is closed';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE TABLE sub_district (
    id   BIGINT PRIMARY KEY CHECK (id = 1),          -- one sub-district per installation
    name TEXT COLLATE "C" NOT NULL CHECK (length(name) BETWEEN 1 AND 100)
);

CREATE TABLE communities (
    id         TEXT COLLATE "C" PRIMARY KEY,
    name       TEXT COLLATE "C" NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
    created_at TEXT COLLATE "C" NOT NULL
, retired_at TEXT, wish_waiting_days BIGINT NOT NULL DEFAULT 60
    CHECK (wish_waiting_days BETWEEN 7 AND 365));

CREATE TABLE categories (
    code       TEXT COLLATE "C" PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 40),
    name_zh    TEXT COLLATE "C" NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 40),
    name_en    TEXT COLLATE "C" NOT NULL CHECK (length(name_en) BETWEEN 1 AND 60),
    icon       TEXT COLLATE "C" NOT NULL DEFAULT '',
    sort_order BIGINT NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL
, retired_at TEXT);

CREATE TABLE people (
    id               TEXT COLLATE "C" PRIMARY KEY,
    role             TEXT COLLATE "C" NOT NULL CHECK (role IN ('volunteer', 'staff', 'admin')),
    community_id     TEXT COLLATE "C" REFERENCES communities (id),
    name             TEXT COLLATE "C" NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    gender           TEXT COLLATE "C" CHECK (gender IN ('female', 'male')),
    birth_year       BIGINT CHECK (birth_year BETWEEN 1900 AND 2100),
    political_status TEXT COLLATE "C",
    phone            TEXT COLLATE "C" UNIQUE,
    username         TEXT COLLATE "C" UNIQUE,
    password_hash    TEXT COLLATE "C",
    skills           TEXT COLLATE "C" NOT NULL DEFAULT '',
    preferences      TEXT COLLATE "C" NOT NULL DEFAULT '[]',     -- JSON array of category codes
    joined_on        TEXT COLLATE "C" NOT NULL,
    created_at       TEXT COLLATE "C" NOT NULL, opened_by TEXT REFERENCES people (id), opened_at TEXT, password_set_by TEXT REFERENCES people (id), password_set_at TEXT, deactivated_at TEXT, deactivation_reason TEXT NOT NULL DEFAULT ''
    CHECK (length(deactivation_reason) <= 200), deactivated_on TEXT, occupation TEXT NOT NULL DEFAULT ''
    CHECK (length(occupation) <= 50), hobbies TEXT NOT NULL DEFAULT ''
    CHECK (length(hobbies) <= 200),
    -- staff and volunteers belong to one community; the admin to the whole sub-district
    CHECK ((role = 'admin') = (community_id IS NULL))
);

CREATE INDEX people_by_community ON people (community_id, role);

CREATE TABLE households (
    id            TEXT COLLATE "C" PRIMARY KEY,
    community_id  TEXT COLLATE "C" NOT NULL REFERENCES communities (id),
    head_name     TEXT COLLATE "C" NOT NULL CHECK (length(head_name) BETWEEN 1 AND 50),
    address       TEXT COLLATE "C" NOT NULL CHECK (length(address) <= 200),
    members       BIGINT NOT NULL CHECK (members BETWEEN 1 AND 30),
    hardship_type TEXT COLLATE "C" NOT NULL,
    needs         TEXT COLLATE "C" NOT NULL CHECK (length(needs) <= 1000),
    created_at    TEXT COLLATE "C" NOT NULL
, updated_at TEXT, phone TEXT NOT NULL DEFAULT '' CHECK (length(phone) <= 20), closed_on TEXT, closed_reason TEXT
    CHECK (closed_reason IN ('recovered', 'moved', 'deceased')), closed_note TEXT NOT NULL DEFAULT ''
    CHECK (length(closed_note) <= 200));

CREATE INDEX households_by_community ON households (community_id);

CREATE TABLE wishes (
    id           TEXT COLLATE "C" PRIMARY KEY,
    community_id TEXT COLLATE "C" NOT NULL REFERENCES communities (id),
    household_id TEXT COLLATE "C" REFERENCES households (id),
    poster_name  TEXT COLLATE "C" NOT NULL CHECK (length(poster_name) BETWEEN 1 AND 50),
    need         TEXT COLLATE "C" NOT NULL CHECK (length(need) BETWEEN 1 AND 500),
    offer        TEXT COLLATE "C" NOT NULL CHECK (length(offer) <= 500),
    category     TEXT COLLATE "C" NOT NULL REFERENCES categories (code),
    capacity     BIGINT NOT NULL DEFAULT 1 CHECK (capacity BETWEEN 1 AND 50),
    created_at   TEXT COLLATE "C" NOT NULL
, posted_by TEXT REFERENCES people (id), service TEXT NOT NULL DEFAULT '' CHECK (length(service) <= 100), pay_minutes BIGINT
    CHECK (pay_minutes IS NULL OR pay_minutes BETWEEN 30 AND 2400));

CREATE INDEX wishes_by_community ON wishes (community_id);

CREATE TABLE service_records (
    id               TEXT COLLATE "C" PRIMARY KEY,
    volunteer_id     TEXT COLLATE "C" NOT NULL REFERENCES people (id),
    community_id     TEXT COLLATE "C" NOT NULL REFERENCES communities (id),
    service_date     TEXT COLLATE "C" NOT NULL,                   -- local date, YYYY-MM-DD
    start_time       TEXT COLLATE "C" NOT NULL,                   -- local time, HH:MM
    end_time         TEXT COLLATE "C" NOT NULL,
    minutes          BIGINT NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
    place            TEXT COLLATE "C" NOT NULL CHECK (length(place) BETWEEN 1 AND 200),
    content          TEXT COLLATE "C" NOT NULL CHECK (length(content) BETWEEN 1 AND 1000),
    category         TEXT COLLATE "C" NOT NULL REFERENCES categories (code),
    beneficiary_kind TEXT COLLATE "C" NOT NULL CHECK (beneficiary_kind IN ('household', 'wish', 'activity', 'none')),
    beneficiary_id   TEXT COLLATE "C",
    witness_name     TEXT COLLATE "C" NOT NULL DEFAULT '' CHECK (length(witness_name) <= 50),
    witness_phone    TEXT COLLATE "C" NOT NULL DEFAULT '' CHECK (length(witness_phone) <= 20),
    device_id        TEXT COLLATE "C",
    device_seq       BIGINT,
    created_at       TEXT COLLATE "C" NOT NULL,                   -- when the volunteer captured it
    received_at      TEXT COLLATE "C" NOT NULL, kind TEXT NOT NULL DEFAULT 'service'
    CHECK (kind IN ('service', 'reversal')), reverses TEXT REFERENCES service_records (id), reason TEXT NOT NULL DEFAULT '', flags TEXT NOT NULL DEFAULT '', beneficiary_name TEXT NOT NULL DEFAULT '', recorded_by TEXT REFERENCES people (id), duplicate_of TEXT, witness_signature TEXT NOT NULL DEFAULT ''
    CHECK (length(witness_signature) <= 14000),                   -- server time of arrival
    UNIQUE (device_id, device_seq)
);

CREATE INDEX service_records_by_volunteer ON service_records (volunteer_id, service_date);

CREATE INDEX service_records_by_community ON service_records (community_id, service_date);

CREATE TABLE record_events (
    id        TEXT COLLATE "C" PRIMARY KEY,
    record_id TEXT COLLATE "C" NOT NULL REFERENCES service_records (id),
    kind      TEXT COLLATE "C" NOT NULL CHECK (kind IN ('verified', 'rejected')),
    person_id TEXT COLLATE "C" NOT NULL REFERENCES people (id),
    at        TEXT COLLATE "C" NOT NULL,
    reason    TEXT COLLATE "C" NOT NULL DEFAULT '' CHECK (length(reason) <= 500)
, points BIGINT NOT NULL DEFAULT 0);

CREATE INDEX record_events_by_record ON record_events (record_id);

CREATE TABLE sessions (
    token_hash TEXT COLLATE "C" PRIMARY KEY,
    person_id  TEXT COLLATE "C" NOT NULL REFERENCES people (id),
    created_at TEXT COLLATE "C" NOT NULL,
    expires_at TEXT COLLATE "C" NOT NULL,
    revoked_at TEXT COLLATE "C"
, last_seen_at TEXT);

CREATE INDEX sessions_by_person ON sessions (person_id);

CREATE TABLE audit_log (
    seq          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    at           TEXT COLLATE "C" NOT NULL,
    actor_id     TEXT COLLATE "C",
    actor_role   TEXT COLLATE "C",
    community_id TEXT COLLATE "C",
    action       TEXT COLLATE "C" NOT NULL,
    subject      TEXT COLLATE "C" NOT NULL DEFAULT '',
    detail       TEXT COLLATE "C" NOT NULL DEFAULT '',
    device       TEXT COLLATE "C" NOT NULL DEFAULT ''
);

CREATE INDEX audit_log_by_community ON audit_log (community_id, seq);

CREATE UNIQUE INDEX service_records_one_reversal ON service_records (reverses)
    WHERE reverses IS NOT NULL;

CREATE UNIQUE INDEX record_events_one_decision ON record_events (record_id);

CREATE TABLE points_rules (
    seq          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    per_hour     BIGINT NOT NULL CHECK (per_hour BETWEEN 0 AND 10000),
    per_category TEXT COLLATE "C" NOT NULL DEFAULT '{}',   -- JSON object: category code -> hundredths/hour
    set_by       TEXT COLLATE "C" REFERENCES people (id),
    set_at       TEXT COLLATE "C" NOT NULL
);

CREATE TABLE redemptions (
    id           TEXT COLLATE "C" PRIMARY KEY,
    volunteer_id TEXT COLLATE "C" NOT NULL REFERENCES people (id),
    points       BIGINT NOT NULL CHECK (points > 0),
    item         TEXT COLLATE "C" NOT NULL CHECK (length(item) BETWEEN 1 AND 200),
    requested_at TEXT COLLATE "C" NOT NULL
);

CREATE INDEX redemptions_by_volunteer ON redemptions (volunteer_id);

CREATE TABLE redemption_events (
    id            TEXT COLLATE "C" PRIMARY KEY,
    redemption_id TEXT COLLATE "C" NOT NULL UNIQUE REFERENCES redemptions (id),
    kind          TEXT COLLATE "C" NOT NULL CHECK (kind IN ('approved', 'refused')),
    person_id     TEXT COLLATE "C" NOT NULL REFERENCES people (id),
    at            TEXT COLLATE "C" NOT NULL,
    reason        TEXT COLLATE "C" NOT NULL DEFAULT ''
);

CREATE TABLE kiosks (
    id           TEXT COLLATE "C" PRIMARY KEY,
    community_id TEXT COLLATE "C" NOT NULL REFERENCES communities (id),
    name         TEXT COLLATE "C" NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    token_hash   TEXT COLLATE "C" NOT NULL UNIQUE,
    created_by   TEXT COLLATE "C" NOT NULL REFERENCES people (id),
    created_at   TEXT COLLATE "C" NOT NULL,
    revoked_at   TEXT COLLATE "C"
, last_seen_at TEXT);

CREATE TABLE sync_entries (
    change       BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    id           TEXT COLLATE "C" NOT NULL UNIQUE CHECK (length(id) BETWEEN 1 AND 64),
    device_id    TEXT COLLATE "C" NOT NULL CHECK (length(device_id) BETWEEN 1 AND 64),
    device_seq   BIGINT NOT NULL CHECK (device_seq >= 1),
    author_id    TEXT COLLATE "C" NOT NULL REFERENCES people (id),
    community_id TEXT COLLATE "C" REFERENCES communities (id),
    schema       BIGINT NOT NULL,
    kind         TEXT COLLATE "C" NOT NULL,
    body         TEXT COLLATE "C" NOT NULL,
    fingerprint  TEXT COLLATE "C" NOT NULL,
    outcome      TEXT COLLATE "C" NOT NULL CHECK (outcome IN ('accepted', 'refused')),
    reason       TEXT COLLATE "C" NOT NULL DEFAULT '',
    received_at  TEXT COLLATE "C" NOT NULL,
    UNIQUE (device_id, device_seq)
);

CREATE INDEX sync_entries_by_author ON sync_entries (author_id, change);

CREATE TABLE sync_quarantine (
    seq         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    id          TEXT COLLATE "C" NOT NULL,
    device_id   TEXT COLLATE "C" NOT NULL,
    device_seq  BIGINT NOT NULL,
    author_id   TEXT COLLATE "C",
    body        TEXT COLLATE "C" NOT NULL,
    reason      TEXT COLLATE "C" NOT NULL,
    received_at TEXT COLLATE "C" NOT NULL
, kind TEXT NOT NULL DEFAULT '', schema BIGINT NOT NULL DEFAULT 1, community_id TEXT REFERENCES communities (id));

CREATE TABLE sync_devices (
    device_id     TEXT COLLATE "C" PRIMARY KEY,
    acked_through BIGINT NOT NULL DEFAULT 0
, person_id TEXT REFERENCES people (id), captured_through BIGINT NOT NULL DEFAULT 0, last_seen_at TEXT);

CREATE TABLE sync_held (
    device_id  TEXT COLLATE "C" NOT NULL,
    device_seq BIGINT NOT NULL, entry_id TEXT,
    PRIMARY KEY (device_id, device_seq)
);

CREATE TABLE wish_reports (
    id        TEXT COLLATE "C" PRIMARY KEY,
    wish_id   TEXT COLLATE "C" NOT NULL REFERENCES wishes (id),
    person_id TEXT COLLATE "C" NOT NULL REFERENCES people (id),
    record_id TEXT COLLATE "C" NOT NULL,
    at        TEXT COLLATE "C" NOT NULL
);

CREATE INDEX wish_reports_by_wish ON wish_reports (wish_id);

CREATE TABLE agreements (
    id           TEXT COLLATE "C" PRIMARY KEY,
    community_id TEXT COLLATE "C" NOT NULL REFERENCES communities (id),
    household_id TEXT COLLATE "C" NOT NULL REFERENCES households (id),
    pairing      TEXT COLLATE "C" NOT NULL CHECK (pairing IN ('one_on_one', 'many_on_one')),
    content      TEXT COLLATE "C" NOT NULL CHECK (length(content) BETWEEN 1 AND 1000),
    frequency    TEXT COLLATE "C" NOT NULL CHECK (frequency IN ('weekly', 'fortnightly', 'monthly')),
    start_on     TEXT COLLATE "C" NOT NULL,
    end_on       TEXT COLLATE "C" NOT NULL CHECK (end_on >= start_on),
    created_by   TEXT COLLATE "C" NOT NULL REFERENCES people (id),
    created_at   TEXT COLLATE "C" NOT NULL
, ended_on TEXT);

CREATE INDEX agreements_by_community ON agreements (community_id, start_on);

CREATE INDEX agreements_by_household ON agreements (household_id);

CREATE TABLE agreement_volunteers (
    agreement_id TEXT COLLATE "C" NOT NULL REFERENCES agreements (id),
    person_id    TEXT COLLATE "C" NOT NULL REFERENCES people (id),
    PRIMARY KEY (agreement_id, person_id)
);

CREATE INDEX agreement_volunteers_by_person ON agreement_volunteers (person_id);

CREATE INDEX service_records_by_beneficiary ON service_records (beneficiary_kind, beneficiary_id, service_date);

CREATE TABLE activities (
    id           TEXT COLLATE "C" PRIMARY KEY,
    community_id TEXT COLLATE "C" NOT NULL REFERENCES communities (id),
    kind         TEXT COLLATE "C" NOT NULL CHECK (kind IN ('regular', 'self_organised')),
    title        TEXT COLLATE "C" NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    held_on      TEXT COLLATE "C" NOT NULL,
    start_time   TEXT COLLATE "C" NOT NULL,
    end_time     TEXT COLLATE "C" NOT NULL,
    place        TEXT COLLATE "C" NOT NULL CHECK (length(place) BETWEEN 1 AND 200),
    category     TEXT COLLATE "C" NOT NULL REFERENCES categories (code),
    content      TEXT COLLATE "C" NOT NULL CHECK (length(content) <= 1000),
    created_by   TEXT COLLATE "C" NOT NULL REFERENCES people (id),
    created_at   TEXT COLLATE "C" NOT NULL,
    -- Closing turns the attendance into pending service lines, once.
    closed_by    TEXT COLLATE "C" REFERENCES people (id),
    closed_at    TEXT COLLATE "C"
, witness_name TEXT NOT NULL DEFAULT ''
    CHECK (length(witness_name) <= 50), witness_phone TEXT NOT NULL DEFAULT ''
    CHECK (length(witness_phone) <= 40), series_id TEXT REFERENCES activities (id), status TEXT NOT NULL DEFAULT 'approved'
    CHECK (status IN ('proposed', 'approved', 'declined')), proposed_by TEXT REFERENCES people (id), reviewed_by TEXT REFERENCES people (id), review_reason TEXT NOT NULL DEFAULT ''
    CHECK (length(review_reason) <= 500));

CREATE INDEX activities_by_community ON activities (community_id, held_on);

CREATE TABLE activity_attendees (
    activity_id TEXT COLLATE "C" NOT NULL REFERENCES activities (id),
    person_id   TEXT COLLATE "C" NOT NULL REFERENCES people (id), arrived TEXT CHECK (arrived IS NULL OR length(arrived) = 5), left_at TEXT CHECK (left_at IS NULL OR length(left_at) = 5),
    PRIMARY KEY (activity_id, person_id)
);

CREATE TABLE certificates (
    id           TEXT COLLATE "C" PRIMARY KEY,
    year         BIGINT NOT NULL,
    seq          BIGINT NOT NULL CHECK (seq >= 1),
    number       TEXT COLLATE "C" NOT NULL UNIQUE,
    person_id    TEXT COLLATE "C" NOT NULL REFERENCES people (id),
    community_id TEXT COLLATE "C" NOT NULL REFERENCES communities (id),
    issued_by    TEXT COLLATE "C" NOT NULL REFERENCES people (id),
    issued_at    TEXT COLLATE "C" NOT NULL,
    body         TEXT COLLATE "C" NOT NULL,
    UNIQUE (year, seq)
);

CREATE INDEX certificates_by_person ON certificates (person_id);

CREATE TABLE catalogue_items (
    id         TEXT COLLATE "C" PRIMARY KEY,
    name       TEXT COLLATE "C" NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    points     BIGINT NOT NULL CHECK (points > 0),
    created_by TEXT COLLATE "C" REFERENCES people (id),
    created_at TEXT COLLATE "C" NOT NULL,
    retired_at TEXT COLLATE "C"
);

CREATE INDEX wishes_by_household ON wishes (household_id) WHERE household_id IS NOT NULL;

CREATE TABLE redemption_endorsements (
    redemption_id TEXT COLLATE "C" PRIMARY KEY REFERENCES redemptions (id),
    person_id     TEXT COLLATE "C" NOT NULL REFERENCES people (id),
    at            TEXT COLLATE "C" NOT NULL
);

CREATE TABLE device_owners (
    device_id TEXT COLLATE "C" PRIMARY KEY,
    person_id TEXT COLLATE "C" NOT NULL REFERENCES people (id),
    first_at  TEXT COLLATE "C" NOT NULL
);

CREATE TABLE sign_in_attempts (
    key      TEXT COLLATE "C" PRIMARY KEY,
    failures BIGINT NOT NULL,
    last_at  TEXT COLLATE "C" NOT NULL
);

CREATE INDEX sign_in_attempts_by_time ON sign_in_attempts (last_at);

CREATE INDEX audit_log_by_action ON audit_log (action, actor_id, at);

CREATE INDEX sync_devices_by_person ON sync_devices (person_id);

CREATE TABLE sync_quarantine_resolutions (
    quarantine_seq BIGINT PRIMARY KEY REFERENCES sync_quarantine (seq),
    outcome        TEXT COLLATE "C" NOT NULL CHECK (outcome IN ('reapplied', 'dismissed')),
    person_id      TEXT COLLATE "C" NOT NULL REFERENCES people (id),
    at             TEXT COLLATE "C" NOT NULL,
    note           TEXT COLLATE "C" NOT NULL DEFAULT ''
);

CREATE TABLE applications (
    id               TEXT COLLATE "C" PRIMARY KEY,
    community_id     TEXT COLLATE "C" NOT NULL REFERENCES communities (id),
    name             TEXT COLLATE "C" NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    gender           TEXT COLLATE "C" NOT NULL CHECK (gender IN ('female', 'male')),
    birth_year       BIGINT NOT NULL CHECK (birth_year BETWEEN 1900 AND 2100),
    political_status TEXT COLLATE "C" NOT NULL,
    phone            TEXT COLLATE "C" NOT NULL,
    skills           TEXT COLLATE "C" NOT NULL DEFAULT '',
    preferences      TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    occupation       TEXT COLLATE "C" NOT NULL DEFAULT '' CHECK (length(occupation) <= 50),
    hobbies          TEXT COLLATE "C" NOT NULL DEFAULT '' CHECK (length(hobbies) <= 200),
    password_hash    TEXT COLLATE "C",
    submitted_at     TEXT COLLATE "C" NOT NULL,
    status           TEXT COLLATE "C" NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'approved', 'declined')),
    decided_at       TEXT COLLATE "C",
    decided_by       TEXT COLLATE "C" REFERENCES people (id),
    decline_reason   TEXT COLLATE "C" NOT NULL DEFAULT '' CHECK (length(decline_reason) <= 200),
    person_id        TEXT COLLATE "C" REFERENCES people (id),
    CHECK ((status = 'pending') = (decided_at IS NULL)),
    CHECK ((status = 'approved') = (person_id IS NOT NULL))
);

CREATE UNIQUE INDEX applications_waiting_phone ON applications (phone) WHERE status = 'pending';

CREATE INDEX applications_by_community ON applications (community_id, status, submitted_at);

CREATE INDEX applications_by_phone ON applications (phone, submitted_at);

CREATE TABLE "wish_events" (
    id        TEXT COLLATE "C" PRIMARY KEY,
    wish_id   TEXT COLLATE "C" NOT NULL REFERENCES wishes (id),
    kind      TEXT COLLATE "C" NOT NULL
              CHECK (kind IN ('approved', 'claimed', 'fulfilled', 'withdrawn', 'released')),
    person_id TEXT COLLATE "C" REFERENCES people (id),
    at        TEXT COLLATE "C" NOT NULL,
    note      TEXT COLLATE "C" NOT NULL DEFAULT '' CHECK (length(note) <= 500)
);

CREATE INDEX wish_events_by_wish ON wish_events (wish_id, kind);

CREATE INDEX wish_events_by_kind_at ON wish_events (kind, at);

CREATE VIEW wish_places AS
    SELECT wish_id, person_id FROM wish_events
    WHERE kind IN ('claimed', 'released')
    GROUP BY wish_id, person_id
    HAVING COUNT(*) FILTER (WHERE kind = 'claimed') > COUNT(*) FILTER (WHERE kind = 'released');

CREATE TABLE partners (
    id           TEXT COLLATE "C" PRIMARY KEY,
    community_id TEXT COLLATE "C" REFERENCES communities (id),
    name         TEXT COLLATE "C" NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    contact      TEXT COLLATE "C" NOT NULL DEFAULT '' CHECK (length(contact) <= 100),
    kind         TEXT COLLATE "C" NOT NULL
                 CHECK (kind IN ('company', 'school', 'unit', 'social_organisation', 'other')),
    created_by   TEXT COLLATE "C" NOT NULL REFERENCES people (id),
    created_at   TEXT COLLATE "C" NOT NULL
);

CREATE UNIQUE INDEX partners_one_name ON partners (COALESCE(community_id, ''), name);

CREATE TABLE aid_gifts (
    id           TEXT COLLATE "C" PRIMARY KEY,
    household_id TEXT COLLATE "C" NOT NULL REFERENCES households (id),
    community_id TEXT COLLATE "C" NOT NULL REFERENCES communities (id),
    given_on     TEXT COLLATE "C" NOT NULL,
    campaign     TEXT COLLATE "C" NOT NULL CHECK (length(campaign) BETWEEN 1 AND 50),
    partner_id   TEXT COLLATE "C" REFERENCES partners (id),
    kind         TEXT COLLATE "C" NOT NULL CHECK (kind IN ('money', 'goods')),
    amount_fen   BIGINT CHECK (amount_fen BETWEEN 1 AND 10000000),
    goods        TEXT COLLATE "C" CHECK (length(goods) BETWEEN 1 AND 50),
    goods_count  BIGINT CHECK (goods_count BETWEEN 1 AND 10000),
    recorded_by  TEXT COLLATE "C" NOT NULL REFERENCES people (id),
    recorded_at  TEXT COLLATE "C" NOT NULL,
    reverses     TEXT COLLATE "C" UNIQUE REFERENCES aid_gifts (id),
    reason       TEXT COLLATE "C" NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
    CHECK ((kind = 'money') = (amount_fen IS NOT NULL)),
    CHECK ((kind = 'goods') = (goods IS NOT NULL AND goods_count IS NOT NULL)),
    CHECK ((reverses IS NULL) = (reason = ''))
);

CREATE INDEX aid_gifts_by_household ON aid_gifts (household_id, given_on);

CREATE INDEX aid_gifts_by_community ON aid_gifts (community_id, given_on);

CREATE INDEX aid_gifts_by_campaign ON aid_gifts (campaign);

CREATE TABLE id_cards (
    person_id   TEXT COLLATE "C" PRIMARY KEY REFERENCES people (id),
    number      TEXT COLLATE "C" NOT NULL UNIQUE CHECK (length(number) = 18),
    recorded_by TEXT COLLATE "C" NOT NULL REFERENCES people (id),
    recorded_at TEXT COLLATE "C" NOT NULL
);

CREATE TABLE help_payments (
    id           TEXT COLLATE "C" PRIMARY KEY,
    wish_id      TEXT COLLATE "C" NOT NULL REFERENCES wishes (id),
    requester_id TEXT COLLATE "C" NOT NULL REFERENCES people (id),
    record_id    TEXT COLLATE "C" NOT NULL REFERENCES service_records (id),
    kind         TEXT COLLATE "C" NOT NULL CHECK (kind IN ('paid', 'refunded')),
    minutes      BIGINT NOT NULL CHECK (minutes > 0),
    at           TEXT COLLATE "C" NOT NULL,
    UNIQUE (record_id, kind)
);

CREATE INDEX help_payments_by_requester ON help_payments (requester_id);

CREATE INDEX help_payments_by_wish ON help_payments (wish_id);

CREATE INDEX activities_by_status ON activities (community_id, status, held_on);

CREATE TRIGGER service_records_append_only_update BEFORE UPDATE ON service_records
    FOR EACH ROW EXECUTE FUNCTION refuse_change('ledger lines are append-only');
CREATE TRIGGER service_records_append_only_delete BEFORE DELETE ON service_records
    FOR EACH ROW EXECUTE FUNCTION refuse_change('ledger lines are append-only');
CREATE TRIGGER record_events_append_only_update BEFORE UPDATE ON record_events
    FOR EACH ROW EXECUTE FUNCTION refuse_change('ledger facts are append-only');
CREATE TRIGGER record_events_append_only_delete BEFORE DELETE ON record_events
    FOR EACH ROW EXECUTE FUNCTION refuse_change('ledger facts are append-only');
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION refuse_change('the audit trail is append-only');
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION refuse_change('the audit trail is append-only');
CREATE TRIGGER redemptions_append_only_update BEFORE UPDATE ON redemptions
    FOR EACH ROW EXECUTE FUNCTION refuse_change('redemptions are append-only');
CREATE TRIGGER redemptions_append_only_delete BEFORE DELETE ON redemptions
    FOR EACH ROW EXECUTE FUNCTION refuse_change('redemptions are append-only');
CREATE TRIGGER redemption_events_append_only_update BEFORE UPDATE ON redemption_events
    FOR EACH ROW EXECUTE FUNCTION refuse_change('redemption facts are append-only');
CREATE TRIGGER redemption_events_append_only_delete BEFORE DELETE ON redemption_events
    FOR EACH ROW EXECUTE FUNCTION refuse_change('redemption facts are append-only');
CREATE TRIGGER points_rules_append_only_update BEFORE UPDATE ON points_rules
    FOR EACH ROW EXECUTE FUNCTION refuse_change('the points rule history is append-only');
CREATE TRIGGER sync_entries_append_only_update BEFORE UPDATE ON sync_entries
    FOR EACH ROW EXECUTE FUNCTION refuse_change('synced entries are append-only');
CREATE TRIGGER sync_entries_append_only_delete BEFORE DELETE ON sync_entries
    FOR EACH ROW EXECUTE FUNCTION refuse_change('synced entries are append-only');
CREATE TRIGGER sync_quarantine_append_only_delete BEFORE DELETE ON sync_quarantine
    FOR EACH ROW EXECUTE FUNCTION refuse_change('the quarantine is append-only');
CREATE TRIGGER certificates_append_only_update BEFORE UPDATE ON certificates
    FOR EACH ROW EXECUTE FUNCTION refuse_change('certificates are never changed');
CREATE TRIGGER certificates_append_only_delete BEFORE DELETE ON certificates
    FOR EACH ROW EXECUTE FUNCTION refuse_change('certificates are never removed');
CREATE TRIGGER catalogue_items_no_delete BEFORE DELETE ON catalogue_items
    FOR EACH ROW EXECUTE FUNCTION refuse_change('catalogue items are retired, not removed');
CREATE TRIGGER redemption_endorsements_append_only_update BEFORE UPDATE ON redemption_endorsements
    FOR EACH ROW EXECUTE FUNCTION refuse_change('redemption facts are append-only');
CREATE TRIGGER redemption_endorsements_append_only_delete BEFORE DELETE ON redemption_endorsements
    FOR EACH ROW EXECUTE FUNCTION refuse_change('redemption facts are append-only');
CREATE TRIGGER sync_quarantine_resolutions_append_only BEFORE UPDATE ON sync_quarantine_resolutions
    FOR EACH ROW EXECUTE FUNCTION refuse_change('resolutions are append-only');
CREATE TRIGGER wish_events_append_only_update BEFORE UPDATE ON wish_events
    FOR EACH ROW EXECUTE FUNCTION refuse_change('wish facts are append-only');
CREATE TRIGGER wish_events_append_only_delete BEFORE DELETE ON wish_events
    FOR EACH ROW EXECUTE FUNCTION refuse_change('wish facts are append-only');
CREATE TRIGGER aid_gifts_append_only_update BEFORE UPDATE ON aid_gifts
    FOR EACH ROW EXECUTE FUNCTION refuse_change('aid is append-only');
CREATE TRIGGER aid_gifts_append_only_delete BEFORE DELETE ON aid_gifts
    FOR EACH ROW EXECUTE FUNCTION refuse_change('aid is append-only');
CREATE TRIGGER help_payments_append_only_update BEFORE UPDATE ON help_payments
    FOR EACH ROW EXECUTE FUNCTION refuse_change('help payments are append-only');
CREATE TRIGGER help_payments_append_only_delete BEFORE DELETE ON help_payments
    FOR EACH ROW EXECUTE FUNCTION refuse_change('help payments are append-only');

CREATE TRIGGER activity_attendees_closed_insert BEFORE INSERT ON activity_attendees
    FOR EACH ROW EXECUTE FUNCTION activity_attendance_open();
CREATE TRIGGER activity_attendees_closed_delete BEFORE DELETE ON activity_attendees
    FOR EACH ROW EXECUTE FUNCTION activity_attendance_open();


-- The first points rule (SQLite's migration 0003 writes the same row).
INSERT INTO points_rules (per_hour, per_category, set_by, set_at)
VALUES (100, '{}', NULL, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'));
