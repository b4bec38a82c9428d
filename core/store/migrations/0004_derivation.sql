-- Derived state that is right after any crash (SPEC §3 "Derived state").
-- Every input change marks, in its own transaction, what it makes stale; a
-- reader that meets a mark computes those punches from the inputs instead
-- of showing the stored rows, and the derivation clears marks in the same
-- transaction as it rewrites the rows. Three kinds of mark:
--   * rules_gen: bumped by a rule-setting change. A staff member whose
--     derived_gen is lower has none of their stored rows trusted. New staff
--     start at 0, so an added or imported member is stale until derived.
--   * stale_days: single (staff, business day) pairs changed by a punch,
--     decision or deletion.
--   * sync_state.derived_through: records with a higher id are not derived
--     yet. Storing a record at or below it lowers it in the same transaction.
ALTER TABLE sync_state ADD COLUMN rules_gen INTEGER NOT NULL DEFAULT 1;
ALTER TABLE staff ADD COLUMN derived_gen INTEGER NOT NULL DEFAULT 0;

CREATE TABLE stale_days (
    staff_code    TEXT NOT NULL,
    business_date TEXT NOT NULL,
    PRIMARY KEY (staff_code, business_date)
) WITHOUT ROWID;

-- Where a face punch was made, kept on the punch so that reading a month
-- needs no lookup into records.
ALTER TABLE punches ADD COLUMN terminal_id TEXT NOT NULL DEFAULT '';
ALTER TABLE punches ADD COLUMN terminal TEXT NOT NULL DEFAULT '';

-- The old crash marker of a full recompute; rules_gen replaces it (every
-- existing member starts stale above, so the first derivation rebuilds all).
DELETE FROM settings WHERE key = 'derive-all-pending';
