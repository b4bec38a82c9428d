package store

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/punchdesk/punchdesk/core/domain"
)

func TestResolvePath(t *testing.T) {
	def, err := DefaultPath()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(def, filepath.Join("punchdesk", "punchdesk.db")) {
		t.Errorf("DefaultPath = %q, want .../punchdesk/punchdesk.db", def)
	}
	tests := []struct {
		name, flag, env, want string
	}{
		{"flag wins over the environment", "/flag.db", "/env.db", "/flag.db"},
		{"environment when no flag", "", "/env.db", "/env.db"},
		{"default when neither", "", "", def},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("PUNCHDESK_DB", tt.env)
			got, err := ResolvePath(tt.flag)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("ResolvePath(%q) = %q, want %q", tt.flag, got, tt.want)
			}
		})
	}
}

func TestOpenReadWriteCreatesPrivateDirectoryAndFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "config", "punchdesk")
	path := filepath.Join(dir, "punchdesk.db")
	db, err := Open(path, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.Path() != path {
		t.Errorf("Path() = %q, want %q", db.Path(), path)
	}
	if runtime.GOOS == "windows" {
		return // Windows reports no unix permissions; the profile directory is private
	}
	for p, want := range map[string]fs.FileMode{dir: 0o700, path: 0o600} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Mode().Perm(); got != want {
			t.Errorf("%s has mode %v, want %v", p, got, want)
		}
	}
}

func TestOpenPathWithURICharacters(t *testing.T) {
	// '?', '#' and '%' would otherwise end or corrupt the file: URI.
	name := "a?b#c%20d"
	if runtime.GOOS == "windows" {
		name = "a#c%20d" // '?' cannot be part of a Windows file name
	}
	path := filepath.Join(t.TempDir(), name, "punchdesk.db")
	db, err := Open(path, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.SetSetting(context.Background(), "k", "v"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("database not at the literal path: %v", err)
	}
}

func TestPragmasTakeEffect(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	pragma := func(pool *sql.DB, name string) string {
		t.Helper()
		var v string
		if err := pool.QueryRowContext(ctx, "PRAGMA "+name).Scan(&v); err != nil {
			t.Fatalf("PRAGMA %s: %v", name, err)
		}
		return v
	}
	for name, want := range map[string]string{
		"journal_mode": "wal",
		"busy_timeout": "5000",
		"foreign_keys": "1",
		"synchronous":  "1", // NORMAL
	} {
		if got := pragma(db.write, name); got != want {
			t.Errorf("writer PRAGMA %s = %s, want %s", name, got, want)
		}
	}
	if got := pragma(db.read, "busy_timeout"); got != "5000" {
		t.Errorf("reader PRAGMA busy_timeout = %s, want 5000", got)
	}
	if _, err := db.read.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES ('x', 'y')"); err == nil {
		t.Error("the read pool accepted a write; it must be opened mode=ro")
	}

	// _txlock=immediate: an open transaction holds the write lock before
	// its first statement, so another writer is refused at once.
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	other, err := sql.Open("sqlite", "file:"+db.Path()+"?_pragma=busy_timeout(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	_, err = other.ExecContext(ctx, "BEGIN IMMEDIATE")
	if err == nil || !strings.Contains(err.Error(), "locked") {
		t.Errorf("second BEGIN IMMEDIATE during a writer transaction: err = %v, want database is locked", err)
	}
}

func TestOpenReadOnlyMissingCreatesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "punchdesk")
	path := filepath.Join(dir, "punchdesk.db")
	_, err := Open(path, ReadOnly)
	var nd *NoDatabaseError
	if !errors.As(err, &nd) || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want *NoDatabaseError matching fs.ErrNotExist", err)
	}
	if want := "no PunchDesk database at " + path; err.Error() != want {
		t.Errorf("message %q, want %q", err.Error(), want)
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("read-only open created %s", dir)
	}
}

func TestReadOnlyRefusesWrites(t *testing.T) {
	ctx := context.Background()
	rw := openTemp(t)
	if _, err := rw.SaveRecords(ctx, testRecords(1, 3), nil); err != nil {
		t.Fatal(err)
	}
	path := rw.Path()
	rw.Close() // the last writer leaves no -wal/-shm behind; readers must cope

	ro, err := Open(path, ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if n, err := ro.CountRecords(ctx, domain.RecordFilter{}); err != nil || n != 3 {
		t.Fatalf("CountRecords = %d, %v; want 3", n, err)
	}
	writes := map[string]func() error{
		"SaveRecords": func() error { _, err := ro.SaveRecords(ctx, testRecords(4, 4), nil); return err },
		"SaveLink":    func() error { return ro.SaveLink(ctx, Link{Server: "s", AppKey: "k"}) },
		"DeleteLink":  func() error { return ro.DeleteLink(ctx) },
		"SetCursor":   func() error { return ro.SetCursor(ctx, base) },
		"ResetSync":   func() error { return ro.ResetSync(ctx) },
		"RecordSyncError": func() error {
			return ro.RecordSyncError(ctx, base, "network", "down")
		},
		"SetSetting": func() error { return ro.SetSetting(ctx, "k", "v") },
	}
	for name, write := range writes {
		err := write()
		if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "database opened read-only") {
			t.Errorf("%s on a read-only DB: err = %v, want ErrReadOnly", name, err)
		}
	}
}

func TestLiveLogOrderUsesTheIndex(t *testing.T) {
	db := openTemp(t)
	rows, err := db.read.QueryContext(context.Background(),
		"EXPLAIN QUERY PLAN SELECT "+listColumns+" FROM records r WHERE r.sign_time >= ? ORDER BY r.sign_time DESC, r.id DESC LIMIT 50", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	joined := strings.Join(plan, "; ")
	if !strings.Contains(joined, "records_by_sign_time") || strings.Contains(joined, "TEMP B-TREE") {
		t.Errorf("live log query plan %q: want the sign-time index and no sort", joined)
	}
}

func TestNewDatabaseGetsLargePages(t *testing.T) {
	db := openTemp(t)
	var got int
	if err := db.read.QueryRowContext(context.Background(), "PRAGMA page_size").Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != pageSize {
		t.Errorf("page_size = %d, want %d", got, pageSize)
	}
}
