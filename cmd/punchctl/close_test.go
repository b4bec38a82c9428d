package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/punchdesk/punchdesk/core/senselinksim"
)

// TestMonthCloseFreezesTheMonthEndToEnd closes last month through
// punchctl: closing with a day that needs a look needs --force; after the
// close a correction and a decision are refused, a rule change and a late
// record change nothing of the month (the record is listed in 要確認), the
// workbook says 締め済み; reopening (with a reason) brings the late record
// in; everything is audited.
func TestMonthCloseFreezesTheMonthEndToEnd(t *testing.T) {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	now := time.Now().In(tokyo)
	first := time.Date(now.Year(), now.Month()-1, 1, 0, 0, 0, 0, tokyo)
	month := first.Format("2006-01")
	d10, d11 := first.AddDate(0, 0, 9), first.AddDate(0, 0, 10)
	sim := senselinksim.New(senselinksim.Config{AppKey: simKey, AppSecret: simSecret, Location: tokyo})
	p := senselinksim.Person{ID: 1, Name: "佐藤 健太", JobNumber: "4001"}
	sim.SetPeople([]senselinksim.Person{p})
	sim.SetDevices(senselinksim.DemoDevices())
	for _, at := range []time.Time{d10.Add(9 * time.Hour), d10.Add(18 * time.Hour), d11.Add(9 * time.Hour)} {
		if _, err := sim.Recognize(p, sim.Devices()[0], at, 36.5, 1); err != nil {
			t.Fatal(err)
		}
	}
	srv := newSimServer(t, sim)
	c := newCLI(t)
	mustRun := c.must
	mustRun(simSecret+"\n", "link", "--server", srv, "--app-key", simKey)
	mustRun("", "staff", "add", "--code", "4001", "--name", p.Name)
	mustRun("", "sync", "--from", first.Format(time.DateTime))
	// An IC card punch before the 10th's first face punch makes it pending.
	mustRun("", "settings", "set", "punch-mode", "unapproved-first")
	mustRun("", "punch", "add", "--staff", "4001", "--time", d10.Add(8*time.Hour).Format("2006-01-02 15:04"), "--source", "ic_card")
	var pending []map[string]any
	json.Unmarshal([]byte(mustRun("", "review", "list", "--json")), &pending)
	if len(pending) != 1 {
		t.Fatalf("pending before the close = %v", pending)
	}
	book := func() string { return mustRun("", "book", "--month", month, "--staff", "4001", "--json") }

	// The 11th has no clock-out: closing needs --force.
	if code, _, errOut := c.run("", "close", "--month", month); code != 1 || !strings.Contains(errOut, "need a look") {
		t.Fatalf("close with a flagged day: exit %d, %s", code, errOut)
	}
	if code, _, errOut := c.run("", "close", "--month", now.Format("2006-01")); code != 1 || !strings.Contains(errOut, "not over") {
		t.Errorf("closing the current month: exit %d, %s", code, errOut)
	}
	mustRun("", "close", "--month", month, "--force")
	frozen := book()

	// Refused: a correction and a decision.
	at := d11.Add(18 * time.Hour).Format("2006-01-02 15:04")
	if code, _, errOut := c.run("", "punch", "add", "--staff", "4001", "--time", at, "--source", "web"); code != 1 || !strings.Contains(errOut, "締め済み") {
		t.Errorf("a correction in a closed month: exit %d, %s", code, errOut)
	}
	var punches []map[string]any
	json.Unmarshal([]byte(mustRun("", "punches", "--month", month, "--json")), &punches)
	if code, _, errOut := c.run("", "punch", "delete", punches[0]["id"].(string), "--reason", "x"); code != 1 || !strings.Contains(errOut, "締め済み") {
		t.Errorf("a deletion in a closed month: exit %d, %s", code, errOut)
	}
	if code, _, errOut := c.run("", "review", "approve", pending[0]["id"].(string)); code != 1 || !strings.Contains(errOut, "締め済み") {
		t.Errorf("a decision in a closed month: exit %d, %s", code, errOut)
	}
	imported := filepath.Join(t.TempDir(), "punches.csv")
	writeFile(t, imported, "staff_code,time,source\n4001,"+d11.Add(17*time.Hour).Format("2006-01-02 15:04")+",web\n")
	if code, _, errOut := c.run("", "punch", "import", imported); code != 1 || !strings.Contains(errOut, "締め済み") {
		t.Errorf("an import into a closed month: exit %d, %s", code, errOut)
	}
	// The closed month's pending punch can no longer be decided, so it
	// leaves the queue.
	if q := mustRun("", "review", "list"); !strings.Contains(q, "No pending punches") {
		t.Errorf("review list after the close = %q", q)
	}
	// A rule change and a late record change nothing of the closed month.
	mustRun("", "settings", "set", "punch-mode", "first-last")
	if _, err := sim.Recognize(p, sim.Devices()[0], d11.Add(18*time.Hour), 36.5, 1); err != nil {
		t.Fatal(err)
	}
	mustRun("", "sync")
	if got := book(); got != frozen {
		t.Errorf("the closed month changed:\n%s\nwas\n%s", got, frozen)
	}
	var check []map[string]any
	json.Unmarshal([]byte(mustRun("", "check", "--month", month, "--json")), &check)
	late := false
	for _, f := range check {
		flags, _ := f["flags"].([]any)
		late = late || f["date"] == d11.Format(time.DateOnly) && slices.Contains(flags, any("arrived_after_close"))
	}
	if !late {
		t.Errorf("要確認 does not list the record that arrived after the close: %v", check)
	}
	out := filepath.Join(t.TempDir(), "closed.xlsx")
	mustRun("", "export", "--month", month, "--out", out)
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	title, _ := f.GetCellValue("集計", "A1")
	f.Close()
	if !strings.Contains(title, "締め済み") {
		t.Errorf("the workbook of a closed month is titled %q", title)
	}

	if code, _, errOut := c.run("", "reopen", "--month", month); code != 1 || !strings.Contains(errOut, "reason") {
		t.Errorf("reopen without a reason: exit %d, %s", code, errOut)
	}
	mustRun("", "reopen", "--month", month, "--reason", "遅れて届いた退勤を反映")
	var days []map[string]any
	json.Unmarshal([]byte(book()), &days)
	if days[10]["clock_out"] == nil {
		t.Errorf("after reopening, the late clock-out of the 11th is still missing: %v", days[10])
	}
	var audit []map[string]any
	json.Unmarshal([]byte(mustRun("", "audit", "--json")), &audit)
	var actions []string
	for _, e := range audit {
		if a := e["action"].(string); strings.HasPrefix(a, "month.") {
			actions = append(actions, a)
		}
	}
	if !slices.Equal(actions, []string{"month.close", "month.reopen"}) {
		t.Errorf("audit of the close = %v", actions)
	}
}
