-- The audit trail: every link, settings, staff and punch change, with who
-- (the OS user), when, before/after and why. Append-only: the triggers make
-- any UPDATE or DELETE fail, so no code path can rewrite history.
CREATE TABLE audit (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    at            INTEGER NOT NULL,             -- Unix milliseconds
    os_user       TEXT    NOT NULL,
    action        TEXT    NOT NULL,             -- e.g. punch.delete, review.approve
    target        TEXT    NOT NULL,             -- what was acted on: a punch id, a setting key, a staff code
    staff_code    TEXT    NOT NULL DEFAULT '',
    business_date TEXT    NOT NULL DEFAULT '',
    before        TEXT    NOT NULL DEFAULT '',
    after         TEXT    NOT NULL DEFAULT '',
    reason        TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_by_staff ON audit (staff_code, at);
CREATE INDEX audit_by_time ON audit (at);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END;
