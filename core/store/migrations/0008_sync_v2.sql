-- Sync that loses nothing whichever way SenseLink reads its time window
-- (SPEC §6). record_id_cursor is the highest record id up to which every
-- record the id sweep asked for is stored: ids increase in receive order,
-- so start_record_id finds a terminal's late upload even on a server that
-- selects the window by recognition time. record_id_support says what the
-- sync learnt of the server: NULL not yet known, 'ignored' when it sent
-- rows below start_record_id (the sync then falls back to time windows).
ALTER TABLE sync_state ADD COLUMN record_id_cursor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_state ADD COLUMN record_id_support TEXT;

-- Rows of the record list that could not be read as records, kept exactly
-- as sent so that a later version can read them. One row per distinct text:
-- the overlap of the next window sends the same row again.
CREATE TABLE bad_records (
    raw        TEXT    PRIMARY KEY,
    reason     TEXT    NOT NULL,
    first_seen INTEGER NOT NULL  -- Unix milliseconds
) WITHOUT ROWID;

-- A record id served again with other content: the first version stays in
-- records (punches were made from it), every other version is kept here and
-- reported.
CREATE TABLE record_conflicts (
    id         INTEGER NOT NULL,
    raw        TEXT    NOT NULL,
    first_seen INTEGER NOT NULL, -- Unix milliseconds
    PRIMARY KEY (id, raw)
) WITHOUT ROWID;
