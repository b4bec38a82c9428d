-- Staff, the administrator's inputs, and the punches derived from records.

-- The key a record is matched to a staff code by: the employee number with
-- surrounding spaces (ASCII and full-width) trimmed, nothing else (SPEC §2).
-- Virtual, so ingestion writes nothing more.
ALTER TABLE records ADD COLUMN match_key TEXT
    GENERATED ALWAYS AS (nullif(trim(job_number, ' 　'), '')) VIRTUAL;
CREATE INDEX records_by_match_key ON records (match_key, sign_time);

CREATE TABLE staff (
    code       TEXT PRIMARY KEY,  -- スタッフコード, ≤ 45 characters
    name       TEXT    NOT NULL,
    group_name TEXT    NOT NULL DEFAULT '',
    active     INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL   -- Unix milliseconds
);

-- Punches from other methods (IC card, web, mobile, imports) and the
-- administrator's corrections.
CREATE TABLE other_punches (
    id         TEXT PRIMARY KEY,
    staff_code TEXT    NOT NULL,
    time       INTEGER NOT NULL,  -- Unix milliseconds
    source     TEXT    NOT NULL,
    note       TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX other_punches_by_staff ON other_punches (staff_code, time);

-- The administrator's verdicts on pending face punches, per record; they
-- survive every recomputation.
CREATE TABLE decisions (
    record_id  INTEGER PRIMARY KEY,
    decision   TEXT    NOT NULL CHECK (decision IN ('approve', 'reject')),
    reason     TEXT    NOT NULL DEFAULT '',
    decided_at INTEGER NOT NULL
);

-- Deleted punches (face or other), by punch id; a restore removes the row.
CREATE TABLE deletions (
    punch_id   TEXT PRIMARY KEY,
    staff_code TEXT    NOT NULL,
    reason     TEXT    NOT NULL,
    deleted_at INTEGER NOT NULL
);

-- Derived: what each record and other punch became, per staff member and
-- business day. Rewritten for the (staff, day) pairs an input change
-- touches, so that reads never run the rules.
CREATE TABLE punches (
    id              TEXT PRIMARY KEY,
    staff_code      TEXT    NOT NULL,
    business_date   TEXT    NOT NULL,  -- YYYY-MM-DD
    time            INTEGER NOT NULL,  -- Unix milliseconds
    source          TEXT    NOT NULL,
    record_id       INTEGER,           -- face punches
    status          TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    remarks         TEXT    NOT NULL,  -- comma-separated
    note            TEXT    NOT NULL DEFAULT '',
    pending_because TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX punches_by_staff_day ON punches (staff_code, business_date);
CREATE INDEX punches_by_record ON punches (record_id) WHERE record_id IS NOT NULL;
CREATE INDEX punches_by_status ON punches (status) WHERE status = 'pending';

CREATE TABLE days (
    staff_code        TEXT    NOT NULL,
    business_date     TEXT    NOT NULL,
    clock_in          INTEGER,           -- Unix milliseconds
    clock_out         INTEGER,
    work_minutes      INTEGER NOT NULL,
    break_minutes     INTEGER NOT NULL,
    counted           INTEGER NOT NULL,
    missing_clock_out INTEGER NOT NULL,
    pending           INTEGER NOT NULL,
    remarks           TEXT    NOT NULL,
    PRIMARY KEY (staff_code, business_date)
) WITHOUT ROWID;

-- How far the derivation has read the records table (by id): records above
-- it have not been turned into punches yet.
ALTER TABLE sync_state ADD COLUMN derived_through INTEGER NOT NULL DEFAULT 0;
