-- Recognition records exactly as SenseLink reported them, one row per record
-- id. Every column but the key is written once and never updated, so the
-- only index beyond the key is the one the live log pages by: ingestion
-- speed matters more than ad-hoc query speed here.
CREATE TABLE records (
    id                 INTEGER PRIMARY KEY, -- SenseLink's record id
    sign_time          INTEGER NOT NULL,    -- Unix seconds
    sign_time_zone     TEXT    NOT NULL,
    sign_date          TEXT    NOT NULL,
    user_id            INTEGER NOT NULL,
    user_name          TEXT    NOT NULL,
    user_type          INTEGER NOT NULL,
    job_number         TEXT,                -- NULL: the server sent none
    device_ldid        TEXT    NOT NULL,
    device_name        TEXT    NOT NULL,
    location           TEXT    NOT NULL,
    body_temperature   REAL,
    abnormal_type      INTEGER NOT NULL,
    mask               INTEGER,
    direction          INTEGER,
    entry_mode         INTEGER,
    verify_score       REAL,
    capture_picture    TEXT    NOT NULL,
    capture_bg_picture TEXT    NOT NULL,
    group_id           INTEGER,
    group_name         TEXT    NOT NULL,
    "groups"           TEXT,                -- JSON as sent
    raw                TEXT    NOT NULL,    -- the whole record as received
    fetched_at         INTEGER NOT NULL     -- Unix milliseconds when stored
);

-- The live log reads newest first. Every SQLite index ends with the rowid,
-- so this one already serves ORDER BY sign_time DESC, id DESC.
CREATE INDEX records_by_sign_time ON records (sign_time);

-- The SenseLink account this database is linked to. The AppSecret is kept in
-- the OS keychain and must never get a column here.
CREATE TABLE link (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    server    TEXT    NOT NULL,
    app_key   TEXT    NOT NULL,
    demo      INTEGER NOT NULL,
    linked_at INTEGER NOT NULL -- Unix milliseconds
);

-- Where sync stands. cursor is the end (Unix seconds) of the receive-time
-- window up to which every record is stored.
CREATE TABLE sync_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    cursor          INTEGER,
    last_success    INTEGER, -- Unix milliseconds
    last_error      TEXT,
    last_error_kind TEXT,
    last_error_at   INTEGER  -- Unix milliseconds
);
INSERT INTO sync_state (id) VALUES (1);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
