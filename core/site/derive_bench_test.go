package site_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/recordsync"
	"github.com/punchdesk/punchdesk/core/rules"
	"github.com/punchdesk/punchdesk/core/secret"
	"github.com/punchdesk/punchdesk/core/senselink"
	"github.com/punchdesk/punchdesk/core/senselinksim"
	"github.com/punchdesk/punchdesk/core/site"
	"github.com/punchdesk/punchdesk/core/store"
)

// monthFixture is a database holding a month of a 1,000-staff site
// (≈186,000 records) and its staff, with nothing derived yet: built once
// per test process through the stand-in and the real sync, then copied for
// every iteration.
var monthFixture struct {
	once sync.Once
	path string
	err  error
}

func monthDB(b *testing.B) string {
	monthFixture.once.Do(func() {
		dir, err := os.MkdirTemp("", "punchdesk-derive-bench-")
		if err != nil {
			monthFixture.err = err
			return
		}
		monthFixture.path = filepath.Join(dir, "month.db")
		monthFixture.err = buildMonthDB(monthFixture.path)
	})
	if monthFixture.err != nil {
		b.Fatal(monthFixture.err)
	}
	return monthFixture.path
}

func buildMonthDB(path string) error {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	start := time.Date(2026, 10, 1, 0, 0, 0, 0, tokyo)
	now := start.AddDate(0, 1, 0).Add(12 * time.Hour)
	clock := func() time.Time { return now }
	sim := senselinksim.New(senselinksim.Config{AppKey: key, AppSecret: secret1, Location: tokyo, Now: clock})
	people := senselinksim.GenerateStaff(1000)
	if err := sim.GenerateDays(start, 31, people, senselinksim.DemoDevices(), 6); err != nil {
		return err
	}
	srv := httptest.NewServer(sim)
	defer srv.Close()
	db, err := store.Open(path, store.ReadWrite)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	var members []domain.StaffMember
	for _, p := range people {
		members = append(members, domain.StaffMember{Code: p.JobNumber, Name: p.Name, Active: true, CreatedAt: now})
	}
	if _, _, err := db.ImportStaff(ctx, members); err != nil {
		return err
	}
	if err := db.SetCursor(ctx, start); err != nil {
		return err
	}
	client, err := senselink.New(senselink.Config{BaseURL: srv.URL, AppKey: key, AppSecret: secret1, Location: tokyo, Now: clock})
	if err != nil {
		return err
	}
	_, err = (&recordsync.Syncer{Source: client, Sink: db, Now: clock}).CatchUp(ctx, nil)
	return err
}

// copyDB copies the fixture (closed, checkpointed) into a fresh file.
func copyDB(b *testing.B, from string) string {
	b.Helper()
	to := filepath.Join(b.TempDir(), "punchdesk.db")
	src, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		b.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		b.Fatal(err)
	}
	return to
}

var benchNow = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// BenchmarkDeriveMonth is a full derivation of a month of a 1,000-staff
// site from stored records: what happens after a history sync, a staff
// import or a rule-setting change.
func BenchmarkDeriveMonth(b *testing.B) {
	fixture := monthDB(b)
	for b.Loop() {
		b.StopTimer()
		s, err := site.Open(copyDB(b, fixture), store.ReadWrite, secret.NewMemory())
		if err != nil {
			b.Fatal(err)
		}
		s.Now = func() time.Time { return benchNow }
		ctx := context.Background()
		b.StartTimer()
		if err := s.Derive(ctx); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		ps, err := s.MonthPunches(ctx, "2026-10", "")
		if err != nil || len(ps) < 150_000 {
			b.Fatalf("%d punches, %v", len(ps), err)
		}
		s.Close()
		b.StartTimer()
	}
}

// BenchmarkDeriveMonthLimit is the physical floor of BenchmarkDeriveMonth on
// the same data: one scan reading the month's face records, the pure
// rules, and one transaction inserting the same punch and day rows with
// prepared statements — no bookkeeping at all.
func BenchmarkDeriveMonthLimit(b *testing.B) {
	fixture := monthDB(b)
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	settings := rules.DefaultSettings()
	settings.Location = tokyo
	for b.Loop() {
		b.StopTimer()
		path := copyDB(b, fixture)
		db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-65536)&_txlock=immediate")
		if err != nil {
			b.Fatal(err)
		}
		db.SetMaxOpenConns(1)
		b.StartTimer()
		n, err := deriveLimit(db, settings)
		b.StopTimer()
		if err != nil || n < 150_000 {
			b.Fatalf("%d punches, %v", n, err)
		}
		db.Close()
		b.StartTimer()
	}
}

func deriveLimit(db *sql.DB, settings rules.Settings) (int, error) {
	ctx := context.Background()
	rows, err := db.QueryContext(ctx, `SELECT id, match_key, sign_time, coalesce(body_temperature, 0), abnormal_type, mask,
		device_ldid, device_name FROM records NOT INDEXED WHERE match_key IS NOT NULL`)
	if err != nil {
		return 0, err
	}
	inputs := map[string]*rules.Input{}
	zero, one := 0, 1
	for rows.Next() {
		var f rules.Face
		var code string
		var sign int64
		var mask sql.NullInt64
		if err := rows.Scan(&f.RecordID, &code, &sign, &f.Temperature, &f.AbnormalType, &mask, &f.TerminalID, &f.Terminal); err != nil {
			rows.Close()
			return 0, err
		}
		f.Time = time.Unix(sign, 0)
		if mask.Valid {
			f.Mask = &zero
			if mask.Int64 == 1 {
				f.Mask = &one
			}
		}
		in := inputs[code]
		if in == nil {
			in = &rules.Input{}
			inputs[code] = in
		}
		in.Faces = append(in.Faces, f)
	}
	rows.Close()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	insPunch, err := tx.PrepareContext(ctx, `INSERT INTO punches (id, staff_code, business_date, time, source, record_id, status,
		kind, remarks, note, pending_because, terminal_id, terminal, decision, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return 0, err
	}
	insDay, err := tx.PrepareContext(ctx, `INSERT INTO days (staff_code, business_date, clock_in, clock_out, work_minutes,
		break_minutes, counted, remarks, flags, fever_readings, no_mask_readings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return 0, err
	}
	n := 0
	for code, in := range inputs {
		for _, d := range rules.DaysOf(*in, settings, nil) {
			for _, p := range d.Punches {
				remarks := ""
				for i, r := range p.Remarks {
					if i > 0 {
						remarks += ","
					}
					remarks += string(r)
				}
				if _, err := insPunch.ExecContext(ctx, p.ID, code, d.Date, p.Time.UnixMilli(), string(p.Source), p.RecordID,
					string(p.Status), string(p.Kind), remarks, p.Note, p.PendingBecause, p.TerminalID, p.Terminal,
					string(p.Decision), p.Reason); err != nil {
					return 0, err
				}
				n++
			}
			var in, out any
			if d.ClockIn != nil {
				in = d.ClockIn.UnixMilli()
			}
			if d.ClockOut != nil {
				out = d.ClockOut.UnixMilli()
			}
			if _, err := insDay.ExecContext(ctx, code, d.Date, in, out, d.WorkMinutes, d.BreakMinutes, d.Counted,
				fmt.Sprint(d.Remarks), fmt.Sprint(d.Flags), d.FeverReadings, d.NoMaskReadings); err != nil {
				return 0, err
			}
		}
	}
	return n, tx.Commit()
}
