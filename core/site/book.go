package site

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/punchdesk/punchdesk/core/rules"
	"github.com/punchdesk/punchdesk/core/store"
)

// ParseMonth reads "YYYY-MM" and returns its first and last calendar dates.
func ParseMonth(month string) (first, last time.Time, err error) {
	first, err = time.Parse("2006-01", month)
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("%q is not a month like 2026-11", month)
	}
	return first, first.AddDate(0, 1, -1), nil
}

// BookDay is one calendar day of a staff member's attendance book (出勤簿).
type BookDay struct {
	Date            time.Time // the business date (midnight UTC; only Y-M-D counts)
	ClockIn         *time.Time
	ClockOut        *time.Time
	ClockOutNextDay bool // a night shift's clock-out, on the calendar day after its business day
	WorkMinutes     int
	BreakMinutes    int
	Counted         int
	Remarks         []rules.Remark
	// Readings with a remark, whatever they became, and pending punches.
	FeverReadings, NoMaskReadings, PendingPunches int
	Flags                                         []rules.Flag // why the day needs a look (要確認)
	Open                                          bool         // the business day has not ended yet
}

// Has reports whether the day carries flag f.
func (d BookDay) Has(f rules.Flag) bool { return slices.Contains(d.Flags, f) }

// Book returns one row per calendar day of month for a staff member, days
// without punches included.
func (s *Site) Book(ctx context.Context, code, month string) ([]BookDay, error) {
	first, last, err := ParseMonth(month)
	if err != nil {
		return nil, err
	}
	var book []BookDay
	err = s.view(ctx, func(tx *store.Tx, settings *rulebook) error {
		days, err := s.daysIn(tx, settings, []string{code}, first.Format(time.DateOnly), last.Format(time.DateOnly))
		if err != nil {
			return err
		}
		book = bookRows(days[code], first, last, settings.For(code))
		return nil
	})
	return book, err
}

// bookRows lays a staff member's derived days (AsOf now) out on the
// calendar.
func bookRows(derived []rules.Day, first, last time.Time, settings rules.Settings) []BookDay {
	byDate := map[string]rules.Day{}
	for _, d := range derived {
		byDate[d.Date] = d
	}
	var out []BookDay
	for day := first; !day.After(last); day = day.AddDate(0, 0, 1) {
		date := day.Format(time.DateOnly)
		row := BookDay{Date: day}
		if d, ok := byDate[date]; ok {
			row.ClockIn, row.ClockOut = d.ClockIn, d.ClockOut
			row.WorkMinutes, row.BreakMinutes, row.Counted = d.WorkMinutes, d.BreakMinutes, d.Counted
			row.Remarks, row.Flags, row.Open = d.Remarks, d.Flags, d.Open
			row.FeverReadings, row.NoMaskReadings = d.FeverReadings, d.NoMaskReadings
			for _, p := range d.Punches {
				if p.Status == rules.StatusPending {
					row.PendingPunches++
				}
			}
			if d.ClockOut != nil {
				row.ClockOutNextDay = d.ClockOut.In(settings.Location).Format(time.DateOnly) > date
			}
		}
		out = append(out, row)
	}
	return out
}

// MonthPunches returns every punch of the month (by business date), of one
// staff member or of everyone when code is "".
func (s *Site) MonthPunches(ctx context.Context, month, code string) ([]store.StaffPunch, error) {
	first, last, err := ParseMonth(month)
	if err != nil {
		return nil, err
	}
	return s.punchesBetween(ctx, code, first.Format(time.DateOnly), last.Format(time.DateOnly))
}

// DayPunches returns every punch of one staff member's business day (出入詳細).
func (s *Site) DayPunches(ctx context.Context, code, date string) ([]store.StaffPunch, error) {
	return s.punchesBetween(ctx, code, date, date)
}

func (s *Site) punchesBetween(ctx context.Context, code, fromDate, toDate string) ([]store.StaffPunch, error) {
	var codes []string
	if code != "" {
		codes = []string{code}
	}
	var out []store.StaffPunch
	err := s.view(ctx, func(tx *store.Tx, settings *rulebook) error {
		days, err := s.daysIn(tx, settings, codes, fromDate, toDate)
		if err != nil {
			return err
		}
		out = flattenPunches(days)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.withPlaces(ctx, out)
}

// flattenPunches lists the punches of days by staff code, business date,
// time and id.
func flattenPunches(days map[string][]rules.Day) []store.StaffPunch {
	n := 0
	for _, ds := range days {
		for _, d := range ds {
			n += len(d.Punches)
		}
	}
	out := make([]store.StaffPunch, 0, n)
	for _, code := range slices.Sorted(maps.Keys(days)) {
		for _, d := range days[code] {
			for _, p := range d.Punches {
				out = append(out, store.StaffPunch{StaffCode: code, Punch: p})
			}
		}
	}
	return out
}

// withPlaces fills in each face punch's location group from the terminal
// it was made on (terminal-group setting, by terminal serial or name).
func (s *Site) withPlaces(ctx context.Context, ps []store.StaffPunch) ([]store.StaffPunch, error) {
	_, groups, err := s.Settings(ctx)
	if err != nil || len(groups) == 0 {
		return ps, err
	}
	for i := range ps {
		if g, ok := groups[ps[i].TerminalID]; ok && ps[i].TerminalID != "" {
			ps[i].Place = g
		} else if g, ok := groups[ps[i].Terminal]; ok && ps[i].Terminal != "" {
			ps[i].Place = g
		}
	}
	return ps, nil
}

// LogRows returns a page of the live log with what each record became: the
// stored outcome, or for a record whose day a mark covers, what the rules
// give for it now (read in the same snapshot).
func (s *Site) LogRows(ctx context.Context, f RecordFilter, offset, limit int) ([]store.LogRow, error) {
	var out []store.LogRow
	err := s.view(ctx, func(tx *store.Tx, settings *rulebook) error {
		f.Remarks = remarkChecks(settings.site)
		rows, err := tx.LogRows(f, offset, limit)
		if err != nil {
			return err
		}
		stale, err := staleIn(tx, settings)
		if err != nil {
			return err
		}
		redo := newStaleSet()
		for _, r := range rows {
			if r.StaffCode == "" {
				continue
			}
			if date := rules.BusinessDate(r.SignTime, settings.For(r.StaffCode)); stale.covers(r.StaffCode, date) {
				redo.addDay(r.StaffCode, date)
			}
		}
		if !redo.empty() {
			computed, err := s.computeDays(tx, redo, settings)
			if err != nil {
				return err
			}
			became := map[string]rules.Punch{}
			for _, days := range computed {
				for _, d := range days {
					for _, p := range d.Punches {
						if p.Source == rules.SourceFace {
							became[p.ID] = p
						}
					}
				}
			}
			for i := range rows {
				r := &rows[i]
				if r.StaffCode == "" || !redo.covers(r.StaffCode, rules.BusinessDate(r.SignTime, settings.For(r.StaffCode))) {
					continue
				}
				p := became[rules.FaceID(r.ID)]
				r.Status, r.Kind, r.Remarks = p.Status, p.Kind, p.Remarks
			}
		}
		out = rows
		return nil
	})
	return out, err
}

// remarkChecks are the remark rules of SPEC §4 for the log's remarks-only
// filter, which reads them off the records themselves so that it needs no
// derived row.
func remarkChecks(s rules.Settings) store.RemarkChecks {
	return store.RemarkChecks{Temperature: s.TemperatureCheck, Threshold: s.TemperatureThreshold, Mask: s.MaskCheck}
}

// Outcome words what a record became, for the log and records --json: a
// punch kind when counted, else its status, "unlinked" when no staff member
// matches, "stranger" for unregistered people, "" while not yet derived.
func Outcome(r store.LogRow) string {
	switch {
	case r.StaffCode == "" && r.IsStranger():
		return "stranger"
	case r.StaffCode == "":
		return "unlinked"
	case r.Status == rules.StatusCounted:
		return string(r.Kind)
	}
	return string(r.Status)
}
