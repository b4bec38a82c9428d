package rules

import (
	"fmt"
	"reflect"
	"strconv"
	"testing"
	"time"
)

// byteReader hands out fuzz bytes, zeros once they run out.
type byteReader struct{ b []byte }

func (r *byteReader) next() byte {
	if len(r.b) == 0 {
		return 0
	}
	v := r.b[0]
	r.b = r.b[1:]
	return v
}

func (r *byteReader) u16() int { return int(r.next())<<8 | int(r.next()) }

var fuzzZones = []string{"Asia/Tokyo", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Apia", "UTC"}

// Bases near daylight-saving changes (and Samoa's skipped date) so that
// random offsets cross them.
var fuzzBases = []time.Time{
	time.Date(2026, 3, 27, 0, 0, 0, 0, time.UTC),
	time.Date(2026, 10, 23, 0, 0, 0, 0, time.UTC),
	time.Date(2026, 4, 3, 0, 0, 0, 0, time.UTC),
	time.Date(2011, 12, 28, 0, 0, 0, 0, time.UTC),
}

// fuzzInput builds settings, input and now from fuzz bytes: up to 48 face
// records and 8 other punches within about six days, with repeated record
// ids and times, deletions and decisions.
func fuzzInput(data []byte) (Settings, Input, time.Time) {
	r := &byteReader{b: data}
	s := DefaultSettings()
	s.Mode = []Mode{ModeAll, ModeFirstLast, ModeUnapprovedFirst, ""}[r.next()%4]
	s.DuplicateWindow = time.Duration(r.next()%4) * 30 * time.Second
	s.DayChange = time.Duration(r.next()%48) * 30 * time.Minute
	s.Location = mustZone(fuzzZones[int(r.next())%len(fuzzZones)])
	flags := r.next()
	s.TemperatureCheck, s.MaskCheck = flags&1 != 0, flags&2 != 0
	base := fuzzBases[int(r.next())%len(fuzzBases)]
	at := func() time.Time { return base.Add(time.Duration(r.u16()) * 8 * time.Second) }

	var in Input
	for range int(r.next() % 49) {
		f := Face{RecordID: int64(r.next() % 64), Time: at()}
		if v := r.next(); v%3 != 0 {
			f.Temperature = 35 + float64(v%40)/10
		}
		flags := r.next()
		if flags&1 != 0 {
			f.AbnormalType = AbnormalTemperature
		}
		switch flags >> 1 % 3 {
		case 1:
			f.Mask = intp(0)
		case 2:
			f.Mask = intp(1)
		}
		if flags&8 != 0 {
			if in.Deleted == nil {
				in.Deleted = map[string]bool{}
			}
			in.Deleted[FaceID(f.RecordID)] = true
		}
		if d := flags >> 4 % 3; d != 0 {
			if in.Decisions == nil {
				in.Decisions = map[int64]Decision{}
			}
			in.Decisions[f.RecordID] = []Decision{DecisionApprove, DecisionReject}[d-1]
		}
		in.Faces = append(in.Faces, f)
	}
	for range int(r.next() % 9) {
		o := Other{ID: "o" + strconv.Itoa(int(r.next()%12)), Time: at(), Source: SourceICCard}
		if r.next()%4 == 0 {
			if in.Deleted == nil {
				in.Deleted = map[string]bool{}
			}
			in.Deleted[o.ID] = true
		}
		in.Others = append(in.Others, o)
	}
	return s, in, at()
}

func FuzzCompute(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{2, 2, 10, 1, 3, 0, 6, 1, 0, 0, 1, 200, 0, 2, 1, 10, 3, 40, 4, 1, 20, 0, 0, 5, 5, 6, 200, 1, 1, 0, 2, 3, 4, 5, 6, 7, 8})
	f.Add([]byte{1, 1, 5, 2, 0, 1, 40, 7, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 3, 9, 9, 9, 9, 9})
	f.Add([]byte{0, 0, 0, 4, 1, 3, 12, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 3, 255, 255, 0, 0, 4, 1, 2, 3, 4})
	f.Fuzz(func(t *testing.T, data []byte) {
		s, in, now := fuzzInput(data)
		days := Compute(in, s, now)
		if err := checkDays(in, s, now, days); err != nil {
			t.Fatalf("%v\nsettings %+v\n%s", err, s, describe(days, s))
		}
		dates := map[string]bool{}
		for _, d := range days {
			dates[d.Date] = true
		}
		if len(days) > 0 && !reflect.DeepEqual(ComputeDays(in, s, now, dates), days) {
			t.Fatal("ComputeDays over every date differs from Compute")
		}
	})
}

// checkDays verifies what must hold for any input.
func checkDays(in Input, s Settings, now time.Time, days []Day) error {
	// Every input punch appears exactly once.
	type key struct {
		id string
		t  int64
	}
	want := map[key]int{}
	for _, f := range in.Faces {
		want[key{FaceID(f.RecordID), f.Time.UnixNano()}]++
	}
	for _, o := range in.Others {
		want[key{o.ID, o.Time.UnixNano()}]++
	}
	var kept []time.Time
	prevDate := ""
	for _, d := range days {
		if d.Date <= prevDate {
			return fmt.Errorf("day %s after %s", d.Date, prevDate)
		}
		prevDate = d.Date
		if len(d.Punches) == 0 {
			return fmt.Errorf("day %s has no punches", d.Date)
		}
		_, end, err := DayBounds(d.Date, s)
		if err != nil {
			return err
		}
		var counted []Punch
		pending, countedFaces := 0, 0
		for i, p := range d.Punches {
			want[key{p.ID, p.Time.UnixNano()}]--
			if p.BusinessDate != d.Date || BusinessDate(p.Time, s) != d.Date {
				return fmt.Errorf("%s at %s filed under %s", p.ID, p.Time, d.Date)
			}
			if i > 0 && p.Time.Before(d.Punches[i-1].Time) {
				return fmt.Errorf("%s out of time order", p.ID)
			}
			if (p.Status == StatusCounted) != (p.Kind != KindNone) {
				return fmt.Errorf("%s is %s with kind %q", p.ID, p.Status, p.Kind)
			}
			if p.Source != SourceFace && (p.Status != StatusCounted && p.Status != StatusDeleted || len(p.Remarks) > 0) {
				return fmt.Errorf("other punch %s is %s with remarks %v", p.ID, p.Status, p.Remarks)
			}
			switch p.Status {
			case StatusCounted:
				counted = append(counted, p)
				if p.Source == SourceFace {
					countedFaces++
				}
			case StatusPending:
				pending++
				if s.Mode != ModeUnapprovedFirst || p.PendingBecause == "" {
					return fmt.Errorf("%s pending under %q because of %q", p.ID, s.Mode, p.PendingBecause)
				}
			}
			if p.Source == SourceFace && p.Status != StatusDuplicate && !in.Deleted[p.ID] {
				kept = append(kept, p.Time)
			}
		}
		if pending > 1 || d.Has(FlagPending) != (pending == 1) {
			return fmt.Errorf("day %s has %d pending punches, flag %v", d.Date, pending, d.Has(FlagPending))
		}
		if s.Mode == ModeFirstLast && countedFaces > 2 {
			return fmt.Errorf("first-last day %s counts %d face records", d.Date, countedFaces)
		}
		n := len(counted)
		if d.Counted != n || (d.ClockIn == nil) != (n == 0) || (d.ClockOut == nil) != (n == 0 || n%2 == 1) {
			return fmt.Errorf("day %s summary disagrees with its %d counted punches", d.Date, n)
		}
		if d.Has(FlagMissingClockOut) != (n%2 == 1 && !now.Before(end)) {
			return fmt.Errorf("day %s missing clock-out %v with %d counted, now %s, end %s", d.Date, d.Has(FlagMissingClockOut), n, now, end)
		}
		for i, p := range counted {
			if p.Kind != kindAt(i+1, n) {
				return fmt.Errorf("counted punch %d of %d is %s", i+1, n, p.Kind)
			}
		}
		if n > 0 {
			span := int(counted[n-1].Time.Sub(counted[0].Time) / time.Minute)
			if d.WorkMinutes < 0 || d.BreakMinutes < 0 || d.WorkMinutes+d.BreakMinutes > span {
				return fmt.Errorf("day %s work %d + break %d exceed the span of %d minutes", d.Date, d.WorkMinutes, d.BreakMinutes, span)
			}
		}
	}
	for k, n := range want {
		if n != 0 {
			return fmt.Errorf("punch %s at %d appears %d times too few", k.id, k.t, n)
		}
	}
	// No two face records that are not duplicates lie within the window
	// (deleted ones are left out: deletion may hide a kept record).
	for i := 1; i < len(kept) && s.DuplicateWindow > 0; i++ {
		if kept[i].Sub(kept[i-1]) < s.DuplicateWindow {
			return fmt.Errorf("kept face records at %s and %s within the window", kept[i-1], kept[i])
		}
	}
	return nil
}

// kindAt restates the SPEC's typing by position.
func kindAt(pos, n int) Kind {
	switch {
	case pos == 1:
		return KindClockIn
	case pos%2 == 0 && pos == n:
		return KindClockOut
	case pos%2 == 0:
		return KindBreakStart
	}
	return KindBreakEnd
}
