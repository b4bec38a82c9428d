-- Month close (締め, SPEC §7): a closed month's days and punches are frozen
-- as they stood when it was closed, in tables of their own, so that no
-- later record, correction or rule change can alter what was handed to
-- payroll. Readers take a closed month from here; reopening drops it.
CREATE TABLE closed_months (
    month     TEXT PRIMARY KEY,   -- YYYY-MM
    closed_at INTEGER NOT NULL,   -- Unix milliseconds
    forced    INTEGER NOT NULL    -- closed with days that needed a look
) WITHOUT ROWID;

CREATE TABLE closed_days (
    staff_code       TEXT    NOT NULL,
    business_date    TEXT    NOT NULL,
    clock_in         INTEGER,
    clock_out        INTEGER,
    work_minutes     INTEGER NOT NULL,
    break_minutes    INTEGER NOT NULL,
    counted          INTEGER NOT NULL,
    remarks          TEXT    NOT NULL,
    flags            TEXT    NOT NULL,
    fever_readings   INTEGER NOT NULL,
    no_mask_readings INTEGER NOT NULL,
    PRIMARY KEY (staff_code, business_date)
) WITHOUT ROWID;

CREATE TABLE closed_punches (
    id              TEXT PRIMARY KEY,
    staff_code      TEXT    NOT NULL,
    business_date   TEXT    NOT NULL,
    time            INTEGER NOT NULL,
    source          TEXT    NOT NULL,
    record_id       INTEGER,
    status          TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    remarks         TEXT    NOT NULL,
    note            TEXT    NOT NULL,
    pending_because TEXT    NOT NULL,
    terminal_id     TEXT    NOT NULL,
    terminal        TEXT    NOT NULL,
    decision        TEXT    NOT NULL,
    reason          TEXT    NOT NULL
);
CREATE INDEX closed_punches_by_staff_day ON closed_punches (staff_code, business_date);
