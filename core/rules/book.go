package rules

import (
	"slices"
	"time"
)

// What the attendance book, the workbook and punchctl show of a day, in
// one place: its calendar date, its pending punches, the 翌 of a night
// shift and the month's totals.

// Calendar is the business date as midnight UTC: its year, month, day and
// weekday are the date's. The zero time if Date is not a date.
func (d *Day) Calendar() time.Time {
	t, _ := parseDate(d.Date)
	return t
}

// PendingPunches counts the day's punches waiting for the administrator.
func (d *Day) PendingPunches() int {
	n := 0
	for i := range d.Punches {
		if d.Punches[i].Status == StatusPending {
			n++
		}
	}
	return n
}

// DaysAfter is how many calendar days, in loc, t falls after businessDate
// (YYYY-MM-DD): 1 for a night shift's clock-out the next morning (shown
// 翌04:00, or 28:00 in the workbook), 0 on the day itself.
func DaysAfter(t time.Time, loc *time.Location, businessDate string) int {
	date, err := parseDate(businessDate)
	if err != nil {
		return 0
	}
	local := t.In(loc)
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)
	return int(day.Sub(date) / (24 * time.Hour))
}

// ClockOutNextDay reports whether the day's clock-out falls on a later
// calendar day than its business date, in loc (a night shift).
func (d *Day) ClockOutNextDay(loc *time.Location) bool {
	return d.ClockOut != nil && DaysAfter(*d.ClockOut, loc, d.Date) > 0
}

// MonthTotals are a staff member's month, as the workbook's 集計 sheet,
// the attendance book's totals line and `punchctl summary` show it.
type MonthTotals struct {
	DaysWorked   int // days with a counted punch
	WorkMinutes  int
	BreakMinutes int
	Punches      int // counted punches
	// Payroll totals of the month.
	OvertimeMinutes, LateNightMinutes, LegalHolidayMinutes, HolidayMinutes int
	LateMinutes, EarlyLeaveMinutes                                         int
	LateCount, EarlyLeaveCount                                             int
	// Readings with a remark and pending punches; a day that carries the
	// remark or the pending flag counts at least once.
	FeverReadings, NoMaskReadings, PendingPunches int
	// Days that need a look: without clock-out, with pending punches, with
	// any flag.
	MissingClockOuts, PendingDays, FlaggedDays int
}

// Add counts one day into the month.
func (t *MonthTotals) Add(d *Day) {
	if d.Counted > 0 {
		t.DaysWorked++
	}
	t.WorkMinutes += d.WorkMinutes
	t.BreakMinutes += d.BreakMinutes
	t.Punches += d.Counted
	t.OvertimeMinutes += d.Pay.OvertimeMinutes
	t.LateNightMinutes += d.Pay.LateNightMinutes
	t.LegalHolidayMinutes += d.Pay.LegalHolidayMinutes
	t.HolidayMinutes += d.Pay.HolidayMinutes
	t.LateMinutes += d.Pay.LateMinutes
	t.EarlyLeaveMinutes += d.Pay.EarlyLeaveMinutes
	if d.Pay.LateMinutes > 0 {
		t.LateCount++
	}
	if d.Pay.EarlyLeaveMinutes > 0 {
		t.EarlyLeaveCount++
	}
	t.FeverReadings += atLeastOnce(d.FeverReadings, slices.Contains(d.Remarks, RemarkAbnormalTemperature))
	t.NoMaskReadings += atLeastOnce(d.NoMaskReadings, slices.Contains(d.Remarks, RemarkNoMask))
	t.PendingPunches += atLeastOnce(d.PendingPunches(), d.Has(FlagPending))
	if d.Has(FlagMissingClockOut) {
		t.MissingClockOuts++
	}
	if d.Has(FlagPending) {
		t.PendingDays++
	}
	if len(d.Flags) > 0 {
		t.FlaggedDays++
	}
}

// AddMonth adds another staff member's month, for a 合計 row.
func (t *MonthTotals) AddMonth(o MonthTotals) {
	t.DaysWorked += o.DaysWorked
	t.WorkMinutes += o.WorkMinutes
	t.BreakMinutes += o.BreakMinutes
	t.Punches += o.Punches
	t.OvertimeMinutes += o.OvertimeMinutes
	t.LateNightMinutes += o.LateNightMinutes
	t.LegalHolidayMinutes += o.LegalHolidayMinutes
	t.HolidayMinutes += o.HolidayMinutes
	t.LateMinutes += o.LateMinutes
	t.EarlyLeaveMinutes += o.EarlyLeaveMinutes
	t.LateCount += o.LateCount
	t.EarlyLeaveCount += o.EarlyLeaveCount
	t.FeverReadings += o.FeverReadings
	t.NoMaskReadings += o.NoMaskReadings
	t.PendingPunches += o.PendingPunches
	t.MissingClockOuts += o.MissingClockOuts
	t.PendingDays += o.PendingDays
	t.FlaggedDays += o.FlaggedDays
}

// Totals sums days into their month.
func Totals(days []Day) MonthTotals {
	var t MonthTotals
	for i := range days {
		t.Add(&days[i])
	}
	return t
}

// atLeastOnce keeps a day that carries a remark or flag from counting 0
// readings of it (a day stored before its counts were kept).
func atLeastOnce(n int, flagged bool) int {
	if n == 0 && flagged {
		return 1
	}
	return n
}
