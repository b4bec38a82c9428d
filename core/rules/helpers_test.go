package rules

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// at reads "DD HH:MM:SS" as that day of April 2026 in Tokyo, the month
// every Compute case is set in.
func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", "2026-04-"+s, mustZone("Asia/Tokyo"))
	if err != nil {
		panic(err)
	}
	return t
}

func face(id int64, when string) Face { return Face{RecordID: id, Time: at(when)} }

func other(id string, src Source, when string) Other {
	return Other{ID: id, Time: at(when), Source: src}
}

func intp(v int) *int { return &v }

// describe renders days the way a reviewer reads the attendance book:
// one line per day, then one per punch, times as "DD HH:MM:SS" in the
// site zone.
func describe(days []Day, s Settings) string {
	loc := s.normalized().Location
	clock := func(t *time.Time) string {
		if t == nil {
			return "-"
		}
		return t.In(loc).Format("02 15:04:05")
	}
	var b strings.Builder
	for _, d := range days {
		fmt.Fprintf(&b, "%s in=%s out=%s work=%d break=%d counted=%d", d.Date, clock(d.ClockIn), clock(d.ClockOut),
			d.WorkMinutes, d.BreakMinutes, d.Counted)
		if d.Open {
			b.WriteString(" open")
		}
		for _, f := range d.Flags {
			fmt.Fprintf(&b, " %s", f)
		}
		if len(d.Remarks) > 0 {
			fmt.Fprintf(&b, " %v fevers=%d nomask=%d", d.Remarks, d.FeverReadings, d.NoMaskReadings)
		}
		b.WriteString("\n")
		for _, p := range d.Punches {
			fmt.Fprintf(&b, "  %s %s %s %s", p.ID, clock(&p.Time), p.Source, p.Status)
			if p.Kind != KindNone {
				fmt.Fprintf(&b, " %s", p.Kind)
			}
			if len(p.Remarks) > 0 {
				fmt.Fprintf(&b, " %v", p.Remarks)
			}
			if p.PendingBecause != "" {
				fmt.Fprintf(&b, " because=%s", p.PendingBecause)
			}
			if p.Decision != "" {
				fmt.Fprintf(&b, " decision=%s", p.Decision)
			}
			if p.Reason != "" {
				fmt.Fprintf(&b, " reason=%q", p.Reason)
			}
			if p.Provisional {
				b.WriteString(" provisional")
			}
			if p.Note != "" {
				fmt.Fprintf(&b, " note=%q", p.Note)
			}
			if p.BusinessDate != d.Date {
				fmt.Fprintf(&b, " WRONG-DATE=%s", p.BusinessDate)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// ruleCase is one Compute case: settings start from DefaultSettings.
type ruleCase struct {
	name     string
	settings func(*Settings)
	in       Input
	now      string // "DD HH:MM:SS" in April 2026; empty means long after
	want     string
}

func runCases(t *testing.T, cases []ruleCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := DefaultSettings()
			if c.settings != nil {
				c.settings(&s)
			}
			now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
			if c.now != "" {
				now = at(c.now)
			}
			got := describe(Compute(c.in, s, now), s)
			want := strings.TrimLeft(strings.ReplaceAll(c.want, "\t", ""), "\n")
			if got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func mode(m Mode) func(*Settings) { return func(s *Settings) { s.Mode = m } }

func dayChange(d time.Duration) func(*Settings) { return func(s *Settings) { s.DayChange = d } }
