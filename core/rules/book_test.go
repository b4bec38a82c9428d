package rules

import (
	"testing"
	"time"
)

func TestDaysAfter(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		at   time.Time
		date string
		want int
	}{
		{"same day", time.Date(2026, 11, 10, 18, 0, 0, 0, tokyo), "2026-11-10", 0},
		{"night shift clock-out next morning", time.Date(2026, 11, 11, 4, 0, 0, 0, tokyo), "2026-11-10", 1},
		{"next morning in the zone though still the day before in UTC", time.Date(2026, 11, 10, 16, 30, 0, 0, time.UTC), "2026-11-10", 1},
		{"04:59 the next morning, before a 05:00 day change", time.Date(2026, 11, 11, 4, 59, 0, 0, tokyo), "2026-11-10", 1},
		{"across a month end", time.Date(2026, 12, 1, 3, 0, 0, 0, tokyo), "2026-11-30", 1},
		{"not a date", time.Date(2026, 11, 11, 4, 0, 0, 0, tokyo), "11/10", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := DaysAfter(c.at, tokyo, c.date); got != c.want {
				t.Errorf("DaysAfter(%s, %s) = %d, want %d", c.at, c.date, got, c.want)
			}
		})
	}
}

func TestClockOutNextDay(t *testing.T) {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	out := time.Date(2026, 11, 11, 6, 30, 0, 0, tokyo)
	evening := time.Date(2026, 11, 10, 18, 0, 0, 0, tokyo)
	for _, c := range []struct {
		name string
		day  Day
		want bool
	}{
		{"night shift", Day{Date: "2026-11-10", ClockOut: &out}, true},
		{"day shift", Day{Date: "2026-11-10", ClockOut: &evening}, false},
		{"no clock-out", Day{Date: "2026-11-10"}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.day.ClockOutNextDay(tokyo); got != c.want {
				t.Errorf("ClockOutNextDay = %v, want %v", got, c.want)
			}
		})
	}
}

func TestMonthTotals(t *testing.T) {
	pending := []Punch{{Status: StatusCounted}, {Status: StatusPending}, {Status: StatusPending}}
	for _, c := range []struct {
		name string
		days []Day
		want MonthTotals
	}{
		{"empty month", nil, MonthTotals{}},
		{"days worked count days with a counted punch", []Day{
			{WorkMinutes: 480, BreakMinutes: 60, Counted: 4}, {}, {WorkMinutes: 300, Counted: 2}},
			MonthTotals{DaysWorked: 2, WorkMinutes: 780, BreakMinutes: 60, Punches: 6}},
		{"payroll figures and late/early counts", []Day{
			{Counted: 2, Pay: Pay{OvertimeMinutes: 30, LateNightMinutes: 60, LateMinutes: 5}},
			{Counted: 2, Pay: Pay{HolidayMinutes: 480, EarlyLeaveMinutes: 20, LegalHolidayMinutes: 0}},
			{Counted: 2, Pay: Pay{LegalHolidayMinutes: 360, LateMinutes: 10}}},
			MonthTotals{DaysWorked: 3, Punches: 6, OvertimeMinutes: 30, LateNightMinutes: 60, HolidayMinutes: 480, LegalHolidayMinutes: 360,
				LateMinutes: 15, LateCount: 2, EarlyLeaveMinutes: 20, EarlyLeaveCount: 1}},
		{"readings and pending punches are counted", []Day{
			{Counted: 1, FeverReadings: 2, NoMaskReadings: 1, Remarks: []Remark{RemarkAbnormalTemperature, RemarkNoMask},
				Punches: pending, Flags: []Flag{FlagMissingClockOut, FlagPending}}},
			MonthTotals{DaysWorked: 1, Punches: 1, FeverReadings: 2, NoMaskReadings: 1, PendingPunches: 2,
				MissingClockOuts: 1, PendingDays: 1, FlaggedDays: 1}},
		{"a remark or pending flag without counts counts once", []Day{
			{Remarks: []Remark{RemarkAbnormalTemperature, RemarkNoMask}, Flags: []Flag{FlagPending}}},
			MonthTotals{FeverReadings: 1, NoMaskReadings: 1, PendingPunches: 1, PendingDays: 1, FlaggedDays: 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Totals(c.days); got != c.want {
				t.Errorf("Totals =\n %+v\nwant\n %+v", got, c.want)
			}
		})
	}
	t.Run("a month added to another sums every figure", func(t *testing.T) {
		a := MonthTotals{DaysWorked: 1, WorkMinutes: 2, BreakMinutes: 3, Punches: 4, OvertimeMinutes: 5, LateNightMinutes: 6,
			LegalHolidayMinutes: 7, HolidayMinutes: 8, LateMinutes: 9, EarlyLeaveMinutes: 10, LateCount: 11, EarlyLeaveCount: 12,
			FeverReadings: 13, NoMaskReadings: 14, PendingPunches: 15, MissingClockOuts: 16, PendingDays: 17, FlaggedDays: 18}
		var sum MonthTotals
		sum.AddMonth(a)
		sum.AddMonth(a)
		want := MonthTotals{DaysWorked: 2, WorkMinutes: 4, BreakMinutes: 6, Punches: 8, OvertimeMinutes: 10, LateNightMinutes: 12,
			LegalHolidayMinutes: 14, HolidayMinutes: 16, LateMinutes: 18, EarlyLeaveMinutes: 20, LateCount: 22, EarlyLeaveCount: 24,
			FeverReadings: 26, NoMaskReadings: 28, PendingPunches: 30, MissingClockOuts: 32, PendingDays: 34, FlaggedDays: 36}
		if sum != want {
			t.Errorf("AddMonth twice = %+v, want %+v", sum, want)
		}
	})
}

func TestDayCalendarAndPendingPunches(t *testing.T) {
	d := Day{Date: "2026-11-29", Punches: []Punch{{Status: StatusPending}, {Status: StatusCounted}, {Status: StatusRejected}}}
	if got := d.Calendar(); got != time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC) || got.Weekday() != time.Sunday {
		t.Errorf("Calendar() = %v", got)
	}
	if n := d.PendingPunches(); n != 1 {
		t.Errorf("PendingPunches() = %d, want 1", n)
	}
}
