// Package store keeps PunchDesk's data in one SQLite database (WAL mode) in
// the user's config directory: the recognition records pulled from SenseLink,
// the link to the SenseLink account (never its secret), where sync stands,
// and settings.
//
// One process at a time may write: Open in ReadWrite mode holds a lock file
// beside the database for as long as the DB is open, and a second writer is
// told who holds it. Any number of ReadOnly opens may read beside it.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"modernc.org/sqlite" // registers the "sqlite" driver
)

// Mode says whether Open may change the database.
type Mode int

const (
	// ReadWrite creates the database when missing, applies migrations and
	// takes the single-writer lock.
	ReadWrite Mode = iota
	// ReadOnly opens an existing database without creating, migrating or
	// locking anything, so it works beside a running writer.
	ReadOnly
)

func (m Mode) String() string {
	switch m {
	case ReadWrite:
		return "read-write"
	case ReadOnly:
		return "read-only"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// ErrReadOnly is returned by every write on a DB opened ReadOnly.
var ErrReadOnly = errors.New("database opened read-only")

// NoDatabaseError is returned by a ReadOnly Open when there is no database
// file yet. It matches fs.ErrNotExist with errors.Is.
type NoDatabaseError struct {
	Path string
}

func (e *NoDatabaseError) Error() string {
	return fmt.Sprintf("no PunchDesk database at %s", e.Path)
}

// Is makes errors.Is(err, fs.ErrNotExist) hold.
func (e *NoDatabaseError) Is(target error) bool { return target == fs.ErrNotExist }

// DB is an open PunchDesk database. It is safe for concurrent use.
//
// Writes go through a pool of exactly one connection, so writers in this
// process queue in Go instead of spinning on SQLite's busy timeout; reads use
// a separate read-only pool so that a long page read never waits for an
// ingestion transaction (WAL lets them run side by side).
type DB struct {
	path  string
	mode  Mode
	write *sql.DB // nil when opened ReadOnly
	read  *sql.DB
	lock  *writerLock   // nil when opened ReadOnly
	stmts stmtCache     // ingestion statements on the write connection
	ckpt  *checkpointer // nil when opened ReadOnly
	// shared is held by the one ViewShared that may run at a time: one
	// that waits for its second connection while others hold the rest of
	// the pool could otherwise wait for each other for ever.
	shared sync.Mutex
}

// DefaultPath is where the database lives unless told otherwise:
// os.UserConfigDir()/punchdesk/punchdesk.db.
func DefaultPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the config directory for the database: %w", err)
	}
	return filepath.Join(dir, "punchdesk", "punchdesk.db"), nil
}

// ResolvePath picks the database path the way every command does: an
// explicit flag value first, then $PUNCHDESK_DB, then DefaultPath.
func ResolvePath(flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if p := os.Getenv("PUNCHDESK_DB"); p != "" {
		return p, nil
	}
	return DefaultPath()
}

// Open opens the database at path.
//
// ReadWrite creates the parent directory (0700) and the file (0600) when
// missing, takes the single-writer lock (an *InUseError when another process
// holds it) and brings the schema up to date. ReadOnly never creates
// anything: a missing file gives a *NoDatabaseError.
//
// Both modes refuse a database written by a newer PunchDesk (*TooNewError).
func Open(path string, mode Mode) (*DB, error) {
	if path == "" {
		return nil, errors.New("open database: empty path")
	}
	real, err := realPath(path)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	var db *DB
	switch mode {
	case ReadWrite:
		db, err = openReadWrite(real, migrations)
	case ReadOnly:
		db, err = openReadOnly(real, migrations)
	default:
		return nil, fmt.Errorf("open database %s: unknown mode %d", path, int(mode))
	}
	return db, fileProblem(real, err)
}

func openReadWrite(path string, migs []migration) (_ *DB, err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create database directory: %w", err)
	}
	lock, err := acquireWriterLock(path)
	if err != nil {
		return nil, err
	}
	db := &DB{path: path, mode: ReadWrite, lock: lock}
	defer func() {
		if err != nil {
			db.Close()
		}
	}()

	if err := createDatabase(path); err != nil {
		return nil, err
	}

	db.write, err = sql.Open("sqlite", writeDSN(path))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db.write.SetMaxOpenConns(1)
	ctx := context.Background()

	var journal string
	if err := db.write.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&journal); err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if !strings.EqualFold(journal, "wal") {
		// Readers beside the writer depend on WAL; some network file
		// systems cannot provide it.
		return nil, fmt.Errorf("open database %s: journal mode is %q, WAL is required (is it on a network drive?)", path, journal)
	}
	if err := migrate(ctx, db.write, migs); err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if db.ckpt, err = startCheckpointer(path); err != nil {
		return nil, err
	}

	db.read, err = openReadPool(path)
	if err != nil {
		return nil, err
	}
	return db, nil
}

// pageSize is the page size of new databases. Records are about 1 KB and
// arrive in windows of hundreds; 16 KiB pages need a quarter of the page
// splits, WAL frames and checkpoint writes of the 4 KiB default, which
// measurably speeds up ingestion (see BenchmarkSaveRecords) and costs
// nothing noticeable when reading pages of the live log.
const pageSize = 16384

// createDatabase creates the database file if it is missing or still empty
// (a crash may leave it so), with mode 0600 (SQLite gives its -wal and -shm
// files the permissions of the database file, so all three stay private) and
// the page size fixed before anything is written: it cannot change once the
// database is in WAL mode, and the connection string sets WAL before it
// could set the page size.
func createDatabase(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("create database %s: %w", path, err)
	}
	st, err := f.Stat()
	f.Close()
	if err != nil {
		return fmt.Errorf("create database %s: %w", path, err)
	}
	if st.Size() > 0 {
		return nil
	}
	boot, err := sql.Open("sqlite", "file:"+uriPath(path)+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return fmt.Errorf("create database %s: %w", path, err)
	}
	defer boot.Close()
	ctx := context.Background()
	conn, err := boot.Conn(ctx) // pragmas are per connection: keep to one
	if err != nil {
		return fmt.Errorf("create database %s: %w", path, err)
	}
	defer conn.Close()
	for _, pragma := range []string{"PRAGMA page_size = " + strconv.Itoa(pageSize), "PRAGMA journal_mode = WAL"} {
		if _, err := conn.ExecContext(ctx, pragma); err != nil {
			return fmt.Errorf("create database %s: %s: %w", path, pragma, err)
		}
	}
	return nil
}

func openReadOnly(path string, migs []migration) (_ *DB, err error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &NoDatabaseError{Path: path}
	}
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("open database %s: is a directory", path)
	}

	db := &DB{path: path, mode: ReadOnly}
	defer func() {
		if err != nil {
			db.Close()
		}
	}()
	db.read, err = openReadPool(path)
	if err != nil && cannotWriteBeside(path) {
		// A WAL database needs its -shm file to be read, which cannot be
		// made on a read-only medium (a CD, a write-protected stick, a
		// read-only share). Nothing can change the file there either, so
		// SQLite may read it as immutable, without locks or -shm.
		db.read, err = openPool(readDSN(path)+"&immutable=1", path, readConns)
	}
	if err != nil {
		return nil, err
	}

	var have int
	if err := db.read.QueryRowContext(context.Background(), "PRAGMA user_version").Scan(&have); err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	know := latestVersion(migs)
	if have > know {
		return nil, fmt.Errorf("open database %s: %w", path, &TooNewError{Have: have, Know: know})
	}
	if have < know {
		// Reading an old schema would fail later with confusing column
		// errors, and a reader must not upgrade it.
		return nil, fmt.Errorf("open database %s: schema version %d is older than this PunchDesk (%d); open it once read-write to upgrade it", path, have, know)
	}
	return db, nil
}

// cannotWriteBeside reports whether the database's folder cannot take a
// new file: a read-only medium or folder.
func cannotWriteBeside(path string) bool {
	f, err := os.CreateTemp(filepath.Dir(path), ".punchdesk-probe-*")
	if err != nil {
		return true
	}
	f.Close()
	os.Remove(f.Name())
	return false
}

func openReadPool(path string) (*sql.DB, error) { return openPool(readDSN(path), path, readConns) }

// readConns is how many connections readers share.
const readConns = 4

func openPool(dsn, path string, conns int) (*sql.DB, error) {
	pool, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	pool.SetMaxOpenConns(conns)
	if err := pool.PingContext(context.Background()); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return pool, nil
}

// writeDSN is the connection string of the writer. _txlock=immediate makes
// every transaction take the write lock at BEGIN, so a transaction that
// reads then writes cannot fail half-way with SQLITE_BUSY. Its automatic
// checkpoint waits for a longer log than SQLite's default, since the
// checkpointer copies the log beside it (checkpoint.go).
func writeDSN(path string) string {
	return "file:" + uriPath(path) +
		"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)" +
		"&_pragma=synchronous(NORMAL)&_pragma=cache_size(-65536)&_txlock=immediate" +
		"&_pragma=wal_autocheckpoint(" + strconv.Itoa(writerCheckpointPages) + ")"
}

// readDSN is the connection string of readers: mode=ro, and no journal mode
// change, which would need a write.
func readDSN(path string) string {
	return "file:" + uriPath(path) + "?mode=ro&_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)"
}

// uriPath escapes the characters that would end or corrupt the path part of
// an SQLite file: URI; everything else is passed as is, which is what SQLite
// expects of native paths (Windows drive letters included).
func uriPath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

// Path is the database file this DB was opened from.
func (db *DB) Path() string { return db.path }

// Mode is the mode this DB was opened in.
func (db *DB) Mode() Mode { return db.mode }

// Close closes the database and then releases the writer lock, so that the
// next writer cannot start before this one has checkpointed.
func (db *DB) Close() error {
	var errs []error
	if db.read != nil {
		errs = append(errs, db.read.Close())
		db.read = nil
	}
	if db.ckpt != nil {
		errs = append(errs, db.ckpt.close())
		db.ckpt = nil
	}
	if db.write != nil {
		db.stmts.close()
		errs = append(errs, db.write.Close())
		db.write = nil
	}
	if db.lock != nil {
		errs = append(errs, db.lock.release())
		db.lock = nil
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close database %s: %w", db.path, err)
	}
	return nil
}

// writer returns the write pool, or ErrReadOnly wrapped with what was being
// attempted.
func (db *DB) writer(op string) (*sql.DB, error) {
	if db.write == nil {
		return nil, fmt.Errorf("%s: %w", op, ErrReadOnly)
	}
	return db.write, nil
}

// CheckIntegrity runs SQLite's full integrity check and returns what it
// found wrong; none means the file is sound. A file too damaged to check
// is one problem, not an error.
func (db *DB) CheckIntegrity(ctx context.Context) ([]string, error) {
	problems, err := db.integrityCheck(ctx)
	if isCorrupt(err) {
		return []string{err.Error()}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("check database %s: %w", db.path, err)
	}
	return problems, nil
}

func (db *DB) integrityCheck(ctx context.Context) ([]string, error) {
	rows, err := db.read.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, err
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	return problems, rows.Err()
}

// isCorrupt reports SQLite's "malformed" and "not a database" errors.
func isCorrupt(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	const corrupt, notADB = 11, 26
	code := se.Code() & 0xff // extended codes keep the primary one in the low byte
	return code == corrupt || code == notADB
}
