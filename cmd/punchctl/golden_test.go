package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/punchdesk/punchdesk/core/senselinksim"
)

// update rewrites the golden files instead of comparing with them:
// go test ./cmd/punchctl -run Golden -update
var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// TestGoldenDemoMonthWorkbook exports October 2026 of a site set up as the
// demo sets itself up (12 staff with a night shift, the unapproved-first
// punch option, a 05:00 day change and 12:00 for the night group, two
// places, standard hours for 営業部, two card punches before the face
// terminal's), from a seeded month of recognitions,
// through punchctl end to end, and compares every cell of every sheet with
// testdata/golden/demo-2026-10.txt. A change in any figure, word, order
// or number format shows as a diff of that file.
func TestGoldenDemoMonthWorkbook(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	// Both clocks stop on 2 November 2026: what the rules make of a
	// record depends on when it was received (時刻異常 past 60 days).
	stopped := time.Date(2026, time.November, 2, 10, 0, 0, 0, tokyo)
	clock = func() time.Time { return stopped }
	t.Cleanup(func() { clock = nil })
	sim := senselinksim.New(senselinksim.Config{AppKey: simKey, AppSecret: simSecret, Location: tokyo, Seed: 2026,
		Now: func() time.Time { return stopped }})
	people := senselinksim.GenerateStaff(12)
	devices := senselinksim.DemoDevices()
	sim.SetPeople(people)
	sim.SetDevices(devices)
	start := time.Date(2026, time.September, 24, 0, 0, 0, 0, tokyo) // the week before, for weekly overtime
	if err := sim.GenerateDays(start, 38, people, devices, 4); err != nil {
		t.Fatal(err)
	}
	srv := newSimServer(t, sim)
	c := newCLI(t)
	c.must(simSecret+"\n", "link", "--server", srv, "--app-key", simKey)
	for _, kv := range [][2]string{
		{"punch-mode", "unapproved-first"},
		{"day-change", "05:00"},
		{"group-day-change", senselinksim.NightShiftGroup + "=12:00"},
		{"terminal-group", devices[0].Name + "=本社"},
		{"terminal-group", devices[len(devices)-1].Name + "=通用口"},
		{"group-hours", "営業部=09:00-18:00"},
	} {
		c.must("", "settings", "set", kv[0], kv[1])
	}
	csv := "code,name,group\n"
	for _, p := range people {
		group := p.Groups[0]
		for _, g := range p.Groups {
			if g == senselinksim.NightShiftGroup {
				group = g
			}
		}
		csv += p.JobNumber + "," + p.Name + "," + group + "\n"
	}
	staffFile := filepath.Join(t.TempDir(), "staff.csv")
	writeFile(t, staffFile, csv)
	c.must("", "staff", "import", staffFile)
	// Two staff clocked in by card before the face terminal saw them, as in
	// the demo: under unapproved-first their first face punches wait.
	for i, code := range []string{people[0].JobNumber, people[3].JobNumber} {
		c.must("", "punch", "add", "--staff", code, "--time", fmt.Sprintf("2026-10-15 08:0%d", 5+i), "--source", "ic_card", "--note", "ICカード")
	}
	c.must("", "sync", "--from", start.Format(time.DateTime))
	out := filepath.Join(t.TempDir(), "出勤簿.xlsx")
	c.must("", "export", "--month", "2026-10", "--out", out, "--per-staff")

	got := workbookText(t, out)
	golden := filepath.Join("..", "..", "testdata", "golden", "demo-2026-10.txt")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test ./cmd/punchctl -run Golden -update writes it)", err)
	}
	if got != string(want) {
		gotFile := filepath.Join(t.TempDir(), "demo-2026-10.txt")
		os.WriteFile(gotFile, []byte(got), 0o644)
		t.Errorf("the workbook differs from %s at %s; the whole dump is in %s (diff them; -update accepts it)",
			golden, firstDifference(string(want), got), gotFile)
	}
}

// workbookText is every sheet of a workbook as text: its name, then each
// non-empty cell as REF<tab>shown value<tab>formula (if any)<tab>number
// format, row by row (document properties and print headers are not
// dumped).
func workbookText(t *testing.T, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		fmt.Fprintf(&b, "== %s\n", sheet)
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: false})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for col, v := range row {
				ref, _ := excelize.CoordinatesToCellName(col+1, r+1)
				formula, _ := f.GetCellFormula(sheet, ref)
				if v == "" && formula == "" {
					continue
				}
				style, _ := f.GetCellStyle(sheet, ref)
				format := ""
				if st, err := f.GetStyle(style); err == nil {
					if st.CustomNumFmt != nil {
						format = *st.CustomNumFmt
					} else if st.NumFmt != 0 {
						format = fmt.Sprint(st.NumFmt)
					}
				}
				fmt.Fprintf(&b, "%s\t%s\t%s\t%s\n", ref, v, formula, format)
			}
		}
	}
	return b.String()
}

// firstDifference names the first line where two dumps differ.
func firstDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d: want %q, got %q", i+1, wl, gl)
		}
	}
	return "no line (lengths differ)"
}
