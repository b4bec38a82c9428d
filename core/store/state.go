package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/punchdesk/punchdesk/core/senselink"
)

// Link is the SenseLink account this database is linked to. The AppSecret is
// deliberately not part of it: it lives in the OS keychain only.
type Link struct {
	Server   string // API base URL
	AppKey   string
	Demo     bool // linked to the local stand-in, not a real account
	LinkedAt time.Time
}

// Link returns the stored link; ok is false when the database is not linked.
func (db *DB) Link(ctx context.Context) (l Link, ok bool, err error) { return readLink(ctx, db.read) }

// Link is DB.Link inside a transaction.
func (t *Tx) Link() (l Link, ok bool, err error) { return readLink(t.ctx, t.q) }

func readLink(ctx context.Context, q querier) (l Link, ok bool, err error) {
	var demo, linkedAt int64
	err = q.QueryRowContext(ctx, "SELECT server, app_key, demo, linked_at FROM link WHERE id = 1").
		Scan(&l.Server, &l.AppKey, &demo, &linkedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Link{}, false, nil
	}
	if err != nil {
		return Link{}, false, fmt.Errorf("read link: %w", err)
	}
	l.Demo = demo != 0
	l.LinkedAt = time.UnixMilli(linkedAt)
	return l, true, nil
}

// SaveLink stores l, replacing any previous link.
func (db *DB) SaveLink(ctx context.Context, l Link) error {
	return db.Update(ctx, "save link", func(tx *Tx) error { return tx.SaveLink(l) })
}

// SaveLink is DB.SaveLink inside a use-case's transaction.
func (t *Tx) SaveLink(l Link) error {
	demo := int64(0)
	if l.Demo {
		demo = 1
	}
	_, err := t.q.ExecContext(t.ctx, `INSERT INTO link (id, server, app_key, demo, linked_at) VALUES (1, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET server = excluded.server, app_key = excluded.app_key,
		demo = excluded.demo, linked_at = excluded.linked_at`,
		l.Server, l.AppKey, demo, l.LinkedAt.UnixMilli())
	if err != nil {
		return fmt.Errorf("save link: %w", err)
	}
	return nil
}

// DeleteLink forgets the link. Records and sync state are kept.
func (db *DB) DeleteLink(ctx context.Context) error {
	return db.Update(ctx, "delete link", func(tx *Tx) error { return tx.DeleteLink() })
}

// DeleteLink is DB.DeleteLink inside a use-case's transaction.
func (t *Tx) DeleteLink() error {
	if _, err := t.q.ExecContext(t.ctx, "DELETE FROM link"); err != nil {
		return fmt.Errorf("delete link: %w", err)
	}
	return nil
}

// SyncState is where sync stands. Zero times mean "never".
type SyncState struct {
	// Cursor is the end of the receive-time window up to which every record
	// is stored, at second precision; zero when never synced.
	Cursor        time.Time
	LastSuccess   time.Time
	LastError     string
	LastErrorKind string
	LastErrorAt   time.Time
	// RecordIDCursor is the highest record id up to which every record the
	// id sweep asked for is stored; 0 before the first sweep.
	RecordIDCursor int64
	// StartIDIgnored is true once the server was seen to ignore
	// start_record_id; the sync then reads by time windows only.
	StartIDIgnored bool
	// BadRows and Conflicts count the rows kept aside: rows that could not
	// be read as records, and other versions of a stored record id.
	BadRows, Conflicts int
}

// SyncState reads the sync state.
func (db *DB) SyncState(ctx context.Context) (SyncState, error) { return syncState(ctx, db.read) }

// SyncState is DB.SyncState inside a transaction.
func (t *Tx) SyncState() (SyncState, error) { return syncState(t.ctx, t.q) }

func syncState(ctx context.Context, q querier) (SyncState, error) {
	var (
		s                        SyncState
		cursor, success, errorAt sql.NullInt64
		lastError, lastErrorKind sql.NullString
	)
	var support sql.NullString
	err := q.QueryRowContext(ctx,
		`SELECT cursor, last_success, last_error, last_error_kind, last_error_at, record_id_cursor, record_id_support,
			(SELECT count(*) FROM bad_records), (SELECT count(*) FROM record_conflicts)
		FROM sync_state WHERE id = 1`).
		Scan(&cursor, &success, &lastError, &lastErrorKind, &errorAt, &s.RecordIDCursor, &support, &s.BadRows, &s.Conflicts)
	if err != nil {
		return SyncState{}, fmt.Errorf("read sync state: %w", err)
	}
	if cursor.Valid {
		s.Cursor = time.Unix(cursor.Int64, 0)
	}
	if success.Valid {
		s.LastSuccess = time.UnixMilli(success.Int64)
	}
	if errorAt.Valid {
		s.LastErrorAt = time.UnixMilli(errorAt.Int64)
	}
	s.LastError = lastError.String
	s.LastErrorKind = lastErrorKind.String
	s.StartIDIgnored = support.String == startIDIgnored
	return s, nil
}

// SetCursor makes the sync start (again) at t, truncated to the second (a
// zero t clears it). The record id cursor starts over too, so that records
// from t on are read whatever their ids: re-reading stored ones is harmless.
// Use SaveRecords' advance to move the cursors together with records.
func (db *DB) SetCursor(ctx context.Context, at time.Time) error {
	return db.Update(ctx, "set sync cursor", func(tx *Tx) error { return tx.SetCursor(at) })
}

// SetCursor is DB.SetCursor inside a use-case's transaction.
func (t *Tx) SetCursor(at time.Time) error {
	if _, err := t.q.ExecContext(t.ctx, "UPDATE sync_state SET cursor = ?, record_id_cursor = 0 WHERE id = 1", unixSeconds(at)); err != nil {
		return fmt.Errorf("set sync cursor: %w", err)
	}
	return nil
}

// ResetSync clears the cursor and the sync status, so that the next sync
// starts over; stored records are kept (and re-reading them is harmless).
func (db *DB) ResetSync(ctx context.Context) error {
	return db.Update(ctx, "reset sync", func(tx *Tx) error { return tx.ResetSync() })
}

// ResetSync is DB.ResetSync inside a use-case's transaction.
func (t *Tx) ResetSync() error {
	// Record ids are another account's after a relink: the id cursor and
	// what was learnt of the server start over too.
	_, err := t.q.ExecContext(t.ctx, `UPDATE sync_state SET cursor = NULL, last_success = NULL,
		last_error = NULL, last_error_kind = NULL, last_error_at = NULL,
		record_id_cursor = 0, record_id_support = NULL WHERE id = 1`)
	if err != nil {
		return fmt.Errorf("reset sync: %w", err)
	}
	return nil
}

const startIDIgnored = "ignored"

// MarkStartIDIgnored remembers that the server ignores start_record_id.
func (db *DB) MarkStartIDIgnored(ctx context.Context) error {
	return db.Update(ctx, "remember that the server ignores start_record_id", func(tx *Tx) error {
		_, err := tx.q.ExecContext(tx.ctx, "UPDATE sync_state SET record_id_support = ? WHERE id = 1", startIDIgnored)
		return err
	})
}

// SaveBadRows keeps rows that could not be read as records, once per
// distinct text. The sync saves them before the page's records and cursor,
// so a crash in between keeps them (the rerun sends them again).
func (db *DB) SaveBadRows(ctx context.Context, rows []senselink.BadRow, at time.Time) (added int, err error) {
	if len(rows) == 0 {
		return 0, nil
	}
	err = db.Update(ctx, "keep unreadable rows", func(tx *Tx) error {
		for _, r := range rows {
			res, err := tx.q.ExecContext(tx.ctx, "INSERT OR IGNORE INTO bad_records (raw, reason, first_seen) VALUES (?, ?, ?)",
				string(r.Raw), r.Reason, at.UnixMilli())
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			added += int(n)
		}
		return nil
	})
	return added, err
}

// BadRow is an unreadable row as kept, for diagnostics.
type BadRow struct {
	Raw, Reason string
	FirstSeen   time.Time
}

// RecordConflict is another version of a stored record id.
type RecordConflict struct {
	ID        int64
	Stored    string // the version kept in records
	Other     string // the later, different one
	FirstSeen time.Time
}

// KeptAside lists up to limit unreadable rows and record conflicts, newest
// first, for diagnostics.
func (db *DB) KeptAside(ctx context.Context, limit int) ([]BadRow, []RecordConflict, error) {
	var bad []BadRow
	var conflicts []RecordConflict
	err := db.View(ctx, func(tx *Tx) error {
		rows, err := tx.q.QueryContext(tx.ctx, "SELECT raw, reason, first_seen FROM bad_records ORDER BY first_seen DESC LIMIT ?", limit)
		if err != nil {
			return err
		}
		for rows.Next() {
			var b BadRow
			var at int64
			if err := rows.Scan(&b.Raw, &b.Reason, &at); err != nil {
				rows.Close()
				return err
			}
			b.FirstSeen = time.UnixMilli(at)
			bad = append(bad, b)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		rows, err = tx.q.QueryContext(tx.ctx, `SELECT c.id, r.raw, c.raw, c.first_seen FROM record_conflicts c
			JOIN records r ON r.id = c.id ORDER BY c.first_seen DESC LIMIT ?`, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c RecordConflict
			var at int64
			if err := rows.Scan(&c.ID, &c.Stored, &c.Other, &at); err != nil {
				return err
			}
			c.FirstSeen = time.UnixMilli(at)
			conflicts = append(conflicts, c)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, nil, fmt.Errorf("read rows kept aside: %w", err)
	}
	return bad, conflicts, nil
}

// RecordSyncError remembers the latest sync failure for the status line. The
// last success and the cursor are left as they were.
func (db *DB) RecordSyncError(ctx context.Context, at time.Time, kind, message string) error {
	return db.Update(ctx, "record sync error", func(tx *Tx) error { return tx.RecordSyncError(at, kind, message) })
}

// RecordSyncError is DB.RecordSyncError inside a use-case's transaction.
func (t *Tx) RecordSyncError(at time.Time, kind, message string) error {
	_, err := t.q.ExecContext(t.ctx, "UPDATE sync_state SET last_error = ?, last_error_kind = ?, last_error_at = ? WHERE id = 1",
		message, kind, unixMillis(at))
	if err != nil {
		return fmt.Errorf("record sync error: %w", err)
	}
	return nil
}

// Setting returns the value stored under key; ok is false when there is none.
func (db *DB) Setting(ctx context.Context, key string) (value string, ok bool, err error) {
	return setting(ctx, db.read, key)
}

// Setting is DB.Setting inside a transaction.
func (t *Tx) Setting(key string) (value string, ok bool, err error) { return setting(t.ctx, t.q, key) }

func setting(ctx context.Context, q querier, key string) (value string, ok bool, err error) {
	err = q.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read setting %q: %w", key, err)
	}
	return value, true, nil
}

// SetSetting stores value under key, replacing any previous value.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	return db.Update(ctx, "save setting", func(tx *Tx) error { return tx.SetSetting(key, value) })
}

// SetSetting is DB.SetSetting inside a use-case's transaction.
func (t *Tx) SetSetting(key, value string) error {
	_, err := t.q.ExecContext(t.ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("save setting %q: %w", key, err)
	}
	return nil
}

// unixSeconds and unixMillis store a zero time as NULL ("never").
func unixSeconds(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

func unixMillis(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

// AllSettings returns every stored setting.
func (db *DB) AllSettings(ctx context.Context) (map[string]string, error) {
	return allSettings(ctx, db.read)
}

// AllSettings is DB.AllSettings inside a transaction.
func (t *Tx) AllSettings() (map[string]string, error) { return allSettings(t.ctx, t.q) }

func allSettings(ctx context.Context, q querier) (map[string]string, error) {
	rows, err := q.QueryContext(ctx, "SELECT key, value FROM settings")
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("read settings: %w", err)
		}
		out[k] = v
	}
	return out, rows.Err()
}

// DeleteSetting removes key; removing a missing key is not an error.
func (db *DB) DeleteSetting(ctx context.Context, key string) error {
	return db.Update(ctx, "delete setting", func(tx *Tx) error { return tx.DeleteSetting(key) })
}

// DeleteSetting is DB.DeleteSetting inside a use-case's transaction.
func (t *Tx) DeleteSetting(key string) error {
	if _, err := t.q.ExecContext(t.ctx, "DELETE FROM settings WHERE key = ?", key); err != nil {
		return fmt.Errorf("delete setting %q: %w", key, err)
	}
	return nil
}
