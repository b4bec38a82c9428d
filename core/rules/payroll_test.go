package rules

import (
	"fmt"
	"testing"
	"time"
)

// shift is one day of counted face punches, "HH:MM" on an April 2026 date
// (or, for dates before it, March).
func shifts(t *testing.T, s Settings, days ...[]string) []Day {
	t.Helper()
	tokyo := mustZone("Asia/Tokyo")
	var in Input
	id := int64(1)
	for _, d := range days {
		date, err := time.ParseInLocation(time.DateOnly, d[0], tokyo)
		if err != nil {
			t.Fatal(err)
		}
		for _, hm := range d[1:] {
			var h, m, plus int
			if _, err := fmt.Sscanf(hm, "%d:%d+%d", &h, &m, &plus); err != nil {
				if _, err := fmt.Sscanf(hm, "%d:%d", &h, &m); err != nil {
					t.Fatal(err)
				}
			}
			in.Faces = append(in.Faces, Face{RecordID: id, Time: date.AddDate(0, 0, plus).Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)})
			id++
		}
	}
	return Compute(in, s, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
}

func TestPayrollFigures(t *testing.T) {
	sunday := &PayrollSettings{WeekStart: time.Sunday, LegalHoliday: time.Sunday}
	for _, c := range []struct {
		name     string
		settings func(*Settings)
		payroll  *PayrollSettings // nil: weeks from Sunday, no legal holiday
		holidays map[string]string
		days     [][]string // date, then punch times "HH:MM" (+N for N days later)
		want     []Pay      // by the days' dates; Date is filled in
	}{{
		name: "exactly 8 hours of work is no overtime",
		days: [][]string{{"2026-04-01", "09:00", "17:00"}},
		want: []Pay{{}},
	}, {
		name: "a minute over 8 hours is a minute of overtime",
		days: [][]string{{"2026-04-01", "09:00", "17:01"}},
		want: []Pay{{OvertimeMinutes: 1}},
	}, {
		name: "breaks are not work: 8 hours and a minute around a lunch hour",
		days: [][]string{{"2026-04-01", "09:00", "12:00", "13:00", "18:01"}},
		want: []Pay{{OvertimeMinutes: 1}},
	}, {
		name:     "a night shift 22:00–07:00 with a break across 05:00 has late-night work up to the break only",
		settings: func(s *Settings) { s.DayChange = 12 * time.Hour },
		days:     [][]string{{"2026-04-01", "22:00", "04:30+1", "05:30+1", "07:00+1"}},
		want:     []Pay{{LateNightMinutes: 390}},
	}, {
		name:     "late-night work is counted on both sides of midnight",
		settings: func(s *Settings) { s.DayChange = 12 * time.Hour },
		days:     [][]string{{"2026-04-01", "21:00", "06:00+1"}},
		want:     []Pay{{OvertimeMinutes: 60, LateNightMinutes: 420}},
	}, {
		name: "beyond 40 hours a week is overtime, each minute counted once",
		// Mon–Fri 9 hours (an hour of daily overtime each), then Saturday's
		// 8 hours all beyond the week's 40.
		days: [][]string{{"2026-04-06", "09:00", "18:00"}, {"2026-04-07", "09:00", "18:00"}, {"2026-04-08", "09:00", "18:00"},
			{"2026-04-09", "09:00", "18:00"}, {"2026-04-10", "09:00", "18:00"}, {"2026-04-11", "09:00", "17:00"}},
		want: []Pay{{OvertimeMinutes: 60}, {OvertimeMinutes: 60}, {OvertimeMinutes: 60}, {OvertimeMinutes: 60}, {OvertimeMinutes: 60},
			{OvertimeMinutes: 480}},
	}, {
		name: "a week crossing into the month still counts the days before it",
		days: [][]string{{"2026-03-30", "09:00", "17:00"}, {"2026-03-31", "09:00", "17:00"}, {"2026-04-01", "09:00", "17:00"},
			{"2026-04-02", "09:00", "17:00"}, {"2026-04-03", "09:00", "17:00"}, {"2026-04-04", "09:00", "13:00"}},
		want: []Pay{{}, {}, {}, {}, {}, {OvertimeMinutes: 240}},
	}, {
		name:    "with weeks starting on Monday the same Saturday is still within the week's 40 hours after a Sunday",
		payroll: &PayrollSettings{WeekStart: time.Monday, LegalHoliday: time.Sunday},
		days:    [][]string{{"2026-04-04", "09:00", "17:00"}, {"2026-04-06", "09:00", "17:00"}},
		want:    []Pay{{}, {}},
	}, {
		name:    "work on the legal holiday is holiday work, not overtime, and not part of the week",
		payroll: sunday,
		days: [][]string{{"2026-04-05", "09:00", "19:00"}, {"2026-04-06", "09:00", "17:00"}, {"2026-04-07", "09:00", "17:00"},
			{"2026-04-08", "09:00", "17:00"}, {"2026-04-09", "09:00", "17:00"}, {"2026-04-10", "09:00", "17:00"}},
		want: []Pay{{LegalHoliday: true, LegalHolidayMinutes: 600}, {}, {}, {}, {}, {}},
	}, {
		name:     "a national holiday on the legal-holiday weekday is legal-holiday work, with the holiday's name",
		payroll:  sunday,
		holidays: map[string]string{"2026-04-05": "試験の祝日"},
		days:     [][]string{{"2026-04-05", "09:00", "17:00"}},
		want:     []Pay{{LegalHoliday: true, LegalHolidayMinutes: 480, Holiday: "試験の祝日"}},
	}, {
		name:     "work on a national holiday on a weekday is reported, and overtime as on any day",
		holidays: map[string]string{"2026-04-29": "昭和の日"},
		days:     [][]string{{"2026-04-29", "09:00", "18:00"}},
		want:     []Pay{{Holiday: "昭和の日", HolidayMinutes: 540, OvertimeMinutes: 60}},
	}, {
		name:    "with standard hours 09:00–18:00 a 09:10 clock-in is 10 minutes late and a 17:30 clock-out 30 minutes early",
		payroll: &PayrollSettings{LegalHoliday: 7, Standard: &StandardHours{Start: 9 * time.Hour, End: 18 * time.Hour}},
		days:    [][]string{{"2026-04-01", "09:10", "12:00", "13:00", "17:30"}},
		want:    []Pay{{LateMinutes: 10, EarlyLeaveMinutes: 30}},
	}, {
		name:     "a night group's standard hours end the next morning",
		settings: func(s *Settings) { s.DayChange = 12 * time.Hour },
		payroll:  &PayrollSettings{LegalHoliday: 7, Standard: &StandardHours{Start: 22 * time.Hour, End: 6 * time.Hour}},
		days:     [][]string{{"2026-04-01", "22:05", "05:50+1"}},
		want:     []Pay{{LateMinutes: 5, EarlyLeaveMinutes: 10, LateNightMinutes: 415}},
	}, {
		name:     "a holiday binds no standard hours: no late arrival or early leave",
		payroll:  &PayrollSettings{LegalHoliday: time.Sunday, Standard: &StandardHours{Start: 9 * time.Hour, End: 18 * time.Hour}},
		holidays: map[string]string{"2026-04-29": "昭和の日"},
		days:     [][]string{{"2026-04-05", "10:00", "15:00"}, {"2026-04-29", "10:00", "15:00"}},
		want:     []Pay{{LegalHoliday: true, LegalHolidayMinutes: 300}, {Holiday: "昭和の日", HolidayMinutes: 300}},
	}, {
		name:    "arriving early and leaving late is neither late nor early",
		payroll: &PayrollSettings{LegalHoliday: 7, Standard: &StandardHours{Start: 9 * time.Hour, End: 18 * time.Hour}},
		days:    [][]string{{"2026-04-01", "08:50", "18:10"}},
		want:    []Pay{{OvertimeMinutes: 80}},
	}} {
		t.Run(c.name, func(t *testing.T) {
			s := DefaultSettings()
			if c.settings != nil {
				c.settings(&s)
			}
			ps := PayrollSettings{WeekStart: time.Sunday, LegalHoliday: 7} // 7: no weekday is the legal holiday
			if c.payroll != nil {
				ps = *c.payroll
			}
			days := shifts(t, s, c.days...)
			got := PayOf(days, s, ps, c.holidays)
			if len(got) != len(c.want) {
				t.Fatalf("%d days, want %d: %+v", len(got), len(c.want), got)
			}
			for i := range got {
				want := c.want[i]
				want.Date = days[i].Date
				if got[i] != want {
					t.Errorf("%s: got %+v\nwant %+v", days[i].Date, got[i], want)
				}
			}
		})
	}
}

func TestAnOpenDayHasNoPayrollFiguresYet(t *testing.T) {
	s := DefaultSettings()
	in := Input{Faces: []Face{face(1, "01 09:00:00"), face(2, "01 19:00:00")}}
	days := Compute(in, s, at("01 20:00:00"))
	got := PayOf(days, s, PayrollSettings{Standard: &StandardHours{Start: 8 * time.Hour, End: 18 * time.Hour}}, nil)
	if want := (Pay{Date: "2026-04-01"}); got[0] != want {
		t.Errorf("open day = %+v, want %+v", got[0], want)
	}
}
