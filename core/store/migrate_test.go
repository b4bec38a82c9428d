package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"testing/fstest"
)

func TestEmbeddedMigrationsAreNumberedFromOne(t *testing.T) {
	if len(migrations) == 0 {
		t.Fatal("no migrations embedded")
	}
	for i, m := range migrations {
		if m.version != i+1 {
			t.Errorf("migration %s has version %d at position %d", m.name, m.version, i)
		}
	}
}

func TestLoadMigrationsRejectsBadNames(t *testing.T) {
	tests := []struct {
		name  string
		files []string
	}{
		{"gap in numbering", []string{"migrations/0001_a.sql", "migrations/0003_c.sql"}},
		{"not starting at one", []string{"migrations/0002_b.sql"}},
		{"no number", []string{"migrations/init.sql"}},
		{"duplicate number", []string{"migrations/0001_a.sql", "migrations/0001_b.sql"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for _, f := range tt.files {
				fsys[f] = &fstest.MapFile{Data: []byte("SELECT 1;")}
			}
			if _, err := loadMigrations(fsys); err == nil {
				t.Errorf("loadMigrations(%v) accepted them", tt.files)
			}
		})
	}
}

func TestFreshDatabaseReachesLatestAndReopenIsNoOp(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "punchdesk.db")
	db, err := Open(path, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetSetting(ctx, "day_change", "04:00"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if got, want := userVersion(t, path), latestVersion(migrations); got != want {
		t.Fatalf("user_version = %d, want %d", got, want)
	}

	// 0001 inserts the sync_state row; running it again would fail or
	// duplicate it.
	db, err = Open(path, ReadWrite)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db.Close()
	if v, ok, err := db.Setting(ctx, "day_change"); err != nil || !ok || v != "04:00" {
		t.Errorf("setting after reopen = %q, %v, %v", v, ok, err)
	}
	var rows int
	if err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM sync_state").Scan(&rows); err != nil || rows != 1 {
		t.Errorf("sync_state rows = %d, %v; want 1", rows, err)
	}
}

func TestTooNewDatabaseRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "punchdesk.db")
	db, err := Open(path, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := rawConn(t, path).ExecContext(context.Background(), "PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []Mode{ReadWrite, ReadOnly} {
		t.Run(mode.String(), func(t *testing.T) {
			_, err := Open(path, mode)
			var tn *TooNewError
			if !errors.As(err, &tn) || tn.Have != 99 || tn.Know != latestVersion(migrations) {
				t.Fatalf("err = %v, want *TooNewError{99, %d}", err, latestVersion(migrations))
			}
		})
	}
	if got := userVersion(t, path); got != 99 {
		t.Errorf("refused open changed user_version to %d", got)
	}

	msg := (&TooNewError{Have: 7, Know: 5}).Error()
	if want := "database schema version 7 is newer than this PunchDesk understands (5); update PunchDesk"; msg != want {
		t.Errorf("message %q, want %q", msg, want)
	}
}

func TestTooNewRefusalReleasesTheLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "punchdesk.db")
	db, err := Open(path, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := rawConn(t, path).ExecContext(context.Background(), "PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path, ReadWrite); err == nil {
		t.Fatal("too-new database opened")
	}
	f, err := lockFile(path + ".lock")
	if err != nil {
		t.Fatalf("lock still held after a refused open: %v", err)
	}
	f.Close()
}

func TestFailingMigrationLeavesVersionUnchanged(t *testing.T) {
	latest := latestVersion(migrations)
	next := latest + 1
	bad := migration{version: next, name: "9999_bad.sql", sql: `
		CREATE TABLE extra (x INTEGER);
		INSERT INTO no_such_table VALUES (1);`}
	good := migration{version: next, name: "9999_good.sql", sql: `CREATE TABLE extra (x INTEGER);`}
	withBad := append(append([]migration(nil), migrations...), bad)
	withGood := append(append([]migration(nil), migrations...), good)

	t.Run("on a fresh database the good steps stay applied", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "punchdesk.db")
		if _, err := openReadWrite(path, withBad); err == nil {
			t.Fatal("open with a failing migration succeeded")
		}
		if got := userVersion(t, path); got != latest {
			t.Errorf("user_version = %d, want %d", got, latest)
		}
		assertNoTable(t, path, "extra")
	})

	t.Run("an upgrade that fails keeps the old version and can be retried", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "punchdesk.db")
		db, err := openReadWrite(path, migrations)
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		if _, err := openReadWrite(path, withBad); err == nil {
			t.Fatal("open with a failing migration succeeded")
		}
		if got := userVersion(t, path); got != latest {
			t.Errorf("user_version = %d, want %d", got, latest)
		}
		assertNoTable(t, path, "extra")

		db, err = openReadWrite(path, withGood)
		if err != nil {
			t.Fatalf("retry with a fixed migration: %v", err)
		}
		db.Close()
		if got := userVersion(t, path); got != next {
			t.Errorf("user_version after the fixed migration = %d, want %d", got, next)
		}
	})
}

func TestReadOnlyRefusesOlderSchema(t *testing.T) {
	next := latestVersion(migrations) + 1
	path := filepath.Join(t.TempDir(), "punchdesk.db")
	db, err := Open(path, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	newer := append(append([]migration(nil), migrations...),
		migration{version: next, name: "9999_x.sql", sql: "CREATE TABLE x (y);"})
	if _, err := openReadOnly(path, newer); err == nil {
		t.Error("read-only open of a database older than the binary succeeded")
	}
}

func assertNoTable(t *testing.T, path, table string) {
	t.Helper()
	var n int
	err := rawConn(t, path).QueryRowContext(context.Background(),
		"SELECT count(*) FROM sqlite_schema WHERE name = ?", table).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("table %s exists after a failed migration", table)
	}
}
