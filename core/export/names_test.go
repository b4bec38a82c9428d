package export

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

func TestSheetNames(t *testing.T) {
	long := strings.Repeat("長", 40)
	tests := []struct {
		name  string
		wants []string // names asked for, in order
		want  []string
	}{
		{"a plain name is kept", []string{"1001 佐藤 健太"}, []string{"1001 佐藤 健太"}},
		{"forbidden characters are dropped", []string{`1002 [a]:b*c?d/e\f`}, []string{"1002 abcdef"}},
		{"control characters and runs of spaces go", []string{"1003\t山田\n\n  花子 "}, []string{"1003 山田 花子"}},
		{"apostrophes may not start or end a name", []string{"'quoted'"}, []string{"quoted"}},
		{"cut to 31 characters", []string{"1004 " + long}, []string{"1004 " + strings.Repeat("長", 26)}},
		{"emoji count twice toward the limit", []string{strings.Repeat("😀", 20)}, []string{strings.Repeat("😀", 15)}},
		{"duplicates get a numbered suffix", []string{"佐藤", "佐藤", "佐藤"}, []string{"佐藤", "佐藤 (2)", "佐藤 (3)"}},
		{"duplicates ignore case, as Excel does", []string{"Sato", "SATO"}, []string{"Sato", "SATO (2)"}},
		{"a suffix still fits 31 characters", []string{long, long}, []string{strings.Repeat("長", 31), strings.Repeat("長", 27) + " (2)"}},
		{"the fixed sheets' names are taken", []string{"集計", "出勤簿"}, []string{"集計 (2)", "出勤簿 (2)"}},
		{"Excel's reserved History is taken", []string{"history"}, []string{"history (2)"}},
		{"nothing usable falls back", []string{"[]:*?", ""}, []string{"9", "9 (2)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := newSheetNamer(SummarySheet, DetailSheet)
			var got []string
			for _, w := range tt.wants {
				got = append(got, n.name(w, "9"))
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("names = %q, want %q", got, tt.want)
			}
			for _, g := range got {
				if l := len(utf16.Encode([]rune(g))); l > 31 {
					t.Errorf("%q is %d UTF-16 units long", g, l)
				}
			}
		})
	}
}

// Time cards for awkward names open in excelize, which checks names as Excel
// does.
func TestTimeCardSheetNamesInWorkbook(t *testing.T) {
	m := Month{Year: 2026, Month: time.November, Staff: []StaffMonth{
		{Code: "1", Name: strings.Repeat("とても長い名前", 10)},
		{Code: "1", Name: strings.Repeat("とても長い名前", 10)},
		{Code: "2", Name: "a/b:c"},
		{Code: "", Name: ""},
		{Code: "集計"},
	}}
	opt := defaultOpt
	opt.PerStaffSheets = true
	f := writeBook(t, m, opt)
	want := []string{"集計", "出勤簿", "打刻場所別",
		"1 " + strings.Repeat("とても長い名前", 4) + "と",
		"1 " + strings.Repeat("とても長い名前", 3) + "とても長 (2)",
		"2 abc", "スタッフ", "集計 (2)"}
	if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sheets = %q\nwant %q", got, want)
	}
	if got := value(t, f, "集計 (2)", "A1"); got != "タイムカード　集計" {
		t.Errorf("time card of staff 集計 has title %q", got)
	}
}

func TestDisplayWidth(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"1001", 4},
		{"佐藤 健太", 9},
		{"ｻﾄｳ", 3}, // half-width katakana
		{"ＡＢ", 4},  // full-width Latin
		{"異常体温・マスクなし", 20},
		{"", 0},
	}
	for _, tt := range tests {
		if got := displayWidth(tt.s); got != tt.want {
			t.Errorf("displayWidth(%q) = %d, want %d", tt.s, got, tt.want)
		}
	}
}

// Excel reports a damaged file when <col> elements are out of order.
func TestColumnsAreInOrder(t *testing.T) {
	opt := defaultOpt
	opt.PerStaffSheets = true
	data := writeRaw(t, fixture(), opt)
	re := regexp.MustCompile(`<col min="(\d+)"`)
	for i := 1; i <= 5; i++ {
		name := "xl/worksheets/sheet" + strconv.Itoa(i) + ".xml"
		prev := 0
		matches := re.FindAllStringSubmatch(sheetXML(t, data, name), -1)
		if len(matches) == 0 {
			t.Errorf("%s sets no column widths", name)
		}
		for _, m := range matches {
			n, _ := strconv.Atoi(m[1])
			if n <= prev {
				t.Errorf("%s: column %d after %d", name, n, prev)
			}
			prev = n
		}
	}
}
