-- A district or city that runs several sub-districts (街道) from one install: the install's own
-- database keeps the list of the others. Each of them has a database of its own with every
-- table of this one (a file beside this one on SQLite, a schema `sd_<code>` of the same database
-- on PostgreSQL), so nothing of one sub-district is ever in another's tables. A request is sent
-- to a sub-district by the host name it was addressed to; any other host is this database's.
-- (The table exists in every sub-district's database too, and is empty there.)
CREATE TABLE hosted_sub_districts (
    code       TEXT PRIMARY KEY,                   -- names the file or schema
    host       TEXT NOT NULL UNIQUE,               -- lowercase, without a port
    name       TEXT NOT NULL,                      -- as given when added; its own database has the current one
    created_at TEXT NOT NULL
);
