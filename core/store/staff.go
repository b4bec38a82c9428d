package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/punchdesk/punchdesk/core/domain"
)

// ErrStaffExists is returned when adding a code that is already taken.
var ErrStaffExists = errors.New("a staff member with this code already exists")

// AddStaff stores a new staff member. Its derived rows start stale
// (derived_gen 0), so records already stored under its code count at once.
func (t *Tx) AddStaff(m domain.StaffMember) error {
	res, err := t.q.ExecContext(t.ctx, `INSERT INTO staff (code, name, group_name, active, created_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING`, m.Code, m.Name, m.Group, m.Active, unixMillis(m.CreatedAt))
	if err != nil {
		return fmt.Errorf("add staff %q: %w", m.Code, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("add staff %q: %w", m.Code, ErrStaffExists)
	}
	return nil
}

// ImportStaff adds or updates every member. Existing members keep their
// creation time; one whose group changes is marked stale, since the group
// can decide its business days.
func (t *Tx) ImportStaff(ms []domain.StaffMember) (added, updated int, err error) {
	exists, err := t.q.PrepareContext(t.ctx, "SELECT EXISTS (SELECT 1 FROM staff WHERE code = ?)")
	if err != nil {
		return 0, 0, fmt.Errorf("import staff: %w", err)
	}
	defer exists.Close()
	upsert, err := t.q.PrepareContext(t.ctx, `INSERT INTO staff (code, name, group_name, active, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET name = excluded.name, group_name = excluded.group_name, active = excluded.active,
		derived_gen = CASE WHEN staff.group_name = excluded.group_name THEN staff.derived_gen ELSE 0 END`)
	if err != nil {
		return 0, 0, fmt.Errorf("import staff: %w", err)
	}
	defer upsert.Close()
	for _, m := range ms {
		var found bool
		if err := exists.QueryRowContext(t.ctx, m.Code).Scan(&found); err != nil {
			return 0, 0, fmt.Errorf("import staff %q: %w", m.Code, err)
		}
		if _, err := upsert.ExecContext(t.ctx, m.Code, m.Name, m.Group, m.Active, unixMillis(m.CreatedAt)); err != nil {
			return 0, 0, fmt.Errorf("import staff %q: %w", m.Code, err)
		}
		if found {
			updated++
		} else {
			added++
		}
	}
	return added, updated, nil
}

// RenameStaff changes a staff member's code everywhere it is used and drops
// the derived rows filed under the old code; the new code starts stale.
func (t *Tx) RenameStaff(from, to string) error {
	var taken bool
	if err := t.q.QueryRowContext(t.ctx, "SELECT EXISTS (SELECT 1 FROM staff WHERE code = ?)", to).Scan(&taken); err != nil {
		return fmt.Errorf("rename staff %q: %w", from, err)
	}
	if taken {
		return fmt.Errorf("rename staff %q to %q: %w", from, to, ErrStaffExists)
	}
	for _, q := range []string{
		"UPDATE staff SET code = ?, derived_gen = 0 WHERE code = ?",
		"UPDATE other_punches SET staff_code = ? WHERE staff_code = ?",
		"UPDATE deletions SET staff_code = ? WHERE staff_code = ?",
	} {
		if _, err := t.q.ExecContext(t.ctx, q, to, from); err != nil {
			return fmt.Errorf("rename staff %q: %w", from, err)
		}
	}
	if err := deleteDerivedOf(t.ctx, t.q, from); err != nil {
		return fmt.Errorf("rename staff %q: %w", from, err)
	}
	return nil
}

// ListStaff returns every staff member by code.
func (t *Tx) ListStaff() ([]domain.StaffMember, error) { return listStaff(t.ctx, t.q) }

// ListStaff returns every staff member by code.
func (db *DB) ListStaff(ctx context.Context) ([]domain.StaffMember, error) {
	return listStaff(ctx, db.read)
}

func listStaff(ctx context.Context, q querier) ([]domain.StaffMember, error) {
	rows, err := q.QueryContext(ctx, "SELECT code, name, group_name, active, created_at FROM staff ORDER BY code")
	if err != nil {
		return nil, fmt.Errorf("list staff: %w", err)
	}
	defer rows.Close()
	var out []domain.StaffMember
	for rows.Next() {
		var m domain.StaffMember
		var created int64
		if err := rows.Scan(&m.Code, &m.Name, &m.Group, &m.Active, &created); err != nil {
			return nil, fmt.Errorf("list staff: %w", err)
		}
		m.CreatedAt = time.UnixMilli(created)
		out = append(out, m)
	}
	return out, rows.Err()
}

// AddStaff stores a new staff member in a transaction of its own.
func (db *DB) AddStaff(ctx context.Context, m domain.StaffMember) error {
	return db.Update(ctx, "add staff", func(tx *Tx) error { return tx.AddStaff(m) })
}

// ImportStaff adds or updates every member in one transaction: all or
// nothing.
func (db *DB) ImportStaff(ctx context.Context, ms []domain.StaffMember) (added, updated int, err error) {
	err = db.Update(ctx, "import staff", func(tx *Tx) error {
		added, updated, err = tx.ImportStaff(ms)
		return err
	})
	return added, updated, err
}

// EmployeeSeen is an employee number that appears in records.
type EmployeeSeen struct {
	Number  string // the match key (trimmed employee number)
	Name    string // the latest name SenseLink sent with it
	Records int
	Last    time.Time
}

// UnmatchedEmployees lists employee numbers seen in records that no staff
// member's code matches, most recent first.
func (db *DB) UnmatchedEmployees(ctx context.Context) ([]EmployeeSeen, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT r.match_key, count(*), max(r.sign_time),
			(SELECT user_name FROM records x WHERE x.match_key = r.match_key ORDER BY x.sign_time DESC LIMIT 1)
		FROM records r WHERE r.match_key IS NOT NULL
			AND NOT EXISTS (SELECT 1 FROM staff s WHERE s.code = r.match_key)
		GROUP BY r.match_key ORDER BY max(r.sign_time) DESC`)
	if err != nil {
		return nil, fmt.Errorf("unmatched employees: %w", err)
	}
	defer rows.Close()
	var out []EmployeeSeen
	for rows.Next() {
		var e EmployeeSeen
		var last int64
		if err := rows.Scan(&e.Number, &e.Records, &last, &e.Name); err != nil {
			return nil, fmt.Errorf("unmatched employees: %w", err)
		}
		e.Last = time.Unix(last, 0)
		out = append(out, e)
	}
	return out, rows.Err()
}

// StaffCodesWithActivity lists staff members who have face records or other
// punches.
func (db *DB) StaffCodesWithActivity(ctx context.Context) ([]string, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT code FROM staff s WHERE EXISTS (SELECT 1 FROM records r WHERE r.match_key = s.code)
		OR EXISTS (SELECT 1 FROM other_punches o WHERE o.staff_code = s.code) ORDER BY code`)
	if err != nil {
		return nil, fmt.Errorf("staff with activity: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func deleteDerivedOf(ctx context.Context, q querier, code string) error {
	for _, stmt := range []string{
		"DELETE FROM punches WHERE staff_code = ?",
		"DELETE FROM days WHERE staff_code = ?",
		"DELETE FROM stale_days WHERE staff_code = ?",
	} {
		if _, err := q.ExecContext(ctx, stmt, code); err != nil {
			return err
		}
	}
	return nil
}
