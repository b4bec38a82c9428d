package store

import (
	"context"
	"fmt"
)

// HolidayKind tells a national holiday from a company one.
type HolidayKind string

const (
	HolidayNational HolidayKind = "national"
	HolidayCompany  HolidayKind = "company"
)

// Holiday is one stored holiday.
type Holiday struct {
	Date string // YYYY-MM-DD
	Kind HolidayKind
	Name string
}

// SaveHolidays adds or renames holidays.
func (t *Tx) SaveHolidays(hs ...Holiday) error {
	st, err := t.q.PrepareContext(t.ctx, `INSERT INTO holidays (date, kind, name) VALUES (?, ?, ?)
		ON CONFLICT (date, kind) DO UPDATE SET name = excluded.name`)
	if err != nil {
		return fmt.Errorf("save holidays: %w", err)
	}
	defer st.Close()
	for _, h := range hs {
		if _, err := st.ExecContext(t.ctx, h.Date, string(h.Kind), h.Name); err != nil {
			return fmt.Errorf("save holiday %s: %w", h.Date, err)
		}
	}
	return nil
}

// DeleteHoliday removes one holiday; it reports whether there was one.
func (t *Tx) DeleteHoliday(date string, kind HolidayKind) (bool, error) {
	res, err := t.q.ExecContext(t.ctx, "DELETE FROM holidays WHERE date = ? AND kind = ?", date, string(kind))
	if err != nil {
		return false, fmt.Errorf("delete holiday %s: %w", date, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// Holidays returns the stored holidays between two dates (inclusive; ""
// unbounded), by date.
func (db *DB) Holidays(ctx context.Context, fromDate, toDate string) ([]Holiday, error) {
	if fromDate == "" {
		fromDate = "0000-00-00"
	}
	if toDate == "" {
		toDate = "9999-99-99"
	}
	rows, err := db.read.QueryContext(ctx, "SELECT date, kind, name FROM holidays WHERE date >= ? AND date <= ? ORDER BY date, kind",
		fromDate, toDate)
	if err != nil {
		return nil, fmt.Errorf("read holidays: %w", err)
	}
	defer rows.Close()
	var out []Holiday
	for rows.Next() {
		var h Holiday
		if err := rows.Scan(&h.Date, &h.Kind, &h.Name); err != nil {
			return nil, fmt.Errorf("read holidays: %w", err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
