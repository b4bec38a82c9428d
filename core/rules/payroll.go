package rules

import "time"

// The payroll figures follow the lines of Japan's Labour Standards Act
// (労働基準法), as a payroll clerk reads them:
//   - §32: work beyond 8 hours a day or 40 hours a week is 時間外 (overtime,
//     paid at a premium under §37). A minute is counted once: the day's
//     minutes beyond 8 hours first, then the week's remaining minutes beyond
//     40 hours.
//   - §35 and §37: work on the weekly legal holiday (法定休日) is 休日労働,
//     paid at its own premium; it is neither overtime nor part of the week's
//     40 hours.
//   - §37(4): work between 22:00 and 05:00 is 深夜 (late night), paid on top
//     of whatever else it is; breaks are not work.
// National and company holidays other than the legal holiday are reported
// (their work minutes) but are ordinary working days under the Act.

// Daily and weekly statutory limits (§32).
const (
	DailyLimitMinutes  = 8 * 60
	WeeklyLimitMinutes = 40 * 60
)

// Late-night hours (§37(4)) as times after local midnight.
const (
	LateNightStart = 22 * time.Hour
	LateNightEnd   = 5 * time.Hour
)

// StandardHours are a group's working hours (始業・終業), against which late
// arrivals and early leaves are counted. End at or before Start means the
// next calendar day (a night group).
type StandardHours struct {
	Start, End time.Duration // after local midnight
}

// PayrollSettings are what the payroll figures need beyond the punch rules.
type PayrollSettings struct {
	WeekStart    time.Weekday // the week's first day for the 40-hour limit
	LegalHoliday time.Weekday // the weekly legal holiday (法定休日)
	// Standard, when not nil, are this staff member's standard hours.
	Standard *StandardHours
}

// Pay is one business day's payroll figures, in whole minutes.
type Pay struct {
	Date                string
	OvertimeMinutes     int  // 時間外 (§32, §37)
	LateNightMinutes    int  // 深夜 (§37(4))
	LegalHoliday        bool // the day is the legal holiday weekday
	LegalHolidayMinutes int  // 休日労働: work on the legal holiday (§35, §37)
	Holiday             string
	HolidayMinutes      int // work on a national or company holiday that is not the legal holiday
	LateMinutes         int // 遅刻: clock-in after the standard start (working days only)
	EarlyLeaveMinutes   int // 早退: clock-out before the standard end (working days only)
}

// PayOf computes the payroll figures of one staff member's days (AsOf: an
// open day has no figures yet), in date order. Weekly overtime needs the
// whole week: a caller reporting a month passes the days from the start of
// the week the month's first day falls in, and keeps those of the month.
// holidays names national and company holidays by business date.
func PayOf(days []Day, s Settings, ps PayrollSettings, holidays map[string]string) []Pay {
	s = s.normalized()
	out := make([]Pay, len(days))
	var week int64 = -1 << 62
	weekRegular := 0
	for i := range days {
		d := &days[i]
		p := Pay{Date: d.Date, Holiday: holidays[d.Date]}
		date, err := parseDate(d.Date)
		if err != nil {
			out[i] = p
			continue
		}
		p.LegalHoliday = date.Weekday() == ps.LegalHoliday
		if w := weekOf(date, ps.WeekStart); w != week {
			week, weekRegular = w, 0
		}
		if d.Open {
			out[i] = p
			continue
		}
		work := d.WorkMinutes
		switch {
		case p.LegalHoliday:
			p.LegalHolidayMinutes = work
		default:
			if p.Holiday != "" {
				p.HolidayMinutes = work
			}
			daily := max(0, work-DailyLimitMinutes)
			regular := work - daily
			weekly := max(0, min(regular, weekRegular+regular-WeeklyLimitMinutes))
			weekRegular += regular - weekly
			p.OvertimeMinutes = daily + weekly
		}
		p.LateNightMinutes = lateNight(d, s.Location)
		// Standard hours bind on working days, not on days off.
		if ps.Standard != nil && d.Counted > 0 && !p.LegalHoliday && p.Holiday == "" {
			p.LateMinutes, p.EarlyLeaveMinutes = lateAndEarly(d, date, *ps.Standard, s.Location)
		}
		out[i] = p
	}
	return out
}

// weekOf numbers the week a date is in, weeks starting on start.
func weekOf(date time.Time, start time.Weekday) int64 {
	day := floorDiv(date.Unix(), secondsPerDay)
	// 1970-01-01 was a Thursday.
	offset := (int64(time.Thursday) - int64(start) + 7) % 7
	return floorDiv(day+offset, 7)
}

// WorkPair is one stretch of work: a counted punch and the next one.
type WorkPair struct {
	In, Out *Punch
}

// WorkPairs are the day's in→out pairs of counted punches (1st–2nd,
// 3rd–4th, …): what work time is made of, breaks being the gaps between.
func WorkPairs(d *Day) []WorkPair {
	var out []WorkPair
	var in *Punch
	for k := range d.Punches {
		p := &d.Punches[k]
		if p.Status != StatusCounted {
			continue
		}
		if in == nil {
			in = p
		} else {
			out = append(out, WorkPair{In: in, Out: p})
			in = nil
		}
	}
	return out
}

// lateNight is the work time of the day between 22:00 and 05:00 local.
func lateNight(d *Day, loc *time.Location) int {
	var total time.Duration
	for _, w := range WorkPairs(d) {
		a, b := w.In.Time, w.Out.Time
		la := a.In(loc)
		// Night windows start on the evening before a's date, through b's.
		for day := time.Date(la.Year(), la.Month(), la.Day()-1, 0, 0, 0, 0, loc); !day.After(b); day = day.AddDate(0, 0, 1) {
			from := day.Add(LateNightStart)
			to := time.Date(day.Year(), day.Month(), day.Day()+1, 0, 0, 0, 0, loc).Add(LateNightEnd)
			if lo, hi := later(a, from), earlier(b, to); hi.After(lo) {
				total += hi.Sub(lo)
			}
		}
	}
	return int(total / time.Minute)
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// lateAndEarly compares the day's first and last counted punches with the
// standard hours on its business date.
func lateAndEarly(d *Day, date time.Time, std StandardHours, loc *time.Location) (late, early int) {
	midnight := time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, loc)
	start, end := midnight.Add(std.Start), midnight.Add(std.End)
	if std.End <= std.Start {
		end = time.Date(date.Year(), date.Month(), date.Day()+1, 0, 0, 0, 0, loc).Add(std.End)
	}
	if d.ClockIn != nil && d.ClockIn.After(start) {
		late = int(d.ClockIn.Sub(start) / time.Minute)
	}
	if d.ClockOut != nil && d.ClockOut.Before(end) {
		early = int(end.Sub(*d.ClockOut) / time.Minute)
	}
	return late, early
}
