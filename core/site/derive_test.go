package site_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/rules"
	"github.com/punchdesk/punchdesk/core/secret"
	"github.com/punchdesk/punchdesk/core/senselinksim"
	"github.com/punchdesk/punchdesk/core/site"
	"github.com/punchdesk/punchdesk/core/staff"
	"github.com/punchdesk/punchdesk/core/store"
	"github.com/xuri/excelize/v2"
)

var tokyo, _ = time.LoadLocation("Asia/Tokyo")

// officeDay is two days ago in Tokyo: finished, whatever the hour now.
func officeDay() time.Time {
	now := time.Now().In(tokyo)
	return time.Date(now.Year(), now.Month(), now.Day()-2, 0, 0, 0, 0, tokyo)
}

// siteWithRecords is a site linked to a stand-in that recorded a working
// day of four people (the fourth not yet staff), synced.
func siteWithRecords(t *testing.T) (*site.Site, string, []senselinksim.Person) {
	t.Helper()
	sim := senselinksim.New(senselinksim.Config{AppKey: key, AppSecret: secret1, Location: tokyo})
	people := senselinksim.DemoPeople()[:4]
	sim.SetPeople(people)
	sim.SetDevices(senselinksim.DemoDevices())
	day := officeDay()
	for i, p := range people {
		for _, at := range []time.Duration{9 * time.Hour, 12 * time.Hour, 13 * time.Hour, 18 * time.Hour} {
			temp := 36.5
			if i == 1 && at == 13*time.Hour {
				temp = 38.2
			}
			if _, err := sim.Recognize(p, sim.Devices()[0], day.Add(at+time.Duration(i)*time.Minute), temp, 1); err != nil {
				t.Fatal(err)
			}
		}
	}
	s, path := linkedSite(t, sim, day, nil)
	ctx := context.Background()
	for _, p := range people[:3] {
		if err := s.AddStaff(ctx, p.JobNumber, p.Name, ""); err != nil {
			t.Fatal(err)
		}
	}
	catchUp(t, s)
	return s, path, people
}

// linkedSite is a new site linked to sim served over loopback, syncing
// from from; clock, when not nil, is the site's clock.
func linkedSite(t *testing.T, sim *senselinksim.Server, from time.Time, clock func() time.Time) (*site.Site, string) {
	t.Helper()
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	path := filepath.Join(t.TempDir(), "punchdesk.db")
	s, err := site.Open(path, store.ReadWrite, secret.NewMemory())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if clock != nil {
		s.Now = clock
	}
	if err := s.Link(context.Background(), site.LinkRequest{Server: srv.URL, AppKey: key, AppSecret: secret1, SyncFrom: from}); err != nil {
		t.Fatal(err)
	}
	return s, path
}

// catchUp syncs everything the site's cloud holds.
func catchUp(t *testing.T, s *site.Site) {
	t.Helper()
	ctx := context.Background()
	syncer, err := s.Syncer(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := syncer.CatchUp(ctx, nil); err != nil {
		t.Fatal(err)
	}
}

// rawSQL changes the database behind the site's back, as only a test may.
func rawSQL(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// everything is what the screens and exports read of derived state.
type everything struct {
	Punches []domain.StaffPunch
	Book    []rules.Day
	Pending []domain.StaffPunch
	Log     []domain.LogRow
	Count   int
}

func readEverything(t *testing.T, s *site.Site, code string) everything {
	t.Helper()
	ctx := context.Background()
	month := officeDay().Format("2006-01")
	var e everything
	var err error
	if e.Punches, err = s.MonthPunches(ctx, month, ""); err != nil {
		t.Fatal(err)
	}
	if e.Book, err = s.Book(ctx, code, month); err != nil {
		t.Fatal(err)
	}
	if e.Pending, err = s.PendingPunches(ctx); err != nil {
		t.Fatal(err)
	}
	if e.Log, err = s.LogRows(ctx, domain.RecordFilter{}, 0, 100); err != nil {
		t.Fatal(err)
	}
	if e.Count, err = s.CountPending(ctx); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestAReaderNeverShowsARowAMarkSaysIsStale(t *testing.T) {
	s, path, people := siteWithRecords(t)
	ctx := context.Background()
	if err := s.SetSetting(ctx, site.SettingPunchMode, "unapproved-first"); err != nil {
		t.Fatal(err)
	}
	day := officeDay()
	if _, err := s.AddPunch(ctx, site.PunchRequest{StaffCode: people[0].JobNumber, Time: day.Add(8 * time.Hour).Format("2006-01-02 15:04"), Source: "ic_card"}); err != nil {
		t.Fatal(err)
	}
	want := readEverything(t, s, people[0].JobNumber)
	if len(want.Pending) != 1 || want.Count != 1 || len(want.Punches) != 13 {
		t.Fatalf("before: %d pending (count %d), %d punches; want 1 and 13", len(want.Pending), want.Count, len(want.Punches))
	}

	// Wreck every stored row, and mark them stale as a whole (what a
	// crash after a rule change leaves): readers must compute.
	wreck := []string{"DELETE FROM punches", "UPDATE days SET work_minutes = 999, counted = 7"}
	rawSQL(t, path, append(wreck, "UPDATE staff SET derived_gen = 0")...)
	if got := readEverything(t, s, people[0].JobNumber); !reflect.DeepEqual(got, want) {
		t.Errorf("with every member stale, readers show\n%+v\nwant\n%+v", got.Book, want.Book)
	}
	if err := s.Derive(ctx); err != nil {
		t.Fatal(err)
	}
	// Single stale days, and records not derived yet, are honoured too.
	date := day.Format(time.DateOnly)
	rawSQL(t, path, append(wreck, fmt.Sprintf("INSERT INTO stale_days VALUES ('%s', '%s'), ('%s', '%s'), ('%s', '%s')",
		people[0].JobNumber, date, people[1].JobNumber, date, people[2].JobNumber, date))...)
	if got := readEverything(t, s, people[0].JobNumber); !reflect.DeepEqual(got, want) {
		t.Errorf("with stale days, readers show %+v, want %+v", got.Book, want.Book)
	}
	if err := s.Derive(ctx); err != nil {
		t.Fatal(err)
	}
	rawSQL(t, path, append(wreck, "UPDATE sync_state SET derived_through = 0")...)
	if got := readEverything(t, s, people[0].JobNumber); !reflect.DeepEqual(got, want) {
		t.Errorf("with records not derived, readers show %+v, want %+v", got.Book, want.Book)
	}

	// Without a mark, the stored rows are what readers show: so the checks
	// above would notice readers that ignore the marks.
	if err := s.Derive(ctx); err != nil {
		t.Fatal(err)
	}
	rawSQL(t, path, "UPDATE days SET work_minutes = 999")
	if got := readEverything(t, s, people[0].JobNumber); reflect.DeepEqual(got.Book, want.Book) {
		t.Error("a wrecked row with no mark was not read: the stored rows are never used")
	}
}

// storedEqualsComputed derives, reads, then marks everything stale and
// reads again: the stored rows must be what the rules give.
func storedEqualsComputed(t *testing.T, s *site.Site, path, code string) {
	t.Helper()
	if err := s.Derive(context.Background()); err != nil {
		t.Fatal(err)
	}
	stored := readEverything(t, s, code)
	rawSQL(t, path, "UPDATE staff SET derived_gen = 0")
	computed := readEverything(t, s, code)
	if !reflect.DeepEqual(stored, computed) {
		t.Errorf("stored rows differ from the rules' result:\nstored   %+v\ncomputed %+v", stored.Book, computed.Book)
	}
}

func TestChangesRacingTheDerivationLeaveStoredRowsRight(t *testing.T) {
	s, path, people := siteWithRecords(t)
	ctx := context.Background()
	day := officeDay()
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	wg.Add(3)
	go func() {
		defer wg.Done()
		for i := range 8 {
			// Rule settings that move punches between days and statuses.
			if err := s.SetSetting(ctx, site.SettingDayChange, []string{"05:00", "09:30", "00:00", "12:15"}[i%4]); err != nil {
				errs <- err
			}
			if err := s.SetSetting(ctx, site.SettingPunchMode, []string{"first-last", "unapproved-first", "all"}[i%3]); err != nil {
				errs <- err
			}
		}
	}()
	go func() {
		defer wg.Done()
		for i := range 8 {
			at := day.Add(7*time.Hour + time.Duration(i)*97*time.Minute).Format("2006-01-02 15:04")
			if _, err := s.AddPunch(ctx, site.PunchRequest{StaffCode: people[i%3].JobNumber, Time: at, Source: "web"}); err != nil {
				errs <- err
			}
		}
	}()
	go func() {
		defer wg.Done()
		for range 8 {
			if err := s.Derive(ctx); err != nil {
				errs <- err
			}
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	storedEqualsComputed(t, s, path, people[0].JobNumber)
}

func TestAFailingAuditWriteStoresNoChange(t *testing.T) {
	s, path, people := siteWithRecords(t)
	ctx := context.Background()
	before := readEverything(t, s, people[0].JobNumber)
	values, _, _ := s.Settings(ctx)
	rawSQL(t, path, "CREATE TRIGGER audit_full BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
	day := officeDay()
	for name, change := range map[string]func() error{
		"add staff": func() error { return s.AddStaff(ctx, people[3].JobNumber, people[3].Name, "") },
		"import staff": func() error {
			_, _, err := s.ImportStaff(ctx, []byte("code,name\n"+people[3].JobNumber+",x\n"))
			return err
		},
		"setting": func() error { return s.SetSetting(ctx, site.SettingPunchMode, "first-last") },
		"add punch": func() error {
			_, err := s.AddPunch(ctx, site.PunchRequest{StaffCode: people[0].JobNumber, Time: day.Add(7 * time.Hour).Format("2006-01-02 15:04"), Source: "web"})
			return err
		},
		"delete punch": func() error { return s.DeletePunch(ctx, before.Punches[0].ID, "間違い") },
		"rename": func() error {
			return s.ApplyHint(ctx, staff.Hint{StaffCode: people[0].JobNumber, EmployeeNumber: "9" + people[0].JobNumber})
		},
	} {
		if err := change(); err == nil || !strings.Contains(err.Error(), "full") {
			t.Errorf("%s with a failing audit write: %v, want the write's error", name, err)
		}
	}
	if after := readEverything(t, s, people[0].JobNumber); !reflect.DeepEqual(after, before) {
		t.Error("a change whose audit entry failed changed the punches")
	}
	members, _ := s.Staff(ctx)
	now, _, _ := s.Settings(ctx)
	if len(members) != 3 || !reflect.DeepEqual(now, values) {
		t.Errorf("after failed changes: %d staff, settings %v; want 3 and %v", len(members), now, values)
	}
}

func TestReviewUseCasesThroughTheSite(t *testing.T) {
	s, path, people := siteWithRecords(t)
	ctx := context.Background()
	day := officeDay()
	code := people[0].JobNumber
	if err := s.SetSetting(ctx, site.SettingPunchMode, "unapproved-first"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddPunch(ctx, site.PunchRequest{StaffCode: code, Time: day.Add(8 * time.Hour).Format("2006-01-02 15:04"), Source: "ic_card"}); err != nil {
		t.Fatal(err)
	}
	pending, _ := s.PendingPunches(ctx)
	if len(pending) != 1 {
		t.Fatalf("pending = %v", pending)
	}
	id := pending[0].ID
	if err := s.Decide(ctx, []string{id}, rules.DecisionReject, ""); err == nil {
		t.Error("a rejection without a reason was accepted")
	}
	if err := s.Decide(ctx, []string{id}, rules.DecisionReject, "別人"); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.Punch(ctx, id); p.Status != rules.StatusRejected {
		t.Errorf("after reject: %s", p.Status)
	}
	// Changed later: approved after all.
	if err := s.Decide(ctx, []string{id}, rules.DecisionApprove, ""); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.Punch(ctx, id); p.Status != rules.StatusCounted {
		t.Errorf("after approve: %s", p.Status)
	}
	if n, _ := s.CountPending(ctx); n != 0 {
		t.Errorf("queue after deciding = %d", n)
	}

	// first-last: restoring an auto-deleted punch adds an admin punch at
	// its time, in the same change.
	if err := s.SetSetting(ctx, site.SettingPunchMode, "first-last"); err != nil {
		t.Fatal(err)
	}
	dayPunches, _ := s.DayPunches(ctx, code, day.Format(time.DateOnly))
	var auto string
	for _, p := range dayPunches {
		if p.Status == rules.StatusAutoDeleted {
			auto = p.ID
			break
		}
	}
	if auto == "" {
		t.Fatalf("no auto-deleted punch in first-last: %v", dayPunches)
	}
	added, err := s.RestorePunch(ctx, auto)
	if err != nil || added == auto {
		t.Fatalf("restore of an auto-deleted punch = %q, %v; want a new admin punch", added, err)
	}
	if p, _ := s.Punch(ctx, added); p.Source != rules.SourceAdmin || p.Status != rules.StatusCounted {
		t.Errorf("the restoring punch = %+v", p)
	}
	// Delete and restore an other punch.
	if err := s.DeletePunch(ctx, added, ""); err == nil {
		t.Error("a deletion without a reason was accepted")
	}
	if err := s.DeletePunch(ctx, added, "二重"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeletePunch(ctx, added, "二重"); err == nil {
		t.Error("deleting a deleted punch again was accepted")
	}
	if back, err := s.RestorePunch(ctx, added); err != nil || back != added {
		t.Errorf("restore = %q, %v", back, err)
	}
	if _, err := s.Punch(ctx, "o999"); err == nil {
		t.Error("an unknown punch was found")
	}
	if _, err := s.Punch(ctx, "r1"+strings.Repeat("0", 12)); err == nil {
		t.Error("an unknown record was found")
	}
	storedEqualsComputed(t, s, path, code)
	trail, err := s.AuditTrail(ctx, code, "", "")
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range trail {
		actions = append(actions, string(e.Action))
	}
	want := []string{"staff.add", "punch.add", "review.reject", "review.approve", "punch.restore", "punch.delete", "punch.restore"}
	if !reflect.DeepEqual(actions, want) {
		t.Errorf("audit trail = %v, want %v", actions, want)
	}
}

func TestMappingAndRuleSettingsThroughTheSite(t *testing.T) {
	s, path, people := siteWithRecords(t)
	ctx := context.Background()
	// The fourth person's records wait as unlinked; a staff member typed
	// with a leading zero is the near match the mapping offers to fix.
	if err := s.AddStaff(ctx, "0"+people[3].JobNumber, people[3].Name, ""); err != nil {
		t.Fatal(err)
	}
	m, err := s.Mapping(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Hints) != 1 || m.Hints[0].EmployeeNumber != people[3].JobNumber {
		t.Fatalf("hints = %+v", m.Hints)
	}
	if err := s.ApplyHint(ctx, m.Hints[0]); err != nil {
		t.Fatal(err)
	}
	if err := s.ApplyHint(ctx, staff.Hint{StaffCode: people[1].JobNumber, EmployeeNumber: people[0].JobNumber}); err == nil {
		t.Error("renaming onto a taken code was accepted")
	}
	book, err := s.Book(ctx, people[3].JobNumber, officeDay().Format("2006-01"))
	if err != nil {
		t.Fatal(err)
	}
	worked := 0
	for _, d := range book {
		worked += d.WorkMinutes
	}
	if worked != 8*60 {
		t.Errorf("after the rename, the fourth person's month has %d minutes of work; want 480", worked)
	}

	for _, bad := range [][2]string{{"punch-mode", "sometimes"}, {"day-change", "25:00"}, {"duplicate-window", "-1"}, {"nonsense", "1"}, {"terminal-group", "no equals sign"}} {
		var se *site.SettingError
		if err := s.SetSetting(ctx, bad[0], bad[1]); !errors.As(err, &se) {
			t.Errorf("SetSetting(%q, %q) = %v, want a SettingError", bad[0], bad[1], err)
		}
	}
	// The temperature check decides whether a 38.2 °C reading (abnormal
	// type 40001 from the terminal) is a remark at all.
	fevers := func() int {
		ps, _ := s.DayPunches(ctx, people[1].JobNumber, officeDay().Format(time.DateOnly))
		n := 0
		for _, p := range ps {
			for _, r := range p.Remarks {
				if r == rules.RemarkAbnormalTemperature {
					n++
				}
			}
			if p.Place != "本社" {
				t.Errorf("punch %s has place %q, want 本社", p.ID, p.Place)
			}
		}
		return n
	}
	if err := s.SetSetting(ctx, site.SettingTerminalGroup, senselinksim.DemoDevices()[0].Name+"=本社"); err != nil {
		t.Fatal(err)
	}
	if n := fevers(); n != 1 {
		t.Errorf("with the temperature check on: %d fever readings, want 1", n)
	}
	if err := s.SetSetting(ctx, site.SettingTemperatureCheck, "off"); err != nil {
		t.Fatal(err)
	}
	if n := fevers(); n != 0 {
		t.Errorf("with the temperature check off: %d fever readings, want 0", n)
	}
	storedEqualsComputed(t, s, path, people[0].JobNumber)
}

func TestExportWritesTheMonthFromDerivedState(t *testing.T) {
	s, path, people := siteWithRecords(t)
	ctx := context.Background()
	// Stale as a whole: the workbook must still carry the right figures.
	rawSQL(t, path, "DELETE FROM punches", "DELETE FROM days", "UPDATE staff SET derived_gen = 0")
	out := filepath.Join(t.TempDir(), "出勤簿.xlsx")
	if err := s.Export(ctx, site.ExportRequest{Month: officeDay().Format("2006-01"), Path: out}, nil); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("集計")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		if len(r) > 3 && r[0] == people[0].JobNumber {
			found = true
			if !strings.Contains(strings.Join(r, " "), "8:00") {
				t.Errorf("summary row of %s = %v; want 8:00 of work", people[0].JobNumber, r)
			}
		}
	}
	if !found {
		t.Errorf("no summary row for %s in %v", people[0].JobNumber, rows)
	}
	if err := s.Export(ctx, site.ExportRequest{Month: "2026-13", Path: out}, nil); err == nil {
		t.Error("an impossible month was exported")
	}
	missing := filepath.Join(t.TempDir(), "no such folder", "x.xlsx")
	if err := s.Export(ctx, site.ExportRequest{Month: officeDay().Format("2006-01"), Path: missing}, nil); err == nil {
		t.Error("an export into a missing folder succeeded")
	}
}

func TestExportRemovesTheTempFilesOfAKilledExport(t *testing.T) {
	s, _, _ := siteWithRecords(t)
	ctx := context.Background()
	dir := t.TempDir()
	out := filepath.Join(dir, "出勤簿[本社].xlsx")
	old := time.Now().Add(-time.Hour)
	leftover := filepath.Join(dir, ".出勤簿[本社].xlsx.123456.tmp")
	running := filepath.Join(dir, ".出勤簿[本社].xlsx.777.tmp") // another export writing now
	other := filepath.Join(dir, ".別のファイル.xlsx.1.tmp")
	for _, p := range []string{leftover, running, other} {
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []string{leftover, other} {
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Export(ctx, site.ExportRequest{Month: officeDay().Format("2006-01"), Path: out}, nil); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]bool{leftover: false, running: true, other: true, out: true} {
		if _, err := os.Stat(p); (err == nil) != want {
			t.Errorf("%s exists: %t, want %t", filepath.Base(p), err == nil, want)
		}
	}
}

func TestSeveralSettingsAreOneChange(t *testing.T) {
	s, path, _ := siteWithRecords(t)
	ctx := context.Background()
	gen := func() int {
		t.Helper()
		db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var n int
		if err := db.QueryRow("SELECT rules_gen FROM sync_state").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before, _, _ := s.Settings(ctx)
	start := gen()
	// One bad value: nothing of the batch is stored.
	err := s.SetSettings(ctx, [][2]string{{site.SettingPunchMode, "first-last"}, {site.SettingLongDay, "99"}})
	var se *site.SettingError
	if !errors.As(err, &se) || se.Key != site.SettingLongDay {
		t.Fatalf("SetSettings with a bad long-day = %v", err)
	}
	if now, _, _ := s.Settings(ctx); !reflect.DeepEqual(now, before) || gen() != start {
		t.Fatal("a batch with a bad value stored part of itself")
	}
	trailBefore, _ := s.AuditTrail(ctx, "", "", "")
	if err := s.SetSettings(ctx, [][2]string{{site.SettingPunchMode, "first-last"}, {site.SettingDayChange, "04:00"},
		{site.SettingGroupDayChange, "夜勤=12:00"}, {site.SettingPollInterval, "30"}}); err != nil {
		t.Fatal(err)
	}
	if g := gen(); g != start+1 {
		t.Errorf("three rule changes saved together bumped the rules generation %d times, want once", g-start)
	}
	trail, _ := s.AuditTrail(ctx, "", "", "")
	if n := len(trail) - len(trailBefore); n != 4 {
		t.Errorf("%d audit entries for four changed settings", n)
	}
	if dc, _ := s.GroupDayChanges(ctx); dc["夜勤"] != "12:00" {
		t.Errorf("group day changes = %v", dc)
	}
	// Saving the same values again changes nothing and audits nothing.
	if err := s.SetSettings(ctx, [][2]string{{site.SettingPunchMode, "first-last"}, {site.SettingGroupDayChange, "夜勤=12:00"}}); err != nil {
		t.Fatal(err)
	}
	if again, _ := s.AuditTrail(ctx, "", "", ""); len(again) != len(trail) || gen() != start+1 {
		t.Error("saving unchanged settings wrote audit entries or marked punches stale")
	}
	if err := s.SetSetting(ctx, site.SettingGroupDayChange, "夜勤=25:00"); !errors.As(err, &se) {
		t.Errorf("an impossible group day change = %v", err)
	}
	if err := s.SetSetting(ctx, site.SettingGroupDayChange, "夜勤="); err != nil {
		t.Fatal(err)
	}
	if dc, _ := s.GroupDayChanges(ctx); len(dc) != 0 {
		t.Errorf("after clearing: %v", dc)
	}
}

func TestPunchTimesAreReadAsPeopleTypeThem(t *testing.T) {
	s, _, people := siteWithRecords(t)
	ctx := context.Background()
	day := officeDay().Format("2006-01-02")
	for _, typed := range []string{day + "  07:05", " " + day + " 7:06 ", day + " 07:07:30"} {
		if _, err := s.AddPunch(ctx, site.PunchRequest{StaffCode: people[0].JobNumber, Time: typed, Source: "web"}); err != nil {
			t.Errorf("AddPunch(%q) = %v", typed, err)
		}
	}
	for _, typed := range []string{day, day + " 25:00", "2026-02-30 09:00", "tomorrow"} {
		if _, err := s.AddPunch(ctx, site.PunchRequest{StaffCode: people[0].JobNumber, Time: typed, Source: "web"}); err == nil {
			t.Errorf("AddPunch(%q) was accepted", typed)
		}
	}
	// A time New York's clocks skip.
	if err := s.SetSetting(ctx, site.SettingTimeZone, "America/New_York"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddPunch(ctx, site.PunchRequest{StaffCode: people[0].JobNumber, Time: "2026-03-08 02:30", Source: "web"}); err == nil ||
		!strings.Contains(err.Error(), "does not exist") {
		t.Errorf("a skipped wall time = %v", err)
	}
}
