package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestStaffPunchesBookEndToEnd drives issue 3's commands against the
// stand-in: records become punches once their staff member exists, settings
// change what they became, and the book sums the day.
func TestStaffPunchesBookEndToEnd(t *testing.T) {
	sim, srv := newSim(t)
	c := newCLI(t)
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	people, devices := sim.People(), sim.Devices()
	// Yesterday in Tokyo: in 09:00, out 12:00 (a pass 20 s later is a
	// duplicate), in 13:00 with a fever, out 18:00 without a mask.
	now := time.Now().In(tokyo)
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, tokyo).AddDate(0, 0, -1)
	p := people[0]
	for _, r := range []struct {
		at   time.Duration
		temp float64
		mask int
	}{
		{9 * time.Hour, 36.4, 1},
		{12 * time.Hour, 36.5, 1},
		{12*time.Hour + 20*time.Second, 36.5, 1},
		{13 * time.Hour, 38.0, 1},
		{18 * time.Hour, 36.6, 0},
	} {
		if _, err := sim.Recognize(p, devices[0], day.Add(r.at), r.temp, r.mask); err != nil {
			t.Fatal(err)
		}
	}
	if code, _, errOut := c.run(simSecret+"\n", "link", "--server", srv.URL, "--app-key", simKey); code != 0 {
		t.Fatal(errOut)
	}
	if code, _, errOut := c.run("", "sync", "--from", day.Format(time.DateTime)); code != 0 {
		t.Fatal(errOut)
	}

	// Before the staff member exists, the records wait as unlinked.
	var recs []map[string]any
	_, out, _ := c.run("", "records", "--json")
	if err := json.Unmarshal([]byte(out), &recs); err != nil || len(recs) != 5 {
		t.Fatalf("records = %s, %v", out, err)
	}
	if recs[0]["outcome"] != "unlinked" || recs[0]["staff_code"] != nil {
		t.Errorf("record before staff exists = %v", recs[0])
	}

	if code, _, errOut := c.run("", "staff", "add", "--code", p.JobNumber, "--name", p.Name, "--group", "本社"); code != 0 {
		t.Fatal(errOut)
	}
	month := day.Format("2006-01")
	var punches []map[string]any
	code, out, errOut := c.run("", "punches", "--month", month, "--staff", p.JobNumber, "--json")
	if code != 0 || json.Unmarshal([]byte(out), &punches) != nil {
		t.Fatalf("punches: exit %d %s %s", code, out, errOut)
	}
	var kinds, statuses []string
	for _, pu := range punches {
		kinds = append(kinds, pu["kind"].(string))
		statuses = append(statuses, pu["status"].(string))
		if pu["source"] != "face" || pu["record_id"] == nil || pu["business_date"] != day.Format(time.DateOnly) {
			t.Errorf("punch = %v", pu)
		}
	}
	if strings.Join(kinds, ",") != "clock_in,break_start,,break_end,clock_out" ||
		strings.Join(statuses, ",") != "counted,counted,duplicate,counted,counted" {
		t.Fatalf("kinds %v statuses %v", kinds, statuses)
	}
	if r := punches[3]["remarks"].([]any); len(r) != 1 || r[0] != "abnormal_temperature" {
		t.Errorf("fever punch remarks = %v", r)
	}
	if r := punches[4]["remarks"].([]any); len(r) != 1 || r[0] != "no_mask" {
		t.Errorf("no-mask punch remarks = %v", r)
	}

	var book []map[string]any
	code, out, errOut = c.run("", "book", "--month", month, "--staff", p.JobNumber, "--json")
	if code != 0 || json.Unmarshal([]byte(out), &book) != nil {
		t.Fatalf("book: exit %d %s %s", code, out, errOut)
	}
	first, _ := time.Parse("2006-01", month)
	if len(book) != first.AddDate(0, 1, -1).Day() {
		t.Fatalf("book has %d rows for %s", len(book), month)
	}
	row := book[day.Day()-1]
	if row["date"] != day.Format(time.DateOnly) || row["work_minutes"] != 480.0 || row["break_minutes"] != 60.0 || row["punches"] != 4.0 {
		t.Errorf("book day = %v; want 8 h work, 1 h break, 4 punches", row)
	}

	// first-last: the lunch punches become auto-deleted, the day one pair.
	if code, _, errOut := c.run("", "settings", "set", "punch-mode", "first-last"); code != 0 {
		t.Fatal(errOut)
	}
	_, out, _ = c.run("", "punches", "--month", month, "--json")
	punches = nil
	json.Unmarshal([]byte(out), &punches)
	statuses = nil
	for _, pu := range punches {
		statuses = append(statuses, pu["status"].(string))
	}
	if strings.Join(statuses, ",") != "counted,auto_deleted,duplicate,auto_deleted,counted" {
		t.Errorf("first-last statuses = %v", statuses)
	}
	if code, _, errOut := c.run("", "settings", "set", "punch-mode", "sometimes"); code != 1 || !strings.Contains(errOut, "must be one of") {
		t.Errorf("bad setting: exit %d %q", code, errOut)
	}
	// A terminal's location group shows on its punches.
	if code, _, errOut := c.run("", "settings", "set", "terminal-group", devices[0].Name+"=本社ビル"); code != 0 {
		t.Fatal(errOut)
	}
	_, out, _ = c.run("", "punches", "--month", month, "--json")
	punches = nil
	json.Unmarshal([]byte(out), &punches)
	if len(punches) == 0 || punches[0]["location_group"] != "本社ビル" || punches[0]["terminal"] != devices[0].Name {
		t.Errorf("punch with a terminal group = %v", punches[0])
	}
	var settings map[string]any
	_, out, _ = c.run("", "settings", "get", "--json")
	if json.Unmarshal([]byte(out), &settings) != nil || settings["punch-mode"] != "first-last" || settings["day-change"] != "00:00" {
		t.Errorf("settings = %s", out)
	}
}

func TestStaffImportIsAllOrNothing(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("code,name,group\n1001,佐藤 健太,本社\n,名無し,本社\n1001,二重 登録,本社\n"), 0o600)
	code, _, errOut := c.run("", "staff", "import", bad)
	if code != 1 || !strings.Contains(errOut, "line 3") || !strings.Contains(errOut, "line 4") {
		t.Fatalf("bad import: exit %d %q; want errors naming lines 3 and 4", code, errOut)
	}
	_, out, _ := c.run("", "staff", "list", "--json")
	if strings.TrimSpace(out) != "[]" {
		t.Fatalf("a failed import stored staff: %s", out)
	}
	good := filepath.Join(dir, "good.csv")
	os.WriteFile(good, []byte("\xef\xbb\xbfスタッフコード,姓,名,グループ\n1001,佐藤,健太,本社\n1002,鈴木,美咲,\n"), 0o600)
	if code, out, errOut := c.run("", "staff", "import", good); code != 0 || !strings.Contains(out, "2 added") {
		t.Fatalf("good import: exit %d %q %q", code, out, errOut)
	}
	var staff []map[string]any
	_, out, _ = c.run("", "staff", "list", "--json")
	if json.Unmarshal([]byte(out), &staff) != nil || len(staff) != 2 || staff[0]["name"] != "佐藤 健太" {
		t.Errorf("staff after import = %s", out)
	}
}

func TestExportWritesTheWorkbookAndLeavesNothingOnFailure(t *testing.T) {
	sim, srv := newSim(t)
	c := newCLI(t)
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	p := sim.People()[0]
	now := time.Now().In(tokyo)
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, tokyo).AddDate(0, 0, -1)
	for _, at := range []time.Duration{9 * time.Hour, 18 * time.Hour} {
		sim.Recognize(p, sim.Devices()[0], day.Add(at), 36.5, 1)
	}
	c.run(simSecret+"\n", "link", "--server", srv.URL, "--app-key", simKey)
	c.run("", "staff", "add", "--code", "=HYPERLINK(\"x\")", "--name", "@危険な名前")
	c.run("", "staff", "add", "--code", p.JobNumber, "--name", p.Name, "--group", "本社")
	if code, _, errOut := c.run("", "sync", "--from", day.Format(time.DateTime)); code != 0 {
		t.Fatal(errOut)
	}
	out := filepath.Join(t.TempDir(), "book.xlsx")
	month := day.Format("2006-01")
	if code, _, errOut := c.run("", "export", "--month", month, "--out", out, "--per-staff"); code != 0 {
		t.Fatalf("export: exit %d %s", code, errOut)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) < 4 || sheets[0] != "集計" || sheets[1] != "出勤簿" {
		t.Fatalf("sheets = %v", sheets)
	}
	rows, _ := f.GetRows("出勤簿")
	first, _ := time.Parse("2006-01", month)
	if days := first.AddDate(0, 1, -1).Day(); len(rows) != 1+2*days {
		t.Errorf("detail sheet has %d rows, want a header and %d days × 2 staff", len(rows), days)
	}
	var found bool
	for _, r := range rows {
		if len(r) > 1 && r[0] == "=HYPERLINK(\"x\")" && r[1] == "@危険な名前" {
			found = true
		}
	}
	if !found {
		t.Error("formula-like staff text did not come back as text")
	}
	cells, _ := f.SearchSheet("出勤簿", "^=", true)
	for _, cell := range cells {
		if formula, _ := f.GetCellFormula("出勤簿", cell); formula != "" {
			t.Errorf("%s holds a formula %q", cell, formula)
		}
	}
	// --group filters: by where staff clocked in, or with --staff-group by
	// their own group; a month is required; an unwritable place fails
	// cleanly.
	groupRows := func(args ...string) (detail, places int) {
		t.Helper()
		only := filepath.Join(t.TempDir(), "only.xlsx")
		if code, _, errOut := c.run("", append([]string{"export", "--month", month, "--out", only}, args...)...); code != 0 {
			t.Fatal(errOut)
		}
		g, _ := excelize.OpenFile(only)
		defer g.Close()
		grows, _ := g.GetRows("出勤簿")
		prows, _ := g.GetRows("打刻場所別")
		return len(grows), len(prows)
	}
	days := first.AddDate(0, 1, -1).Day()
	if n, _ := groupRows("--group", "本社", "--staff-group"); n != 1+days {
		t.Errorf("export of staff group 本社 has %d rows, want %d", n, 1+days)
	}
	if n, _ := groupRows("--group", "本社"); n != 1 {
		t.Errorf("export of place 本社 before any terminal is placed there has %d rows, want the header only", n)
	}
	c.run("", "settings", "set", "terminal-group", sim.Devices()[0].Name+"=本社")
	if n, places := groupRows("--group", "本社"); n != 1+days || places != 3 {
		t.Errorf("export of place 本社: %d detail rows, %d place rows; want %d and a header, one row, a total", n, places, 1+days)
	}
	missingDir := filepath.Join(t.TempDir(), "no", "such", "dir", "x.xlsx")
	if code, _, errOut := c.run("", "export", "--month", month, "--out", missingDir); code != 1 || !strings.Contains(errOut, "cannot write") {
		t.Errorf("unwritable: exit %d %q", code, errOut)
	}
	if code, _, _ := c.run("", "export", "--out", out); code != 2 {
		t.Errorf("export without --month: exit %d", code)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("export left extra files: %v", entries)
	}
}
