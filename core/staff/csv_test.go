package staff

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/problem"
)

var sampleMembers = []domain.StaffMember{
	{Code: "0001", Name: "佐藤 花子", Group: "本社", Active: true},
	{Code: "0002", Name: "鈴木 一郎", Group: "本社", Active: true},
	{Code: "0012", Name: "髙橋 健太", Group: "倉庫①", Active: true},
	{Code: "0013", Name: "山﨑 美咲", Group: "倉庫①", Active: false},
	{Code: "A-100", Name: "John Smith", Group: "本社", Active: true},
}

// The sample files are what the README points administrators to, so they
// must keep importing exactly like this.
func TestParseCSVSampleFiles(t *testing.T) {
	t.Run("staff-utf8.csv (Excel CSV UTF-8 with BOM, 氏名)", func(t *testing.T) {
		got, err := ParseCSV(readTestdata(t, "staff-utf8.csv"))
		checkMembers(t, got, err, sampleMembers)
	})
	t.Run("staff-sjis.csv (Excel CSV in CP932, Jobcan-style 姓+名 and extra columns)", func(t *testing.T) {
		data := readTestdata(t, "staff-sjis.csv")
		// The file must really be CP932 with the IBM extension codes
		// Windows writes for 髙 (FB FC) and 﨑 (FA B1), and NEC's ① (87 40).
		for _, b := range [][]byte{{0xFB, 0xFC}, {0xFA, 0xB1}, {0x87, 0x40}} {
			if !bytes.Contains(data, b) {
				t.Fatalf("staff-sjis.csv lacks the bytes % X", b)
			}
		}
		want := append([]domain.StaffMember(nil), sampleMembers...)
		want[4].Name = "Smith John" // 姓 first, as the spec says
		got, err := ParseCSV(data)
		checkMembers(t, got, err, want)
	})
	t.Run("staff-errors.csv", func(t *testing.T) {
		got, err := ParseCSV(readTestdata(t, "staff-errors.csv"))
		if got != nil {
			t.Errorf("members = %v, want none", got)
		}
		checkProblems(t, err, []wantProblem{
			{5, "0001", `duplicate staff code "0001" (also on line 2)`},
			{6, "", "staff code is empty"},
			{7, "0004", "name is empty"},
			{8, "0005", `active value "maybe" is not understood`},
			{9, "0123456789012345678901234567890123456789012345", "is 46 characters long; the limit is 45"},
			{10, "0006", `has only 1 field, so there is no "name" (column B)`},
		})
	})
}

func TestParseCSVEncodings(t *testing.T) {
	const text = "code,name,group\r\n0012,髙橋 ①子,倉庫\r\nＡ１,山﨑 〜 ～ − ―,本社\r\n"
	want := []domain.StaffMember{
		{Code: "0012", Name: "髙橋 ①子", Group: "倉庫", Active: true},
		{Code: "Ａ１", Name: "山﨑 〜 ～ − ―", Group: "本社", Active: true},
	}
	tests := []struct {
		name string
		data []byte
		want []domain.StaffMember
	}{
		{"UTF-8 without BOM", []byte(text), want},
		{"UTF-8 with BOM", append([]byte("\xEF\xBB\xBF"), text...), want},
		{"UTF-8 with LF only", []byte(strings.ReplaceAll(text, "\r\n", "\n")), want},
		{"UTF-8 with CR only (old Excel for Mac)", []byte(strings.ReplaceAll(text, "\r\n", "\r")), want},
		{
			// CP932 has no 〜 (U+301C) or − (U+2212): Windows maps those
			// keys to ～ (U+FF5E) and － (U+FF0D), which is what comes back.
			"Shift_JIS from the x/text encoder",
			sjis(t, "code,name,group\r\n0012,髙橋 ①子,倉庫\r\nＡ１,山﨑 ～ ～ － ―,本社\r\n"),
			[]domain.StaffMember{want[0], {Code: "Ａ１", Name: "山﨑 ～ ～ － ―", Group: "本社", Active: true}},
		},
		{
			"Shift_JIS with IBM extension bytes as Windows writes them",
			append(sjis(t, "code,name\r\n1,"), 0xFB, 0xFC, 0x8B, 0xB4, 0x8E, 0x52, 0xFA, 0xB1, '\r', '\n'), // 髙橋山﨑
			[]domain.StaffMember{{Code: "1", Name: "髙橋山﨑", Active: true}},
		},
		{
			"Shift_JIS with NEC-selected IBM extension bytes",
			append(sjis(t, "code,name\r\n1,"), 0xEE, 0xE0, 0xED, 0x95, '\r', '\n'), // 髙﨑
			[]domain.StaffMember{{Code: "1", Name: "髙﨑", Active: true}},
		},
		{
			"Shift_JIS with half-width katakana",
			sjis(t, "ｺｰﾄﾞ?,code,name\r\nx,7,ﾔﾏﾀﾞ ﾀﾛｳ\r\n"),
			[]domain.StaffMember{{Code: "7", Name: "ﾔﾏﾀﾞ ﾀﾛｳ", Active: true}},
		},
		{
			"ASCII only",
			[]byte("code,name\n1,Sato\n"),
			[]domain.StaffMember{{Code: "1", Name: "Sato", Active: true}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCSV(tt.data)
			checkMembers(t, got, err, tt.want)
		})
	}
}

func TestParseCSVHeaders(t *testing.T) {
	tests := []struct {
		name string
		csv  string
		want []domain.StaffMember
	}{
		{
			"English",
			"code,name,group\n1,Sato,Sales\n",
			[]domain.StaffMember{{Code: "1", Name: "Sato", Group: "Sales", Active: true}},
		},
		{
			"English in any case with active",
			"Code, NAME ,Group,Active\n1,Sato,Sales,FALSE\n",
			[]domain.StaffMember{{Code: "1", Name: "Sato", Group: "Sales", Active: false}},
		},
		{
			"Japanese 氏名 with 有効",
			"スタッフコード,氏名,グループ,有効\n1,佐藤 花子,営業,無効\n",
			[]domain.StaffMember{{Code: "1", Name: "佐藤 花子", Group: "営業", Active: false}},
		},
		{
			"Japanese 姓 and 名 joined with one space, 姓 first",
			"名,姓,スタッフコード\n花子,佐藤,1\n",
			[]domain.StaffMember{{Code: "1", Name: "佐藤 花子", Active: true}},
		},
		{
			"姓 and 名 with only one part filled",
			"スタッフコード,姓,名\n1,佐藤,\n2,,Madonna\n",
			[]domain.StaffMember{{Code: "1", Name: "佐藤", Active: true}, {Code: "2", Name: "Madonna", Active: true}},
		},
		{
			"氏名 wins over 姓 and 名",
			"スタッフコード,姓,名,氏名\n1,佐藤,花子,佐藤 花子（旧姓 田中）\n",
			[]domain.StaffMember{{Code: "1", Name: "佐藤 花子（旧姓 田中）", Active: true}},
		},
		{
			"Japanese with 状態",
			"スタッフコード,氏名,状態\n1,佐藤,有効\n2,鈴木,無効\n",
			[]domain.StaffMember{{Code: "1", Name: "佐藤", Active: true}, {Code: "2", Name: "鈴木", Active: false}},
		},
		{
			"reordered columns",
			"group,active,name,code\nSales,0,Sato,1\n",
			[]domain.StaffMember{{Code: "1", Name: "Sato", Group: "Sales", Active: false}},
		},
		{
			"unknown columns ignored",
			"メール,code,備考,name,入社日\na@example.com,1,\"メモ, 長い\",Sato,2020/4/1\n",
			[]domain.StaffMember{{Code: "1", Name: "Sato", Active: true}},
		},
		{
			"header cells trimmed of ASCII and full-width spaces",
			"\u3000スタッフコード ,　氏名　,\tグループ\n1,佐藤,営業\n",
			[]domain.StaffMember{{Code: "1", Name: "佐藤", Group: "営業", Active: true}},
		},
		{
			"blank lines and comma-only lines before the header and between rows",
			"\n,,\ncode,name\n\n1,Sato\n , ,\n\n2,Suzuki\n,\n",
			[]domain.StaffMember{{Code: "1", Name: "Sato", Active: true}, {Code: "2", Name: "Suzuki", Active: true}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCSV([]byte(tt.csv))
			checkMembers(t, got, err, tt.want)
		})
	}
}

func TestParseCSVValues(t *testing.T) {
	tests := []struct {
		name string
		csv  string
		want []domain.StaffMember
	}{
		{
			"code, name and group trimmed, full-width spaces too",
			"code,name,group\n\u3000 0012 \u3000,  佐藤　花子　, 営業 \n",
			[]domain.StaffMember{{Code: "0012", Name: "佐藤　花子", Group: "営業", Active: true}},
		},
		{
			"code kept as written: no zero padding or width folding",
			"code,name\n012,A\n０１２,B\n12,C\n",
			[]domain.StaffMember{{Code: "012", Name: "A", Active: true}, {Code: "０１２", Name: "B", Active: true}, {Code: "12", Name: "C", Active: true}},
		},
		{
			"every active spelling",
			"code,name,active\n" +
				"1,a,1\n2,a,0\n3,a,true\n4,a,false\n5,a,Yes\n6,a,NO\n7,a,有効\n8,a,無効\n9,a,\n10,a, \n11,a,１\n12,a,ＦＡＬＳＥ\n",
			[]domain.StaffMember{
				{Code: "1", Name: "a", Active: true}, {Code: "2", Name: "a", Active: false}, {Code: "3", Name: "a", Active: true}, {Code: "4", Name: "a", Active: false},
				{Code: "5", Name: "a", Active: true}, {Code: "6", Name: "a", Active: false}, {Code: "7", Name: "a", Active: true}, {Code: "8", Name: "a", Active: false},
				{Code: "9", Name: "a", Active: true}, {Code: "10", Name: "a", Active: true}, {Code: "11", Name: "a", Active: true}, {Code: "12", Name: "a", Active: false},
			},
		},
		{
			"row shorter than the header but reaching code and name",
			"code,name,group,active\n1,Sato\n",
			[]domain.StaffMember{{Code: "1", Name: "Sato", Active: true}},
		},
		{
			"trailing empty fields beyond the header",
			"code,name\n1,Sato,,\n",
			[]domain.StaffMember{{Code: "1", Name: "Sato", Active: true}},
		},
		{
			"quoted values with commas, quotes and line breaks in ignored columns",
			"code,note,name\n1,\"a, \"\"b\"\"\nc\",Sato\n",
			[]domain.StaffMember{{Code: "1", Name: "Sato", Active: true}},
		},
		{
			"literal U+FFFD in a UTF-8 file is text, not a decoding error",
			"code,name\n1,\uFFFD\n",
			[]domain.StaffMember{{Code: "1", Name: "\uFFFD", Active: true}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCSV([]byte(tt.csv))
			checkMembers(t, got, err, tt.want)
		})
	}
}

func TestParseCSVRowProblems(t *testing.T) {
	// Each case leads with a quoted note spanning lines 2-4, so the line
	// numbers also prove that multi-line fields are counted.
	const head = "code,name,active,note\n0001,Sato,1,\"line one\nline two\nline three\"\n"
	tests := []struct {
		name string
		rows string
		want []wantProblem
	}{
		{"empty code", ",Suzuki,1,\n", []wantProblem{{5, "", "staff code is empty"}}},
		{"code of only full-width spaces", "\u3000\u3000,Suzuki,1,\n", []wantProblem{{5, "", "staff code is empty"}}},
		{
			"duplicate code reports both lines",
			"0002,Suzuki,1,\n0001,Tanaka,1,\n",
			[]wantProblem{{6, "0001", `duplicate staff code "0001" (also on line 2)`}},
		},
		{
			"duplicate after trimming",
			" 0001\u3000,Tanaka,1,\n",
			[]wantProblem{{5, "0001", `duplicate staff code "0001" (also on line 2)`}},
		},
		{
			"every later duplicate points at the first",
			"0001,a,1,\n0001,b,1,\n",
			[]wantProblem{{5, "0001", "(also on line 2)"}, {6, "0001", "(also on line 2)"}},
		},
		{
			"code over 45 characters",
			strings.Repeat("髙", 46) + ",Suzuki,1,\n",
			[]wantProblem{{5, strings.Repeat("髙", 46), "is 46 characters long; the limit is 45"}},
		},
		{"code with a tab inside", "00\t02,Suzuki,1,\n", []wantProblem{{5, "00\t02", "control character (U+0009"}}},
		{"code with a zero-width space", "00\u200b02,Suzuki,1,\n", []wantProblem{{5, "00\u200b02", "invisible formatting character (U+200B)"}}},
		{"empty name", "0002,  ,1,\n", []wantProblem{{5, "0002", "name is empty"}}},
		{"name with a line break", "0002,\"Suzuki\nIchiro\",1,\n", []wantProblem{{5, "0002", "line break or other control character (U+000A)"}}},
		{"bad active value", "0002,Suzuki,maybe,\n", []wantProblem{{5, "0002", `active value "maybe" is not understood`}}},
		{"too few fields to reach name", "0002\n", []wantProblem{{5, "0002", `has only 1 field, so there is no "name" (column B)`}}},
		{
			"too many fields: an unquoted comma in a value",
			"0002,Suzuki, Ichiro,1,memo\n",
			[]wantProblem{{5, "0002", "has 5 fields but the header has 4"}},
		},
		{
			"bare quote in an unquoted value",
			"0002,Suzuki \"Ichi\",1,\n",
			[]wantProblem{{5, "", `a double quote (") is inside a value that is not enclosed in double quotes`}},
		},
		{
			"quoted value never closed is reported where its row starts",
			"0002,\"Suzuki,1,\n0003,Tanaka,1,\n",
			[]wantProblem{{5, "", "is not closed"}},
		},
		{
			"several problems in one row, each on its field's line",
			",\"\",maybe,\n",
			[]wantProblem{{5, "", "staff code is empty"}, {5, "", "name is empty"}, {5, "", "not understood"}},
		},
		{
			"problem on the line after a row with a multi-line field",
			"0002,Suzuki,1,\"a\nb\"\n0003,Tanaka,\"maybe\n\",\n",
			[]wantProblem{{7, "0003", `active value "maybe" is not understood`}},
		},
		{
			"problem in a field after a multi-line field of the same row",
			"0003,\"  \nTanaka\",maybe,\n",
			[]wantProblem{{6, "0003", `active value "maybe" is not understood`}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCSV([]byte(head + tt.rows))
			if got != nil {
				t.Errorf("members = %v, want none (all or nothing)", got)
			}
			checkProblems(t, err, tt.want)
		})
	}
}

func TestParseCSVAllOrNothing(t *testing.T) {
	var b strings.Builder
	b.WriteString("code,name\n")
	for i := 1; i <= 100; i++ {
		fmt.Fprintf(&b, "%04d,Staff %d\n", i, i)
	}
	b.WriteString("0050,Late duplicate\n") // line 102
	got, err := ParseCSV([]byte(b.String()))
	if got != nil {
		t.Errorf("got %d members despite a bad row, want none", len(got))
	}
	checkProblems(t, err, []wantProblem{{102, "0050", "(also on line 51)"}})
}

func TestParseCSVUndecodableBytes(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want []wantProblem
	}{
		{
			"invalid lead byte in a Shift_JIS file",
			bytes.Join([][]byte{
				sjis(t, "スタッフコード,氏名"),
				sjis(t, "1,佐藤"),
				append(sjis(t, "2,鈴"), 0xA0, ','), // 0xA0 is no CP932 byte
				sjis(t, "3,田中"),
			}, []byte("\r\n")),
			[]wantProblem{{3, "", "not valid Shift_JIS (CP932) text"}},
		},
		{
			"truncated double-byte character at the end of a line",
			bytes.Join([][]byte{
				sjis(t, "code,name"),
				sjis(t, "1,佐藤"),
				sjis(t, "2,鈴木"),
				append(sjis(t, "3,田"), 0x82),
				sjis(t, "4,山田"),
			}, []byte("\n")),
			[]wantProblem{{4, "", "not valid Shift_JIS (CP932) text"}},
		},
		{
			"bad bytes inside a multi-line quoted field are reported on their own line",
			bytes.Join([][]byte{
				sjis(t, "code,name,note"),
				sjis(t, "1,佐藤,\"一行目"),
				append(sjis(t, "二行目"), 0xFD),
				sjis(t, "三行目\""),
				sjis(t, "2,鈴木,"),
			}, []byte("\n")),
			[]wantProblem{{3, "", "not valid Shift_JIS (CP932) text"}},
		},
		{
			"bad bytes in the header line",
			append(append(sjis(t, "スタッフコード,氏"), 0xFF), sjis(t, "\n1,佐藤\n")...),
			[]wantProblem{{1, "", "not valid Shift_JIS (CP932) text"}},
		},
		{
			"invalid byte in a UTF-8 file with BOM",
			[]byte("\xEF\xBB\xBFcode,name\n1,佐藤\n2,\xE9\x88\n3,田中\n"),
			[]wantProblem{{3, "", "not valid UTF-8 text"}},
		},
		{
			"a mostly UTF-8 file without BOM with one damaged byte is read as UTF-8",
			[]byte("code,name\n1,佐藤 花子\n2,鈴木 一郎\n3,田中\xFF太郎\n4,山田 次郎\n"),
			[]wantProblem{{4, "", "not valid UTF-8 text"}},
		},
		{
			"an undecodable row is not checked further, not even for a duplicate code",
			append(sjis(t, "code,name\n1,佐藤\n1,"), 0x85, 0x40, '\n'), // 85 40 is an unassigned CP932 code
			[]wantProblem{{3, "", "not valid Shift_JIS (CP932) text"}},
		},
		{
			"undecodable rows plus a duplicate elsewhere",
			append(sjis(t, "code,name\n1,佐藤\n1,鈴木\n2,"), 0xA0, '\n'),
			[]wantProblem{{3, "1", "duplicate"}, {4, "", "not valid Shift_JIS"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCSV(tt.data)
			if got != nil {
				t.Errorf("members = %v, want none", got)
			}
			checkProblems(t, err, tt.want)
		})
	}
}

func TestParseCSVFileErrors(t *testing.T) {
	tests := []struct {
		name string
		data string
		want []string // fragments of the error text
	}{
		{"empty file", "", []string{"the file is empty", "code,name,group"}},
		{"only blank lines", "\n\r\n,,\n", []string{"the file is empty"}},
		{"header and no rows", "code,name\n\n,\n", []string{"no staff rows below the header on line 1"}},
		{"header on a later line and no rows", "\n\ncode,name\n", []string{"no staff rows below the header on line 3"}},
		{"Excel workbook", "PK\x03\x04rest", []string{".xlsx", "CSV UTF-8"}},
		{"old Excel workbook", "\xD0\xCF\x11\xE0rest", []string{".xls"}},
		{"UTF-16 text", "\xFF\xFEc\x00o\x00", []string{"UTF-16"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCSV([]byte(tt.data))
			if err == nil {
				t.Fatalf("no error, members %v", got)
			}
			var ie *ImportError
			if errors.As(err, &ie) {
				t.Errorf("got *ImportError %v, want a file-level error", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestParseCSVHeaderProblems(t *testing.T) {
	tests := []struct {
		name string
		csv  string
		want wantProblem
	}{
		{
			"no code column",
			"id,name\n1,Sato\n",
			wantProblem{1, "", `needs a staff code column ("code" or "スタッフコード"); found "id", "name"`},
		},
		{
			"no name column",
			"\nスタッフコード,グループ\n1,営業\n",
			wantProblem{2, "", `needs a name column ("name", "氏名", or "姓" and "名"); found "スタッフコード", "グループ"`},
		},
		{
			"neither",
			"社員番号,名前\n",
			wantProblem{1, "", `needs a staff code column ("code" or "スタッフコード") and a name column`},
		},
		{"姓 without 名", "スタッフコード,姓\n1,佐藤\n", wantProblem{1, "", `a "名" column to go with "姓"`}},
		{"名 without 姓", "スタッフコード,名\n1,花子\n", wantProblem{1, "", `a "姓" column to go with "名"`}},
		{"column twice", "code,name,Code\n1,a,1\n", wantProblem{1, "", `the header has "Code" twice (columns A and C)`}},
		{"tab-separated", "code\tname\n1\tSato\n", wantProblem{1, "", "separated by tabs or semicolons"}},
		{"header with a quoting error", "code,\"name\n", wantProblem{1, "", "is not closed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCSV([]byte(tt.csv))
			if got != nil {
				t.Errorf("members = %v, want none", got)
			}
			checkProblems(t, err, []wantProblem{tt.want})
		})
	}
}

func TestParseCSVTooLarge(t *testing.T) {
	big := bytes.Repeat([]byte("1,a\n"), MaxFileSize/4+1)
	if _, err := ParseCSV(big); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ParseCSV of %d bytes: error %v, want ErrTooLarge", len(big), err)
	}
	// ReadCSV must stop reading at the limit instead of swallowing a
	// gigabyte someone picked by mistake.
	endless := io.MultiReader(strings.NewReader("code,name\n"), zeroReader{})
	if _, err := ReadCSV(endless); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ReadCSV of an endless file: error %v, want ErrTooLarge", err)
	}
	got, err := ReadCSV(strings.NewReader("code,name\n1,Sato\n"))
	checkMembers(t, got, err, []domain.StaffMember{{Code: "1", Name: "Sato", Active: true}})
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}

func TestImportErrorMessage(t *testing.T) {
	one := &ImportError{Problems: []Problem{{Line: 4, Code: "0012", What: problem.New(problem.CSVCodeTwice, "Code", "0012", "First", 2)}}}
	if got, want := one.Error(), `staff CSV: line 4: duplicate staff code "0012" (also on line 2)`; got != want {
		t.Errorf("one problem:\n got %q\nwant %q", got, want)
	}

	var many ImportError
	for i := 2; i < 2+25; i++ {
		many.Problems = append(many.Problems, Problem{Line: i, What: problem.New(problem.CSVNameEmpty)})
	}
	msg := many.Error()
	lines := strings.Split(msg, "\n")
	if lines[0] != "staff CSV has 25 problems:" {
		t.Errorf("first line %q", lines[0])
	}
	if len(lines) != 1+20+1 {
		t.Errorf("%d lines, want the heading, 20 problems and a count of the rest:\n%s", len(lines), msg)
	}
	if lines[1] != "line 2: name is empty" || lines[20] != "line 21: name is empty" {
		t.Errorf("problems listed wrongly:\n%s", msg)
	}
	if last := lines[len(lines)-1]; last != "… and 5 more" {
		t.Errorf("last line %q, want %q", last, "… and 5 more")
	}
}
