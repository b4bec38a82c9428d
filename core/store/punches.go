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

// PunchFilter selects derived punches.
type PunchFilter struct {
	StaffCode        string // "" for all staff
	FromDate, ToDate string // business dates, inclusive; "" for unbounded
	Status           rules.Status
	Decided          bool // only punches that carry a decision
}

// Punches returns stored derived punches by staff code, business date and
// time. The caller checks stale marks (see derived.go).
func (db *DB) Punches(ctx context.Context, f PunchFilter) ([]domain.StaffPunch, error) {
	return punches(ctx, db.read, f)
}

func punches(ctx context.Context, q querier, f PunchFilter) ([]domain.StaffPunch, error) {
	var where []string
	var args []any
	if f.StaffCode != "" {
		where, args = append(where, "p.staff_code = ?"), append(args, f.StaffCode)
	}
	if f.FromDate != "" {
		where, args = append(where, "p.business_date >= ?"), append(args, f.FromDate)
	}
	if f.ToDate != "" {
		where, args = append(where, "p.business_date <= ?"), append(args, f.ToDate)
	}
	if f.Status != "" {
		where, args = append(where, "p.status = ?"), append(args, string(f.Status))
	}
	if f.Decided {
		where = append(where, "p.decision != ''")
	}
	query := `SELECT p.staff_code, p.id, p.business_date, p.time, p.source, coalesce(p.record_id, 0), p.status, p.kind, p.remarks,
		p.note, p.pending_because, p.terminal_id, p.terminal, p.decision, p.reason FROM punches p`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := q.QueryContext(ctx, query+" ORDER BY p.staff_code, p.business_date, p.time, p.id", args...)
	if err != nil {
		return nil, fmt.Errorf("list punches: %w", err)
	}
	defer rows.Close()
	var out []domain.StaffPunch
	for rows.Next() {
		var p domain.StaffPunch
		var at int64
		var remarks string
		if err := rows.Scan(&p.StaffCode, &p.ID, &p.BusinessDate, &at, &p.Source, &p.RecordID, &p.Status, &p.Kind,
			&remarks, &p.Note, &p.PendingBecause, &p.TerminalID, &p.Terminal, &p.Decision, &p.Reason); err != nil {
			return nil, fmt.Errorf("list punches: %w", err)
		}
		p.Time = time.UnixMilli(at)
		p.Remarks = splitRemarks(remarks)
		out = append(out, p)
	}
	return out, rows.Err()
}

// LogRows returns one page of the records f selects with their stored
// outcome, newest first. The caller checks stale marks in the same Tx.
func (t *Tx) LogRows(f domain.RecordFilter, offset, limit int) ([]domain.LogRow, error) {
	ctx := t.ctx
	if offset < 0 || limit <= 0 {
		return nil, fmt.Errorf("log rows: invalid page (offset %d, limit %d)", offset, limit)
	}
	page, args, empty, err := pageQuery(ctx, t.q, f, offset, limit)
	if err != nil || empty {
		return nil, err
	}
	rows, err := t.q.QueryContext(ctx, "WITH page AS ("+page+") SELECT "+listColumns+`, coalesce(s.code, ''), coalesce(p.status, ''),
		coalesce(p.kind, ''), coalesce(p.remarks, '') FROM page JOIN records r ON r.id = page.id
		LEFT JOIN staff s ON s.code = r.match_key LEFT JOIN punches p ON p.record_id = r.id
		ORDER BY r.sign_time DESC, r.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("log rows: %w", err)
	}
	defer rows.Close()
	var out []domain.LogRow
	for rows.Next() {
		var row domain.LogRow
		var remarks string
		extra := []any{&row.StaffCode, &row.Status, &row.Kind, &remarks}
		if err := scanRecord(rows, &row.Record, extra...); err != nil {
			return nil, fmt.Errorf("log rows: %w", err)
		}
		row.Remarks = splitRemarks(remarks)
		out = append(out, row)
	}
	return out, rows.Err()
}

// RecordOwner returns the staff member a record belongs to and its sign
// time; ErrNoPunch when the record is unknown or matches no staff member.
func (t *Tx) RecordOwner(id int64) (code string, signTime time.Time, err error) {
	var sign int64
	err = t.q.QueryRowContext(t.ctx, `SELECT s.code, r.sign_time FROM records r JOIN staff s ON s.code = r.match_key
		WHERE r.id = ?`, id).Scan(&code, &sign)
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, fmt.Errorf("punch r%d: %w", id, ErrNoPunch)
	}
	if err != nil {
		return "", time.Time{}, fmt.Errorf("punch r%d: %w", id, err)
	}
	return code, time.Unix(sign, 0), nil
}

// PendingPunches returns the stored pending punches. The caller checks
// stale marks in the same Tx.
func (t *Tx) PendingPunches() ([]domain.StaffPunch, error) {
	return punches(t.ctx, t.q, PunchFilter{Status: rules.StatusPending})
}

// CountPending counts the stored pending punches.
func (t *Tx) CountPending() (int, error) {
	var n int
	if err := t.q.QueryRowContext(t.ctx, "SELECT count(*) FROM punches WHERE status = 'pending'").Scan(&n); err != nil {
		return 0, fmt.Errorf("count pending punches: %w", err)
	}
	return n, nil
}

// DecidedPunches returns the stored punches that carry an administrator's
// decision. The caller checks stale marks in the same Tx.
func (t *Tx) DecidedPunches() ([]domain.StaffPunch, error) {
	return punches(t.ctx, t.q, PunchFilter{Decided: true})
}

// SignTimesSince returns the sign time of every record since from that
// matches a staff member, by staff code: what the day-change suggestion
// counts.
func (db *DB) SignTimesSince(ctx context.Context, from time.Time) (map[string][]time.Time, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT r.match_key, r.sign_time FROM records r
		JOIN staff s ON s.code = r.match_key WHERE r.sign_time >= ?`, from.Unix())
	if err != nil {
		return nil, fmt.Errorf("recognitions since %s: %w", from.Format(time.DateOnly), err)
	}
	defer rows.Close()
	out := map[string][]time.Time{}
	for rows.Next() {
		var code string
		var sign int64
		if err := rows.Scan(&code, &sign); err != nil {
			return nil, fmt.Errorf("recognitions since %s: %w", from.Format(time.DateOnly), err)
		}
		out[code] = append(out[code], time.Unix(sign, 0))
	}
	return out, rows.Err()
}
