package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/punchdesk/punchdesk/core/problem"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrations is the schema history compiled into this binary, in order.
var migrations = mustLoadMigrations(migrationFiles)

// TooNewError is returned by Open for a database whose schema was written by
// a newer PunchDesk than this one.
type TooNewError struct {
	Have int // the database's schema version
	Know int // the newest version this binary knows
}

func (e *TooNewError) Error() string {
	return fmt.Sprintf("database schema version %d is newer than this PunchDesk understands (%d); update PunchDesk", e.Have, e.Know)
}

// migration is one numbered schema step; the database's user_version is the
// number of the last step applied.
type migration struct {
	version int
	name    string
	sql     string
}

func mustLoadMigrations(fsys fs.FS) []migration {
	migs, err := loadMigrations(fsys)
	if err != nil {
		panic(err) // the embedded files are part of the build; a bad name is a build defect
	}
	return migs
}

// loadMigrations reads migrations/NNNN_name.sql and checks that the numbers
// run 1, 2, 3... without gaps, so that a misnamed file cannot be skipped.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	var migs []migration
	for _, name := range names { // Glob returns names sorted
		base := path.Base(name)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must be NNNN_description.sql", base)
		}
		if want := len(migs) + 1; v != want {
			return nil, fmt.Errorf("migration %s: expected number %d", base, want)
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("migration %s: %w", base, err)
		}
		migs = append(migs, migration{version: v, name: base, sql: string(body)})
	}
	return migs, nil
}

func latestVersion(migs []migration) int {
	if len(migs) == 0 {
		return 0
	}
	return migs[len(migs)-1].version
}

// migrate applies the steps the database does not have yet, each in its own
// transaction together with its user_version, so that a failed step leaves
// the database exactly at the previous version.
func migrate(ctx context.Context, db *sql.DB, migs []migration) error {
	var have int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if know := latestVersion(migs); have > know {
		return &TooNewError{Have: have, Know: know}
	}
	for _, m := range migs {
		if m.version <= have {
			continue
		}
		if err := applyMigration(ctx, db, m); err != nil {
			return err
		}
	}
	return nil
}

func applyMigration(ctx context.Context, db *sql.DB, m migration) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	// PRAGMA takes no bound parameters; version is an int we parsed.
	if _, err := tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(m.version)); err != nil {
		return fmt.Errorf("migration %s: set version: %w", m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %s: commit: %w", m.name, err)
	}
	return nil
}

// Problem: updating PunchDesk is the fix.
func (e *TooNewError) Problem() *problem.Problem {
	return problem.Wrap(problem.DatabaseTooNew, e, "Have", e.Have, "Know", e.Know)
}
