package store

import (
	"context"
	"fmt"
	"time"

	"github.com/punchdesk/punchdesk/core/rules"
)

// ClosedMonth is a month handed to payroll and frozen.
type ClosedMonth struct {
	Month    string // YYYY-MM
	ClosedAt time.Time
	Forced   bool // closed while some days still needed a look
}

// ClosedMonths lists the closed months by month.
func (t *Tx) ClosedMonths() (map[string]ClosedMonth, error) { return closedMonths(t.ctx, t.q) }

// ClosedMonths lists the closed months by month.
func (db *DB) ClosedMonths(ctx context.Context) (map[string]ClosedMonth, error) {
	return closedMonths(ctx, db.read)
}

func closedMonths(ctx context.Context, q querier) (map[string]ClosedMonth, error) {
	rows, err := q.QueryContext(ctx, "SELECT month, closed_at, forced FROM closed_months")
	if err != nil {
		return nil, fmt.Errorf("read closed months: %w", err)
	}
	defer rows.Close()
	out := map[string]ClosedMonth{}
	for rows.Next() {
		var m ClosedMonth
		var at int64
		if err := rows.Scan(&m.Month, &at, &m.Forced); err != nil {
			return nil, fmt.Errorf("read closed months: %w", err)
		}
		m.ClosedAt = time.UnixMilli(at)
		out[m.Month] = m
	}
	return out, rows.Err()
}

// CloseMonth freezes a month: days are the month's days as the rules give
// them at closing, by staff code.
func (t *Tx) CloseMonth(m ClosedMonth, days map[string][]rules.Day) error {
	if _, err := t.q.ExecContext(t.ctx, "INSERT INTO closed_months (month, closed_at, forced) VALUES (?, ?, ?)",
		m.Month, m.ClosedAt.UnixMilli(), m.Forced); err != nil {
		return fmt.Errorf("close %s: %w", m.Month, err)
	}
	if err := t.dropClosed(m.Month); err != nil {
		return err
	}
	return t.insertDays(closedTables, days)
}

// ReopenMonth drops a month's frozen copy; it reports whether the month was
// closed.
func (t *Tx) ReopenMonth(month string) (bool, error) {
	res, err := t.q.ExecContext(t.ctx, "DELETE FROM closed_months WHERE month = ?", month)
	if err != nil {
		return false, fmt.Errorf("reopen %s: %w", month, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	return true, t.dropClosed(month)
}

func (t *Tx) dropClosed(month string) error {
	for _, q := range []string{"DELETE FROM closed_days WHERE business_date LIKE ?", "DELETE FROM closed_punches WHERE business_date LIKE ?"} {
		if _, err := t.q.ExecContext(t.ctx, q, month+"-%"); err != nil {
			return fmt.Errorf("drop frozen %s: %w", month, err)
		}
	}
	return nil
}

// ClosedPunches returns the frozen punches with the given ids.
func (t *Tx) ClosedPunches(ids []string) (map[string]rules.Punch, error) {
	out := map[string]rules.Punch{}
	st, err := t.q.PrepareContext(t.ctx, `SELECT status, kind, remarks FROM closed_punches WHERE id = ?`)
	if err != nil {
		return nil, fmt.Errorf("read frozen punches: %w", err)
	}
	defer st.Close()
	for _, id := range ids {
		var p rules.Punch
		var remarks string
		err := st.QueryRowContext(t.ctx, id).Scan(&p.Status, &p.Kind, &remarks)
		if err != nil {
			continue // not frozen: it arrived after the close
		}
		p.ID, p.Remarks = id, splitRemarks(remarks)
		out[id] = p
	}
	return out, nil
}

// RecordsReceivedAfter returns the records matched to staff that were
// stored after since and were signed in [from, to): what reached a closed
// month after it was closed.
func (t *Tx) RecordsReceivedAfter(since, from, to time.Time) ([]MatchedRecord, error) {
	rows, err := t.q.QueryContext(t.ctx, `SELECT r.id, r.match_key, r.sign_time FROM records r JOIN staff s ON s.code = r.match_key
		WHERE r.fetched_at > ? AND r.sign_time >= ? AND r.sign_time < ? ORDER BY r.id`, since.UnixMilli(), from.Unix(), to.Unix())
	if err != nil {
		return nil, fmt.Errorf("records after the close: %w", err)
	}
	defer rows.Close()
	var out []MatchedRecord
	for rows.Next() {
		var m MatchedRecord
		var sign int64
		if err := rows.Scan(&m.ID, &m.StaffCode, &sign); err != nil {
			return nil, fmt.Errorf("records after the close: %w", err)
		}
		m.SignTime = time.Unix(sign, 0)
		out = append(out, m)
	}
	return out, rows.Err()
}
