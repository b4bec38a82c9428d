// Package export writes the monthly attendance workbook of SPEC §8: a 集計
// summary, the 出勤簿 detail with one row per staff member and calendar day,
// and, when asked, one time-card sheet per staff member.
//
// It is a pure writer: the caller gathers the month (core/site does) and
// passes it in; nothing here touches the database. Dates, clock times and
// durations are written as Excel serial numbers with number formats, so
// that sorting, filtering and sums work in Excel; text is always written as
// an inline string, so a name such as "=HYPERLINK(…)" can never become a
// formula.
package export

import (
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/punchdesk/punchdesk/core/rules"
)

// Sheet names of the workbook; time-card sheets follow them, named after
// their staff member.
const (
	SummarySheet = "集計"
	DetailSheet  = "出勤簿"
	PlaceSheet   = "打刻場所別"
)

// Options shape the workbook.
type Options struct {
	// DecimalHours writes work and break times as decimal hours (8.50, format
	// 0.00) instead of Excel durations (8:30, format [h]:mm), on every sheet.
	DecimalHours bool
	// PerStaffSheets adds one time-card sheet per staff member after the
	// detail sheet.
	PerStaffSheets bool
	// Group is the location group the month was filtered to, shown in the
	// titles and the document description; "" means every staff member.
	Group string
	// Place, when set, limits the 打刻場所別 sheet to one location group
	// (the month was filtered to the staff who worked there).
	Place string
	// Closed says the month was closed (締め済み), in every title.
	Closed bool
	// GeneratedAt is when the export was made, shown on the summary and
	// stored as the document's creation time; zero means now.
	GeneratedAt time.Time
	// Location is the site's time zone, in which punch instants become
	// clock times (rules.Settings.Location); nil means time.Local.
	Location *time.Location
}

// Day is one business day of a staff member, as core/site's BookDay has it,
// plus the punch counts the summary adds up.
type Day struct {
	// Date is the business date; only its year, month and day count.
	Date time.Time
	// ClockIn and ClockOut are the instants of the day's first and last
	// counted punches. A clock time on a later calendar day than Date (a
	// night shift) is written past 24:00, so 04:00 the next morning is 28:00.
	ClockIn, ClockOut *time.Time
	WorkMinutes       int
	BreakMinutes      int
	Counted           int // counted punches; ≥1 makes it a day worked
	// Flags are the day's review flags (退勤打刻なし, 未承認, …).
	Flags   []rules.Flag
	Remarks []rules.Remark
	// Punch counts of the day for the summary. When a count is 0 but the
	// matching remark or Pending is set, the day counts once.
	AbnormalTemperature int
	NoMask              int
	PendingPunches      int
	// Pay is the day's payroll figures (rules.PayOf) and holiday name.
	Pay rules.Pay
	// PlaceMinutes is the day's work by location group ("" none), each
	// in→out pair at the place of its clock-in.
	PlaceMinutes map[string]int
}

// StaffMonth is one staff member's month. Days may leave out days without
// punches; every calendar day gets a row regardless.
type StaffMonth struct {
	Code, Name, Group string
	Days              []Day
}

// Month is everything one workbook shows, staff in the order to list them.
type Month struct {
	Year  int
	Month time.Month
	Staff []StaffMonth
}

// Write renders m as an .xlsx workbook to w. progress, when not nil, is
// called after each staff member's rows with the number done and the total
// (the number of staff); compressing the workbook follows the last call.
func Write(w io.Writer, m Month, opt Options, progress func(done, total int)) error {
	staff, err := arrange(m)
	if err != nil {
		return err
	}
	if opt.Location == nil {
		opt.Location = time.Local
	}
	if opt.GeneratedAt.IsZero() {
		opt.GeneratedAt = time.Now()
	}
	f := excelize.NewFile()
	defer f.Close() // removes the stream writers' temporary files
	x := &writer{
		f:     f,
		opt:   opt,
		first: time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, time.UTC),
		staff: staff,
		title: fmt.Sprintf("出勤簿 %d年%d月", m.Year, int(m.Month)),
	}
	x.days = x.first.AddDate(0, 1, -1).Day()
	if opt.Closed {
		x.title += "（締め済み）"
	}
	if err := x.build(progress); err != nil {
		return fmt.Errorf("export %d-%02d: %w", m.Year, int(m.Month), err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("export %d-%02d: write workbook: %w", m.Year, int(m.Month), err)
	}
	return nil
}

// staffRows is one staff member with the month laid out by calendar day.
type staffRows struct {
	*StaffMonth
	days  []*Day // index 0 is the 1st; nil for days without data
	total totals
	sheet string // time-card sheet name
}

// totals are a staff member's month as the summary shows it.
type totals struct {
	daysWorked, work, rest, counted                int
	overtime, lateNight, legalHoliday, holidayWork int
	lateCount, late, earlyCount, early             int
	abnormal, noMask, pending, noFinish, flagged   int
}

// addMonth adds another staff member's month, for the 合計 row.
func (t *totals) addMonth(o *totals) {
	t.daysWorked += o.daysWorked
	t.work += o.work
	t.rest += o.rest
	t.counted += o.counted
	t.overtime += o.overtime
	t.lateNight += o.lateNight
	t.legalHoliday += o.legalHoliday
	t.holidayWork += o.holidayWork
	t.lateCount += o.lateCount
	t.late += o.late
	t.earlyCount += o.earlyCount
	t.early += o.early
	t.abnormal += o.abnormal
	t.noMask += o.noMask
	t.pending += o.pending
	t.noFinish += o.noFinish
	t.flagged += o.flagged
}

func (t *totals) add(d *Day) {
	if d.Counted > 0 {
		t.daysWorked++
	}
	t.work += d.WorkMinutes
	t.rest += d.BreakMinutes
	t.counted += d.Counted
	t.abnormal += atLeastOnce(d.AbnormalTemperature, hasRemark(d, rules.RemarkAbnormalTemperature))
	t.noMask += atLeastOnce(d.NoMask, hasRemark(d, rules.RemarkNoMask))
	t.pending += atLeastOnce(d.PendingPunches, d.has(rules.FlagPending))
	if d.has(rules.FlagMissingClockOut) {
		t.noFinish++
	}
	if len(d.Flags) > 0 {
		t.flagged++
	}
	t.overtime += d.Pay.OvertimeMinutes
	t.lateNight += d.Pay.LateNightMinutes
	t.legalHoliday += d.Pay.LegalHolidayMinutes
	t.holidayWork += d.Pay.HolidayMinutes
	t.late += d.Pay.LateMinutes
	t.early += d.Pay.EarlyLeaveMinutes
	if d.Pay.LateMinutes > 0 {
		t.lateCount++
	}
	if d.Pay.EarlyLeaveMinutes > 0 {
		t.earlyCount++
	}
}

// atLeastOnce keeps a caller that sets only the day's flag from showing 0
// next to a flagged day.
func atLeastOnce(n int, flagged bool) int {
	if n == 0 && flagged {
		return 1
	}
	return n
}

func (d *Day) has(f rules.Flag) bool { return slices.Contains(d.Flags, f) }

func hasRemark(d *Day, r rules.Remark) bool {
	for _, x := range d.Remarks {
		if x == r {
			return true
		}
	}
	return false
}

// arrange checks m and lays each staff member's days out by calendar day.
func arrange(m Month) ([]staffRows, error) {
	if m.Month < time.January || m.Month > time.December {
		return nil, fmt.Errorf("export: month %d is not 1-12", int(m.Month))
	}
	// Excel's serial dates are only right from 1900-03-01 on.
	if m.Year < 1901 || m.Year > 9999 {
		return nil, fmt.Errorf("export: year %d is out of Excel's range", m.Year)
	}
	days := time.Date(m.Year, m.Month+1, 0, 0, 0, 0, 0, time.UTC).Day()
	out := make([]staffRows, len(m.Staff))
	for i := range m.Staff {
		s := &m.Staff[i]
		r := staffRows{StaffMonth: s, days: make([]*Day, days)}
		for j := range s.Days {
			d := &s.Days[j]
			y, mo, day := d.Date.Date()
			if y != m.Year || mo != m.Month {
				return nil, fmt.Errorf("export %d-%02d: staff %q has a day %s outside the month", m.Year, int(m.Month), s.Code, d.Date.Format(time.DateOnly))
			}
			if r.days[day-1] != nil {
				return nil, fmt.Errorf("export %d-%02d: staff %q has %s twice", m.Year, int(m.Month), s.Code, d.Date.Format(time.DateOnly))
			}
			r.days[day-1] = d
			r.total.add(d)
		}
		out[i] = r
	}
	return out, nil
}
