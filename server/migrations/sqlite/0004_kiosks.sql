-- Schema version 4: kiosks, the unattended wall displays. A kiosk holds a long-lived token
-- (only its SHA-256 is kept) that lets it read its community's wall and nothing else.
CREATE TABLE kiosks (
    id           TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities (id),
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    token_hash   TEXT NOT NULL UNIQUE,
    created_by   TEXT NOT NULL REFERENCES people (id),
    created_at   TEXT NOT NULL,
    revoked_at   TEXT
);
