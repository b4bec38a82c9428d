-- Days keep their packed text like punches (0010): a month's export read
-- 38,000 day rows at about 4 µs each, nearly all of it SQLite turning the
-- numbers into text for the packed read; stored, it costs that once per
-- derived day instead of once per read. The frozen copy gets the same shape.
CREATE TABLE days_v2 (
    staff_code       TEXT    NOT NULL,
    business_date    TEXT    NOT NULL,  -- YYYY-MM-DD
    clock_in         INTEGER,           -- Unix milliseconds
    clock_out        INTEGER,
    work_minutes     INTEGER NOT NULL,
    break_minutes    INTEGER NOT NULL,
    counted          INTEGER NOT NULL,
    remarks          TEXT    NOT NULL,  -- comma-separated
    flags            TEXT    NOT NULL DEFAULT '',
    fever_readings   INTEGER NOT NULL DEFAULT 0,
    no_mask_readings INTEGER NOT NULL DEFAULT 0,
    -- The day as one text, its fields joined by U+001F (char(31)) in the
    -- order of the columns above, a missing clock time empty: readers of
    -- many days fetch one value per row, and the numbers are turned into
    -- text once, when the day is stored, instead of at every read (that
    -- was most of reading a month's days; store/derived.go readDays).
    packed           TEXT    GENERATED ALWAYS AS (printf(replace('%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s', '|', char(31)),
        staff_code, business_date, coalesce(clock_in, ''), coalesce(clock_out, ''), work_minutes, break_minutes,
        counted, remarks, flags, fever_readings, no_mask_readings)) STORED,
    PRIMARY KEY (staff_code, business_date)
) WITHOUT ROWID;
INSERT INTO days_v2 (staff_code, business_date, clock_in, clock_out, work_minutes, break_minutes, counted, remarks, flags,
    fever_readings, no_mask_readings)
SELECT staff_code, business_date, clock_in, clock_out, work_minutes, break_minutes, counted, remarks, flags,
    fever_readings, no_mask_readings FROM days;
DROP TABLE days;
ALTER TABLE days_v2 RENAME TO days;

CREATE TABLE closed_days_v2 (
    staff_code       TEXT    NOT NULL,
    business_date    TEXT    NOT NULL,  -- YYYY-MM-DD
    clock_in         INTEGER,           -- Unix milliseconds
    clock_out        INTEGER,
    work_minutes     INTEGER NOT NULL,
    break_minutes    INTEGER NOT NULL,
    counted          INTEGER NOT NULL,
    remarks          TEXT    NOT NULL,  -- comma-separated
    flags            TEXT    NOT NULL,
    fever_readings   INTEGER NOT NULL,
    no_mask_readings INTEGER NOT NULL,
    -- The day as one text, its fields joined by U+001F (char(31)) in the
    -- order of the columns above, a missing clock time empty: readers of
    -- many days fetch one value per row, and the numbers are turned into
    -- text once, when the day is stored, instead of at every read (that
    -- was most of reading a month's days; store/derived.go readDays).
    packed           TEXT    GENERATED ALWAYS AS (printf(replace('%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s', '|', char(31)),
        staff_code, business_date, coalesce(clock_in, ''), coalesce(clock_out, ''), work_minutes, break_minutes,
        counted, remarks, flags, fever_readings, no_mask_readings)) STORED,
    PRIMARY KEY (staff_code, business_date)
) WITHOUT ROWID;
INSERT INTO closed_days_v2 (staff_code, business_date, clock_in, clock_out, work_minutes, break_minutes, counted, remarks, flags,
    fever_readings, no_mask_readings)
SELECT staff_code, business_date, clock_in, clock_out, work_minutes, break_minutes, counted, remarks, flags,
    fever_readings, no_mask_readings FROM closed_days;
DROP TABLE closed_days;
ALTER TABLE closed_days_v2 RENAME TO closed_days;
