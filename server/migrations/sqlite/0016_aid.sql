-- Schema version 16: partner organisations (共驻共建单位) and the aid (慰问) given to households.

-- A partner of one community, or (community_id NULL) of the whole sub-district, offered in
-- every community. One name per community.
CREATE TABLE partners (
    id           TEXT PRIMARY KEY,
    community_id TEXT REFERENCES communities (id),
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    contact      TEXT NOT NULL DEFAULT '' CHECK (length(contact) <= 100),
    kind         TEXT NOT NULL
                 CHECK (kind IN ('company', 'school', 'unit', 'social_organisation', 'other')),
    created_by   TEXT NOT NULL REFERENCES people (id),
    created_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX partners_one_name ON partners (COALESCE(community_id, ''), name);

-- One gift to a household: money in fen (an integer, never a float) or goods by count. Like the
-- ledger it is append-only: a mistake is taken back by a reversal row (reverses = the gift, the
-- same household, campaign, partner and gift, with a reason), at most one per gift.
CREATE TABLE aid_gifts (
    id           TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households (id),
    community_id TEXT NOT NULL REFERENCES communities (id),
    given_on     TEXT NOT NULL,
    campaign     TEXT NOT NULL CHECK (length(campaign) BETWEEN 1 AND 50),
    partner_id   TEXT REFERENCES partners (id),
    kind         TEXT NOT NULL CHECK (kind IN ('money', 'goods')),
    amount_fen   INTEGER CHECK (amount_fen BETWEEN 1 AND 10000000),
    goods        TEXT CHECK (length(goods) BETWEEN 1 AND 50),
    goods_count  INTEGER CHECK (goods_count BETWEEN 1 AND 10000),
    recorded_by  TEXT NOT NULL REFERENCES people (id),
    recorded_at  TEXT NOT NULL,
    reverses     TEXT UNIQUE REFERENCES aid_gifts (id),
    reason       TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
    CHECK ((kind = 'money') = (amount_fen IS NOT NULL)),
    CHECK ((kind = 'goods') = (goods IS NOT NULL AND goods_count IS NOT NULL)),
    CHECK ((reverses IS NULL) = (reason = ''))
);
CREATE INDEX aid_gifts_by_household ON aid_gifts (household_id, given_on);
CREATE INDEX aid_gifts_by_community ON aid_gifts (community_id, given_on);
CREATE INDEX aid_gifts_by_campaign ON aid_gifts (campaign);

CREATE TRIGGER aid_gifts_append_only_update BEFORE UPDATE ON aid_gifts
BEGIN SELECT RAISE(ABORT, 'aid is append-only'); END;
CREATE TRIGGER aid_gifts_append_only_delete BEFORE DELETE ON aid_gifts
BEGIN SELECT RAISE(ABORT, 'aid is append-only'); END;
