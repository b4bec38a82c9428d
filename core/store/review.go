package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/rules"
)

const insertAudit = `INSERT INTO audit (at, os_user, action, target, staff_code, business_date, before, after, reason)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`

func auditArgs(e domain.AuditEntry) []any {
	return []any{e.At.UnixMilli(), e.OSUser, e.Action, e.Target, e.StaffCode, e.BusinessDate, e.Before, e.After, e.Reason}
}

// Audit appends entries to the audit trail in a transaction of its own.
func (db *DB) Audit(ctx context.Context, entries ...domain.AuditEntry) error {
	return db.Update(ctx, "write audit trail", func(tx *Tx) error { return tx.Audit(entries...) })
}

// Audit appends entries to the audit trail, in the same transaction as the
// change they describe.
func (t *Tx) Audit(entries ...domain.AuditEntry) error {
	for _, e := range entries {
		if _, err := t.q.ExecContext(t.ctx, insertAudit, auditArgs(e)...); err != nil {
			return fmt.Errorf("write audit trail: %w", err)
		}
	}
	return nil
}

// AuditFilter selects audit entries; zero fields are unbounded.
type AuditFilter struct {
	StaffCode string
	From, To  time.Time // [From, To)
}

// AuditEntries returns the entries f selects, oldest first.
func (db *DB) AuditEntries(ctx context.Context, f AuditFilter) ([]domain.AuditEntry, error) {
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
	var out []domain.AuditEntry
	for rows.Next() {
		var e domain.AuditEntry
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

// AddOtherPunches stores punches, assigning ids ("o1", "o2", …), and
// returns the ids.
func (t *Tx) AddOtherPunches(ps []OtherPunch, createdAt time.Time) ([]string, error) {
	var next int64
	if err := t.q.QueryRowContext(t.ctx,
		"SELECT coalesce(max(CAST(substr(id, 2) AS INTEGER)), 0) + 1 FROM other_punches").Scan(&next); err != nil {
		return nil, fmt.Errorf("add punches: %w", err)
	}
	ids := make([]string, len(ps))
	for i, p := range ps {
		id := fmt.Sprintf("o%d", next+int64(i))
		if _, err := t.q.ExecContext(t.ctx, `INSERT INTO other_punches (id, staff_code, time, source, note, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, id, p.StaffCode, p.Time.UnixMilli(), string(p.Source), p.Note, createdAt.UnixMilli()); err != nil {
			return nil, fmt.Errorf("add punch for %q: %w", p.StaffCode, err)
		}
		ids[i] = id
	}
	return ids, nil
}

// OtherPunch returns one stored other punch by id.
func (t *Tx) OtherPunch(id string) (OtherPunch, error) {
	p := OtherPunch{ID: id}
	var at int64
	err := t.q.QueryRowContext(t.ctx, "SELECT staff_code, time, source, note FROM other_punches WHERE id = ?", id).
		Scan(&p.StaffCode, &at, &p.Source, &p.Note)
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("punch %s: %w", id, ErrNoPunch)
	}
	if err != nil {
		return p, fmt.Errorf("punch %s: %w", id, err)
	}
	p.Time = time.UnixMilli(at)
	return p, nil
}

// SetDecisions stores verdicts on face records.
func (t *Tx) SetDecisions(recordIDs []int64, d rules.Decision, reason string, at time.Time) error {
	for _, id := range recordIDs {
		if _, err := t.q.ExecContext(t.ctx, `INSERT INTO decisions (record_id, decision, reason, decided_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (record_id) DO UPDATE SET decision = excluded.decision, reason = excluded.reason,
			decided_at = excluded.decided_at`, id, string(d), reason, at.UnixMilli()); err != nil {
			return fmt.Errorf("store decision on record %d: %w", id, err)
		}
	}
	return nil
}

// Decision returns the stored verdict on a record, "" when none.
func (t *Tx) Decision(recordID int64) (rules.Decision, error) {
	var d rules.Decision
	err := t.q.QueryRowContext(t.ctx, "SELECT decision FROM decisions WHERE record_id = ?", recordID).Scan(&d)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read decision on record %d: %w", recordID, err)
	}
	return d, nil
}

// DeletePunch marks a punch deleted.
func (t *Tx) DeletePunch(punchID, staffCode, reason string, at time.Time) error {
	if _, err := t.q.ExecContext(t.ctx, `INSERT INTO deletions (punch_id, staff_code, reason, deleted_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (punch_id) DO UPDATE SET reason = excluded.reason, deleted_at = excluded.deleted_at`,
		punchID, staffCode, reason, at.UnixMilli()); err != nil {
		return fmt.Errorf("delete punch %s: %w", punchID, err)
	}
	return nil
}

// RestorePunch undoes a deletion.
func (t *Tx) RestorePunch(punchID string) error {
	if _, err := t.q.ExecContext(t.ctx, "DELETE FROM deletions WHERE punch_id = ?", punchID); err != nil {
		return fmt.Errorf("restore punch %s: %w", punchID, err)
	}
	return nil
}

// ErrNoPunch is returned for a punch id that does not exist.
var ErrNoPunch = errors.New("no such punch")
