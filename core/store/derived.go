package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/punchdesk/punchdesk/core/rules"
)

// The derived rows (punches, days) are a cache of rules(inputs). What makes
// them stale is written in the transaction of the change itself, in one of
// three forms (see migration 0004): the rules generation for a rule-setting
// change or a new staff member, a stale_days pair for a punch, decision or
// deletion, and derived_through for new records. Nothing else can make a
// stored row differ from what the rules give for the stored inputs.

// StaffDay names one staff member's business day.
type StaffDay struct {
	StaffCode string
	Date      string // YYYY-MM-DD
}

// DeriveState is where derivation stands.
type DeriveState struct {
	// RulesGen is bumped by every rule-setting change; staff members
	// derived under an older one are stale as a whole.
	RulesGen int64
	// DerivedThrough is the record id up to which every record has been
	// turned into punches.
	DerivedThrough int64
}

// DeriveState reads the rules generation and the derivation position.
func (t *Tx) DeriveState() (DeriveState, error) {
	var s DeriveState
	err := t.q.QueryRowContext(t.ctx, "SELECT rules_gen, derived_through FROM sync_state WHERE id = 1").Scan(&s.RulesGen, &s.DerivedThrough)
	if err != nil {
		return s, fmt.Errorf("read derivation state: %w", err)
	}
	return s, nil
}

// BumpRulesGen makes every staff member's derived rows stale: what a rule
// setting change does, in the same transaction as the setting.
func (t *Tx) BumpRulesGen() error {
	if _, err := t.q.ExecContext(t.ctx, "UPDATE sync_state SET rules_gen = rules_gen + 1 WHERE id = 1"); err != nil {
		return fmt.Errorf("mark punches stale: %w", err)
	}
	return nil
}

// MarkStale marks single business days stale.
func (t *Tx) MarkStale(days ...StaffDay) error {
	if len(days) == 0 {
		return nil
	}
	st, err := t.q.PrepareContext(t.ctx, "INSERT OR IGNORE INTO stale_days (staff_code, business_date) VALUES (?, ?)")
	if err != nil {
		return fmt.Errorf("mark days stale: %w", err)
	}
	defer st.Close()
	for _, d := range days {
		if _, err := st.ExecContext(t.ctx, d.StaffCode, d.Date); err != nil {
			return fmt.Errorf("mark %s of %q stale: %w", d.Date, d.StaffCode, err)
		}
	}
	return nil
}

// StaleStaff returns the staff members whose derived rows are all stale:
// new ones, and every one after a rule-setting change not yet derived.
func (t *Tx) StaleStaff() (map[string]bool, error) {
	rows, err := t.q.QueryContext(t.ctx, "SELECT code FROM staff WHERE derived_gen < (SELECT rules_gen FROM sync_state WHERE id = 1)")
	if err != nil {
		return nil, fmt.Errorf("stale staff: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			return nil, fmt.Errorf("stale staff: %w", err)
		}
		out[code] = true
	}
	return out, rows.Err()
}

// StaleDays returns up to limit (0: all) stale single days, by staff and
// date.
func (t *Tx) StaleDays(limit int) ([]StaffDay, error) {
	q := "SELECT staff_code, business_date FROM stale_days ORDER BY staff_code, business_date"
	var args []any
	if limit > 0 {
		q, args = q+" LIMIT ?", []any{limit}
	}
	rows, err := t.q.QueryContext(t.ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("stale days: %w", err)
	}
	defer rows.Close()
	var out []StaffDay
	for rows.Next() {
		var d StaffDay
		if err := rows.Scan(&d.StaffCode, &d.Date); err != nil {
			return nil, fmt.Errorf("stale days: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// MatchedRecord is a record that belongs to a staff member.
type MatchedRecord struct {
	ID        int64
	StaffCode string
	SignTime  time.Time
}

// UnderivedRecords returns the records above afterID whose employee number
// matches a staff code, in id order, up to limit records looked at (0: all),
// and the highest id looked at (matched or not), so that the caller can move
// past unmatched ones.
func (t *Tx) UnderivedRecords(afterID int64, limit int) ([]MatchedRecord, int64, error) {
	maxID := afterID
	q := "SELECT max(id) FROM records WHERE id > ?"
	args := []any{afterID}
	if limit > 0 {
		q = "SELECT max(id) FROM (SELECT id FROM records WHERE id > ? ORDER BY id LIMIT ?)"
		args = append(args, limit)
	}
	var top sql.NullInt64
	if err := t.q.QueryRowContext(t.ctx, q, args...).Scan(&top); err != nil {
		return nil, 0, fmt.Errorf("records after %d: %w", afterID, err)
	}
	if !top.Valid {
		return nil, maxID, nil
	}
	maxID = top.Int64
	rows, err := t.q.QueryContext(t.ctx, `SELECT r.id, r.match_key, r.sign_time FROM records r
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
			return nil, 0, fmt.Errorf("records after %d: %w", afterID, err)
		}
		m.SignTime = time.Unix(sign, 0)
		out = append(out, m)
	}
	return out, maxID, rows.Err()
}

// StaffRecordCounts returns how many records each staff member has, so
// that derivation can size its batches.
func (t *Tx) StaffRecordCounts() (map[string]int, error) {
	rows, err := t.q.QueryContext(t.ctx, `SELECT s.code, (SELECT count(*) FROM records r WHERE r.match_key = s.code) FROM staff s`)
	if err != nil {
		return nil, fmt.Errorf("count records per staff member: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var code string
		var n int
		if err := rows.Scan(&code, &n); err != nil {
			return nil, fmt.Errorf("count records per staff member: %w", err)
		}
		out[code] = n
	}
	return out, rows.Err()
}

// scanAllAbove is the number of staff members above which Inputs reads
// the records table in one pass rather than seeking each member's rows.
// A seek reads a page per record (one page holds every staff member's
// records of a few minutes), so for many members one pass is cheaper.
const scanAllAbove = 32

// maskValues backs the Mask pointers of the common values, so that reading
// a month of records does not allocate an int per record. Never written.
var maskValues = [2]int{0, 1}

// Inputs reads what the rules need about the given staff members (nil: all)
// for face records recognised in [from, to) (zero bounds are unbounded):
// faces, other punches, decisions and deletions. The decision and deletion
// maps are shared by every returned Input: they are keyed by ids that are
// unique across staff.
func (t *Tx) Inputs(codes []string, from, to time.Time) (map[string]*rules.Input, error) {
	out := map[string]*rules.Input{}
	want := func(code string) *rules.Input { return out[code] }
	if codes == nil {
		all, err := t.ListStaff()
		if err != nil {
			return nil, err
		}
		for _, m := range all {
			codes = append(codes, m.Code)
		}
	}
	for _, c := range codes {
		out[c] = &rules.Input{}
	}
	if len(codes) == 0 {
		return out, nil
	}
	lo, hi := int64(-1<<62), int64(1<<62)
	if !from.IsZero() {
		lo = ceilSeconds(from)
	}
	if !to.IsZero() {
		hi = ceilSeconds(to)
	}
	const faceColumns = `id, match_key, sign_time, coalesce(body_temperature, 0), abnormal_type, mask, device_ldid, device_name,
		received_by`
	if len(codes) > scanAllAbove {
		// By the sign-time index when bounded (its rowids run nearly in
		// table order), else the table itself in order.
		q := "SELECT " + faceColumns + " FROM records WHERE sign_time >= ? AND sign_time < ? AND match_key IS NOT NULL"
		if from.IsZero() && to.IsZero() {
			q = "SELECT " + faceColumns + " FROM records NOT INDEXED WHERE sign_time >= ? AND sign_time < ? AND match_key IS NOT NULL"
		}
		if err := t.scanFaces(q, want, lo, hi); err != nil {
			return nil, err
		}
	} else {
		st, err := t.q.PrepareContext(t.ctx, "SELECT "+faceColumns+
			" FROM records WHERE match_key = ? AND sign_time >= ? AND sign_time < ?")
		if err != nil {
			return nil, fmt.Errorf("read faces: %w", err)
		}
		defer st.Close()
		for _, c := range codes {
			rows, err := st.QueryContext(t.ctx, c, lo, hi)
			if err != nil {
				return nil, fmt.Errorf("read faces of %q: %w", c, err)
			}
			if err := scanFaceRows(rows, want); err != nil {
				return nil, fmt.Errorf("read faces of %q: %w", c, err)
			}
		}
	}

	rows, err := t.q.QueryContext(t.ctx, `SELECT id, staff_code, time, source, note FROM other_punches
		WHERE time >= ? AND time < ?`, saturatingMillis(lo), saturatingMillis(hi))
	if err != nil {
		return nil, fmt.Errorf("read other punches: %w", err)
	}
	for rows.Next() {
		var o rules.Other
		var code string
		var at int64
		if err := rows.Scan(&o.ID, &code, &at, &o.Source, &o.Note); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read other punches: %w", err)
		}
		if in := out[code]; in != nil {
			o.Time = time.UnixMilli(at)
			in.Others = append(in.Others, o)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read other punches: %w", err)
	}

	decisions, decisionReasons, err := t.decisions()
	if err != nil {
		return nil, err
	}
	deleted, deleteReasons, err := t.deletedPunches()
	if err != nil {
		return nil, err
	}
	for _, in := range out {
		in.Decisions, in.Deleted = decisions, deleted
		in.DecisionReasons, in.DeleteReasons = decisionReasons, deleteReasons
	}
	return out, nil
}

func saturatingMillis(sec int64) int64 {
	const limit = 1 << 53
	switch {
	case sec > limit:
		return 1 << 62
	case sec < -limit:
		return -1 << 62
	}
	return sec * 1000
}

func (t *Tx) scanFaces(q string, want func(string) *rules.Input, args ...any) error {
	rows, err := t.q.QueryContext(t.ctx, q, args...)
	if err != nil {
		return fmt.Errorf("read faces: %w", err)
	}
	if err := scanFaceRows(rows, want); err != nil {
		return fmt.Errorf("read faces: %w", err)
	}
	return nil
}

// scanFaceRows appends each row to its staff member's faces (skipping
// members want does not know) and closes rows.
func scanFaceRows(rows *sql.Rows, want func(string) *rules.Input) error {
	defer rows.Close()
	var code string
	var sign int64
	var mask, receivedBy sql.NullInt64
	for rows.Next() {
		var f rules.Face
		if err := rows.Scan(&f.RecordID, &code, &sign, &f.Temperature, &f.AbnormalType, &mask, &f.TerminalID, &f.Terminal,
			&receivedBy); err != nil {
			return err
		}
		in := want(code)
		if in == nil {
			continue
		}
		f.Time = time.Unix(sign, 0)
		if receivedBy.Valid {
			f.ReceivedBy = time.Unix(receivedBy.Int64, 0)
		}
		if mask.Valid {
			if mask.Int64 == 0 || mask.Int64 == 1 {
				f.Mask = &maskValues[mask.Int64]
			} else {
				m := int(mask.Int64)
				f.Mask = &m
			}
		}
		in.Faces = append(in.Faces, f)
	}
	return rows.Err()
}

func (t *Tx) decisions() (map[int64]rules.Decision, map[int64]string, error) {
	rows, err := t.q.QueryContext(t.ctx, "SELECT record_id, decision, reason FROM decisions")
	if err != nil {
		return nil, nil, fmt.Errorf("read decisions: %w", err)
	}
	defer rows.Close()
	out, reasons := map[int64]rules.Decision{}, map[int64]string{}
	for rows.Next() {
		var id int64
		var d rules.Decision
		var reason string
		if err := rows.Scan(&id, &d, &reason); err != nil {
			return nil, nil, fmt.Errorf("read decisions: %w", err)
		}
		out[id] = d
		if reason != "" {
			reasons[id] = reason
		}
	}
	return out, reasons, rows.Err()
}

func (t *Tx) deletedPunches() (map[string]bool, map[string]string, error) {
	rows, err := t.q.QueryContext(t.ctx, "SELECT punch_id, reason FROM deletions")
	if err != nil {
		return nil, nil, fmt.Errorf("read deletions: %w", err)
	}
	defer rows.Close()
	out, reasons := map[string]bool{}, map[string]string{}
	for rows.Next() {
		var id, reason string
		if err := rows.Scan(&id, &reason); err != nil {
			return nil, nil, fmt.Errorf("read deletions: %w", err)
		}
		out[id], reasons[id] = true, reason
	}
	return out, reasons, rows.Err()
}

// Derived is one derivation step's result, saved with SaveDerived.
type Derived struct {
	// RulesGen is the generation the rows were computed under; every
	// member of Whole is marked derived at it.
	RulesGen int64
	// Whole lists staff members rederived in full: all their stored rows
	// are replaced.
	Whole []string
	// Days lists single days rederived: their stored rows are replaced.
	Days []StaffDay
	// Rows are the new days (with punches) by staff code; only days of
	// Whole members or listed in Days.
	Rows map[string][]rules.Day
	// Through, when above 0, is the new derivation position.
	Through int64
}

// SaveDerived replaces the derived rows d covers and clears their stale
// marks, in the caller's transaction.
func (t *Tx) SaveDerived(d Derived) error {
	ctx := t.ctx
	for _, code := range d.Whole {
		if err := deleteDerivedOf(ctx, t.q, code); err != nil {
			return fmt.Errorf("store punches of %q: %w", code, err)
		}
		if _, err := t.q.ExecContext(ctx, "UPDATE staff SET derived_gen = ? WHERE code = ?", d.RulesGen, code); err != nil {
			return fmt.Errorf("store punches of %q: %w", code, err)
		}
	}
	if len(d.Days) > 0 {
		for _, q := range []string{
			"DELETE FROM punches WHERE staff_code = ? AND business_date = ?",
			"DELETE FROM days WHERE staff_code = ? AND business_date = ?",
			"DELETE FROM stale_days WHERE staff_code = ? AND business_date = ?",
		} {
			st, err := t.q.PrepareContext(ctx, q)
			if err != nil {
				return fmt.Errorf("store punches: %w", err)
			}
			for _, day := range d.Days {
				if _, err := st.ExecContext(ctx, day.StaffCode, day.Date); err != nil {
					st.Close()
					return fmt.Errorf("store punches of %q on %s: %w", day.StaffCode, day.Date, err)
				}
			}
			st.Close()
		}
	}
	if err := t.insertDerived(d.Rows); err != nil {
		return err
	}
	if d.Through > 0 {
		if _, err := t.q.ExecContext(ctx, "UPDATE sync_state SET derived_through = ? WHERE id = 1", d.Through); err != nil {
			return fmt.Errorf("save derivation position: %w", err)
		}
	}
	return nil
}

// dayTables names where days and punches are kept: the derived cache, or
// the frozen copy of closed months.
type dayTables struct{ days, punches string }

var (
	derivedTables = dayTables{"days", "punches"}
	closedTables  = dayTables{"closed_days", "closed_punches"}
)

func (tb dayTables) insertPunchSQL() string {
	return `INSERT INTO ` + tb.punches + ` (id, staff_code, business_date, time, source, record_id, status, kind, remarks,
		note, pending_because, terminal_id, terminal, decision, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
}

func (tb dayTables) insertDaySQL() string {
	return `INSERT INTO ` + tb.days + ` (staff_code, business_date, clock_in, clock_out, work_minutes, break_minutes,
		counted, remarks, flags, fever_readings, no_mask_readings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
}

// insertDerived inserts days and their punches with two statements
// prepared once for the whole batch.
func (t *Tx) insertDerived(rows map[string][]rules.Day) error {
	return t.insertDays(derivedTables, rows)
}

func (t *Tx) insertDays(tb dayTables, rows map[string][]rules.Day) error {
	if len(rows) == 0 {
		return nil
	}
	ctx := t.ctx
	insPunch, err := t.q.PrepareContext(ctx, tb.insertPunchSQL())
	if err != nil {
		return fmt.Errorf("store punches: %w", err)
	}
	defer insPunch.Close()
	insDay, err := t.q.PrepareContext(ctx, tb.insertDaySQL())
	if err != nil {
		return fmt.Errorf("store punches: %w", err)
	}
	defer insDay.Close()
	for code, days := range rows {
		for i := range days {
			d := &days[i]
			for j := range d.Punches {
				p := &d.Punches[j]
				var recordID any
				if p.Source == rules.SourceFace {
					recordID = p.RecordID
				}
				if _, err := insPunch.ExecContext(ctx, p.ID, code, d.Date, p.Time.UnixMilli(), string(p.Source), recordID,
					string(p.Status), string(p.Kind), joinRemarks(p.Remarks), p.Note, p.PendingBecause,
					p.TerminalID, p.Terminal, string(p.Decision), p.Reason); err != nil {
					return fmt.Errorf("store punch %s of %q: %w", p.ID, code, err)
				}
			}
			if _, err := insDay.ExecContext(ctx, code, d.Date, millisOrNil(d.ClockIn), millisOrNil(d.ClockOut), d.WorkMinutes,
				d.BreakMinutes, d.Counted, joinRemarks(d.Remarks), joinFlags(d.Flags), d.FeverReadings, d.NoMaskReadings); err != nil {
				return fmt.Errorf("store day %s of %q: %w", d.Date, code, err)
			}
		}
	}
	return nil
}

// StoredDays returns the stored derived days, with their punches, of the
// given staff members (nil: all) between two business dates (inclusive;
// "" is unbounded), by staff code. Days before punchesFrom (when it is
// later than fromDate) come without their punches: a month's weekly
// overtime needs only the figures of the week before it. Only meaningful
// for pairs with no stale mark: the caller checks the marks in the same Tx.
func (t *Tx) StoredDays(codes []string, fromDate, toDate, punchesFrom string) (map[string][]rules.Day, error) {
	return t.readDayTables(derivedTables, codes, fromDate, toDate, punchesFrom)
}

// ClosedDays is StoredDays for the frozen copy of closed months.
func (t *Tx) ClosedDays(codes []string, fromDate, toDate, punchesFrom string) (map[string][]rules.Day, error) {
	return t.readDayTables(closedTables, codes, fromDate, toDate, punchesFrom)
}

// StoredPunches attaches the stored punches of the given staff members
// (nil: all) between two business dates to days, as StoredDays would
// have: days must hold every stored day those punches fall on, read
// without their punches (a punchesFrom after toDate) in this Tx or one on
// the same snapshot (DB.ViewShared).
func (t *Tx) StoredPunches(days map[string][]rules.Day, codes []string, fromDate, toDate string) error {
	cond, args, err := dayRange(codes, fromDate, toDate)
	if err != nil {
		return err
	}
	return t.readPunches(derivedTables, days, cond, args)
}

func (t *Tx) readDayTables(tb dayTables, codes []string, fromDate, toDate, punchesFrom string) (map[string][]rules.Day, error) {
	out := map[string][]rules.Day{}
	cond, args, err := dayRange(codes, fromDate, toDate)
	if err != nil {
		return nil, err
	}
	if err := t.readDays(tb, out, cond, args); err != nil {
		return nil, err
	}
	if punchesFrom > toDate && toDate != "" {
		return out, nil
	}
	cond, args, err = dayRange(codes, max(punchesFrom, fromDate), toDate)
	if err != nil {
		return nil, err
	}
	if err := t.readPunches(tb, out, cond, args); err != nil {
		return nil, err
	}
	return out, nil
}

// dayRange is the condition on a day or punch table for the given staff
// members (nil: all) between two business dates (inclusive; "" is
// unbounded).
func dayRange(codes []string, fromDate, toDate string) (cond string, args []any, err error) {
	if fromDate == "" {
		fromDate = "0000-00-00"
	}
	if toDate == "" {
		toDate = "9999-99-99"
	}
	cond, args = "business_date >= ? AND business_date <= ?", []any{fromDate, toDate}
	if codes != nil {
		// One statement seeking each staff member's range, not a statement
		// per member: preparing 2,000 statements cost a month's export as
		// much as reading it.
		list, err := json.Marshal(codes)
		if err != nil {
			return "", nil, err
		}
		cond = "staff_code IN (SELECT value FROM json_each(?)) AND " + cond
		args = append([]any{string(list)}, args...)
	}
	return cond, args, nil
}

func (t *Tx) readDays(tb dayTables, out map[string][]rules.Day, cond string, args []any) error {
	// A day row stores this text already (packed, migration 0011).
	lines, err := t.packedRows([]string{"staff_code", "business_date", "coalesce(clock_in, '')", "coalesce(clock_out, '')",
		"work_minutes", "break_minutes", "counted", "remarks", "flags", "fever_readings", "no_mask_readings"},
		tb.days, cond, "staff_code, business_date", args)
	if err != nil {
		return fmt.Errorf("read days: %w", err)
	}
	var f [11]string
	// Days come by staff member: each member's are a full slice of one
	// array, instead of each member's growing on its own.
	all := make([]rules.Day, 0, len(lines))
	prevCode := ""
	for _, line := range lines {
		if !unpack(line, f[:]) {
			return fmt.Errorf("read days: a stored day cannot be read back (%q)", line)
		}
		d := rules.Day{Date: f[1], Remarks: splitRemarks(f[7]), Flags: splitFlags(f[8])}
		var bad error
		d.ClockIn, bad = parseMillis(f[2], bad)
		d.ClockOut, bad = parseMillis(f[3], bad)
		d.WorkMinutes, bad = atoi(f[4], bad)
		d.BreakMinutes, bad = atoi(f[5], bad)
		d.Counted, bad = atoi(f[6], bad)
		d.FeverReadings, bad = atoi(f[9], bad)
		d.NoMaskReadings, bad = atoi(f[10], bad)
		if bad != nil {
			return fmt.Errorf("read days: %q on %s: %w", f[0], f[1], bad)
		}
		if f[0] != prevCode {
			prevCode, all = f[0], all[len(all):]
		}
		all = append(all, d)
		out[f[0]] = all[:len(all):len(all)]
	}
	return nil
}

// readPunches attaches the stored punches to the days readDays put in out.
func (t *Tx) readPunches(tb dayTables, out map[string][]rules.Day, cond string, args []any) error {
	// A punch row stores this text already (packed, migration 0010).
	lines, err := t.packedRows([]string{"id", "staff_code", "business_date", "time", "source", "coalesce(record_id, '')",
		"status", "kind", "remarks", "note", "pending_because", "terminal_id", "terminal", "decision", "reason"},
		tb.punches, cond, "staff_code, business_date, time, id", args)
	if err != nil {
		return fmt.Errorf("read punches: %w", err)
	}
	var prevCode string
	var di int
	var f [15]string
	// The punches of a day are consecutive: they share one array, each
	// day's a full slice of it, instead of each day's growing on its own.
	all := make([]rules.Punch, 0, len(lines))
	for _, line := range lines {
		if !unpack(line, f[:]) {
			return fmt.Errorf("read punches: a stored punch cannot be read back (%q)", line)
		}
		code := f[1]
		p := rules.Punch{ID: f[0], BusinessDate: f[2], Source: rules.Source(f[4]), Status: rules.Status(f[6]),
			Kind: rules.Kind(f[7]), Remarks: splitRemarks(f[8]), Note: f[9], PendingBecause: f[10], TerminalID: f[11],
			Terminal: f[12], Decision: rules.Decision(f[13]), Reason: f[14]}
		at, err := strconv.ParseInt(f[3], 10, 64)
		if err != nil {
			return fmt.Errorf("read punches: punch %s: time %q: %w", p.ID, f[3], err)
		}
		p.Time = time.UnixMilli(at)
		if f[5] != "" { // NULL for a punch of another method
			if p.RecordID, err = strconv.ParseInt(f[5], 10, 64); err != nil {
				return fmt.Errorf("read punches: punch %s: record id %q: %w", p.ID, f[5], err)
			}
		}
		if code != prevCode {
			prevCode, di = code, 0
		}
		days := out[code]
		for di < len(days) && days[di].Date < p.BusinessDate {
			di++
		}
		if di == len(days) || days[di].Date != p.BusinessDate {
			return fmt.Errorf("read punches: punch %s of %q on %s has no day row", p.ID, code, p.BusinessDate)
		}
		d := &days[di]
		if len(d.Punches) == 0 {
			all = all[len(all):]
		}
		all = append(all, p)
		d.Punches = all[:len(all):len(all)]
	}
	return nil
}

// Days and punches are read back one text per row, the columns joined by
// fieldSep: the driver's cost per column fetched (a lock and a type check
// per value) was most of a month's export, 15 columns × 190,000 punches.
// A value holding fieldSep itself (free text can) makes its row read
// column by column instead, so any text comes back as stored.
const fieldSep = "\x1f"

// packedRows reads the rows of table matching cond, one text per row: the
// table's stored packed column. cols are the columns it joins, for the
// column-by-column fallback (NULLs coalesced to ”, as packed has them).
func (t *Tx) packedRows(cols []string, table, cond, order string, args []any) ([]string, error) {
	rows, err := t.q.QueryContext(t.ctx, `SELECT packed FROM `+table+` WHERE `+cond+` ORDER BY `+order, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var lines []string
	plain := true
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, err
		}
		plain = plain && strings.Count(line, fieldSep) == len(cols)-1 && !strings.Contains(line, fieldEsc)
		lines = append(lines, line)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if plain {
		return lines, nil
	}
	return t.columnRows(cols, table, cond, order, args)
}

// columnRows is packedRows read column by column, for rows whose text
// holds fieldSep: each value is escaped so that unpack restores it.
func (t *Tx) columnRows(cols []string, table, cond, order string, args []any) ([]string, error) {
	rows, err := t.q.QueryContext(t.ctx, `SELECT `+strings.Join(cols, ", ")+` FROM `+table+` WHERE `+cond+` ORDER BY `+order, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	vals := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var lines []string
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		parts := make([]string, len(cols))
		for i, v := range vals {
			parts[i] = escapeField(v.String)
		}
		lines = append(lines, strings.Join(parts, fieldSep))
	}
	return lines, rows.Err()
}

// escapeField makes fieldSep (and the escape byte) safe inside a value.
func escapeField(v string) string {
	if !strings.ContainsAny(v, fieldSep+fieldEsc) {
		return v
	}
	return strings.NewReplacer(fieldEsc, fieldEsc+"e", fieldSep, fieldEsc+"s").Replace(v)
}

// fieldEsc starts an escaped byte in a row read column by column.
const fieldEsc = "\x1e"

var unescapeField = strings.NewReplacer(fieldEsc+"s", fieldSep, fieldEsc+"e", fieldEsc)

// unpack splits a packed row into f; false when it has another count of
// fields.
func unpack(line string, f []string) bool {
	// Only a row read column by column can hold an escape.
	escaped := strings.Contains(line, fieldEsc)
	for i := range f {
		if i == len(f)-1 {
			if strings.Contains(line, fieldSep) {
				return false
			}
			f[i] = line
			break
		}
		v, rest, ok := strings.Cut(line, fieldSep)
		if !ok {
			return false
		}
		f[i], line = v, rest
	}
	for i := range f {
		if escaped && strings.Contains(f[i], fieldEsc) {
			f[i] = unescapeField.Replace(f[i])
		}
	}
	return true
}

// parseMillis reads a packed nullable time ("" for NULL); it keeps the
// first error of a row.
func parseMillis(v string, bad error) (*time.Time, error) {
	if v == "" || bad != nil {
		return nil, bad
	}
	ms, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return nil, err
	}
	t := time.UnixMilli(ms)
	return &t, nil
}

func atoi(v string, bad error) (int, error) {
	if bad != nil {
		return 0, bad
	}
	return strconv.Atoi(v)
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

func joinFlags(fs []rules.Flag) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = string(f)
	}
	return strings.Join(parts, ",")
}

func splitFlags(s string) []rules.Flag {
	if s == "" {
		return nil
	}
	var out []rules.Flag
	for _, p := range strings.Split(s, ",") {
		out = append(out, rules.Flag(p))
	}
	return out
}

func millisOrNil(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UnixMilli()
}
