package staff

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding/japanese"
)

func TestHolidayCSV(t *testing.T) {
	sjis, err := japanese.ShiftJIS.NewEncoder().String("国民の祝日・休日月日,国民の祝日・休日名称\r\n2028/1/1,元日\r\n2028/1/10,成人の日\r\n")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := ParseHolidayCSV([]byte(sjis))
	if err != nil || len(rows) != 2 || rows[0] != (HolidayRow{Line: 2, Date: "2028-01-01", Name: "元日"}) || rows[1].Date != "2028-01-10" {
		t.Fatalf("the Cabinet Office's Shift_JIS file = %+v, %v", rows, err)
	}
	rows, err = ParseHolidayCSV([]byte("2026-12-29,年末休暇\n2026/12/30,年末休暇\n"))
	if err != nil || len(rows) != 2 || rows[1].Date != "2026-12-30" {
		t.Fatalf("company holidays without a header = %+v, %v", rows, err)
	}
	_, err = ParseHolidayCSV([]byte("日付,名称\n2026/2/30,ない日\n2026/12/29,\n2026/12/31,大晦日\n2026/12/31,大晦日\n"))
	var ie *ImportError
	if !errors.As(err, &ie) || len(ie.Problems) != 3 {
		t.Fatalf("bad rows = %v", err)
	}
	text := err.Error()
	for _, want := range []string{"2026/2/30", "no name", "listed twice"} {
		if !strings.Contains(text, want) {
			t.Errorf("problems %q do not mention %q", text, want)
		}
	}
	if _, err := ParseHolidayCSV([]byte("日付,名称\n")); err == nil {
		t.Error("a file without holidays was accepted")
	}
}
