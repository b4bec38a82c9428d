package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/punchdesk/punchdesk/core/rules"
	"github.com/punchdesk/punchdesk/core/senselink"
)

// StaffMember is one person PunchDesk keeps attendance for.
type StaffMember struct {
	Code      string // スタッフコード; records match it by employee number
	Name      string
	Group     string // location group, "" for none
	Active    bool
	CreatedAt time.Time
}

// ErrStaffExists is returned when adding a code that is already taken.
var ErrStaffExists = errors.New("a staff member with this code already exists")

// AddStaff stores a new staff member.
func (db *DB) AddStaff(ctx context.Context, m StaffMember) error {
	w, err := db.writer("add staff")
	if err != nil {
		return err
	}
	res, err := w.ExecContext(ctx, `INSERT INTO staff (code, name, group_name, active, created_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING`, m.Code, m.Name, m.Group, m.Active, unixMillis(m.CreatedAt))
	if err != nil {
		return fmt.Errorf("add staff %q: %w", m.Code, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("add staff %q: %w", m.Code, ErrStaffExists)
	}
	return nil
}

// ImportStaff adds or updates every member in one transaction: all or
// nothing. Existing members keep their creation time.
func (db *DB) ImportStaff(ctx context.Context, ms []StaffMember) (added, updated int, err error) {
	w, err := db.writer("import staff")
	if err != nil {
		return 0, 0, err
	}
	tx, err := w.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, fmt.Errorf("import staff: %w", err)
	}
	defer tx.Rollback()
	for _, m := range ms {
		var exists bool
		if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM staff WHERE code = ?)", m.Code).Scan(&exists); err != nil {
			return 0, 0, fmt.Errorf("import staff %q: %w", m.Code, err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO staff (code, name, group_name, active, created_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (code) DO UPDATE SET name = excluded.name, group_name = excluded.group_name, active = excluded.active`,
			m.Code, m.Name, m.Group, m.Active, unixMillis(m.CreatedAt))
		if err != nil {
			return 0, 0, fmt.Errorf("import staff %q: %w", m.Code, err)
		}
		if exists {
			updated++
		} else {
			added++
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, 0, fmt.Errorf("import staff: %w", err)
	}
	return added, updated, nil
}

// ListStaff returns every staff member by code.
func (db *DB) ListStaff(ctx context.Context) ([]StaffMember, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT code, name, group_name, active, created_at FROM staff ORDER BY code")
	if err != nil {
		return nil, fmt.Errorf("list staff: %w", err)
	}
	defer rows.Close()
	var out []StaffMember
	for rows.Next() {
		var m StaffMember
		var created int64
		if err := rows.Scan(&m.Code, &m.Name, &m.Group, &m.Active, &created); err != nil {
			return nil, fmt.Errorf("list staff: %w", err)
		}
		m.CreatedAt = time.UnixMilli(created)
		out = append(out, m)
	}
	return out, rows.Err()
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

// StaffInput reads what the rules need about one staff member for face
// records recognised in [from, to): faces, other punches, decisions and
// deletions.
func (db *DB) StaffInput(ctx context.Context, code string, from, to time.Time) (rules.Input, error) {
	var in rules.Input
	rows, err := db.read.QueryContext(ctx, `SELECT id, sign_time, coalesce(body_temperature, 0), abnormal_type, mask
		FROM records WHERE match_key = ? AND sign_time >= ? AND sign_time < ? ORDER BY sign_time, id`,
		code, from.Unix(), to.Unix())
	if err != nil {
		return in, fmt.Errorf("staff %q faces: %w", code, err)
	}
	for rows.Next() {
		var f rules.Face
		var sign, abnormal int64
		var mask sql.NullInt64
		if err := rows.Scan(&f.RecordID, &sign, &f.Temperature, &abnormal, &mask); err != nil {
			rows.Close()
			return in, fmt.Errorf("staff %q faces: %w", code, err)
		}
		f.Time, f.Abnormal = time.Unix(sign, 0), abnormal != 0
		if mask.Valid {
			m := int(mask.Int64)
			f.Mask = &m
		}
		in.Faces = append(in.Faces, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return in, err
	}

	rows, err = db.read.QueryContext(ctx, `SELECT id, time, source, note FROM other_punches
		WHERE staff_code = ? AND time >= ? AND time < ? ORDER BY time, id`, code, from.UnixMilli(), to.UnixMilli())
	if err != nil {
		return in, fmt.Errorf("staff %q other punches: %w", code, err)
	}
	for rows.Next() {
		var o rules.Other
		var at int64
		if err := rows.Scan(&o.ID, &at, &o.Source, &o.Note); err != nil {
			rows.Close()
			return in, fmt.Errorf("staff %q other punches: %w", code, err)
		}
		o.Time = time.UnixMilli(at)
		in.Others = append(in.Others, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return in, err
	}

	rows, err = db.read.QueryContext(ctx, `SELECT d.record_id, d.decision FROM decisions d JOIN records r ON r.id = d.record_id
		WHERE r.match_key = ? AND r.sign_time >= ? AND r.sign_time < ?`, code, from.Unix(), to.Unix())
	if err != nil {
		return in, fmt.Errorf("staff %q decisions: %w", code, err)
	}
	for rows.Next() {
		var id int64
		var d rules.Decision
		if err := rows.Scan(&id, &d); err != nil {
			rows.Close()
			return in, err
		}
		if in.Decisions == nil {
			in.Decisions = map[int64]rules.Decision{}
		}
		in.Decisions[id] = d
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return in, err
	}

	rows, err = db.read.QueryContext(ctx, "SELECT punch_id FROM deletions WHERE staff_code = ?", code)
	if err != nil {
		return in, fmt.Errorf("staff %q deletions: %w", code, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return in, err
		}
		if in.Deleted == nil {
			in.Deleted = map[string]bool{}
		}
		in.Deleted[id] = true
	}
	return in, rows.Err()
}

// StaffActivity returns the times of every face record and other punch of
// a staff member: what a change to the member touches.
func (db *DB) StaffActivity(ctx context.Context, code string) ([]time.Time, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT sign_time * 1000 FROM records WHERE match_key = ?
		UNION ALL SELECT time FROM other_punches WHERE staff_code = ?`, code, code)
	if err != nil {
		return nil, fmt.Errorf("staff %q activity: %w", code, err)
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var ms int64
		if err := rows.Scan(&ms); err != nil {
			return nil, err
		}
		out = append(out, time.UnixMilli(ms))
	}
	return out, rows.Err()
}

// MatchedRecord is a record that belongs to a staff member.
type MatchedRecord struct {
	ID        int64
	StaffCode string
	SignTime  time.Time
}

// MatchedRecordsAfter returns up to limit records above afterID whose
// employee number matches a staff code, in id order, and the highest id
// looked at (matched or not), so that the caller can move past unmatched
// ones.
func (db *DB) MatchedRecordsAfter(ctx context.Context, afterID int64, limit int) ([]MatchedRecord, int64, error) {
	var maxID int64
	if err := db.read.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM (SELECT id FROM records WHERE id > ? ORDER BY id LIMIT ?)",
		afterID, limit).Scan(&maxID); err != nil {
		return nil, 0, fmt.Errorf("records after %d: %w", afterID, err)
	}
	if maxID == 0 {
		return nil, afterID, nil
	}
	rows, err := db.read.QueryContext(ctx, `SELECT r.id, r.match_key, r.sign_time FROM records r
		JOIN staff s ON s.code = r.match_key WHERE r.id > ? AND r.id <= ? ORDER BY r.id`, afterID, maxID)
	if err != nil {
		return nil, 0, fmt.Errorf("records after %d: %w", afterID, err)
	}
	defer rows.Close()
	var out []MatchedRecord
	for rows.Next() {
		var m MatchedRecord
		var sign int64
		if err := rows.Scan(&m.ID, &m.StaffCode, &sign); err != nil {
			return nil, 0, err
		}
		m.SignTime = time.Unix(sign, 0)
		out = append(out, m)
	}
	return out, maxID, rows.Err()
}

// DerivedThrough is the record id up to which records have been turned
// into punches.
func (db *DB) DerivedThrough(ctx context.Context) (int64, error) {
	var id int64
	if err := db.read.QueryRowContext(ctx, "SELECT derived_through FROM sync_state WHERE id = 1").Scan(&id); err != nil {
		return 0, fmt.Errorf("read derivation position: %w", err)
	}
	return id, nil
}

// SetDerivedThrough records that every record up to id has been derived.
func (db *DB) SetDerivedThrough(ctx context.Context, id int64) error {
	w, err := db.writer("save derivation position")
	if err != nil {
		return err
	}
	if _, err := w.ExecContext(ctx, "UPDATE sync_state SET derived_through = ? WHERE id = 1", id); err != nil {
		return fmt.Errorf("save derivation position: %w", err)
	}
	return nil
}

// ReplaceDays rewrites the derived punches and summaries of one staff
// member's business days in one transaction. dates lists every day being
// rewritten; a listed day missing from days has no punches any more.
func (db *DB) ReplaceDays(ctx context.Context, code string, dates []string, days []rules.Day) error {
	w, err := db.writer("store punches")
	if err != nil {
		return err
	}
	tx, err := w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store punches of %q: %w", code, err)
	}
	defer tx.Rollback()
	delPunches, err := tx.PrepareContext(ctx, "DELETE FROM punches WHERE staff_code = ? AND business_date = ?")
	if err != nil {
		return err
	}
	defer delPunches.Close()
	delDays, err := tx.PrepareContext(ctx, "DELETE FROM days WHERE staff_code = ? AND business_date = ?")
	if err != nil {
		return err
	}
	defer delDays.Close()
	for _, date := range dates {
		if _, err := delPunches.ExecContext(ctx, code, date); err != nil {
			return fmt.Errorf("store punches of %q: %w", code, err)
		}
		if _, err := delDays.ExecContext(ctx, code, date); err != nil {
			return fmt.Errorf("store punches of %q: %w", code, err)
		}
	}
	insPunch, err := tx.PrepareContext(ctx, `INSERT INTO punches (id, staff_code, business_date, time, source, record_id,
		status, kind, remarks, note, pending_because) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer insPunch.Close()
	insDay, err := tx.PrepareContext(ctx, `INSERT INTO days (staff_code, business_date, clock_in, clock_out, work_minutes,
		break_minutes, counted, missing_clock_out, pending, remarks) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer insDay.Close()
	for _, d := range days {
		for _, p := range d.Punches {
			var recordID any
			if p.Source == rules.SourceFace {
				recordID = p.RecordID
			}
			if _, err := insPunch.ExecContext(ctx, p.ID, code, d.Date, p.Time.UnixMilli(), string(p.Source), recordID,
				string(p.Status), string(p.Kind), joinRemarks(p.Remarks), p.Note, p.PendingBecause); err != nil {
				return fmt.Errorf("store punch %s of %q: %w", p.ID, code, err)
			}
		}
		if _, err := insDay.ExecContext(ctx, code, d.Date, millisOrNil(d.ClockIn), millisOrNil(d.ClockOut), d.WorkMinutes,
			d.BreakMinutes, d.Counted, d.MissingClockOut, d.Pending, joinRemarks(d.Remarks)); err != nil {
			return fmt.Errorf("store day %s of %q: %w", d.Date, code, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store punches of %q: %w", code, err)
	}
	return nil
}

func joinRemarks(rs []rules.Remark) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = string(r)
	}
	return strings.Join(parts, ",")
}

func splitRemarks(s string) []rules.Remark {
	if s == "" {
		return nil
	}
	var out []rules.Remark
	for _, p := range strings.Split(s, ",") {
		out = append(out, rules.Remark(p))
	}
	return out
}

func millisOrNil(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UnixMilli()
}

// StaffPunch is a derived punch with the staff member it belongs to.
type StaffPunch struct {
	StaffCode string
	rules.Punch
	// The terminal a face punch was made on (serial and name); "" otherwise.
	TerminalID, Terminal string
	// Place is the terminal's location group (the terminal-group setting),
	// filled in by the site; "" when the terminal has none.
	Place string
}

// PunchFilter selects derived punches.
type PunchFilter struct {
	StaffCode        string // "" for all staff
	FromDate, ToDate string // business dates, inclusive; "" for unbounded
	Status           rules.Status
}

// Punches returns derived punches by staff code, business date and time.
func (db *DB) Punches(ctx context.Context, f PunchFilter) ([]StaffPunch, error) {
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
	q := `SELECT p.staff_code, p.id, p.business_date, p.time, p.source, coalesce(p.record_id, 0), p.status, p.kind, p.remarks,
		p.note, p.pending_because, coalesce(r.device_ldid, ''), coalesce(r.device_name, '')
		FROM punches p LEFT JOIN records r ON r.id = p.record_id`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := db.read.QueryContext(ctx, q+" ORDER BY p.staff_code, p.business_date, p.time, p.id", args...)
	if err != nil {
		return nil, fmt.Errorf("list punches: %w", err)
	}
	defer rows.Close()
	var out []StaffPunch
	for rows.Next() {
		var p StaffPunch
		var at int64
		var remarks string
		if err := rows.Scan(&p.StaffCode, &p.ID, &p.BusinessDate, &at, &p.Source, &p.RecordID, &p.Status, &p.Kind,
			&remarks, &p.Note, &p.PendingBecause, &p.TerminalID, &p.Terminal); err != nil {
			return nil, fmt.Errorf("list punches: %w", err)
		}
		p.Time = time.UnixMilli(at)
		p.Remarks = splitRemarks(remarks)
		out = append(out, p)
	}
	return out, rows.Err()
}

// Days returns the stored day summaries of one staff member between two
// business dates (inclusive), without their punches.
func (db *DB) Days(ctx context.Context, code, fromDate, toDate string) ([]rules.Day, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT business_date, clock_in, clock_out, work_minutes, break_minutes, counted,
		missing_clock_out, pending, remarks FROM days WHERE staff_code = ? AND business_date >= ? AND business_date <= ?
		ORDER BY business_date`, code, fromDate, toDate)
	if err != nil {
		return nil, fmt.Errorf("days of %q: %w", code, err)
	}
	defer rows.Close()
	var out []rules.Day
	for rows.Next() {
		var d rules.Day
		var in, out2 sql.NullInt64
		var remarks string
		if err := rows.Scan(&d.Date, &in, &out2, &d.WorkMinutes, &d.BreakMinutes, &d.Counted, &d.MissingClockOut,
			&d.Pending, &remarks); err != nil {
			return nil, fmt.Errorf("days of %q: %w", code, err)
		}
		if in.Valid {
			t := time.UnixMilli(in.Int64)
			d.ClockIn = &t
		}
		if out2.Valid {
			t := time.UnixMilli(out2.Int64)
			d.ClockOut = &t
		}
		d.Remarks = splitRemarks(remarks)
		out = append(out, d)
	}
	return out, rows.Err()
}

// LogRow is a record with what it became, for the live log and
// `punchctl records`.
type LogRow struct {
	senselink.Record
	StaffCode string       // "" when no staff member matches
	Status    rules.Status // "" when the record is not a punch (unlinked, stranger, not yet derived)
	Kind      rules.Kind
	Remarks   []rules.Remark
}

// LogRows returns one page of the records f selects with their outcome,
// newest first.
func (db *DB) LogRows(ctx context.Context, f RecordFilter, offset, limit int) ([]LogRow, error) {
	if offset < 0 || limit <= 0 {
		return nil, fmt.Errorf("log rows: invalid page (offset %d, limit %d)", offset, limit)
	}
	where, args := f.where()
	args = append(args, limit, offset)
	rows, err := db.read.QueryContext(ctx, "SELECT "+listColumns+`, coalesce(s.code, ''), coalesce(p.status, ''),
		coalesce(p.kind, ''), coalesce(p.remarks, '') FROM records`+logJoins+where+
		" ORDER BY r.sign_time DESC, r.id DESC LIMIT ? OFFSET ?", args...)
	if err != nil {
		return nil, fmt.Errorf("log rows: %w", err)
	}
	defer rows.Close()
	var out []LogRow
	for rows.Next() {
		var row LogRow
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

// ClearDerived drops every derived punch and day and rewinds the derivation
// position, for a settings change that can move any punch to another day.
func (db *DB) ClearDerived(ctx context.Context) error {
	w, err := db.writer("clear punches")
	if err != nil {
		return err
	}
	_, err = w.ExecContext(ctx, "DELETE FROM punches; DELETE FROM days; UPDATE sync_state SET derived_through = 0 WHERE id = 1")
	if err != nil {
		return fmt.Errorf("clear punches: %w", err)
	}
	return nil
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

// RenameStaff changes a staff member's code everywhere it is used, and
// drops the derived punches filed under the old code (the caller recomputes
// the new one).
func (db *DB) RenameStaff(ctx context.Context, from, to string) error {
	w, err := db.writer("rename staff")
	if err != nil {
		return err
	}
	tx, err := w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("rename staff %q: %w", from, err)
	}
	defer tx.Rollback()
	var taken bool
	if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM staff WHERE code = ?)", to).Scan(&taken); err != nil {
		return fmt.Errorf("rename staff %q: %w", from, err)
	}
	if taken {
		return fmt.Errorf("rename staff %q to %q: %w", from, to, ErrStaffExists)
	}
	for _, q := range []string{
		"UPDATE staff SET code = ? WHERE code = ?",
		"UPDATE other_punches SET staff_code = ? WHERE staff_code = ?",
		"UPDATE deletions SET staff_code = ? WHERE staff_code = ?",
	} {
		if _, err := tx.ExecContext(ctx, q, to, from); err != nil {
			return fmt.Errorf("rename staff %q: %w", from, err)
		}
	}
	for _, q := range []string{"DELETE FROM punches WHERE staff_code = ?", "DELETE FROM days WHERE staff_code = ?"} {
		if _, err := tx.ExecContext(ctx, q, from); err != nil {
			return fmt.Errorf("rename staff %q: %w", from, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("rename staff %q: %w", from, err)
	}
	return nil
}
