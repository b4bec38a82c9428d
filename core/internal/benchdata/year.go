// Package benchdata builds the site-year database the year benchmarks share
// (issue 13): 1,000 staff, twelve months of recognitions (≈2.2 million
// records) fetched from the stand-in by the real sync, and every punch and
// day derived. Building it takes minutes, so it is built once and reused
// by path across runs and packages; it is never part of the repository.
package benchdata

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"time"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/recordsync"
	"github.com/punchdesk/punchdesk/core/secret"
	"github.com/punchdesk/punchdesk/core/senselink"
	"github.com/punchdesk/punchdesk/core/senselinksim"
	"github.com/punchdesk/punchdesk/core/site"
	"github.com/punchdesk/punchdesk/core/store"
)

// The year's shape. Version names the file: a change to the shape must
// change it, or an old fixture would be measured as the new one.
const (
	Version         = "v1"
	Staff           = 1000
	PerPersonPerDay = 6
	appKey          = "bench-year-key"
	appSecret       = "bench-year-secret"
)

// First is the first day of the year; Now is the clock the fixture was
// built with and that readers of it should use.
var (
	tokyo, _ = time.LoadLocation("Asia/Tokyo")
	First    = time.Date(2025, 12, 1, 0, 0, 0, 0, tokyo)
	Now      = time.Date(2026, 12, 1, 12, 0, 0, 0, tokyo)
)

// Dir is where fixtures live: $PUNCHDESK_BENCH_DIR, else a folder in the
// system's temporary directory.
func Dir() string {
	if d := os.Getenv("PUNCHDESK_BENCH_DIR"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "punchdesk-bench")
}

// YearDB returns the path of the site-year database, building it first
// when it is not there. logf reports the build's progress (minutes).
func YearDB(logf func(format string, args ...any)) (string, error) {
	path := filepath.Join(Dir(), "year-"+Version+".db")
	if _, err := os.Stat(path); err == nil {
		return path, upgrade(path)
	}
	if err := os.MkdirAll(Dir(), 0o755); err != nil {
		return "", err
	}
	// Built under another name and renamed when complete, so that a build
	// cut short is never taken for the fixture.
	building := path + ".building"
	for _, suffix := range []string{"", "-wal", "-shm", ".lock"} {
		os.Remove(building + suffix)
	}
	if err := build(building, logf); err != nil {
		return "", fmt.Errorf("build the year fixture: %w", err)
	}
	os.Remove(building + ".lock")
	return path, os.Rename(building, path)
}

// upgrade brings a fixture built by an older PunchDesk to this schema, as
// the app would on opening it: the data stays what it was.
func upgrade(path string) error {
	db, err := store.Open(path, store.ReadWrite)
	if err != nil {
		return err
	}
	return db.Close()
}

func build(path string, logf func(string, ...any)) error {
	started := time.Now()
	clock := func() time.Time { return Now }
	if err := syncYear(path, clock, started, logf); err != nil {
		return err
	}
	s, err := site.Open(path, store.ReadWrite, secret.NewMemory())
	if err != nil {
		return err
	}
	defer s.Close()
	s.Now = clock
	if err := s.Derive(context.Background()); err != nil {
		return err
	}
	logf("year fixture: derived after %s", time.Since(started).Round(time.Second))
	return nil
}

// syncYear stores the staff and fetches the year from the stand-in, a
// month at a time so that the stand-in never holds the whole year.
func syncYear(path string, clock func() time.Time, started time.Time, logf func(string, ...any)) error {
	db, err := store.Open(path, store.ReadWrite)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	people := senselinksim.GenerateStaff(Staff)
	members := make([]domain.StaffMember, len(people))
	for i, p := range people {
		members[i] = domain.StaffMember{Code: p.JobNumber, Name: p.Name, Active: true, CreatedAt: Now}
	}
	if _, _, err := db.ImportStaff(ctx, members); err != nil {
		return err
	}
	nextID := int64(1)
	staffCount := func(context.Context) (int, error) { return Staff, nil }
	for month := First; month.Before(Now); month = month.AddDate(0, 1, 0) {
		// Each month's stand-in is fetched from its first day, as a
		// history sync started there would.
		if err := db.SetCursor(ctx, month); err != nil {
			return err
		}
		days := int(month.AddDate(0, 1, 0).Sub(month).Hours()/24 + 0.5)
		sim := senselinksim.New(senselinksim.Config{AppKey: appKey, AppSecret: appSecret, Location: tokyo, Now: clock, FirstID: nextID})
		if err := sim.GenerateDays(month, days, people, senselinksim.DemoDevices(), PerPersonPerDay); err != nil {
			return err
		}
		srv := httptest.NewServer(sim)
		client, err := senselink.New(senselink.Config{BaseURL: srv.URL, AppKey: appKey, AppSecret: appSecret, Location: tokyo, Now: clock})
		if err != nil {
			srv.Close()
			return err
		}
		res, err := (&recordsync.Syncer{Source: client, Sink: db, Now: clock, Location: tokyo, People: staffCount}).CatchUp(ctx, nil)
		srv.Close()
		if err != nil {
			return err
		}
		nextID = sim.NextID()
		logf("year fixture: %s synced (%d records) after %s", month.Format("2006-01"), res.Inserted, time.Since(started).Round(time.Second))
	}
	return nil
}
