package rules

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestDefaultSettings(t *testing.T) {
	s := DefaultSettings()
	if s.Mode != ModeAll || s.DuplicateWindow != time.Minute || s.DayChange != 0 || s.Location.String() != "Asia/Tokyo" ||
		!s.TemperatureCheck || s.TemperatureThreshold != 37.5 || !s.MaskCheck {
		t.Errorf("DefaultSettings() = %+v", s)
	}
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestBusinessDate(t *testing.T) {
	for _, c := range []struct {
		name      string
		zone      string
		dayChange time.Duration
		at        string // RFC 3339 with the offset the zone has then
		want      string
	}{
		{"day change 00:00: midnight starts the new day", "Asia/Tokyo", 0, "2026-04-03T00:00:00+09:00", "2026-04-03"},
		{"day change 00:00: a second before midnight is the old day", "Asia/Tokyo", 0, "2026-04-02T23:59:59+09:00", "2026-04-02"},
		{"day change 05:00: 03:10 on the 3rd belongs to the 2nd", "Asia/Tokyo", 5 * time.Hour, "2026-04-03T03:10:00+09:00", "2026-04-02"},
		{"day change 05:00: 05:00 on the 3rd is the 3rd", "Asia/Tokyo", 5 * time.Hour, "2026-04-03T05:00:00+09:00", "2026-04-03"},
		{"day change 05:00: a nanosecond before 05:00 is still the 2nd", "Asia/Tokyo", 5 * time.Hour, "2026-04-03T04:59:59.999999999+09:00", "2026-04-02"},
		{"day change 23:30: 23:45 on the 2nd is the 2nd", "Asia/Tokyo", 23*time.Hour + 30*time.Minute, "2026-04-02T23:45:00+09:00", "2026-04-02"},
		{"day change 23:30: 23:15 on the 2nd is the 1st", "Asia/Tokyo", 23*time.Hour + 30*time.Minute, "2026-04-02T23:15:00+09:00", "2026-04-01"},
		{"the instant is read in the site zone, not the zone it carries", "Asia/Tokyo", 0, "2026-04-02T16:00:00Z", "2026-04-03"},
		{"New York: 21:00 EDT is still the 2nd where Tokyo is already the 3rd", "America/New_York", 0, "2026-04-02T21:00:00-04:00", "2026-04-02"},
		{"New York with day change 04:00: 02:00 on the 3rd belongs to the 2nd", "America/New_York", 4 * time.Hour, "2026-04-03T02:00:00-04:00", "2026-04-02"},

		// Berlin springs forward on 2026-03-29 from 02:00 CET to 03:00 CEST,
		// so a 02:30 day change never shows on the clock that day.
		{"Berlin spring forward, day change 02:30: 01:59:59 CET is the day before", "Europe/Berlin", 2*time.Hour + 30*time.Minute, "2026-03-29T01:59:59+01:00", "2026-03-28"},
		{"Berlin spring forward, day change 02:30: 03:00 CEST is past 02:30, the new day", "Europe/Berlin", 2*time.Hour + 30*time.Minute, "2026-03-29T03:00:00+02:00", "2026-03-29"},
		{"Berlin spring forward, day change 02:30: 02:29 the day after is still the 29th", "Europe/Berlin", 2*time.Hour + 30*time.Minute, "2026-03-30T02:29:00+02:00", "2026-03-29"},
		// Berlin falls back on 2026-10-25 from 03:00 CEST to 02:00 CET, so
		// 02:00–02:59 shows twice.
		{"Berlin fall back, day change 02:30: 02:29:59 CEST is the day before", "Europe/Berlin", 2*time.Hour + 30*time.Minute, "2026-10-25T02:29:59+02:00", "2026-10-24"},
		{"Berlin fall back, day change 02:30: 02:30 CEST starts the day", "Europe/Berlin", 2*time.Hour + 30*time.Minute, "2026-10-25T02:30:00+02:00", "2026-10-25"},
		{"Berlin fall back, day change 02:30: the repeated 02:10 CET stays in the day that began", "Europe/Berlin", 2*time.Hour + 30*time.Minute, "2026-10-25T02:10:00+01:00", "2026-10-25"},
		{"Berlin fall back, day change 02:30: the second 02:30 CET is the same day", "Europe/Berlin", 2*time.Hour + 30*time.Minute, "2026-10-25T02:30:00+01:00", "2026-10-25"},
		{"Berlin fall back, day change 00:00: 02:10 CET is the 25th", "Europe/Berlin", 0, "2026-10-25T02:10:00+01:00", "2026-10-25"},
		// Samoa skipped 2011-12-30: 23:59:59 on the 29th (−10:00) was
		// followed by 00:00 on the 31st (+14:00).
		{"Samoa skipped a date: the last second of the 29th", "Pacific/Apia", 0, "2011-12-29T23:59:59-10:00", "2011-12-29"},
		{"Samoa skipped a date: the next second is the 31st", "Pacific/Apia", 0, "2011-12-31T00:00:00+14:00", "2011-12-31"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := DefaultSettings()
			s.Location, s.DayChange = mustZone(c.zone), c.dayChange
			at := mustTime(c.at)
			if got := BusinessDate(at, s); got != c.want {
				t.Errorf("BusinessDate(%s) = %s, want %s", at.In(s.Location), got, c.want)
			}
			start, end, err := DayBounds(c.want, s)
			if err != nil {
				t.Fatal(err)
			}
			if at.Before(start) || !at.Before(end) {
				t.Errorf("%s is outside DayBounds(%s) = [%s, %s)", at.In(s.Location), c.want, start, end)
			}
		})
	}
}

func TestDayBounds(t *testing.T) {
	for _, c := range []struct {
		name       string
		zone       string
		dayChange  time.Duration
		date       string
		start, end string // RFC 3339
		hours      float64
	}{
		{"Tokyo, day change 00:00", "Asia/Tokyo", 0, "2026-04-02", "2026-04-02T00:00:00+09:00", "2026-04-03T00:00:00+09:00", 24},
		{"Tokyo, day change 05:00", "Asia/Tokyo", 5 * time.Hour, "2026-04-02", "2026-04-02T05:00:00+09:00", "2026-04-03T05:00:00+09:00", 24},
		{"Tokyo, day change 05:00, a month end", "Asia/Tokyo", 5 * time.Hour, "2026-04-30", "2026-04-30T05:00:00+09:00", "2026-05-01T05:00:00+09:00", 24},
		{"New York, day change 00:00, across spring forward", "America/New_York", 0, "2026-03-08", "2026-03-08T00:00:00-05:00", "2026-03-09T00:00:00-04:00", 23},
		{"Berlin, day change 02:30, the day before spring forward ends when the clock jumps", "Europe/Berlin", 2*time.Hour + 30*time.Minute,
			"2026-03-28", "2026-03-28T02:30:00+01:00", "2026-03-29T03:00:00+02:00", 23.5},
		{"Berlin, day change 02:30, spring forward day starts at the jump", "Europe/Berlin", 2*time.Hour + 30*time.Minute,
			"2026-03-29", "2026-03-29T03:00:00+02:00", "2026-03-30T02:30:00+02:00", 23.5},
		{"Berlin, day change 02:30, fall back day starts at the first 02:30 and has 25 hours", "Europe/Berlin", 2*time.Hour + 30*time.Minute,
			"2026-10-25", "2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00", 25},
		{"Berlin, day change 02:30, the day before fall back has 24 hours", "Europe/Berlin", 2*time.Hour + 30*time.Minute,
			"2026-10-24", "2026-10-24T02:30:00+02:00", "2026-10-25T02:30:00+02:00", 24},
		{"Samoa, the skipped date is empty", "Pacific/Apia", 0, "2011-12-30", "2011-12-31T00:00:00+14:00", "2011-12-31T00:00:00+14:00", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := DefaultSettings()
			s.Location, s.DayChange = mustZone(c.zone), c.dayChange
			start, end, err := DayBounds(c.date, s)
			if err != nil {
				t.Fatal(err)
			}
			if !start.Equal(mustTime(c.start)) || !end.Equal(mustTime(c.end)) {
				t.Errorf("DayBounds(%s) = [%s, %s), want [%s, %s)", c.date, start, end, c.start, c.end)
			}
			if h := end.Sub(start).Hours(); h != c.hours {
				t.Errorf("day has %v hours, want %v", h, c.hours)
			}
			if start.Location() != s.Location {
				t.Errorf("bounds are in %s, want the site zone", start.Location())
			}
			if end.After(start) {
				if got := BusinessDate(start, s); got != c.date {
					t.Errorf("BusinessDate(start) = %s", got)
				}
				if got := BusinessDate(end.Add(-time.Nanosecond), s); got != c.date {
					t.Errorf("BusinessDate(end − 1 ns) = %s", got)
				}
			}
		})
	}
}

func TestDayBoundsRejectsABadDate(t *testing.T) {
	for _, date := range []string{"", "2026-4-2", "2026-02-30", "02/04/2026"} {
		if _, _, err := DayBounds(date, DefaultSettings()); err == nil || !strings.Contains(err.Error(), "business day") {
			t.Errorf("DayBounds(%q) error = %v, want one naming the business day", date, err)
		}
	}
}

// Every minute of a year in a zone with daylight saving, at an awkward day
// change, belongs to the day whose bounds hold it, and dates never go back.
func TestBusinessDateAgreesWithDayBoundsAllYear(t *testing.T) {
	for _, zone := range []string{"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Tokyo"} {
		s := DefaultSettings()
		s.Location, s.DayChange = mustZone(zone), 2*time.Hour+30*time.Minute
		prev := ""
		var start, end time.Time
		for t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC); t0.Year() == 2026; t0 = t0.Add(7 * time.Minute) {
			date := BusinessDate(t0, s)
			if date < prev {
				t.Fatalf("%s: %s is %s after %s", zone, t0.In(s.Location), date, prev)
			}
			if date != prev {
				var err error
				if start, end, err = DayBounds(date, s); err != nil {
					t.Fatal(err)
				}
				prev = date
			}
			if t0.Before(start) || !t0.Before(end) {
				t.Fatalf("%s: %s is %s but outside [%s, %s)", zone, t0.In(s.Location), date, start, end)
			}
		}
	}
}

func TestSuggestDayChange(t *testing.T) {
	hours := func(busy ...int) [24]int {
		var h [24]int
		for _, b := range busy {
			h[b] += 10
		}
		return h
	}
	for _, c := range []struct {
		name    string
		perHour [24]int
		want    int
		ok      bool
	}{
		{"a night group working 22:00–06:30 gets a time around midday", hours(22, 23, 0, 1, 2, 3, 4, 5, 6), 14, true},
		{"a day group working 08:00–18:00 gets a time in the middle of the night", hours(8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18), 1, true},
		{"of two quiet runs the longer one wins", hours(0, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18), 21, true},
		{"the quiet run may wrap past midnight", hours(3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20), 0, true},
		{"the fewest need not be none: a 24-hour site's quietest hours", func() [24]int {
			var h [24]int
			for i := range h {
				h[i] = 50
			}
			h[3], h[4], h[5] = 7, 7, 7
			return h
		}(), 4, true},
		{"no recognitions, no suggestion", [24]int{}, 0, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, ok := SuggestDayChange(c.perHour)
			if got != c.want || ok != c.ok {
				t.Errorf("SuggestDayChange = %d, %v; want %d, %v", got, ok, c.want, c.ok)
			}
		})
	}
}

func TestParseDateIsTimeParseForEveryDate(t *testing.T) {
	inputs := []string{
		"", "2026-11-3", "2026-1-30", "2026/11/30", "2026-11-30 ", " 2026-11-30", "２０２６-11-30",
		"+026-11-30", "-026-11-30", "2026-+1-30", "2026-11-+3", "2026-00-10", "2026-13-10", "2026-11-00",
		"2026-11-31", "2026-11-32", "2026-02-29", "2024-02-29", "2100-02-29", "2000-02-29", "0000-01-01",
		"9999-12-31", "2026-11-3x", "2026x11-30", "20261130xx",
	}
	// Every day of four years, a leap year among them, and a day past
	// each month's last.
	for day := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() < 2027; day = day.AddDate(0, 0, 1) {
		inputs = append(inputs, day.Format(time.DateOnly))
		if day.AddDate(0, 0, 1).Day() == 1 {
			inputs = append(inputs, fmt.Sprintf("%04d-%02d-%02d", day.Year(), int(day.Month()), day.Day()+1))
		}
	}
	for _, in := range inputs {
		want, wantErr := time.Parse(time.DateOnly, in)
		got, err := parseDate(in)
		if !got.Equal(want) || got.Location() != want.Location() || (err == nil) != (wantErr == nil) ||
			(err != nil && err.Error() != wantErr.Error()) {
			t.Errorf("parseDate(%q) = %v, %v; time.Parse gives %v, %v", in, got, err, want, wantErr)
		}
	}
}
