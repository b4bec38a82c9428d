package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/punchdesk/punchdesk/core/rules"
)

// AuditEntry is one line of the audit trail.
type AuditEntry struct {
	ID           int64
	At           time.Time
	OSUser       string
	Action       string
	Target       string
	StaffCode    string
	BusinessDate string
	Before       string
	After        string
	Reason       string
}

const insertAudit = `INSERT INTO audit (at, os_user, action, target, staff_code, business_date, before, after, reason)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`

func auditArgs(e AuditEntry) []any {
	return []any{e.At.UnixMilli(), e.OSUser, e.Action, e.Target, e.StaffCode, e.BusinessDate, e.Before, e.After, e.Reason}
}

// Audit appends entries to the audit trail.
func (db *DB) Audit(ctx context.Context, entries ...AuditEntry) error {
	return db.inTx(ctx, "write audit trail", func(tx *sql.Tx) error { return auditTx(ctx, tx, entries...) })
}

func auditTx(ctx context.Context, tx *sql.Tx, entries ...AuditEntry) error {
	for _, e := range entries {
		if _, err := tx.ExecContext(ctx, insertAudit, auditArgs(e)...); err != nil {
			return fmt.Errorf("write audit trail: %w", err)
		}
	}
	return nil
}

// inTx runs fn in one write transaction.
func (db *DB) inTx(ctx context.Context, op string, fn func(tx *sql.Tx) error) error {
	w, err := db.writer(op)
	if err != nil {
		return err
	}
	tx, err := w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}

// AuditFilter selects audit entries; zero fields are unbounded.
type AuditFilter struct {
	StaffCode string
	From, To  time.Time // [From, To)
}

// AuditEntries returns the entries f selects, oldest first.
func (db *DB) AuditEntries(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	var conds []string
	var args []any
	if f.StaffCode != "" {
		conds, args = append(conds, "staff_code = ?"), append(args, f.StaffCode)
	}
	if !f.From.IsZero() {
		conds, args = append(conds, "at >= ?"), append(args, f.From.UnixMilli())
	}
	if !f.To.IsZero() {
		conds, args = append(conds, "at < ?"), append(args, f.To.UnixMilli())
	}
	q := "SELECT id, at, os_user, action, target, staff_code, business_date, before, after, reason FROM audit"
	if len(conds) > 0 {
		q += " WHERE " + strings.Join(conds, " AND ")
	}
	rows, err := db.read.QueryContext(ctx, q+" ORDER BY id", args...)
	if err != nil {
		return nil, fmt.Errorf("read audit trail: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.OSUser, &e.Action, &e.Target, &e.StaffCode, &e.BusinessDate, &e.Before, &e.After, &e.Reason); err != nil {
			return nil, fmt.Errorf("read audit trail: %w", err)
		}
		e.At = time.UnixMilli(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// OtherPunch is a punch from another method or an administrator, as stored.
type OtherPunch struct {
	ID        string // assigned by AddOtherPunches when empty
	StaffCode string
	Time      time.Time
	Source    rules.Source
	Note      string
}

// AddOtherPunches stores punches and their audit entries in one
// transaction, assigning ids ("o1", "o2", …). audit(i, id) builds the entry
// for the i-th punch.
func (db *DB) AddOtherPunches(ctx context.Context, ps []OtherPunch, audit func(i int, id string) AuditEntry) ([]string, error) {
	ids := make([]string, len(ps))
	err := db.inTx(ctx, "add punches", func(tx *sql.Tx) error {
		var next int64
		if err := tx.QueryRowContext(ctx,
			"SELECT coalesce(max(CAST(substr(id, 2) AS INTEGER)), 0) + 1 FROM other_punches").Scan(&next); err != nil {
			return fmt.Errorf("add punches: %w", err)
		}
		for i, p := range ps {
			id := fmt.Sprintf("o%d", next+int64(i))
			if _, err := tx.ExecContext(ctx, `INSERT INTO other_punches (id, staff_code, time, source, note, created_at)
				VALUES (?, ?, ?, ?, ?, ?)`, id, p.StaffCode, p.Time.UnixMilli(), string(p.Source), p.Note, time.Now().UnixMilli()); err != nil {
				return fmt.Errorf("add punch for %q: %w", p.StaffCode, err)
			}
			ids[i] = id
			if audit != nil {
				if err := auditTx(ctx, tx, audit(i, id)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// SetDecisions stores verdicts on face records with their audit entries.
func (db *DB) SetDecisions(ctx context.Context, recordIDs []int64, d rules.Decision, reason string, at time.Time, audit []AuditEntry) error {
	return db.inTx(ctx, "store decisions", func(tx *sql.Tx) error {
		for _, id := range recordIDs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO decisions (record_id, decision, reason, decided_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (record_id) DO UPDATE SET decision = excluded.decision, reason = excluded.reason,
				decided_at = excluded.decided_at`, id, string(d), reason, at.UnixMilli()); err != nil {
				return fmt.Errorf("store decision on record %d: %w", id, err)
			}
		}
		return auditTx(ctx, tx, audit...)
	})
}

// Decision returns the stored verdict on a record, "" when none.
func (db *DB) Decision(ctx context.Context, recordID int64) (rules.Decision, error) {
	var d rules.Decision
	err := db.read.QueryRowContext(ctx, "SELECT decision FROM decisions WHERE record_id = ?", recordID).Scan(&d)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return d, err
}

// DeletePunch marks a punch deleted, with its audit entry.
func (db *DB) DeletePunch(ctx context.Context, punchID, staffCode, reason string, at time.Time, audit AuditEntry) error {
	return db.inTx(ctx, "delete punch", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO deletions (punch_id, staff_code, reason, deleted_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (punch_id) DO UPDATE SET reason = excluded.reason, deleted_at = excluded.deleted_at`,
			punchID, staffCode, reason, at.UnixMilli()); err != nil {
			return fmt.Errorf("delete punch %s: %w", punchID, err)
		}
		return auditTx(ctx, tx, audit)
	})
}

// RestorePunch undoes a deletion, with its audit entry.
func (db *DB) RestorePunch(ctx context.Context, punchID string, audit AuditEntry) error {
	return db.inTx(ctx, "restore punch", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM deletions WHERE punch_id = ?", punchID); err != nil {
			return fmt.Errorf("restore punch %s: %w", punchID, err)
		}
		return auditTx(ctx, tx, audit)
	})
}

// ErrNoPunch is returned for a punch id that does not exist.
var ErrNoPunch = errors.New("no such punch")

// Punch returns one derived punch by id.
func (db *DB) Punch(ctx context.Context, id string) (StaffPunch, error) {
	var p StaffPunch
	var at int64
	var remarks string
	err := db.read.QueryRowContext(ctx, `SELECT staff_code, id, business_date, time, source, coalesce(record_id, 0), status,
		kind, remarks, note, pending_because FROM punches WHERE id = ?`, id).Scan(&p.StaffCode, &p.ID, &p.BusinessDate, &at,
		&p.Source, &p.RecordID, &p.Status, &p.Kind, &remarks, &p.Note, &p.PendingBecause)
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("punch %s: %w", id, ErrNoPunch)
	}
	if err != nil {
		return p, fmt.Errorf("punch %s: %w", id, err)
	}
	p.Time = time.UnixMilli(at)
	p.Remarks = splitRemarks(remarks)
	return p, nil
}

// PendingPunches returns every pending punch, newest first.
func (db *DB) PendingPunches(ctx context.Context) ([]StaffPunch, error) {
	ps, err := db.Punches(ctx, PunchFilter{Status: rules.StatusPending})
	if err != nil {
		return nil, err
	}
	// Newest first, across staff: the queue's order.
	slices.SortFunc(ps, func(a, b StaffPunch) int {
		if c := b.Time.Compare(a.Time); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
	return ps, nil
}

// CountPending counts pending punches, for the main window's badge.
func (db *DB) CountPending(ctx context.Context) (int, error) {
	var n int
	if err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM punches WHERE status = 'pending'").Scan(&n); err != nil {
		return 0, fmt.Errorf("count pending punches: %w", err)
	}
	return n, nil
}
