-- Punches stored in the order they are read: by staff member, business
-- day, time. A month of a staff member is then one range of the table
-- instead of one page read per punch through an index; a month's export of
-- a 1,000-staff site read about 190,000 scattered pages. The id stays
-- unique through its own index (reviews and corrections find punches by
-- id). The frozen copy of closed months gets the same shape.
CREATE TABLE punches_v2 (
    id              TEXT    NOT NULL,
    staff_code      TEXT    NOT NULL,
    business_date   TEXT    NOT NULL,  -- YYYY-MM-DD
    time            INTEGER NOT NULL,  -- Unix milliseconds
    source          TEXT    NOT NULL,
    record_id       INTEGER,           -- face punches
    status          TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    remarks         TEXT    NOT NULL,  -- comma-separated
    note            TEXT    NOT NULL DEFAULT '',
    pending_because TEXT    NOT NULL DEFAULT '',
    terminal_id     TEXT    NOT NULL DEFAULT '',
    terminal        TEXT    NOT NULL DEFAULT '',
    decision        TEXT    NOT NULL DEFAULT '',
    reason          TEXT    NOT NULL DEFAULT '',
    -- The punch as one text, its fields joined by U+001F (char(31)) in the
    -- order of the columns above: readers of many punches fetch one value per row
    -- instead of fifteen (store/derived.go readPunches).
    packed          TEXT    GENERATED ALWAYS AS (printf(replace('%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s', '|', char(31)),
        id, staff_code, business_date, time, source, record_id, status, kind, remarks, note, pending_because,
        terminal_id, terminal, decision, reason)) STORED,
    PRIMARY KEY (staff_code, business_date, time, id)
) WITHOUT ROWID;
INSERT INTO punches_v2 (id, staff_code, business_date, time, source, record_id, status, kind, remarks, note,
    pending_because, terminal_id, terminal, decision, reason)
SELECT id, staff_code, business_date, time, source, record_id, status, kind, remarks, note,
    pending_because, terminal_id, terminal, decision, reason FROM punches;
DROP TABLE punches;
ALTER TABLE punches_v2 RENAME TO punches;
CREATE UNIQUE INDEX punches_by_id ON punches (id);
CREATE INDEX punches_by_record ON punches (record_id) WHERE record_id IS NOT NULL;
CREATE INDEX punches_by_status ON punches (status) WHERE status = 'pending';
CREATE INDEX punches_decided ON punches (record_id) WHERE decision != '';

CREATE TABLE closed_punches_v2 (
    id              TEXT    NOT NULL,
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
    reason          TEXT    NOT NULL,
    -- The punch as one text, its fields joined by U+001F (char(31)) in the
    -- order of the columns above: readers of many punches fetch one value per row
    -- instead of fifteen (store/derived.go readPunches).
    packed          TEXT    GENERATED ALWAYS AS (printf(replace('%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s', '|', char(31)),
        id, staff_code, business_date, time, source, record_id, status, kind, remarks, note, pending_because,
        terminal_id, terminal, decision, reason)) STORED,
    PRIMARY KEY (staff_code, business_date, time, id)
) WITHOUT ROWID;
INSERT INTO closed_punches_v2 (id, staff_code, business_date, time, source, record_id, status, kind, remarks, note,
    pending_because, terminal_id, terminal, decision, reason)
SELECT id, staff_code, business_date, time, source, record_id, status, kind, remarks, note,
    pending_because, terminal_id, terminal, decision, reason FROM closed_punches;
DROP TABLE closed_punches;
ALTER TABLE closed_punches_v2 RENAME TO closed_punches;
CREATE UNIQUE INDEX closed_punches_by_id ON closed_punches (id);
