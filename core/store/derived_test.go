package store

import (
	"context"
	"errors"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/rules"
)

func update(t *testing.T, db *DB, fn func(tx *Tx) error) {
	t.Helper()
	if err := db.Update(context.Background(), "test", fn); err != nil {
		t.Fatal(err)
	}
}

func view(t *testing.T, db *DB, fn func(tx *Tx) error) {
	t.Helper()
	if err := db.View(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

func TestAFailedUseCaseLeavesNeitherTheChangeNorItsAuditEntry(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	boom := errors.New("disk full")
	err := db.Update(ctx, "add staff", func(tx *Tx) error {
		if err := tx.AddStaff(domain.StaffMember{Code: "1001", Name: "佐藤", Active: true, CreatedAt: base}); err != nil {
			return err
		}
		if err := tx.Audit(domain.AuditEntry{At: base, Action: "staff.add", Target: "1001"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update = %v, want the use-case's error", err)
	}
	staff, _ := db.ListStaff(ctx)
	audit, _ := db.AuditEntries(ctx, AuditFilter{})
	if len(staff) != 0 || len(audit) != 0 {
		t.Fatalf("after a failed use-case: %d staff, %d audit entries; want none", len(staff), len(audit))
	}
}

func TestNewStaffAreStaleUntilDerived(t *testing.T) {
	db := openTemp(t)
	update(t, db, func(tx *Tx) error { return tx.AddStaff(domain.StaffMember{Code: "E00001", Name: "a", CreatedAt: base}) })
	view(t, db, func(tx *Tx) error {
		stale, err := tx.StaleStaff()
		if err != nil || !stale["E00001"] {
			t.Errorf("a new staff member is not stale: %v, %v", stale, err)
		}
		return nil
	})
	state := DeriveState{}
	view(t, db, func(tx *Tx) (err error) { state, err = tx.DeriveState(); return err })
	update(t, db, func(tx *Tx) error {
		return tx.SaveDerived(Derived{RulesGen: state.RulesGen, Whole: []string{"E00001"}})
	})
	view(t, db, func(tx *Tx) error {
		if stale, _ := tx.StaleStaff(); len(stale) != 0 {
			t.Errorf("stale after a derivation at the current generation: %v", stale)
		}
		return nil
	})
	// A rule setting change makes everyone stale again.
	update(t, db, func(tx *Tx) error { return tx.BumpRulesGen() })
	view(t, db, func(tx *Tx) error {
		if stale, _ := tx.StaleStaff(); !stale["E00001"] {
			t.Errorf("not stale after a rule change: %v", stale)
		}
		return nil
	})
}

func TestImportMarksAMemberStaleOnlyWhenTheGroupChanges(t *testing.T) {
	db := openTemp(t)
	members := []domain.StaffMember{{Code: "A", Name: "a", Group: "本社", CreatedAt: base}, {Code: "B", Name: "b", Group: "本社", CreatedAt: base}}
	update(t, db, func(tx *Tx) error { _, _, err := tx.ImportStaff(members); return err })
	var gen int64
	view(t, db, func(tx *Tx) error { s, err := tx.DeriveState(); gen = s.RulesGen; return err })
	update(t, db, func(tx *Tx) error { return tx.SaveDerived(Derived{RulesGen: gen, Whole: []string{"A", "B"}}) })
	members[0].Name = "a2"  // a new name changes no punch
	members[1].Group = "夜勤" // a new group may change business days
	update(t, db, func(tx *Tx) error { _, _, err := tx.ImportStaff(members); return err })
	view(t, db, func(tx *Tx) error {
		stale, _ := tx.StaleStaff()
		if stale["A"] || !stale["B"] {
			t.Errorf("stale after re-import = %v; want only B", stale)
		}
		return nil
	})
}

func TestStoringAnOlderRecordLateMovesTheDerivationPositionBack(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	if _, err := db.SaveRecords(ctx, testRecords(100, 110), nil); err != nil {
		t.Fatal(err)
	}
	update(t, db, func(tx *Tx) error { return tx.SaveDerived(Derived{Through: 110}) })
	// Already stored: nothing moves.
	if _, err := db.SaveRecords(ctx, testRecords(105, 110), nil); err != nil {
		t.Fatal(err)
	}
	through := func() int64 {
		var s DeriveState
		view(t, db, func(tx *Tx) (err error) { s, err = tx.DeriveState(); return err })
		return s.DerivedThrough
	}
	if got := through(); got != 110 {
		t.Fatalf("re-storing known records moved the position to %d", got)
	}
	if _, err := db.SaveRecords(ctx, testRecords(40, 42), nil); err != nil {
		t.Fatal(err)
	}
	if got := through(); got != 39 {
		t.Fatalf("after storing ids 40–42 late, derivation position = %d, want 39", got)
	}
}

func TestStaleDaysAreMarkedOnceAndClearedByTheirDerivation(t *testing.T) {
	db := openTemp(t)
	update(t, db, func(tx *Tx) error {
		return tx.MarkStale(StaffDay{"A", "2026-11-02"}, StaffDay{"A", "2026-11-02"}, StaffDay{"B", "2026-11-01"})
	})
	var marked []StaffDay
	view(t, db, func(tx *Tx) (err error) { marked, err = tx.StaleDays(0); return err })
	if want := []StaffDay{{"A", "2026-11-02"}, {"B", "2026-11-01"}}; !slices.Equal(marked, want) {
		t.Fatalf("stale days = %v, want %v", marked, want)
	}
	update(t, db, func(tx *Tx) error { return tx.SaveDerived(Derived{Days: []StaffDay{{"A", "2026-11-02"}}}) })
	view(t, db, func(tx *Tx) (err error) { marked, err = tx.StaleDays(0); return err })
	if want := []StaffDay{{"B", "2026-11-01"}}; !slices.Equal(marked, want) {
		t.Fatalf("after deriving A's day: %v, want %v", marked, want)
	}
}

func TestDerivedRowsReadBackAsTheyWereComputed(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	recs := testRecords(1, 600) // ten hours of a minute each, 500 employee numbers
	if _, err := db.SaveRecords(ctx, recs, nil); err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, r := range recs[:40] {
		codes = append(codes, *r.JobNumber)
	}
	update(t, db, func(tx *Tx) error {
		for _, c := range codes {
			if err := tx.AddStaff(domain.StaffMember{Code: c, Name: c, CreatedAt: base}); err != nil {
				return err
			}
		}
		_, err := tx.AddOtherPunches([]OtherPunch{{StaffCode: codes[0], Time: base.Add(-time.Hour), Source: rules.SourceICCard, Note: "カード"}}, base)
		return err
	})
	settings := rules.DefaultSettings()
	var computed map[string][]rules.Day
	view(t, db, func(tx *Tx) error {
		// More codes than scanAllAbove reads in one pass, fewer seeks per
		// member: both must read the same inputs.
		scanned, err := tx.Inputs(codes, time.Time{}, time.Time{})
		if err != nil {
			return err
		}
		sought, err := tx.Inputs(codes[:5], time.Time{}, time.Time{})
		if err != nil {
			return err
		}
		for _, c := range codes[:5] {
			if len(scanned[c].Faces) == 0 || len(scanned[c].Faces) != len(sought[c].Faces) || len(scanned[c].Others) != len(sought[c].Others) {
				t.Errorf("%s: one pass read %d faces, seeking %d", c, len(scanned[c].Faces), len(sought[c].Faces))
			}
		}
		if len(scanned[codes[0]].Others) != 1 || scanned[codes[0]].Faces[0].Terminal != "本社 1F 入口" {
			t.Errorf("inputs of %s = %+v", codes[0], scanned[codes[0]])
		}
		computed = map[string][]rules.Day{}
		for c, in := range scanned {
			computed[c] = rules.Compute(*in, settings, base.Add(48*time.Hour))
		}
		return nil
	})
	update(t, db, func(tx *Tx) error { return tx.SaveDerived(Derived{RulesGen: 1, Whole: codes, Rows: computed}) })
	view(t, db, func(tx *Tx) error {
		stored, err := tx.StoredDays(nil, "", "", "")
		if err != nil {
			return err
		}
		if !slices.Equal(slices.Sorted(maps.Keys(stored)), slices.Sorted(maps.Keys(computed))) {
			t.Fatalf("stored staff %v, computed %v", slices.Sorted(maps.Keys(stored)), slices.Sorted(maps.Keys(computed)))
		}
		for c, days := range computed {
			got := stored[c]
			if len(got) != len(days) {
				t.Fatalf("%s: %d days stored, %d computed", c, len(got), len(days))
			}
			for i := range days {
				a, b := days[i], got[i]
				if a.Date != b.Date || a.WorkMinutes != b.WorkMinutes || a.Counted != b.Counted || len(a.Punches) != len(b.Punches) {
					t.Errorf("%s %s: stored %+v, computed %+v", c, a.Date, b, a)
					continue
				}
				for j := range a.Punches {
					p, q := a.Punches[j], b.Punches[j]
					if p.ID != q.ID || !p.Time.Equal(q.Time) || p.Status != q.Status || p.Kind != q.Kind || p.Terminal != q.Terminal || p.Note != q.Note {
						t.Errorf("%s punch %d: stored %+v, computed %+v", c, j, q, p)
					}
				}
			}
		}
		// One member, one day.
		one, err := tx.StoredDays([]string{codes[0]}, computed[codes[0]][0].Date, computed[codes[0]][0].Date, "")
		if err != nil || len(one) != 1 || len(one[codes[0]]) != 1 {
			t.Errorf("one day of one member = %v, %v", one, err)
		}
		return nil
	})
	// Renaming drops the old code's rows and leaves the new one stale.
	update(t, db, func(tx *Tx) error { return tx.RenameStaff(codes[1], "Z1") })
	view(t, db, func(tx *Tx) error {
		stored, _ := tx.StoredDays([]string{codes[1]}, "", "", "")
		stale, _ := tx.StaleStaff()
		if len(stored[codes[1]]) != 0 || !stale["Z1"] {
			t.Errorf("after rename: %d rows left under the old code, new code stale = %v", len(stored[codes[1]]), stale["Z1"])
		}
		return nil
	})
}

func TestUnderivedRecordsAreThoseAboveThePositionOfKnownStaff(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	recs := testRecords(1, 20)
	if _, err := db.SaveRecords(ctx, recs, nil); err != nil {
		t.Fatal(err)
	}
	update(t, db, func(tx *Tx) error {
		return tx.AddStaff(domain.StaffMember{Code: *recs[4].JobNumber, Name: "x", CreatedAt: base})
	})
	view(t, db, func(tx *Tx) error {
		got, maxID, err := tx.UnderivedRecords(0, 10)
		if err != nil {
			return err
		}
		if maxID != 10 || len(got) != 1 || got[0].ID != 5 || !got[0].SignTime.Equal(recs[4].SignTime.Truncate(time.Second)) {
			t.Errorf("UnderivedRecords(0, 10) = %+v, %d", got, maxID)
		}
		if _, maxID, _ := tx.UnderivedRecords(20, 10); maxID != 20 {
			t.Errorf("nothing above 20: max id %d", maxID)
		}
		return nil
	})
}

func TestStoredDaysLeaveOutThePunchesBeforeTheirStart(t *testing.T) {
	db := openTemp(t)
	at := func(date string, hour int) time.Time {
		d, _ := time.Parse(time.DateOnly, date)
		return d.Add(time.Duration(hour) * time.Hour)
	}
	day := func(date string) rules.Day {
		in, out := at(date, 9), at(date, 18)
		return rules.Day{Date: date, ClockIn: &in, ClockOut: &out, WorkMinutes: 540, Counted: 2, Punches: []rules.Punch{
			{ID: "o-" + date + "-1", Time: in, Source: rules.SourceWeb, Status: rules.StatusCounted, Kind: rules.KindClockIn},
			{ID: "o-" + date + "-2", Time: out, Source: rules.SourceWeb, Status: rules.StatusCounted, Kind: rules.KindClockOut}}}
	}
	update(t, db, func(tx *Tx) error {
		if err := tx.AddStaff(domain.StaffMember{Code: "1", Name: "佐藤", Active: true, CreatedAt: time.Now()}); err != nil {
			return err
		}
		return tx.SaveDerived(Derived{RulesGen: 1, Whole: []string{"1"},
			Rows: map[string][]rules.Day{"1": {day("2026-10-30"), day("2026-11-02")}}})
	})
	view(t, db, func(tx *Tx) error {
		got, err := tx.StoredDays(nil, "2026-10-26", "2026-11-30", "2026-11-01")
		if err != nil {
			return err
		}
		days := got["1"]
		if len(days) != 2 || len(days[0].Punches) != 0 || days[0].WorkMinutes != 540 || days[0].Counted != 2 ||
			len(days[1].Punches) != 2 {
			t.Errorf("days = %+v; want 10-30 with its figures but no punches, 11-02 with its two punches", days)
		}
		all, err := tx.StoredDays(nil, "2026-10-26", "2026-11-30", "")
		if err != nil || len(all["1"]) != 2 || len(all["1"][0].Punches) != 2 {
			t.Errorf("without a punch start: %+v, %v; want both days with their punches", all["1"], err)
		}
		return nil
	})
}
