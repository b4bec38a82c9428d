package site

import (
	"context"
	"fmt"
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
	MissingClockOut bool
	Pending         bool
	Remarks         []rules.Remark
}

// Book returns one row per calendar day of month for a staff member, days
// without punches included.
func (s *Site) Book(ctx context.Context, code, month string) ([]BookDay, error) {
	first, last, err := ParseMonth(month)
	if err != nil {
		return nil, err
	}
	settings, err := s.RuleSettings(ctx)
	if err != nil {
		return nil, err
	}
	stored, err := s.db.Days(ctx, code, first.Format(time.DateOnly), last.Format(time.DateOnly))
	if err != nil {
		return nil, err
	}
	byDate := map[string]rules.Day{}
	for _, d := range stored {
		byDate[d.Date] = d
	}
	now := s.now()
	var out []BookDay
	for day := first; !day.After(last); day = day.AddDate(0, 0, 1) {
		date := day.Format(time.DateOnly)
		row := BookDay{Date: day}
		if d, ok := byDate[date]; ok {
			row.ClockIn, row.ClockOut = d.ClockIn, d.ClockOut
			row.WorkMinutes, row.BreakMinutes, row.Counted = d.WorkMinutes, d.BreakMinutes, d.Counted
			row.Pending, row.Remarks = d.Pending, d.Remarks
			// Whether the day is over depends on now, not on when it was
			// computed, so the flag is decided here.
			_, end, err := rules.DayBounds(date, settings)
			if err != nil {
				return nil, err
			}
			row.MissingClockOut = d.Counted%2 == 1 && !now.Before(end)
			if d.ClockOut != nil {
				row.ClockOutNextDay = d.ClockOut.In(settings.Location).Format(time.DateOnly) > date
			}
		}
		out = append(out, row)
	}
	return out, nil
}

// MonthPunches returns every punch of the month (by business date), of one
// staff member or of everyone when code is "".
func (s *Site) MonthPunches(ctx context.Context, month, code string) ([]store.StaffPunch, error) {
	first, last, err := ParseMonth(month)
	if err != nil {
		return nil, err
	}
	ps, err := s.db.Punches(ctx, store.PunchFilter{StaffCode: code, FromDate: first.Format(time.DateOnly), ToDate: last.Format(time.DateOnly)})
	if err != nil {
		return nil, err
	}
	return s.withPlaces(ctx, ps)
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

// DayPunches returns every punch of one staff member's business day (出入詳細).
func (s *Site) DayPunches(ctx context.Context, code, date string) ([]store.StaffPunch, error) {
	ps, err := s.db.Punches(ctx, store.PunchFilter{StaffCode: code, FromDate: date, ToDate: date})
	if err != nil {
		return nil, err
	}
	return s.withPlaces(ctx, ps)
}

// LogRows returns a page of the live log with what each record became.
func (s *Site) LogRows(ctx context.Context, f RecordFilter, offset, limit int) ([]store.LogRow, error) {
	return s.db.LogRows(ctx, f, offset, limit)
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
