package rules

import (
	"fmt"
	"time"
	_ "time/tzdata" // the site's zone must resolve on Windows PCs without a zoneinfo database
)

// tokyo is the SPEC's default site zone.
var tokyo = loadTokyo()

func loadTokyo() *time.Location {
	loc, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		// Unreachable with time/tzdata linked in; Japan has kept +09:00
		// without daylight saving since 1951, so the fixed zone is exact.
		return time.FixedZone("JST", 9*60*60)
	}
	return loc
}

const secondsPerDay = 24 * 60 * 60

// DefaultSettings returns the SPEC's defaults: punch option all, a 60 s
// duplicate window, day change at 00:00 in Asia/Tokyo, temperature check on
// at 37.5 °C, mask check on, and days over 13 hours flagged.
func DefaultSettings() Settings {
	return Settings{
		Mode:                 ModeAll,
		DuplicateWindow:      60 * time.Second,
		DayChange:            0,
		Location:             tokyo,
		TemperatureCheck:     true,
		TemperatureThreshold: 37.5,
		MaskCheck:            true,
		LongDay:              13 * time.Hour,
	}
}

// normalized gives every setting a meaning, so that the zero Settings work:
// an empty or unknown mode is all, a nil zone is Asia/Tokyo (the SPEC's
// default), a negative window is off and a day change outside [0, 24h) is
// midnight.
func (s Settings) normalized() Settings {
	switch s.Mode {
	case ModeAll, ModeFirstLast, ModeUnapprovedFirst:
	default:
		s.Mode = ModeAll
	}
	if s.Location == nil {
		s.Location = tokyo
	}
	if s.DuplicateWindow < 0 {
		s.DuplicateWindow = 0
	}
	if s.DayChange < 0 || s.DayChange >= 24*time.Hour {
		s.DayChange = 0
	}
	return s
}

// BusinessDate returns the business day (YYYY-MM-DD) t belongs to: its
// wall-clock date in s.Location, or the date before when its wall-clock time
// is earlier than s.DayChange. With day change 05:00 a punch at 03:10 on the
// 3rd belongs to the 2nd.
//
// A business day is the interval between two DayBounds starts, so dates never
// go backwards as time runs on: when a daylight-saving change repeats the
// day-change time, the day starts at its first occurrence and the repeated
// hour stays in the new day.
func BusinessDate(t time.Time, s Settings) string {
	s = s.normalized()
	day, _, _ := locateDay(t, s.DayChange, s.Location)
	return formatDay(day)
}

// DayBounds returns the instants where business day date (YYYY-MM-DD)
// starts (inclusive) and ends (exclusive), in s.Location. The start is the
// first instant the site's wall clock reads date at the day-change time, or
// the end of a daylight-saving gap that skips that time; a day the zone
// skipped entirely has start == end.
func DayBounds(date string, s Settings) (start, end time.Time, err error) {
	s = s.normalized()
	d, err := parseDate(date)
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("business day %q: %w", date, err)
	}
	day := floorDiv(d.Unix(), secondsPerDay)
	return dayStart(day, s.DayChange, s.Location), dayStart(day+1, s.DayChange, s.Location), nil
}

// locateDay returns the business day of t, as days since 1970-01-01 on the
// wall calendar, with its bounds.
func locateDay(t time.Time, dayChange time.Duration, loc *time.Location) (day int64, start, end time.Time) {
	_, offset := t.In(loc).Zone()
	wall := t.Unix() + int64(offset)
	day = floorDiv(wall, secondsPerDay)
	sinceMidnight := time.Duration(wall-day*secondsPerDay)*time.Second + time.Duration(t.Nanosecond())
	if sinceMidnight < dayChange {
		day--
	}
	// The wall clock is right except inside a repeated hour (or a zone that
	// jumped a whole day); the bounds settle it.
	start, end = dayStart(day, dayChange, loc), dayStart(day+1, dayChange, loc)
	for range 3 {
		if t.Before(end) {
			break
		}
		day, start, end = day+1, end, dayStart(day+2, dayChange, loc)
	}
	for range 3 {
		if !t.Before(start) {
			break
		}
		day, start, end = day-1, dayStart(day-1, dayChange, loc), start
	}
	return day, start, end
}

// dayStart returns the earliest instant whose wall clock in loc reads day
// (days since 1970-01-01) at dayChange or later. It walks the zone's
// periods from two days before, so it is exact across daylight-saving gaps,
// repeated hours and zones that skipped a date.
func dayStart(day int64, dayChange time.Duration, loc *time.Location) time.Time {
	target := day*secondsPerDay + int64(dayChange/time.Second)
	nsec := int64(dayChange % time.Second)
	// Every instant before u reads earlier than target: offsets are far
	// below two days.
	u := time.Unix(target-2*secondsPerDay, 0).In(loc)
	for range 16 {
		_, offset := u.Zone()
		_, periodEnd := u.ZoneBounds()
		// Within one period the wall clock is the instant plus a fixed
		// offset, so the first instant reading target is target − offset,
		// or the period's start when the clock jumped past target.
		c := time.Unix(target-int64(offset), nsec).In(loc)
		if c.Before(u) {
			c = u
		}
		if periodEnd.IsZero() || c.Before(periodEnd) {
			return c
		}
		u = periodEnd.In(loc)
	}
	return u
}

// formatDay formats days since 1970-01-01 as YYYY-MM-DD.
func formatDay(day int64) string {
	return time.Unix(day*secondsPerDay, 0).UTC().Format(time.DateOnly)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// SuggestDayChange picks a day-change hour (0–23) for a group from its
// recognitions counted per local hour: the hour in the middle of the
// longest run of hours (wrapping past midnight) that have the fewest
// recognitions, so that a night group working 22:00–06:30 gets a time
// around midday rather than the first quiet hour. ok is false when there
// are no recognitions to go by.
func SuggestDayChange(perHour [24]int) (hour int, ok bool) {
	fewest, total := perHour[0], 0
	for _, n := range perHour {
		fewest = min(fewest, n)
		total += n
	}
	if total == 0 {
		return 0, false
	}
	bestStart, bestLen := 0, 0
	for start := range 24 {
		if perHour[start] != fewest || perHour[(start+23)%24] == fewest {
			continue // not the first hour of a run
		}
		n := 0
		for n < 24 && perHour[(start+n)%24] == fewest {
			n++
		}
		if n > bestLen {
			bestStart, bestLen = start, n
		}
	}
	return (bestStart + bestLen/2) % 24, true
}

// parseDate is time.Parse(time.DateOnly, s) without its walk through the
// layout for the YYYY-MM-DD every stored date is written in: a month's
// export parses its 40,000 days' dates several times over. Anything else
// goes to time.Parse, which also words the error.
func parseDate(s string) (time.Time, error) {
	if len(s) == len(time.DateOnly) && s[4] == '-' && s[7] == '-' {
		y, okY := decimal(s[0:4])
		m, okM := decimal(s[5:7])
		d, okD := decimal(s[8:10])
		if okY && okM && okD && m >= 1 && m <= 12 && d >= 1 && d <= 31 {
			t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
			if t.Day() == d { // not a 30 February
				return t, nil
			}
		}
	}
	return time.Parse(time.DateOnly, s)
}

// decimal reads s made of ASCII digits only.
func decimal(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
