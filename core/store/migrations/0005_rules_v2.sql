-- Rules v2 (SPEC §3–§4).

-- The end of the receive window a record arrived in (Unix seconds), so
-- that a terminal whose clock is off can be told apart; NULL for records
-- stored before this column (their time is not checked).
ALTER TABLE records ADD COLUMN received_by INTEGER;

-- What the administrator said about a punch, shown with it.
ALTER TABLE punches ADD COLUMN decision TEXT NOT NULL DEFAULT '';
ALTER TABLE punches ADD COLUMN reason TEXT NOT NULL DEFAULT '';
CREATE INDEX punches_decided ON punches (record_id) WHERE decision != '';

-- Review flags that do not depend on the clock, and the day's readings
-- with a remark whatever they became. missing_clock_out depends on the
-- clock (a day is over or not) and is decided when read, so it is not
-- stored; pending is one of the flags now.
ALTER TABLE days ADD COLUMN flags TEXT NOT NULL DEFAULT '';
ALTER TABLE days ADD COLUMN fever_readings INTEGER NOT NULL DEFAULT 0;
ALTER TABLE days ADD COLUMN no_mask_readings INTEGER NOT NULL DEFAULT 0;
ALTER TABLE days DROP COLUMN missing_clock_out;
ALTER TABLE days DROP COLUMN pending;

-- Every stored punch was derived under the old rules.
UPDATE sync_state SET rules_gen = rules_gen + 1;
