package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/senselink"
)

// ErrNoRecord is returned (wrapped) by RawRecord for an unknown record id.
var ErrNoRecord = errors.New("no such record")

// CursorAdvance moves the sync cursor in the same transaction that stores a
// window's records, so that the cursor never runs ahead of what is stored.
type CursorAdvance struct {
	// To is the new time cursor (every record up to To is stored); zero
	// leaves it, the last success and the last error as they are.
	To time.Time
	At time.Time // when the sync succeeded (becomes SyncState.LastSuccess)
	// IDCursor, when above the stored one, becomes SyncState.RecordIDCursor.
	IDCursor int64
}

// conflictSQL keeps another version of a stored record id when it differs
// in what punches are made from (time, person, terminal, temperature,
// remarks), not merely in formatting. Arguments: id, raw, first seen, then
// the compared values in the order of the comparison.
const conflictSQL = `INSERT OR IGNORE INTO record_conflicts (id, raw, first_seen)
	SELECT ?1, CAST(?2 AS TEXT), ?3 FROM records WHERE id = ?1 AND raw IS NOT CAST(?2 AS TEXT) AND (
		sign_time IS NOT ?4 OR user_id IS NOT ?5 OR job_number IS NOT ?6 OR device_ldid IS NOT ?7 OR
		body_temperature IS NOT ?8 OR abnormal_type IS NOT ?9 OR mask IS NOT ?10)`

// insertRecordColumns starts every insert of records; insertSQL adds the
// rows. JSON is bound as bytes and stored as text by the CASTs.
const insertRecordColumns = `INSERT INTO records (
	id, sign_time, sign_time_zone, sign_date, user_id, user_name, user_type, job_number,
	device_ldid, device_name, location, body_temperature, abnormal_type, mask, direction,
	entry_mode, verify_score, capture_picture, capture_bg_picture, group_id, group_name,
	"groups", raw, fetched_at, received_by
) VALUES `

const recordColumns = 25

// SaveRecords stores recs and, when advance is not nil, moves the sync
// cursor to advance.To, records a success at advance.At and clears the last
// error, all in one transaction: either everything is stored or nothing is.
//
// Records already stored (by id) are left untouched, so re-reading an
// overlapping window is harmless; inserted counts only the new ones.
func (db *DB) SaveRecords(ctx context.Context, recs []senselink.Record, advance *CursorAdvance) (inserted int, err error) {
	w, err := db.writer("store records")
	if err != nil {
		return 0, err
	}
	if len(recs) == 0 && advance == nil {
		return 0, nil
	}
	conn, err := w.Conn(ctx)
	if err != nil {
		return 0, fmt.Errorf("store records: %w", err)
	}
	defer conn.Close()
	// Ingestion speed is a product requirement, and at this volume
	// database/sql's per-call argument conversion and allocations cost as
	// much as SQLite's own insert: the batch runs on the driver connection
	// directly, reusing one argument slice for every row.
	err = conn.Raw(func(dc any) error {
		var err error
		if inserted, err = saveRecords(ctx, dc, recs, advance, &db.stmts); err != nil {
			return err
		}
		db.ckpt.countWrites(dc)
		return nil
	})
	if err != nil {
		var discard discardConn
		if errors.As(err, &discard) {
			db.stmts.forget()
		}
		return 0, fileProblem(db.path, err)
	}
	return inserted, nil
}

// driverConn is what saveRecords needs of the driver's connection.
type driverConn interface {
	driver.ConnBeginTx
	driver.ConnPrepareContext
}

func saveRecords(ctx context.Context, dc any, recs []senselink.Record, advance *CursorAdvance, stmts *stmtCache) (inserted int, err error) {
	c, ok := dc.(driverConn)
	if !ok {
		return 0, fmt.Errorf("store records: driver connection %T cannot begin transactions", dc)
	}
	tx, err := c.BeginTx(ctx, driver.TxOptions{})
	if err != nil {
		return 0, fmt.Errorf("store records: begin: %w", err)
	}
	done := false
	defer func() {
		if done {
			return
		}
		if rbErr := tx.Rollback(); rbErr != nil {
			err = discardConn{fmt.Errorf("%w (rollback failed: %v)", err, rbErr)}
		}
	}()

	if len(recs) > 0 {
		n, lowest, err := insertRecords(ctx, c, recs, stmts)
		if err != nil {
			return 0, err
		}
		inserted = n
		// A record is an input of the derived punches: one stored below
		// the derivation position (an older id fetched late) moves the
		// position back in this same transaction, or it would never count.
		if n > 0 {
			if err := execCached(ctx, c, stmts, "UPDATE sync_state SET derived_through = min(derived_through, ?) WHERE id = 1",
				lowest-1); err != nil {
				return 0, fmt.Errorf("store records: derivation position: %w", err)
			}
		}
	}
	if advance != nil && !advance.To.IsZero() {
		err := execCached(ctx, c, stmts, `UPDATE sync_state SET cursor = ?, last_success = ?,
			last_error = NULL, last_error_kind = NULL, last_error_at = NULL WHERE id = 1`,
			unixSeconds(advance.To), unixMillis(advance.At))
		if err != nil {
			return 0, fmt.Errorf("store records: advance cursor: %w", err)
		}
	}
	if advance != nil && advance.IDCursor > 0 {
		err := execCached(ctx, c, stmts, "UPDATE sync_state SET record_id_cursor = max(record_id_cursor, ?) WHERE id = 1", advance.IDCursor)
		if err != nil {
			return 0, fmt.Errorf("store records: advance record id cursor: %w", err)
		}
	}
	done = true
	if err := tx.Commit(); err != nil {
		// SQLite can leave a transaction open after a failed COMMIT.
		return 0, discardConn{fmt.Errorf("store records: commit: %w", err)}
	}
	return inserted, nil
}

// discardConn marks an error after which the driver connection may still
// be inside a transaction: it matches driver.ErrBadConn, which makes
// database/sql close the connection (rolling back) instead of pooling it,
// while its message stays the underlying one.
type discardConn struct{ err error }

func (e discardConn) Error() string   { return e.err.Error() }
func (e discardConn) Unwrap() []error { return []error{e.err, driver.ErrBadConn} }

// insertRecords inserts recs and returns how many were new and the lowest
// new id.
func insertRecords(ctx context.Context, c driverConn, recs []senselink.Record, stmts *stmtCache) (inserted int, lowest int64, err error) {
	// Given a cancellable context, the driver starts a watcher goroutine
	// per execution, which costs about as much as an insert itself.
	// Statements run without one and the context is checked between them
	// instead; a cancelled batch is rolled back like a failed one.
	rowCtx := context.WithoutCancel(ctx)
	stored, err := storedIDs(rowCtx, c, recs, stmts)
	if err != nil {
		return 0, 0, fmt.Errorf("store records: %w", err)
	}
	// New records go in several to a statement: binding and stepping one
	// statement per row cost more than SQLite's insert itself. A record
	// already stored, or twice in the batch, is compared with the stored
	// version instead (conflictSQL).
	fresh := make([]int, 0, len(recs))
	var again []int
	for i := range recs {
		if stored[recs[i].ID] {
			again = append(again, i)
			continue
		}
		stored[recs[i].ID] = true
		fresh = append(fresh, i)
	}
	fetchedAt := any(time.Now().UnixMilli()) // boxed once for the batch
	if err := insertFresh(ctx, rowCtx, c, recs, fresh, fetchedAt, stmts); err != nil {
		return 0, 0, err
	}
	days := map[int64]int{} // records stored per record_days bucket
	for _, i := range fresh {
		if inserted == 0 || recs[i].ID < lowest {
			lowest = recs[i].ID
		}
		days[recs[i].SignTime.Unix()/secondsPerDay]++
		inserted++
	}
	if len(again) > 0 {
		if err := keepConflicts(rowCtx, c, recs, again, fetchedAt); err != nil {
			return 0, 0, err
		}
	}
	for day, n := range days {
		if err := execCached(rowCtx, c, stmts, `INSERT INTO record_days (day, n) VALUES (?, ?)
			ON CONFLICT (day) DO UPDATE SET n = n + excluded.n`, day, int64(n)); err != nil {
			return 0, 0, fmt.Errorf("store records: record days: %w", err)
		}
	}
	return inserted, lowest, nil
}

// insertGroup is how many records one INSERT statement stores: 32 rows of
// 25 columns stay far below SQLite's 32,766 parameters, and larger groups
// gained nothing measurable.
const insertGroup = 32

// insertSQL is an INSERT of n records.
func insertSQL(n int) string {
	row := "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT), CAST(? AS TEXT), ?, ?)"
	return insertRecordColumns + strings.Repeat(row+",", n-1) + row
}

// insertFresh stores recs[i] for every i in fresh, insertGroup to a
// statement.
func insertFresh(ctx, rowCtx context.Context, c driverConn, recs []senselink.Record, fresh []int, fetchedAt any, stmts *stmtCache) error {
	args := make([]driver.NamedValue, recordColumns*insertGroup)
	for start := 0; start < len(fresh); start += insertGroup {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("store records: %w", err)
		}
		group := fresh[start:min(start+insertGroup, len(fresh))]
		st, err := stmts.prepare(rowCtx, c, insertSQL(len(group)))
		if err != nil {
			return fmt.Errorf("store records: %w", err)
		}
		exec, ok := st.(driver.StmtExecContext)
		if !ok {
			return fmt.Errorf("store records: driver statement %T cannot execute with a context", st)
		}
		for k, i := range group {
			row := args[k*recordColumns : (k+1)*recordColumns]
			recordArgs(row, &recs[i], fetchedAt)
			for j := range row {
				row[j].Ordinal += k * recordColumns
			}
		}
		if _, err := exec.ExecContext(rowCtx, args[:len(group)*recordColumns]); err != nil {
			return fmt.Errorf("store records %d–%d: %w", recs[group[0]].ID, recs[group[len(group)-1]].ID, err)
		}
	}
	return nil
}

// storedIDs reports which of recs' ids are stored already. A page's ids
// are close together (ids rise in receive order), so one range read finds
// them; ids spread wide are looked up one by one.
func storedIDs(ctx context.Context, c driverConn, recs []senselink.Record, stmts *stmtCache) (map[int64]bool, error) {
	out := make(map[int64]bool, len(recs))
	if len(recs) == 0 {
		return out, nil
	}
	lo, hi := recs[0].ID, recs[0].ID
	for i := range recs {
		lo, hi = min(lo, recs[i].ID), max(hi, recs[i].ID)
	}
	query, args := "SELECT id FROM records WHERE id BETWEEN ? AND ?", [][]any{{lo, hi}}
	if hi-lo > int64(4*len(recs)) {
		query, args = "SELECT id FROM records WHERE id = ?", nil
		for i := range recs {
			args = append(args, []any{recs[i].ID})
		}
	}
	st, err := stmts.prepare(ctx, c, query)
	if err != nil {
		return nil, err
	}
	q, ok := st.(driver.StmtQueryContext)
	if !ok {
		return nil, fmt.Errorf("driver statement %T cannot query with a context", st)
	}
	for _, a := range args {
		nv := make([]driver.NamedValue, len(a))
		for i, v := range a {
			nv[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
		}
		rows, err := q.QueryContext(ctx, nv)
		if err != nil {
			return nil, err
		}
		dest := make([]driver.Value, 1)
		for {
			if err := rows.Next(dest); err != nil {
				if errors.Is(err, io.EOF) {
					break
				}
				rows.Close()
				return nil, err
			}
			if id, ok := dest[0].(int64); ok {
				out[id] = true
			}
		}
		rows.Close()
	}
	return out, nil
}

// keepConflicts compares recs[i], for every i in again, with the stored
// record of its id and keeps a version that differs (conflictSQL).
func keepConflicts(ctx context.Context, c driverConn, recs []senselink.Record, again []int, fetchedAt any) error {
	st, err := c.PrepareContext(ctx, conflictSQL)
	if err != nil {
		return fmt.Errorf("store records: %w", err)
	}
	defer st.Close()
	conflict, ok := st.(driver.StmtExecContext)
	if !ok {
		return fmt.Errorf("store records: driver statement %T cannot execute with a context", st)
	}
	args := make([]driver.NamedValue, recordColumns)
	conflictArgs := make([]driver.NamedValue, 10)
	for _, i := range again {
		recordArgs(args, &recs[i], fetchedAt)
		for k, col := range [...]int{0, 22, 23, 1, 4, 7, 8, 11, 12, 13} {
			conflictArgs[k] = driver.NamedValue{Ordinal: k + 1, Value: args[col].Value}
		}
		if _, err := conflict.ExecContext(ctx, conflictArgs); err != nil {
			return fmt.Errorf("store record %d: keep a conflicting version: %w", recs[i].ID, err)
		}
	}
	return nil
}

// execCached is execDriver with the statement from the cache.
func execCached(ctx context.Context, c driverConn, stmts *stmtCache, query string, args ...any) error {
	st, err := stmts.prepare(ctx, c, query)
	if err != nil {
		return err
	}
	return execStmt(ctx, st, args)
}

func execStmt(ctx context.Context, st driver.Stmt, args []any) error {
	exec, ok := st.(driver.StmtExecContext)
	if !ok {
		return fmt.Errorf("driver statement %T cannot execute with a context", st)
	}
	nv := make([]driver.NamedValue, len(args))
	for i, a := range args {
		nv[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	_, err := exec.ExecContext(ctx, nv)
	return err
}

// recordArgs sets args to r's column values in insertSQL's order.
// Every value is one the driver binds as is: int64, float64, string, []byte
// or nil.
func recordArgs(args []driver.NamedValue, r *senselink.Record, fetchedAt any) {
	set := func(i int, v any) { args[i] = driver.NamedValue{Ordinal: i + 1, Value: v} }
	set(0, r.ID)
	set(1, r.SignTime.Unix())
	set(2, r.SignTimeZone)
	set(3, r.SignDate)
	set(4, r.UserID)
	set(5, r.UserName)
	set(6, int64(r.UserType))
	set(7, nullString(r.JobNumber))
	set(8, r.DeviceLDID)
	set(9, r.DeviceName)
	set(10, r.Location)
	set(11, nullFloat(r.BodyTemperature))
	set(12, int64(r.AbnormalType))
	set(13, nullInt(r.Mask))
	set(14, nullInt(r.Direction))
	set(15, nullInt(r.EntryMode))
	set(16, nullFloat(r.VerifyScore))
	set(17, r.CapturePicture)
	set(18, r.CaptureBgPicture)
	set(19, nullInt64(r.GroupID))
	set(20, r.GroupName)
	// JSON is bound as bytes, sparing a copy per record, and stored as
	// text by the CASTs in insertSQL.
	if r.Groups == nil {
		set(21, nil)
	} else {
		set(21, []byte(r.Groups))
	}
	set(22, []byte(r.Raw))
	set(23, fetchedAt)
	set(24, unixSeconds(r.ReceivedBy))
}

func nullString(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}

func nullFloat(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func nullInt(p *int) any {
	if p == nil {
		return nil
	}
	return int64(*p)
}

func nullInt64(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

// logJoins attaches each record's staff member and derived punch.
const logJoins = ` r LEFT JOIN staff s ON s.code = r.match_key LEFT JOIN punches p ON p.record_id = r.id`

// filterFrom is the FROM clause the filter needs: the joins only when it reads
// the staff or punches tables, so that plain counts stay on one index.
func filterFrom(f domain.RecordFilter) string {
	if f.RemarksOnly || f.UnlinkedOnly {
		return logJoins
	}
	return " r"
}

// filterWhere renders the filter as an SQL condition on records aliased r, with
// its arguments. Sign times are whole seconds, so both bounds round up:
// s >= From holds exactly when s >= ceil(From), and s < To exactly when
// s < ceil(To).
func filterWhere(f domain.RecordFilter) (string, []any) {
	var conds []string
	var args []any
	if !f.From.IsZero() {
		conds = append(conds, "r.sign_time >= ?")
		args = append(args, ceilSeconds(f.From))
	}
	if !f.To.IsZero() {
		conds = append(conds, "r.sign_time < ?")
		args = append(args, ceilSeconds(f.To))
	}
	if f.StaffCode != "" {
		conds = append(conds, "r.match_key = ?")
		args = append(args, f.StaffCode)
	}
	if f.RemarksOnly {
		// The same test as rules' faceRemarks, on the record itself, so
		// that the filter never depends on a derived row.
		conds = append(conds, `s.code IS NOT NULL AND ((? AND (r.abnormal_type = 40001 OR (coalesce(r.body_temperature, 0) != 0
			AND r.body_temperature > ?))) OR (? AND (r.mask = 0 OR r.abnormal_type = 50001)))`)
		args = append(args, f.Remarks.Temperature, f.Remarks.Threshold, f.Remarks.Mask)
	}
	if f.AfterID > 0 {
		conds = append(conds, "r.id > ?")
		args = append(args, f.AfterID)
	}
	if f.UnlinkedOnly {
		conds = append(conds, "r.match_key IS NOT NULL AND s.code IS NULL")
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

func ceilSeconds(t time.Time) int64 {
	s := t.Unix()
	if t.Nanosecond() > 0 {
		s++
	}
	return s
}

// CountRecords counts the records f selects.
func (db *DB) CountRecords(ctx context.Context, f domain.RecordFilter) (int, error) {
	if f == (domain.RecordFilter{}) {
		return countAll(ctx, db.read)
	}
	where, args := filterWhere(f)
	var n int
	if err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM records"+filterFrom(f)+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count records: %w", err)
	}
	return n, nil
}

// listColumns is every record column but raw, which list pages leave out to
// stay light; RawRecord loads it for one record.
const listColumns = `r.id, r.sign_time, r.sign_time_zone, r.sign_date, r.user_id, r.user_name, r.user_type, r.job_number,
	r.device_ldid, r.device_name, r.location, r.body_temperature, r.abnormal_type, r.mask, r.direction,
	r.entry_mode, r.verify_score, r.capture_picture, r.capture_bg_picture, r.group_id, r.group_name, r."groups"`

// ListRecords returns one page of the records f selects, newest first (by
// sign time, then id). Raw is left nil.
func (db *DB) ListRecords(ctx context.Context, f domain.RecordFilter, offset, limit int) ([]senselink.Record, error) {
	if offset < 0 || limit <= 0 {
		return nil, fmt.Errorf("list records: invalid page (offset %d, limit %d)", offset, limit)
	}
	page, args, empty, err := pageQuery(ctx, db.read, f, offset, limit)
	if err != nil || empty {
		return nil, err
	}
	recs, err := db.queryRecords(ctx, "WITH page AS ("+page+") SELECT "+listColumns+
		" FROM page JOIN records r ON r.id = page.id ORDER BY r.sign_time DESC, r.id DESC", args...)
	if err != nil {
		return nil, fmt.Errorf("list records: %w", err)
	}
	return recs, nil
}

// RecordsAfter returns up to limit records with an id above afterID, in
// ascending id order: what arrived since the caller last looked. Raw is
// left nil.
func (db *DB) RecordsAfter(ctx context.Context, afterID int64, limit int) ([]senselink.Record, error) {
	if limit <= 0 {
		return nil, fmt.Errorf("records after %d: invalid limit %d", afterID, limit)
	}
	recs, err := db.queryRecords(ctx,
		"SELECT "+listColumns+" FROM records r WHERE r.id > ? ORDER BY r.id LIMIT ?", afterID, limit)
	if err != nil {
		return nil, fmt.Errorf("records after %d: %w", afterID, err)
	}
	return recs, nil
}

func (db *DB) queryRecords(ctx context.Context, query string, args ...any) ([]senselink.Record, error) {
	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var recs []senselink.Record
	for rows.Next() {
		var r senselink.Record
		if err := scanRecord(rows, &r); err != nil {
			return nil, err
		}
		recs = append(recs, r)
	}
	return recs, rows.Err()
}

// scanRecord reads listColumns into r, then any extra columns.
func scanRecord(rows *sql.Rows, r *senselink.Record, extra ...any) error {
	var (
		signTime int64
		groups   sql.NullString
	)
	dest := append([]any{&r.ID, &signTime, &r.SignTimeZone, &r.SignDate, &r.UserID, &r.UserName,
		&r.UserType, &r.JobNumber, &r.DeviceLDID, &r.DeviceName, &r.Location, &r.BodyTemperature,
		&r.AbnormalType, &r.Mask, &r.Direction, &r.EntryMode, &r.VerifyScore, &r.CapturePicture,
		&r.CaptureBgPicture, &r.GroupID, &r.GroupName, &groups}, extra...)
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	r.SignTime = time.Unix(signTime, 0)
	if groups.Valid {
		r.Groups = json.RawMessage(groups.String)
	}
	return nil
}

// MaxRecordID is the highest stored record id, 0 when there is none.
func (db *DB) MaxRecordID(ctx context.Context) (int64, error) {
	var id int64
	if err := db.read.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM records").Scan(&id); err != nil {
		return 0, fmt.Errorf("max record id: %w", err)
	}
	return id, nil
}

// RecordIDs lists every stored record id in ascending order.
func (db *DB) RecordIDs(ctx context.Context) ([]int64, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT id FROM records ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("record ids: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("record ids: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("record ids: %w", err)
	}
	return ids, nil
}

// RawRecord returns record id exactly as SenseLink sent it.
func (db *DB) RawRecord(ctx context.Context, id int64) (json.RawMessage, error) {
	var raw string
	err := db.read.QueryRowContext(ctx, "SELECT raw FROM records WHERE id = ?", id).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("raw record %d: %w", id, ErrNoRecord)
	}
	if err != nil {
		return nil, fmt.Errorf("raw record %d: %w", id, err)
	}
	return json.RawMessage(raw), nil
}

// CapturePicture returns the image id of a record's face crop, "" when the
// server sent none.
func (db *DB) CapturePicture(ctx context.Context, id int64) (string, error) {
	var pic string
	err := db.read.QueryRowContext(ctx, "SELECT capture_picture FROM records WHERE id = ?", id).Scan(&pic)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("record %d: %w", id, ErrNoRecord)
	}
	if err != nil {
		return "", fmt.Errorf("record %d: %w", id, err)
	}
	return pic, nil
}
