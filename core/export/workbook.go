package export

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/punchdesk/punchdesk/core/rules"
)

// Number formats. Clock times use elapsed hours so that a night shift's
// clock-out reads 28:00 and 退勤 − 出勤 still subtracts; durations use [h]
// so that sums past 24 hours read 176:30, not 08:30.
const (
	fmtDate     = "yyyy/mm/dd"
	fmtClock    = "[hh]:mm"
	fmtDuration = "[h]:mm"
	fmtDecimal  = "0.00"
)

const (
	minutesPerDay = 24 * 60
	nextDayMark   = "翌"
)

// excelEpoch is day 0 of Excel's 1900 date system (as Excel counts it,
// which makes serials right from 1900-03-01 on).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

var weekdays = [7]string{"日", "月", "火", "水", "木", "金", "土"}

// summaryColumn is one figure of a staff member's month on 集計, after
// the code, name and group.
type summaryColumn struct {
	title string
	hours bool // a duration, else a count
	value func(t *rules.MonthTotals) int
}

var summaryColumns = []summaryColumn{
	{"出勤日数", false, func(t *rules.MonthTotals) int { return t.DaysWorked }},
	{"総労働時間", true, func(t *rules.MonthTotals) int { return t.WorkMinutes }},
	{"総休憩時間", true, func(t *rules.MonthTotals) int { return t.BreakMinutes }},
	{"時間外", true, func(t *rules.MonthTotals) int { return t.OvertimeMinutes }},
	{"深夜", true, func(t *rules.MonthTotals) int { return t.LateNightMinutes }},
	{"法定休日労働", true, func(t *rules.MonthTotals) int { return t.LegalHolidayMinutes }},
	{"祝日・会社休日労働", true, func(t *rules.MonthTotals) int { return t.HolidayMinutes }},
	{"遅刻回数", false, func(t *rules.MonthTotals) int { return t.LateCount }},
	{"遅刻時間", true, func(t *rules.MonthTotals) int { return t.LateMinutes }},
	{"早退回数", false, func(t *rules.MonthTotals) int { return t.EarlyLeaveCount }},
	{"早退時間", true, func(t *rules.MonthTotals) int { return t.EarlyLeaveMinutes }},
	{"異常体温", false, func(t *rules.MonthTotals) int { return t.FeverReadings }},
	{"マスクなし", false, func(t *rules.MonthTotals) int { return t.NoMaskReadings }},
	{"未承認打刻", false, func(t *rules.MonthTotals) int { return t.PendingPunches }},
	{"退勤打刻なし", false, func(t *rules.MonthTotals) int { return t.MissingClockOuts }},
	{"要確認日数", false, func(t *rules.MonthTotals) int { return t.FlaggedDays }},
}

var (
	summaryHeader = func() []string {
		h := []string{"スタッフコード", "氏名", "グループ"}
		for _, c := range summaryColumns {
			h = append(h, c.title)
		}
		return h
	}()
	// dayHeader is a day's columns, on the detail sheet after the code and
	// name and on the time cards alone.
	dayHeader = []string{"日付", "曜日", "祝日", "出勤", "退勤", "翌日", "休憩", "労働時間", "時間外", "深夜", "打刻数", "打刻備考", "フラグ"}
)

// Columns of dayHeader, counted from 0.
const (
	dayColDate = iota
	dayColWeekday
	dayColHoliday
	dayColIn
	dayColOut
	dayColNextDay
	dayColBreak
	dayColWork
	dayColOvertime
	dayColLateNight
	dayColCount
	dayColRemarks
	dayColFlags
	dayCols
)

// writer builds one workbook: begin opens its sheets, add writes one staff
// member's rows on every sheet that has them, finish closes them.
type writer struct {
	f     *excelize.File
	opt   Options
	first time.Time // the 1st of the month, UTC
	days  int       // days in the month
	// staff is every member in order: as sized by begin, each replaced by
	// the whole month as add writes them.
	staff    []staffRows
	title    string
	st       styles
	progress func(done, total int)

	summary, detail       *excelize.StreamWriter
	summaryRow, detailRow int // the last row written
	summaryBuf, detailBuf *rowBuf
	cardBuf               *rowBuf
	cardWidths            columnWidths
	sum                   rules.MonthTotals
}

func (x *writer) begin() error {
	f := x.f
	if err := f.SetSheetName("Sheet1", SummarySheet); err != nil {
		return fmt.Errorf("name summary sheet: %w", err)
	}
	for _, name := range []string{DetailSheet, PlaceSheet} {
		if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("add sheet %s: %w", name, err)
		}
	}
	if x.opt.PerStaffSheets {
		names := newSheetNamer(SummarySheet, DetailSheet, PlaceSheet)
		for i := range x.staff {
			s := &x.staff[i]
			s.sheet = names.name(strings.TrimSpace(s.Code+" "+s.Name), s.Code)
			if _, err := f.NewSheet(s.sheet); err != nil {
				return fmt.Errorf("add sheet %q: %w", s.sheet, err)
			}
		}
	}
	var err error
	if x.st, err = newStyles(f, x.opt.DecimalHours); err != nil {
		return err
	}
	if err := x.openSummary(); err != nil {
		return err
	}
	return x.openDetail()
}

// add writes the i-th staff member's rows: their line on the summary,
// their days on the detail sheet and their time card.
func (x *writer) add(i int) error {
	s := &x.staff[i]
	if err := x.summaryLine(s); err != nil {
		return err
	}
	if err := x.detailDays(s); err != nil {
		return err
	}
	if x.opt.PerStaffSheets {
		if err := x.writeCard(s, x.cardBuf, x.cardWidths); err != nil {
			return err
		}
	}
	if x.progress != nil {
		x.progress(i+1, len(x.staff))
	}
	return nil
}

// finish closes the summary with its totals and the detail sheet, and
// writes 打刻場所別 and the document's properties.
func (x *writer) finish() error {
	if err := x.closeSummary(); err != nil {
		return err
	}
	if err := x.detail.Flush(); err != nil {
		return fmt.Errorf("detail sheet: %w", err)
	}
	if err := x.writePlaces(); err != nil {
		return err
	}
	f := x.f
	description := "全スタッフ"
	if x.opt.Group != "" {
		description = "グループ: " + x.opt.Group
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:       x.title,
		Subject:     "月次勤怠（集計・出勤簿）",
		Description: description,
		Creator:     "PunchDesk",
		Created:     x.opt.GeneratedAt.UTC().Format(time.RFC3339),
		Modified:    x.opt.GeneratedAt.UTC().Format(time.RFC3339),
		Language:    "ja-JP",
	}); err != nil {
		return fmt.Errorf("document properties: %w", err)
	}
	if err := f.SetAppProps(&excelize.AppProperties{Application: "PunchDesk"}); err != nil {
		return fmt.Errorf("application properties: %w", err)
	}
	// The summary, the first sheet, is already the active one. (Setting it
	// again would make excelize parse every flushed sheet back.)
	return nil
}

// heading is the title row text: the month, and the group when filtered.
func (x *writer) heading() string {
	if x.opt.Group == "" {
		return x.title
	}
	return x.title + "　グループ: " + x.opt.Group
}

const summaryHeaderRow = 3

// openSummary opens 集計 and writes its title and header rows.
func (x *writer) openSummary() error {
	st := &x.st
	widths := make(columnWidths, len(summaryHeader))
	for i, h := range summaryHeader {
		widths.fit(i, h)
	}
	for _, s := range x.staff {
		widths.fit(0, s.Code)
		widths.fit(1, s.Name)
		widths.fit(2, s.Group)
	}
	sw, err := x.openSheet(sheetSetup{
		name: SummarySheet, frozenRows: summaryHeaderRow, widths: widths.excel(2),
		landscape: true, printTitles: true,
	})
	if err != nil {
		return err
	}
	x.summary = sw
	r := newRowBuf(len(summaryHeader))
	x.summaryBuf = r
	r.set(0, st.title, x.heading())
	if err := r.write(sw, 1, 1); err != nil {
		return err
	}
	r.set(0, st.note, fmt.Sprintf("出力日時 %s　スタッフ %d名",
		x.opt.GeneratedAt.In(x.opt.Location).Format("2006/01/02 15:04"), len(x.staff)))
	if err := r.write(sw, 2, 1); err != nil {
		return err
	}
	x.summaryRow = summaryHeaderRow
	return x.writeHeader(sw, r, summaryHeaderRow, summaryHeader)
}

// summaryLine writes a staff member's line of 集計.
func (x *writer) summaryLine(s *staffRows) error {
	st, r := &x.st, x.summaryBuf
	x.summaryRow++
	t := s.total
	r.set(0, st.text, s.Code)
	r.set(1, st.text, s.Name)
	r.set(2, st.text, s.Group)
	for i, c := range summaryColumns {
		if c.hours {
			r.set(3+i, st.hours, x.hours(c.value(&t)))
		} else {
			r.set(3+i, st.count, c.value(&t))
		}
	}
	x.sum.AddMonth(t)
	return r.write(x.summary, x.summaryRow, 1)
}

// closeSummary writes 集計's totals line and closes it.
func (x *writer) closeSummary() error {
	st, r, sum := &x.st, x.summaryBuf, &x.sum
	x.summaryRow++
	row := x.summaryRow
	r.set(0, st.totalText, "合計")
	r.set(1, st.totalText, nil)
	r.set(2, st.totalText, nil)
	for i, c := range summaryColumns {
		col := 3 + i
		style := st.totalCount
		var v any = c.value(sum)
		if c.hours {
			style, v = st.totalHours, x.hours(c.value(sum))
		}
		if len(x.staff) == 0 {
			// SUM over no rows would have to reach into the header.
			r.set(col, style, v)
			continue
		}
		r.formula(col, style, sumOf(col+1, summaryHeaderRow+1, row-1), v)
	}
	if err := r.write(x.summary, row, 1); err != nil {
		return err
	}
	if err := x.summary.Flush(); err != nil {
		return fmt.Errorf("summary sheet: %w", err)
	}
	return nil
}

// openDetail opens the detail sheet, sized for the days begin was given,
// and writes its header; it also sizes the time cards.
func (x *writer) openDetail() error {
	header := append([]string{"スタッフコード", "氏名"}, dayHeader...)
	widths := make(columnWidths, len(header))
	for i, h := range header {
		widths.fit(i, h)
	}
	widths.fit(2, "2026/11/30")
	for _, s := range x.staff {
		widths.fit(0, s.Code)
		widths.fit(1, s.Name)
	}
	cardWidths := make(columnWidths, dayCols)
	for i, h := range dayHeader {
		cardWidths.fit(i, h)
	}
	cardWidths.fit(dayColDate, "2026/11/30")
	cardWidths.fit(dayColFlags, flagText(&rules.Day{Flags: []rules.Flag{rules.FlagPending, rules.FlagMissingClockOut}}))
	cardWidths.fit(dayColRemarks, remarkText([]rules.Remark{rules.RemarkAbnormalTemperature, rules.RemarkNoMask}))
	for _, c := range []columnWidths{widths[2:], cardWidths} {
		c.fit(dayColIn, "28:00")
		c.fit(dayColOut, "28:00")
		c.fit(dayColBreak, "888:00")
		c.fit(dayColWork, "888:00")
	}
	// Remarks and flags are sized for what the month holds, so a month
	// without any keeps these columns narrow. Both are a day's own
	// (a pending punch flags its day), so days without punches size them.
	for _, s := range x.staff {
		for _, d := range s.days {
			if d != nil {
				widths.fit(2+dayColRemarks, remarkText(d.Remarks))
				widths.fit(2+dayColFlags, flagText(d))
			}
		}
	}
	last := 1 + len(x.staff)*x.days
	sw, err := x.openSheet(sheetSetup{
		name: DetailSheet, frozenRows: 1, widths: widths.excel(4), landscape: true, printTitles: true,
		filter: "A1:" + cellName(len(header), max(last, 2)),
	})
	if err != nil {
		return err
	}
	x.detail, x.cardWidths = sw, cardWidths
	x.detailBuf, x.cardBuf = newRowBuf(len(header)), newRowBuf(dayCols)
	x.detailRow = 1
	return x.writeHeader(sw, x.detailBuf, 1, header)
}

// detailDays writes a staff member's days on the detail sheet.
func (x *writer) detailDays(s *staffRows) error {
	st, r := &x.st, x.detailBuf
	for day := range x.days {
		x.detailRow++
		r.set(0, st.text, s.Code)
		r.set(1, st.text, s.Name)
		x.dayCells(r, 2, day, s.days[day])
		if err := r.write(x.detail, x.detailRow, 1); err != nil {
			return err
		}
	}
	return nil
}

const cardHeaderRow = 3

// writeCard writes one staff member's time card: the month as a column of
// days with totals below.
func (x *writer) writeCard(s *staffRows, r *rowBuf, widths columnWidths) error {
	st := &x.st
	w := append(columnWidths(nil), widths...)
	for _, d := range s.days {
		if d != nil {
			w.fit(dayColRemarks, remarkText(d.Remarks))
		}
	}
	sw, err := x.openSheet(sheetSetup{
		name: s.sheet, frozenRows: cardHeaderRow, widths: w.excel(2), fitHeight: 1,
	})
	if err != nil {
		return err
	}
	r.set(0, st.title, strings.TrimSpace("タイムカード　"+s.Code+"　"+s.Name))
	if err := r.write(sw, 1, 1); err != nil {
		return err
	}
	sub := fmt.Sprintf("%d年%d月", x.first.Year(), int(x.first.Month()))
	if s.Group != "" {
		sub += "　グループ: " + s.Group
	}
	r.set(0, st.note, sub)
	if err := r.write(sw, 2, 1); err != nil {
		return err
	}
	if err := x.writeHeader(sw, r, cardHeaderRow, dayHeader); err != nil {
		return err
	}
	row := cardHeaderRow
	for day := range x.days {
		row++
		x.dayCells(r, 0, day, s.days[day])
		if err := r.write(sw, row, 1); err != nil {
			return err
		}
	}
	firstDay, lastDay := cardHeaderRow+1, row
	row++
	for i := range dayCols {
		r.set(i, st.totalText, nil)
	}
	r.set(dayColDate, st.totalText, "合計")
	r.formula(dayColBreak, st.totalHours, sumOf(dayColBreak+1, firstDay, lastDay), x.hours(s.total.BreakMinutes))
	r.formula(dayColWork, st.totalHours, sumOf(dayColWork+1, firstDay, lastDay), x.hours(s.total.WorkMinutes))
	r.formula(dayColOvertime, st.totalHours, sumOf(dayColOvertime+1, firstDay, lastDay), x.hours(s.total.OvertimeMinutes))
	r.formula(dayColLateNight, st.totalHours, sumOf(dayColLateNight+1, firstDay, lastDay), x.hours(s.total.LateNightMinutes))
	r.formula(dayColCount, st.totalCount, sumOf(dayColCount+1, firstDay, lastDay), s.total.Punches)
	if err := r.write(sw, row, 1); err != nil {
		return err
	}
	row++
	r.set(dayColDate, st.totalText, "出勤日数")
	count := columnName(dayColCount + 1)
	r.formula(dayColWeekday, st.totalCount,
		fmt.Sprintf(`COUNTIF(%s%d:%s%d,">0")`, count, firstDay, count, lastDay), s.total.DaysWorked)
	if err := r.write(sw, row, 1); err != nil {
		return err
	}
	if err := x.writeSealBoxes(sw, r, row+2); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("sheet %q: %w", s.sheet, err)
	}
	return nil
}

// sealBoxes are the boxes a Japanese time card has for the hanko (確認印)
// of the staff member and of their superior.
var sealBoxes = []string{"本人", "上長"}

// writeSealBoxes writes the 確認印 boxes from row: their titles, then a
// tall empty box under each, at the right of the card.
func (x *writer) writeSealBoxes(sw *excelize.StreamWriter, r *rowBuf, row int) error {
	st := &x.st
	for i := range dayCols {
		r.set(i, 0, nil)
	}
	at := dayCols - len(sealBoxes)
	r.set(at-1, st.totalText, "確認印")
	for i, who := range sealBoxes {
		r.set(at+i, st.header, who)
	}
	if err := r.write(sw, row, 1); err != nil {
		return err
	}
	r.set(at-1, 0, nil)
	for i := range sealBoxes {
		r.set(at+i, st.text, nil) // bordered, empty: for the seal
	}
	return r.write(sw, row+1, 1, excelize.RowOpts{Height: 48})
}

// dayCells fills dayHeader's columns, from column at, for the day-th day
// (from 0) of the month; d is nil for a day without data.
func (x *writer) dayCells(r *rowBuf, at, day int, d *rules.Day) {
	st := &x.st
	date := x.first.AddDate(0, 0, day)
	weekdayStyle := st.weekday
	switch {
	case date.Weekday() == time.Sunday || d != nil && d.Pay.Holiday != "":
		weekdayStyle = st.sunday // holidays are red, as on a Japanese calendar
	case date.Weekday() == time.Saturday:
		weekdayStyle = st.saturday
	}
	r.set(at+dayColDate, st.date, int(date.Sub(excelEpoch)/(24*time.Hour)))
	r.set(at+dayColWeekday, weekdayStyle, weekdays[date.Weekday()])
	for i := dayColHoliday; i < dayCols; i++ {
		r.set(at+i, st.text, nil) // bordered, like the filled cells
	}
	if d != nil && d.Pay.Holiday != "" {
		r.set(at+dayColHoliday, st.text, d.Pay.Holiday)
	}
	if d == nil || !hasContent(d) {
		return
	}
	if d.ClockIn != nil {
		r.set(at+dayColIn, st.clock, float64(x.clockMinutes(date, *d.ClockIn))/minutesPerDay)
	}
	if d.ClockOut != nil {
		m := x.clockMinutes(date, *d.ClockOut)
		r.set(at+dayColOut, st.clock, float64(m)/minutesPerDay)
		if m >= minutesPerDay {
			r.set(at+dayColNextDay, st.center, nextDayMark)
		}
	}
	r.set(at+dayColBreak, st.hours, x.hours(d.BreakMinutes))
	r.set(at+dayColWork, st.hours, x.hours(d.WorkMinutes))
	r.set(at+dayColOvertime, st.hours, x.hours(d.Pay.OvertimeMinutes))
	r.set(at+dayColLateNight, st.hours, x.hours(d.Pay.LateNightMinutes))
	r.set(at+dayColCount, st.count, d.Counted)
	if s := remarkText(d.Remarks); s != "" {
		r.set(at+dayColRemarks, st.text, s)
	} else if d.FeverReadings > 0 || d.NoMaskReadings > 0 {
		r.set(at+dayColRemarks, st.text, remarkText(countRemarks(d)))
	}
	if s := flagText(d); s != "" {
		r.set(at+dayColFlags, st.flag, s)
	}
}

// hasContent tells a day with something to show from an empty one, which
// shows only its date.
func hasContent(d *rules.Day) bool {
	return d.Counted > 0 || d.ClockIn != nil || d.ClockOut != nil || isPending(d) ||
		len(d.Flags) > 0 || len(d.Remarks) > 0 || d.FeverReadings > 0 || d.NoMaskReadings > 0
}

func isPending(d *rules.Day) bool { return d.Has(rules.FlagPending) || d.PendingPunches() > 0 }

func countRemarks(d *rules.Day) []rules.Remark {
	var out []rules.Remark
	if d.FeverReadings > 0 {
		out = append(out, rules.RemarkAbnormalTemperature)
	}
	if d.NoMaskReadings > 0 {
		out = append(out, rules.RemarkNoMask)
	}
	return out
}

// remarkText words a day's remarks in a fixed order, each once.
func remarkText(rs []rules.Remark) string {
	if len(rs) == 0 {
		return ""
	}
	var parts []string
	for _, known := range []rules.Remark{rules.RemarkAbnormalTemperature, rules.RemarkNoMask} {
		for _, r := range rs {
			if r == known {
				parts = append(parts, remarkWord(r))
				break
			}
		}
	}
	for _, r := range rs {
		if r != rules.RemarkAbnormalTemperature && r != rules.RemarkNoMask && r != "" {
			parts = append(parts, remarkWord(r))
		}
	}
	return strings.Join(parts, "・")
}

func remarkWord(r rules.Remark) string {
	switch r {
	case rules.RemarkAbnormalTemperature:
		return "異常体温"
	case rules.RemarkNoMask:
		return "マスクなし"
	}
	return string(r)
}

// flagWords are the review flags as the workbook words them, in the order
// they are listed.
var flagWords = []struct {
	flag rules.Flag
	word string
}{
	{rules.FlagPending, "未承認あり"},
	{rules.FlagMissingClockOut, "退勤打刻なし"},
	{rules.FlagLongDay, "長時間"},
	{rules.FlagCrossingSuspected, "日替わり跨ぎの疑い"},
	{rules.FlagSuspectTime, "時刻異常"},
	{rules.FlagArrivedAfterClose, "締め後の認証あり"},
}

func flagText(d *rules.Day) string {
	var words []string
	for _, w := range flagWords {
		if (w.flag == rules.FlagPending && isPending(d)) || (w.flag != rules.FlagPending && d.Has(w.flag)) {
			words = append(words, w.word)
		}
	}
	return strings.Join(words, "・")
}

// clockMinutes is t as minutes after midnight of the business date, in the
// site's wall-clock time: past 1440 when t is on a later calendar day. The
// seconds are dropped so that the cell holds exactly the time it shows.
func (x *writer) clockMinutes(date, t time.Time) int {
	local := t.In(x.opt.Location)
	days := rules.DaysAfter(t, x.opt.Location, date.Format(time.DateOnly))
	return days*minutesPerDay + local.Hour()*60 + local.Minute()
}

// hours is a number of minutes as the cell value of the chosen hour format.
func (x *writer) hours(minutes int) float64 {
	if x.opt.DecimalHours {
		return float64(minutes) / 60
	}
	return float64(minutes) / minutesPerDay
}

func (x *writer) writeHeader(sw *excelize.StreamWriter, r *rowBuf, row int, header []string) error {
	for i, h := range header {
		r.set(i, x.st.header, h)
	}
	return r.write(sw, row, 1, excelize.RowOpts{Height: 20})
}

// sheetSetup is how a sheet is laid out and printed.
type sheetSetup struct {
	name        string
	frozenRows  int
	widths      []float64
	landscape   bool
	fitHeight   int    // pages tall when printed; 0 for as many as needed
	filter      string // auto-filter range, "" for none
	printTitles bool   // repeat the frozen rows on every printed page
}

// openSheet applies s and returns a stream writer for the sheet's rows.
// Everything here must precede the first row: a stream writer writes the
// sheet's properties, view and columns before its data.
func (x *writer) openSheet(s sheetSetup) (*excelize.StreamWriter, error) {
	f := x.f
	fail := func(what string, err error) (*excelize.StreamWriter, error) {
		return nil, fmt.Errorf("sheet %q %s: %w", s.name, what, err)
	}
	if s.filter != "" {
		// AutoFilter replaces the sheet properties, so it goes before
		// SetSheetProps.
		if err := f.AutoFilter(s.name, s.filter, nil); err != nil {
			return fail("auto-filter", err)
		}
	}
	if err := f.SetSheetProps(s.name, &excelize.SheetPropsOptions{FitToPage: ptr(true)}); err != nil {
		return fail("properties", err)
	}
	orientation := "portrait"
	if s.landscape {
		orientation = "landscape"
	}
	if err := f.SetPageLayout(s.name, &excelize.PageLayoutOptions{
		Size:        ptr(9), // A4
		Orientation: &orientation,
		FitToWidth:  ptr(1),
		FitToHeight: ptr(s.fitHeight),
	}); err != nil {
		return fail("page layout", err)
	}
	if err := f.SetHeaderFooter(s.name, &excelize.HeaderFooterOptions{
		OddHeader: "&L" + headerFooterText(x.heading()),
		OddFooter: "&C&P / &N",
	}); err != nil {
		return fail("header and footer", err)
	}
	if s.printTitles {
		if err := f.SetDefinedName(&excelize.DefinedName{
			Name:     "_xlnm.Print_Titles",
			RefersTo: fmt.Sprintf("'%s'!$1:$%d", strings.ReplaceAll(s.name, "'", "''"), s.frozenRows),
			Scope:    s.name,
		}); err != nil {
			return fail("print titles", err)
		}
	}
	sw, err := f.NewStreamWriter(s.name)
	if err != nil {
		return fail("stream", err)
	}
	top := "A" + strconv.Itoa(s.frozenRows+1)
	if err := sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: s.frozenRows, TopLeftCell: top, ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: top, ActiveCell: top, Pane: "bottomLeft"}},
	}); err != nil {
		return fail("panes", err)
	}
	// Each call puts its column first in <cols>, which Excel wants in
	// ascending order: so set them last to first.
	for i := len(s.widths) - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, s.widths[i]); err != nil {
			return fail("column width", err)
		}
	}
	return sw, nil
}

// rowBuf is one row's cells, reused from row to row.
type rowBuf struct {
	cells []excelize.Cell
	vals  []any
}

func newRowBuf(n int) *rowBuf {
	return &rowBuf{cells: make([]excelize.Cell, n), vals: make([]any, n)}
}

// set puts v in cell i. A string stays a string (an inline string), even
// when it starts with =, +, - or @: only formula sets a formula.
func (r *rowBuf) set(i, style int, v any) {
	r.cells[i] = excelize.Cell{StyleID: style, Value: v}
}

// formula puts a formula in cell i with its value as computed here, so
// that viewers which do not calculate show the right number too.
func (r *rowBuf) formula(i, style int, formula string, cached any) {
	r.cells[i] = excelize.Cell{StyleID: style, Formula: formula, Value: cached}
}

// write streams the row's cells from column col of row, leaving out cells
// never set, then clears the buffer.
func (r *rowBuf) write(sw *excelize.StreamWriter, row, col int, opts ...excelize.RowOpts) error {
	for i := range r.cells {
		c := &r.cells[i]
		if c.StyleID == 0 && c.Formula == "" && c.Value == nil {
			r.vals[i] = nil
		} else {
			r.vals[i] = c
		}
	}
	err := sw.SetRow(cellName(col, row), r.vals, opts...)
	clear(r.cells)
	if err != nil {
		return fmt.Errorf("sheet %q row %d: %w", sw.Sheet, row, err)
	}
	return nil
}

// headerFooterText escapes s for a print header, where & starts a code,
// and keeps it well inside the header's 255-character limit.
func headerFooterText(s string) string {
	return strings.ReplaceAll(truncateUTF16(s, 100), "&", "&&")
}

func cellName(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

func sumOf(col, from, to int) string {
	c := columnName(col)
	return fmt.Sprintf("SUM(%s%d:%s%d)", c, from, c, to)
}

func columnName(col int) string {
	name, _ := excelize.ColumnNumberToName(col)
	return name
}

func ptr[T any](v T) *T { return &v }

// noPlace names work whose clock-in has no location group.
const noPlace = "（場所なし）"

// placeMinutes is a month's work minutes by location group.
func placeMinutes(days []*rules.Day) map[string]int {
	at := map[string]int{}
	for _, d := range days {
		if d == nil {
			continue
		}
		for place, m := range d.PlaceMinutes {
			at[place] += m
		}
	}
	return at
}

// writePlaces writes 打刻場所別: each staff member's work time by location
// group, every in→out pair counted at the place of its clock-in.
func (x *writer) writePlaces() error {
	st := &x.st
	header := []string{"スタッフコード", "氏名", "打刻場所", "労働時間"}
	type line struct {
		code, name, place string
		minutes           int
	}
	var lines []line
	for _, s := range x.staff {
		at := s.places
		places := make([]string, 0, len(at))
		for p := range at {
			places = append(places, p)
		}
		sort.Strings(places)
		for _, p := range places {
			if x.opt.Place != "" && p != x.opt.Place {
				continue
			}
			name := p
			if name == "" {
				name = noPlace
			}
			lines = append(lines, line{s.Code, s.Name, name, at[p]})
		}
	}
	widths := make(columnWidths, len(header))
	for i, h := range header {
		widths.fit(i, h)
	}
	for _, l := range lines {
		widths.fit(0, l.code)
		widths.fit(1, l.name)
		widths.fit(2, l.place)
	}
	widths.fit(3, "888:00")
	sw, err := x.openSheet(sheetSetup{name: PlaceSheet, frozenRows: 1, widths: widths.excel(2), printTitles: true,
		filter: "A1:" + cellName(len(header), max(len(lines)+1, 2))})
	if err != nil {
		return err
	}
	r := newRowBuf(len(header))
	if err := x.writeHeader(sw, r, 1, header); err != nil {
		return err
	}
	total := 0
	for i, l := range lines {
		r.set(0, st.text, l.code)
		r.set(1, st.text, l.name)
		r.set(2, st.text, l.place)
		r.set(3, st.hours, x.hours(l.minutes))
		if err := r.write(sw, i+2, 1); err != nil {
			return err
		}
		total += l.minutes
	}
	row := len(lines) + 2
	r.set(0, st.totalText, "合計")
	r.set(1, st.totalText, nil)
	r.set(2, st.totalText, nil)
	if len(lines) == 0 {
		r.set(3, st.totalHours, x.hours(0))
	} else {
		r.formula(3, st.totalHours, sumOf(4, 2, row-1), x.hours(total))
	}
	if err := r.write(sw, row, 1); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("place sheet: %w", err)
	}
	return nil
}
