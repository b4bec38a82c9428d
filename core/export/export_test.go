package export

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/punchdesk/punchdesk/core/rules"
)

var jst = time.FixedZone("JST", 9*60*60)

// at is a wall-clock instant in the site's zone.
func at(day, hour, minute int) *time.Time {
	t := time.Date(2026, time.November, day, hour, minute, 0, 0, jst)
	return &t
}

func date(day int) string {
	return time.Date(2026, time.November, day, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
}

const (
	injectName  = `=HYPERLINK("http://evil.example/","click")`
	injectCode  = "=SUM(A1)"
	injectGroup = "@cmd"
)

// fixture is November 2026 (30 days, the 1st a Sunday) with three staff:
// a day shift, a night shift past midnight, a pending day with remarks and
// no clock-out; a member whose code, name and group look like formulas;
// and a member without punches.
func fixture() Month {
	return Month{Year: 2026, Month: time.November, Staff: []StaffMonth{
		{Code: "1001", Name: "佐藤 健太", Group: "本社", Days: []rules.Day{
			{Date: date(2), ClockIn: at(2, 9, 0), ClockOut: at(2, 18, 0), WorkMinutes: 480, BreakMinutes: 60, Counted: 4},
			{Date: date(3), ClockIn: at(3, 22, 0), ClockOut: at(4, 4, 0), WorkMinutes: 360, Counted: 2},
			{Date: date(5), ClockIn: at(5, 8, 58), Counted: 1, Flags: []rules.Flag{rules.FlagMissingClockOut, rules.FlagPending},
				Punches: []rules.Punch{{Status: rules.StatusCounted}, {Status: rules.StatusPending}, {Status: rules.StatusPending}},
				Remarks: []rules.Remark{rules.RemarkNoMask, rules.RemarkAbnormalTemperature}, FeverReadings: 1, NoMaskReadings: 3},
		}},
		{Code: injectCode, Name: injectName, Group: injectGroup, Days: []rules.Day{
			{Date: date(30), ClockIn: at(30, 10, 15), ClockOut: at(30, 12, 45), WorkMinutes: 150, Counted: 2},
		}},
		{Code: "1003", Name: "+81-3-0000", Group: "-1"},
	}}
}

func writeBook(t testing.TB, m Month, opt Options) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, m, opt, nil); err != nil {
		t.Fatalf("Write: %v", err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("open written workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

var defaultOpt = Options{Location: jst, GeneratedAt: time.Date(2026, 12, 1, 9, 30, 0, 0, jst)}

func value(t testing.TB, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell)
	if err != nil {
		t.Fatalf("%s!%s: %v", sheet, cell, err)
	}
	return v
}

func raw(t testing.TB, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("%s!%s: %v", sheet, cell, err)
	}
	return v
}

// number checks that a cell holds a number (not text) with the number
// format want, and returns it.
func number(t testing.TB, f *excelize.File, sheet, cell, wantFmt string) float64 {
	t.Helper()
	typ, err := f.GetCellType(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("%s!%s has cell type %v, want a number", sheet, cell, typ)
	}
	v, err := strconv.ParseFloat(raw(t, f, sheet, cell), 64)
	if err != nil {
		t.Fatalf("%s!%s is not a number: %v", sheet, cell, err)
	}
	if got := numFmt(t, f, sheet, cell); got != wantFmt {
		t.Errorf("%s!%s number format = %q, want %q", sheet, cell, got, wantFmt)
	}
	return v
}

func numFmt(t testing.TB, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	return "builtin " + strconv.Itoa(st.NumFmt)
}

func near(a, b float64) bool { d := a - b; return d < 1e-9 && d > -1e-9 }

func row(t testing.TB, f *excelize.File, sheet string, n int) []string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if n > len(rows) {
		t.Fatalf("%s has %d rows, want row %d", sheet, len(rows), n)
	}
	return rows[n-1]
}

func TestSheetsInOrder(t *testing.T) {
	tests := []struct {
		name     string
		perStaff bool
		want     []string
	}{
		{"summary, detail and places only", false, []string{"集計", "出勤簿", "打刻場所別"}},
		{"a time card per staff member after them", true, []string{"集計", "出勤簿", "打刻場所別", "1001 佐藤 健太", `=SUM(A1) =HYPERLINK("httpevil.e`, "1003 +81-3-0000"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := defaultOpt
			opt.PerStaffSheets = tt.perStaff
			f := writeBook(t, fixture(), opt)
			got := f.GetSheetList()
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("sheets = %q, want %q", got, tt.want)
			}
			if f.GetActiveSheetIndex() != 0 {
				t.Errorf("active sheet = %d, want the summary", f.GetActiveSheetIndex())
			}
		})
	}
}

func TestSummary(t *testing.T) {
	f := writeBook(t, fixture(), defaultOpt)
	if got := value(t, f, "集計", "A1"); got != "出勤簿 2026年11月" {
		t.Errorf("title = %q", got)
	}
	if got := value(t, f, "集計", "A2"); got != "出力日時 2026/12/01 09:30　スタッフ 3名" {
		t.Errorf("note = %q", got)
	}
	wantHeader := "スタッフコード|氏名|グループ|出勤日数|総労働時間|総休憩時間|時間外|深夜|法定休日労働|祝日・会社休日労働|遅刻回数|遅刻時間|早退回数|早退時間|異常体温|マスクなし|未承認打刻|退勤打刻なし|要確認日数"
	if got := strings.Join(row(t, f, "集計", 3), "|"); got != wantHeader {
		t.Errorf("header = %s", got)
	}
	// 佐藤: three days worked, 8:00+6:00 work, 1:00 break, one abnormal
	// temperature, three punches without a mask, two pending, one day
	// without a clock-out.
	if got := strings.Join(row(t, f, "集計", 4), "|"); got != "1001|佐藤 健太|本社|3|14:00|1:00|0:00|0:00|0:00|0:00|0|0:00|0|0:00|1|3|2|1|1" {
		t.Errorf("1001 row = %s", got)
	}
	if got := strings.Join(row(t, f, "集計", 6), "|"); got != "1003|+81-3-0000|-1|0|0:00|0:00|0:00|0:00|0:00|0:00|0|0:00|0|0:00|0|0|0|0|0" {
		t.Errorf("1003 row = %s", got)
	}
	if v := number(t, f, "集計", "E4", "[h]:mm"); !near(v, 14.0/24) {
		t.Errorf("1001 work = %v days, want 14 h", v)
	}
	if got := value(t, f, "集計", "A7"); got != "合計" {
		t.Errorf("totals label = %q", got)
	}
	for col, want := range map[string]string{"D": "4", "E": "16:30", "F": "1:00", "G": "0:00", "O": "1", "P": "3", "Q": "2", "R": "1"} {
		cell := col + "7"
		formula, err := f.GetCellFormula("集計", cell)
		if err != nil {
			t.Fatal(err)
		}
		if wantF := "SUM(" + col + "4:" + col + "6)"; formula != wantF {
			t.Errorf("%s formula = %q, want %q", cell, formula, wantF)
		}
		if got := value(t, f, "集計", cell); got != want {
			t.Errorf("%s cached total = %q, want %q", cell, got, want)
		}
	}
}

func TestSummaryTitleNamesTheGroup(t *testing.T) {
	opt := defaultOpt
	opt.Group = "本社"
	f := writeBook(t, fixture(), opt)
	if got := value(t, f, "集計", "A1"); got != "出勤簿 2026年11月　グループ: 本社" {
		t.Errorf("title = %q", got)
	}
}

func TestDetail(t *testing.T) {
	f := writeBook(t, fixture(), defaultOpt)
	const s = "出勤簿"
	wantHeader := "スタッフコード|氏名|日付|曜日|祝日|出勤|退勤|翌日|休憩|労働時間|時間外|深夜|打刻数|打刻備考|フラグ"
	if got := strings.Join(row(t, f, s, 1), "|"); got != wantHeader {
		t.Errorf("header = %s", got)
	}
	rows, err := f.GetRows(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+3*30 {
		t.Fatalf("detail has %d rows, want a header and 30 days for each of 3 staff", len(rows))
	}
	// Row 2 is 1001's November 1st, row 3 the 2nd. Clock times are checked
	// as excelize renders [hh]:mm ("9:00"; Excel pads to "09:00"); their
	// values and formats are checked exactly below.
	tests := []struct {
		name string
		row  int
		want string
	}{
		{"a day without punches shows only its date", 2, "1001|佐藤 健太|2026/11/01|日"},
		{"a day shift", 3, "1001|佐藤 健太|2026/11/02|月||9:00|18:00||1:00|8:00|0:00|0:00|4"},
		{"a night shift ends the next morning", 4, "1001|佐藤 健太|2026/11/03|火||22:00|28:00|翌|0:00|6:00|0:00|0:00|2"},
		{"a pending day with remarks and no clock-out", 6, "1001|佐藤 健太|2026/11/05|木||8:58|||0:00|0:00|0:00|0:00|1|異常体温・マスクなし|未承認あり・退勤打刻なし"},
		{"a Saturday", 8, "1001|佐藤 健太|2026/11/07|土"},
		{"the last day of the second member", 61, injectCode + "|" + injectName + "|2026/11/30|月||10:15|12:45||0:00|2:30|0:00|0:00|2"},
		{"a member without punches still has every day", 91, "1003|+81-3-0000|2026/11/30|月"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(row(t, f, s, tt.row), "|"); got != tt.want {
				t.Errorf("row %d = %s\nwant      %s", tt.row, got, tt.want)
			}
		})
	}

	t.Run("dates are Excel dates", func(t *testing.T) {
		if v := number(t, f, s, "C3", "yyyy/mm/dd"); v != 46328 {
			t.Errorf("2026-11-02 = %v, want serial 46328", v)
		}
	})
	t.Run("clock times are Excel times", func(t *testing.T) {
		if v := number(t, f, s, "F3", "[hh]:mm"); !near(v, 9.0/24) {
			t.Errorf("09:00 = %v", v)
		}
		if v := number(t, f, s, "G3", "[hh]:mm"); !near(v, 18.0/24) {
			t.Errorf("18:00 = %v", v)
		}
	})
	t.Run("a night shift's clock-out is past 24 hours of its business day", func(t *testing.T) {
		if v := number(t, f, s, "G4", "[hh]:mm"); !near(v, 28.0/24) {
			t.Errorf("04:00 next day = %v, want 28 h", v)
		}
		if got := value(t, f, s, "H3"); got != "" {
			t.Errorf("day shift 翌日 = %q, want empty", got)
		}
	})
	t.Run("durations are Excel durations", func(t *testing.T) {
		if v := number(t, f, s, "I3", "[h]:mm"); !near(v, 1.0/24) {
			t.Errorf("break = %v", v)
		}
		if v := number(t, f, s, "J3", "[h]:mm"); !near(v, 8.0/24) {
			t.Errorf("work = %v", v)
		}
		if v := number(t, f, s, "M3", "builtin 1"); v != 4 {
			t.Errorf("punches = %v", v)
		}
	})
	t.Run("no formulas anywhere", func(t *testing.T) {
		if n := strings.Count(sheetXML(t, writeRaw(t, fixture(), defaultOpt), "xl/worksheets/sheet2.xml"), "<f>"); n != 0 {
			t.Errorf("detail sheet has %d formulas", n)
		}
	})
}

// clockOutSeconds are dropped: the cell holds the time it shows.
func TestClockTimesAreWholeMinutes(t *testing.T) {
	m := fixture()
	in := time.Date(2026, 11, 2, 9, 0, 59, 999, jst)
	m.Staff[0].Days[0].ClockIn = &in
	f := writeBook(t, m, defaultOpt)
	if v := number(t, f, "出勤簿", "F3", "[hh]:mm"); !near(v, 9.0/24) {
		t.Errorf("09:00:59 = %v, want exactly 09:00", v)
	}
}

func TestClockTimesUseTheSiteZone(t *testing.T) {
	opt := defaultOpt
	opt.Location = time.UTC
	f := writeBook(t, fixture(), opt)
	// 09:00 in Tokyo is 00:00 UTC.
	if got := value(t, f, "出勤簿", "F3"); got != "0:00" {
		t.Errorf("clock-in in UTC = %q, want 0:00", got)
	}
}

func TestDecimalHours(t *testing.T) {
	opt := defaultOpt
	opt.DecimalHours = true
	opt.PerStaffSheets = true
	f := writeBook(t, fixture(), opt)
	tests := []struct {
		sheet, cell string
		want        float64
	}{
		{"集計", "E4", 14},
		{"集計", "F4", 1},
		{"集計", "E7", 16.5},
		{"出勤簿", "I3", 1},
		{"出勤簿", "J3", 8},
		{"出勤簿", "J61", 2.5},
		{"1001 佐藤 健太", "H5", 8},
		{"1001 佐藤 健太", "H34", 14},
	}
	for _, tt := range tests {
		if v := number(t, f, tt.sheet, tt.cell, "0.00"); !near(v, tt.want) {
			t.Errorf("%s!%s = %v, want %v hours", tt.sheet, tt.cell, v, tt.want)
		}
	}
	if got := value(t, f, "出勤簿", "J61"); got != "2.50" {
		t.Errorf("2.5 hours shows as %q", got)
	}
	// Clock times stay times.
	number(t, f, "出勤簿", "F3", "[hh]:mm")
}

func TestTimeCard(t *testing.T) {
	opt := defaultOpt
	opt.PerStaffSheets = true
	f := writeBook(t, fixture(), opt)
	const s = "1001 佐藤 健太"
	if got := value(t, f, s, "A1"); got != "タイムカード　1001　佐藤 健太" {
		t.Errorf("title = %q", got)
	}
	if got := value(t, f, s, "A2"); got != "2026年11月　グループ: 本社" {
		t.Errorf("subtitle = %q", got)
	}
	if got := strings.Join(row(t, f, s, 3), "|"); got != strings.Join(dayHeader, "|") {
		t.Errorf("header = %s", got)
	}
	if got := strings.Join(row(t, f, s, 6), "|"); got != "2026/11/03|火||22:00|28:00|翌|0:00|6:00|0:00|0:00|2" {
		t.Errorf("night shift = %s", got)
	}
	// Days are rows 4-33; totals follow.
	totals := []struct {
		cell, formula, want string
	}{
		{"G34", "SUM(G4:G33)", "1:00"},
		{"H34", "SUM(H4:H33)", "14:00"},
		{"I34", "SUM(I4:I33)", "0:00"},
		{"K34", "SUM(K4:K33)", "7"},
		{"B35", `COUNTIF(K4:K33,">0")`, "3"},
	}
	if got := value(t, f, s, "A34"); got != "合計" {
		t.Errorf("totals label = %q", got)
	}
	for _, tt := range totals {
		formula, err := f.GetCellFormula(s, tt.cell)
		if err != nil {
			t.Fatal(err)
		}
		if formula != tt.formula {
			t.Errorf("%s formula = %q, want %q", tt.cell, formula, tt.formula)
		}
		if got := value(t, f, s, tt.cell); got != tt.want {
			t.Errorf("%s = %q, want %q", tt.cell, got, tt.want)
		}
	}
	if v := number(t, f, s, "H34", "[h]:mm"); !near(v, 14.0/24) {
		t.Errorf("work total = %v", v)
	}
	panes, err := f.GetPanes(s)
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != 3 {
		t.Errorf("time card panes = %+v, want rows 1-3 frozen", panes)
	}
	layout, err := f.GetPageLayout(s)
	if err != nil {
		t.Fatal(err)
	}
	if *layout.Orientation != "portrait" || *layout.Size != 9 || *layout.FitToWidth != 1 || *layout.FitToHeight != 1 {
		t.Errorf("time card page = %s %d, fit %dx%d; want one A4 portrait page",
			*layout.Orientation, *layout.Size, *layout.FitToWidth, *layout.FitToHeight)
	}
}

func TestFrozenHeaders(t *testing.T) {
	f := writeBook(t, fixture(), defaultOpt)
	for sheet, rows := range map[string]int{"集計": 3, "出勤簿": 1} {
		panes, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		top := fmt.Sprintf("A%d", rows+1)
		if !panes.Freeze || panes.YSplit != rows || panes.XSplit != 0 || panes.TopLeftCell != top {
			t.Errorf("%s panes = %+v, want rows 1-%d frozen", sheet, panes, rows)
		}
	}
}

func TestDetailAutoFilter(t *testing.T) {
	data := writeRaw(t, fixture(), defaultOpt)
	// excelize writes the range with or without $; both mean A1:L91.
	x := strings.ReplaceAll(sheetXML(t, data, "xl/worksheets/sheet2.xml"), "$", "")
	if !strings.Contains(x, `<autoFilter ref="A1:O91"`) {
		t.Errorf("detail sheet has no auto-filter over A1:O91")
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var found bool
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm._FilterDatabase" && d.Scope == "出勤簿" {
			found = strings.ReplaceAll(d.RefersTo, "$", "") == "'出勤簿'!A1:O91"
		}
	}
	if !found {
		t.Errorf("no filter database name for the detail sheet: %+v", f.GetDefinedName())
	}
}

func TestPrintSetup(t *testing.T) {
	f := writeBook(t, fixture(), defaultOpt)
	for _, sheet := range []string{"集計", "出勤簿"} {
		layout, err := f.GetPageLayout(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if *layout.Orientation != "landscape" || *layout.Size != 9 {
			t.Errorf("%s prints on %s paper %d, want A4 (9) landscape", sheet, *layout.Orientation, *layout.Size)
		}
		if layout.FitToWidth == nil || *layout.FitToWidth != 1 || layout.FitToHeight == nil || *layout.FitToHeight != 0 {
			t.Errorf("%s fits to %v wide, %v tall; want 1 page wide, any tall", sheet, layout.FitToWidth, layout.FitToHeight)
		}
		props, err := f.GetSheetProps(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if props.FitToPage == nil || !*props.FitToPage {
			t.Errorf("%s does not enable fit to page", sheet)
		}
	}
	hf, err := f.GetHeaderFooter("出勤簿")
	if err != nil {
		t.Fatal(err)
	}
	if hf == nil || hf.OddHeader != "&L出勤簿 2026年11月" || hf.OddFooter != "&C&P / &N" {
		t.Errorf("detail header and footer = %+v", hf)
	}
	var titles []string
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm.Print_Titles" {
			titles = append(titles, d.Scope+"="+d.RefersTo)
		}
	}
	if strings.Join(titles, ",") != "集計='集計'!$1:$3,出勤簿='出勤簿'!$1:$1,打刻場所別='打刻場所別'!$1:$1" {
		t.Errorf("print titles = %q", titles)
	}
}

// A group name with & must not turn into a header code (&B is bold).
func TestPrintHeaderEscapesTheGroup(t *testing.T) {
	opt := defaultOpt
	opt.Group = "R&D"
	f := writeBook(t, fixture(), opt)
	hf, err := f.GetHeaderFooter("集計")
	if err != nil {
		t.Fatal(err)
	}
	if want := "&L出勤簿 2026年11月　グループ: R&&D"; hf == nil || hf.OddHeader != want {
		t.Errorf("header = %+v, want %q", hf, want)
	}
}

func TestDocumentProperties(t *testing.T) {
	tests := []struct {
		group, description string
	}{
		{"", "全スタッフ"},
		{"本社", "グループ: 本社"},
	}
	for _, tt := range tests {
		opt := defaultOpt
		opt.Group = tt.group
		f := writeBook(t, fixture(), opt)
		p, err := f.GetDocProps()
		if err != nil {
			t.Fatal(err)
		}
		if p.Title != "出勤簿 2026年11月" || p.Subject == "" || p.Description != tt.description || p.Creator != "PunchDesk" {
			t.Errorf("group %q: properties = %+v", tt.group, p)
		}
		if p.Created != "2026-12-01T00:30:00Z" {
			t.Errorf("created = %q, want GeneratedAt", p.Created)
		}
	}
}

// User text that looks like a formula must come back as the same text and
// never be evaluated.
func TestFormulaLikeTextStaysText(t *testing.T) {
	opt := defaultOpt
	opt.PerStaffSheets = true
	opt.Group = "=1+1"
	f := writeBook(t, fixture(), opt)
	cells := []struct {
		sheet, cell, want string
	}{
		{"集計", "A5", injectCode},
		{"集計", "B5", injectName},
		{"集計", "C5", injectGroup},
		{"集計", "B6", "+81-3-0000"},
		{"集計", "C6", "-1"},
		{"出勤簿", "A32", injectCode},
		{"出勤簿", "B32", injectName},
		{`=SUM(A1) =HYPERLINK("httpevil.e`, "A2", "2026年11月　グループ: @cmd"},
	}
	for _, c := range cells {
		if got := value(t, f, c.sheet, c.cell); got != c.want {
			t.Errorf("%s!%s = %q, want %q", c.sheet, c.cell, got, c.want)
		}
		formula, err := f.GetCellFormula(c.sheet, c.cell)
		if err != nil {
			t.Fatal(err)
		}
		if formula != "" {
			t.Errorf("%s!%s became the formula %q", c.sheet, c.cell, formula)
		}
		if typ, _ := f.GetCellType(c.sheet, c.cell); typ != excelize.CellTypeInlineString {
			t.Errorf("%s!%s has type %v, want a string", c.sheet, c.cell, typ)
		}
	}
}

func TestMarkupInTextIsKept(t *testing.T) {
	const name = "<b>\"R&D\" 'x'</b>"
	m := Month{Year: 2026, Month: time.November, Staff: []StaffMonth{{Code: "1", Name: name, Group: " 先頭に空白"}}}
	f := writeBook(t, m, defaultOpt)
	if got := value(t, f, "集計", "B4"); got != name {
		t.Errorf("name = %q, want %q", got, name)
	}
	if got := value(t, f, "集計", "C4"); got != " 先頭に空白" {
		t.Errorf("group = %q, want its leading space kept", got)
	}
}

func TestEmptyMonth(t *testing.T) {
	t.Run("no staff", func(t *testing.T) {
		f := writeBook(t, Month{Year: 2026, Month: time.February}, defaultOpt)
		if got := strings.Join(row(t, f, "集計", 4), "|"); got != "合計|||0|0:00|0:00|0:00|0:00|0:00|0:00|0|0:00|0|0:00|0|0|0|0|0" {
			t.Errorf("totals = %s", got)
		}
		rows, _ := f.GetRows("出勤簿")
		if len(rows) != 1 {
			t.Errorf("detail has %d rows, want just the header", len(rows))
		}
	})
	t.Run("staff without punches", func(t *testing.T) {
		m := Month{Year: 2028, Month: time.February, Staff: []StaffMonth{{Code: "1"}, {Code: "2", Name: "鈴木"}}}
		f := writeBook(t, m, defaultOpt)
		rows, _ := f.GetRows("出勤簿")
		if len(rows) != 1+2*29 {
			t.Fatalf("detail has %d rows, want 29 days (leap year) for each of 2 staff", len(rows))
		}
		for i, r := range rows[1:] {
			want := fmt.Sprintf("2028/02/%02d", i%29+1)
			if len(r) < 4 || r[2] != want {
				t.Errorf("row %d = %q, want the date %s", i+2, r, want)
			}
		}
		if got := strings.Join(row(t, f, "集計", 6), "|"); got != "合計|||0|0:00|0:00|0:00|0:00|0:00|0:00|0|0:00|0|0:00|0|0|0|0|0" {
			t.Errorf("totals = %s", got)
		}
		if formula, _ := f.GetCellFormula("集計", "D6"); formula != "SUM(D4:D5)" {
			t.Errorf("days total formula = %q", formula)
		}
	})
}

func TestPendingOnlyDayIsFlagged(t *testing.T) {
	m := Month{Year: 2026, Month: time.November, Staff: []StaffMonth{{Code: "7", Name: "田中", Days: []rules.Day{
		{Date: date(10), Flags: []rules.Flag{rules.FlagPending}},
	}}}}
	f := writeBook(t, m, defaultOpt)
	if got := strings.Join(row(t, f, "出勤簿", 11), "|"); got != "7|田中|2026/11/10|火|||||0:00|0:00|0:00|0:00|0||未承認あり" {
		t.Errorf("pending day = %q", got)
	}
	if got := value(t, f, "出勤簿", "O11"); got != "未承認あり" {
		t.Errorf("flag = %q", got)
	}
	if got := value(t, f, "集計", "Q4"); got != "1" {
		t.Errorf("pending count = %q, want 1 for a flagged day without a count", got)
	}
}

func TestProgress(t *testing.T) {
	var calls []string
	err := Write(io.Discard, fixture(), defaultOpt, func(done, total int) {
		calls = append(calls, fmt.Sprintf("%d/%d", done, total))
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(calls, " ") != "1/3 2/3 3/3" {
		t.Errorf("progress calls = %q", calls)
	}
}

func TestRejectsBadMonths(t *testing.T) {
	tests := []struct {
		name string
		m    Month
	}{
		{"month 13", Month{Year: 2026, Month: 13}},
		{"month 0", Month{Year: 2026}},
		{"before Excel dates", Month{Year: 1899, Month: time.December}},
		{"a day of another month", Month{Year: 2026, Month: time.November, Staff: []StaffMonth{
			{Code: "1", Days: []rules.Day{{Date: "2026-12-01"}}}}}},
		{"a day twice", Month{Year: 2026, Month: time.November, Staff: []StaffMonth{
			{Code: "1", Days: []rules.Day{{Date: date(3)}, {Date: date(3)}}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := Write(io.Discard, tt.m, defaultOpt, nil); err == nil {
				t.Error("Write accepted it")
			}
		})
	}
}

func TestColumnsFitJapaneseText(t *testing.T) {
	m := fixture()
	m.Staff[2].Name = strings.Repeat("長", 20) // 20 wide characters: 40 columns
	f := writeBook(t, m, defaultOpt)
	w, err := f.GetColWidth("出勤簿", "B")
	if err != nil {
		t.Fatal(err)
	}
	if w < 40 {
		t.Errorf("name column width = %v, want room for 20 wide characters", w)
	}
	if w, _ := f.GetColWidth("出勤簿", "D"); w > 10 {
		t.Errorf("weekday column width = %v, want narrow", w)
	}
}

func writeRaw(t testing.TB, m Month, opt Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, m, opt, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func sheetXML(t testing.TB, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestPayrollFiguresAndHolidaysReachTheWorkbook(t *testing.T) {
	m := fixture()
	for i := range m.Staff[0].Days {
		d := &m.Staff[0].Days[i]
		switch d.Calendar().Day() {
		case 2: // 1001's 11/2: 9:00-18:00
			d.Pay = rules.Pay{Date: "2026-11-02", OvertimeMinutes: 45, LateNightMinutes: 30, HolidayMinutes: 480, Holiday: "創立記念日",
				LateMinutes: 10, EarlyLeaveMinutes: 5}
		case 3:
			d.Pay = rules.Pay{Date: "2026-11-03", LegalHoliday: true, LegalHolidayMinutes: 360, Holiday: "文化の日"}
		}
	}
	f := writeBook(t, m, defaultOpt)
	for _, c := range []struct {
		sheet, cell string
		hours       float64
	}{
		{"出勤簿", "K3", 0.75}, {"出勤簿", "L3", 0.5},
		{"集計", "G4", 0.75}, {"集計", "H4", 0.5}, {"集計", "I4", 6}, {"集計", "J4", 8}, {"集計", "L4", 10.0 / 60}, {"集計", "N4", 5.0 / 60},
	} {
		if v := number(t, f, c.sheet, c.cell, "[h]:mm"); !near(v, c.hours/24) {
			t.Errorf("%s!%s = %v days, want %v h", c.sheet, c.cell, v, c.hours)
		}
	}
	if got := value(t, f, "出勤簿", "E3"); got != "創立記念日" {
		t.Errorf("holiday name = %q", got)
	}
	if got := value(t, f, "集計", "K4"); got != "1" {
		t.Errorf("late count = %q", got)
	}
	// The 合計 row sums the new columns too.
	if formula, _ := f.GetCellFormula("集計", "G7"); formula != "SUM(G4:G6)" {
		t.Errorf("overtime total formula = %q", formula)
	}
}

func TestPlaceSheetCountsEachPairAtItsClockInPlace(t *testing.T) {
	m := fixture()
	for i := range m.Staff[0].Days {
		d := &m.Staff[0].Days[i]
		switch d.Calendar().Day() {
		case 2:
			d.PlaceMinutes = map[string]int{"本社": 300, "倉庫": 180}
		case 3:
			d.PlaceMinutes = map[string]int{"倉庫": 360}
		case 5:
			d.PlaceMinutes = map[string]int{"": 45}
		}
	}
	f := writeBook(t, m, defaultOpt)
	var got []string
	for n := 1; n <= 5; n++ {
		got = append(got, strings.Join(row(t, f, PlaceSheet, n), "|"))
	}
	want := []string{"スタッフコード|氏名|打刻場所|労働時間", "1001|佐藤 健太||0:45", "1001|佐藤 健太|倉庫|9:00", "1001|佐藤 健太|本社|5:00", "合計|||14:45"}
	want[1] = "1001|佐藤 健太|（場所なし）|0:45"
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("打刻場所別 =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if formula, _ := f.GetCellFormula(PlaceSheet, "D5"); formula != "SUM(D2:D4)" {
		t.Errorf("total formula = %q", formula)
	}
	if v := number(t, f, PlaceSheet, "D3", "[h]:mm"); !near(v, 9.0/24) {
		t.Errorf("倉庫 = %v days", v)
	}
	opt := defaultOpt
	opt.Place = "倉庫"
	f = writeBook(t, m, opt)
	if got := strings.Join(row(t, f, PlaceSheet, 2), "|") + " / " + strings.Join(row(t, f, PlaceSheet, 3), "|"); got != "1001|佐藤 健太|倉庫|9:00 / 合計|||9:00" {
		t.Errorf("limited to 倉庫: %s", got)
	}
}

func TestTimeCardsHaveSealBoxes(t *testing.T) {
	opt := defaultOpt
	opt.PerStaffSheets = true
	f := writeBook(t, fixture(), opt)
	const s = "1001 佐藤 健太"
	// 3 heading rows, 30 days, 合計, 出勤日数, a blank row, then the boxes.
	if got := strings.Join(row(t, f, s, 37), "|"); !strings.HasSuffix(got, "確認印|本人|上長") {
		t.Errorf("seal box titles = %q", got)
	}
	if h, err := f.GetRowHeight(s, 38); err != nil || h < 40 {
		t.Errorf("seal box row height = %v, %v; want room for a seal", h, err)
	}
	if style, _ := f.GetCellStyle(s, "L38"); style == 0 {
		t.Error("the 本人 box has no border style")
	}
}

func TestStreamTakesEachStaffMemberOnceInOrder(t *testing.T) {
	m := fixture()
	sized := Month{Year: m.Year, Month: m.Month}
	for _, s := range m.Staff {
		sized.Staff = append(sized.Staff, StaffMonth{Code: s.Code, Name: s.Name, Group: s.Group})
	}
	tests := []struct {
		name string
		add  []StaffMonth
		want string // in the error of Add or Close
	}{
		{"a member out of order", []StaffMonth{m.Staff[1]}, `where "1001" comes next`},
		{"a member twice", []StaffMonth{m.Staff[0], m.Staff[0]}, `where "=SUM(A1)" comes next`},
		{"a member after the last", append(append([]StaffMonth{}, m.Staff...), m.Staff[0]), "after the last of 3"},
		{"closed before the last member", m.Staff[:2], "closed after 2 of 3 staff"},
		{"a day of another month", []StaffMonth{{Code: "1001", Days: []rules.Day{{Date: "2026-12-01"}}}}, "outside the month"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			st, err := NewStream(&out, sized, defaultOpt, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range tt.add {
				if err = st.Add(s); err != nil {
					break
				}
			}
			if cerr := st.Close(); err == nil {
				err = cerr
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want one saying %q", err, tt.want)
			}
			if out.Len() != 0 {
				t.Errorf("%d bytes of a workbook were written", out.Len())
			}
		})
	}
}

func TestStreamSizesRemarksAndFlagsByTheDaysItBeganWith(t *testing.T) {
	m := fixture()
	var whole, streamed bytes.Buffer
	if err := Write(&whole, m, defaultOpt, nil); err != nil {
		t.Fatal(err)
	}
	// Days without their punches, as core/site reads them first.
	sized := Month{Year: m.Year, Month: m.Month}
	for _, s := range m.Staff {
		days := make([]rules.Day, len(s.Days))
		for i, d := range s.Days {
			d.Punches = nil
			days[i] = d
		}
		sized.Staff = append(sized.Staff, StaffMonth{Code: s.Code, Name: s.Name, Group: s.Group, Days: days})
	}
	st, err := NewStream(&streamed, sized, defaultOpt, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range m.Staff {
		if err := st.Add(s); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	// excelize writes its streamed sheets in map order, so the zip's entries
	// come in any order; what they hold must be the same.
	want, got := zipEntries(t, whole.Bytes()), zipEntries(t, streamed.Bytes())
	if len(got) != len(want) {
		t.Errorf("the streamed workbook has %d parts, want %d", len(got), len(want))
	}
	for name, content := range want {
		if got[name] != content {
			t.Errorf("%s of the streamed workbook differs from the one written from the whole month", name)
		}
	}
}

func zipEntries(t testing.TB, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	entries := make(map[string]string, len(zr.File))
	for _, f := range zr.File {
		entries[f.Name] = sheetXML(t, data, f.Name)
	}
	return entries
}
