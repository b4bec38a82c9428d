// Package site holds the administrator's use-cases for one site — link,
// unlink, status, sync, read records — so that the GUI and punchctl do the
// same thing in the same way. It composes the store, the keychain, the
// SenseLink client and, for trying the app without an account, the built-in
// stand-in.
package site

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
	_ "time/tzdata" // Windows has no zoneinfo; Asia/Tokyo must always load.

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/problem"
	"github.com/punchdesk/punchdesk/core/recordsync"
	"github.com/punchdesk/punchdesk/core/secret"
	"github.com/punchdesk/punchdesk/core/senselink"
	"github.com/punchdesk/punchdesk/core/store"
)

// DefaultServer is SenseLink Cloud Japan.
const DefaultServer = "https://link.japancv.co.jp"

// DefaultTimeZone is the site time zone unless the settings say otherwise.
const DefaultTimeZone = "Asia/Tokyo"

// Setting keys used by this package.
const (
	SettingTimeZone     = "timezone"
	SettingPollInterval = "poll-interval"
)

// DefaultPollInterval is how often a linked site is polled.
const DefaultPollInterval = 15 * time.Second

// ErrNotLinked is returned by use-cases that need a link when there is none.
var ErrNotLinked = problem.New(problem.NotLinked)

// ErrDemoElsewhere is returned when the site is linked to the built-in
// stand-in, which lives only inside the process that started it.
var ErrDemoElsewhere = problem.New(problem.DemoElsewhere)

// Site is one opened PunchDesk database with its secrets.
type Site struct {
	db      *store.DB
	secrets secret.Store
	// HTTPClient is used for SenseLink calls; nil means the client's default.
	HTTPClient *http.Client
	// Now is the clock; tests replace it.
	Now func() time.Time

	// Logf, if set, receives what goes wrong in the background (a
	// derivation after a committed change); nil logs to the standard logger.
	Logf func(format string, args ...any)

	mu   sync.Mutex
	demo *demo
	// deriveMu keeps one derivation at a time in this process; each of its
	// batches is also one write transaction.
	deriveMu sync.Mutex
	// waiting counts records stored by the sync since the last derivation.
	waiting atomic.Int64
}

// Open opens the database at path. ReadWrite takes the single-writer lock.
func Open(path string, mode store.Mode, secrets secret.Store) (*Site, error) {
	db, err := store.Open(path, mode)
	if err != nil {
		return nil, err
	}
	return &Site{db: db, secrets: secrets, Now: time.Now}, nil
}

// Close stops the demo stand-in, if running, and closes the database.
func (s *Site) Close() error {
	s.mu.Lock()
	d := s.demo
	s.demo = nil
	s.mu.Unlock()
	if d != nil {
		d.stop()
	}
	return s.db.Close()
}

// Path is the database file.
func (s *Site) Path() string { return s.db.Path() }

func (s *Site) logf(format string, args ...any) {
	if s.Logf != nil {
		s.Logf(format, args...)
		return
	}
	log.Printf(format, args...)
}

func (s *Site) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Location is the site time zone: business days, the records filter and the
// API's date_time_from/to are all in it.
func (s *Site) Location(ctx context.Context) (*time.Location, error) {
	name, _, err := s.db.Setting(ctx, SettingTimeZone)
	if err != nil {
		return nil, err
	}
	return loadZone(name)
}

func loadZone(name string) (*time.Location, error) {
	if name == "" {
		name = DefaultTimeZone
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("site time zone %q: %w", name, err)
	}
	return loc, nil
}

// PollInterval is how long the watcher waits between polls.
func (s *Site) PollInterval(ctx context.Context) time.Duration {
	v, ok, err := s.db.Setting(ctx, SettingPollInterval)
	if err != nil || !ok {
		return DefaultPollInterval
	}
	d, err := time.ParseDuration(v + "s")
	if err != nil || d < 5*time.Second || d > time.Hour {
		return DefaultPollInterval
	}
	return d
}

// StartOfToday is the default start of the first sync.
func (s *Site) StartOfToday(ctx context.Context) (time.Time, error) {
	loc, err := s.Location(ctx)
	if err != nil {
		return time.Time{}, err
	}
	now := s.now().In(loc)
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc), nil
}

// ParseLocalTime reads "YYYY-MM-DD HH:MM:SS" (or without seconds) in the site
// time zone, refusing impossible times such as 2026-02-30.
func (s *Site) ParseLocalTime(ctx context.Context, text string) (time.Time, error) {
	loc, err := s.Location(ctx)
	if err != nil {
		return time.Time{}, err
	}
	for _, layout := range []string{time.DateTime, "2006-01-02 15:04", time.DateOnly} {
		if t, err := time.ParseInLocation(layout, text, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time like 2026-11-26 09:00:00", text)
}

// Status is everything a status line or `punchctl status` shows.
type Status struct {
	Linked        bool
	Server        string
	AppKey        string
	Demo          bool
	LinkedAt      time.Time
	SecretFromEnv bool // PUNCHDESK_APP_SECRET overrides the keychain
	Sync          store.SyncState
	Records       int
}

// Status reads the link and sync state.
func (s *Site) Status(ctx context.Context) (Status, error) {
	var st Status
	link, ok, err := s.db.Link(ctx)
	if err != nil {
		return st, err
	}
	if ok {
		st.Linked, st.Server, st.AppKey, st.Demo, st.LinkedAt = true, link.Server, link.AppKey, link.Demo, link.LinkedAt
	}
	st.SecretFromEnv = secret.FromEnv()
	if st.Sync, err = s.db.SyncState(ctx); err != nil {
		return st, err
	}
	if st.Records, err = s.db.CountRecords(ctx, domain.RecordFilter{}); err != nil {
		return st, err
	}
	return st, nil
}

// SetSyncStart moves the sync cursor: the next sync reads everything received
// from t on. Re-reading is harmless; records are stored once.
func (s *Site) SetSyncStart(ctx context.Context, t time.Time) error {
	return s.db.SetCursor(ctx, t)
}

// Client returns a SenseLink client for the current link.
func (s *Site) Client(ctx context.Context) (*senselink.Client, error) {
	link, ok, err := s.db.Link(ctx)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrNotLinked
	}
	loc, err := s.Location(ctx)
	if err != nil {
		return nil, err
	}
	if link.Demo {
		d := s.runningDemo()
		if d == nil {
			return nil, ErrDemoElsewhere
		}
		return d.client(loc, s.now)
	}
	sec, err := s.secrets.Get(account(link.Server, link.AppKey))
	if err != nil {
		if errors.Is(err, secret.ErrNotFound) {
			return nil, fmt.Errorf("the AppSecret for AppKey %s is missing from the OS keychain: link again", link.AppKey)
		}
		return nil, fmt.Errorf("read AppSecret from the OS keychain: %w", err)
	}
	return senselink.New(senselink.Config{
		BaseURL: link.Server, AppKey: link.AppKey, AppSecret: sec,
		HTTPClient: s.HTTPClient, Location: loc, Now: s.now,
	})
}

// Syncer returns a syncer for the current link, writing to this site's store.
func (s *Site) Syncer(ctx context.Context) (*recordsync.Syncer, error) {
	c, err := s.Client(ctx)
	if err != nil {
		return nil, err
	}
	loc, err := s.Location(ctx)
	if err != nil {
		return nil, err
	}
	return &recordsync.Syncer{Source: c, Sink: s.db, Now: s.now, AfterWindow: s.afterWindow, Location: loc,
		People: s.staffCount}, nil
}

// CountRecords counts records matching f.
func (s *Site) CountRecords(ctx context.Context, f domain.RecordFilter) (int, error) {
	if f.RemarksOnly {
		settings, err := s.RuleSettings(ctx)
		if err != nil {
			return 0, err
		}
		f.Remarks = remarkChecks(settings)
	}
	return s.db.CountRecords(ctx, f)
}

// Records returns a page of records matching f, newest recognition first.
func (s *Site) Records(ctx context.Context, f domain.RecordFilter, offset, limit int) ([]senselink.Record, error) {
	return s.db.ListRecords(ctx, f, offset, limit)
}

// DayFilter selects the records recognised on date (YYYY-MM-DD, site zone).
func (s *Site) DayFilter(ctx context.Context, date string) (domain.RecordFilter, error) {
	loc, err := s.Location(ctx)
	if err != nil {
		return domain.RecordFilter{}, err
	}
	day, err := time.ParseInLocation(time.DateOnly, date, loc)
	if err != nil {
		return domain.RecordFilter{}, fmt.Errorf("%q is not a date like 2026-11-26", date)
	}
	return domain.RecordFilter{From: day, To: day.AddDate(0, 0, 1)}, nil
}

func account(server, appKey string) string { return appKey + "@" + server }

// LastRecordID is the highest stored record id; records above it are new.
func (s *Site) LastRecordID(ctx context.Context) (int64, error) {
	return s.db.MaxRecordID(ctx)
}

// CheckDatabase checks the database file for damage; the problems are
// SQLite's own words, for support.
func (s *Site) CheckDatabase(ctx context.Context) ([]string, error) {
	return s.db.CheckIntegrity(ctx)
}
