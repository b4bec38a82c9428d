package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func punchesByID(t *testing.T, c cli, month string) map[string]map[string]any {
	t.Helper()
	code, out, errOut := c.run("", "punches", "--month", month, "--json")
	var list []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &list) != nil {
		t.Fatalf("punches: exit %d %s %s", code, out, errOut)
	}
	byID := map[string]map[string]any{}
	for _, p := range list {
		byID[p["id"].(string)] = p
	}
	return byID
}

// TestReviewAndCorrectionsEndToEnd clears a pending punch, deletes and
// restores punches, imports other punches, and reads it all back from the
// audit trail — issue 4 through punchctl against the stand-in.
func TestReviewAndCorrectionsEndToEnd(t *testing.T) {
	sim, srv := newSim(t)
	c := newCLI(t)
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	p := sim.People()[0]
	now := time.Now().In(tokyo)
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, tokyo).AddDate(0, 0, -1)
	month := day.Format("2006-01")
	for _, at := range []time.Duration{9 * time.Hour, 12 * time.Hour, 13 * time.Hour, 18 * time.Hour} {
		if _, err := sim.Recognize(p, sim.Devices()[0], day.Add(at), 36.5, 1); err != nil {
			t.Fatal(err)
		}
	}
	mustRun := c.must
	mustRun(simSecret+"\n", "link", "--server", srv.URL, "--app-key", simKey)
	mustRun("", "staff", "add", "--code", p.JobNumber, "--name", p.Name)
	mustRun("", "settings", "set", "punch-mode", "unapproved-first")
	mustRun("", "sync", "--from", day.Format(time.DateTime))

	// An IC card punch before the first face punch makes that face punch pending.
	at := day.Add(8*time.Hour + 50*time.Minute).Format("2006-01-02 15:04")
	out := mustRun("", "punch", "add", "--staff", p.JobNumber, "--time", at, "--source", "ic_card", "--note", "カード")
	icID := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(out), "Added punch "), ".")
	var pending []map[string]any
	json.Unmarshal([]byte(mustRun("", "review", "list", "--json")), &pending)
	if len(pending) != 1 || pending[0]["pending_because"] != icID || pending[0]["status"] != "pending" {
		t.Fatalf("review list = %v; want the 09:00 face punch pending because of %s", pending, icID)
	}
	faceID := pending[0]["id"].(string)

	if code, _, errOut := c.run("", "review", "reject", faceID); code != 2 || !strings.Contains(errOut, "--reason") {
		t.Errorf("reject without reason: exit %d %q", code, errOut)
	}
	mustRun("", "review", "reject", faceID, "--reason", "カードで出勤済み")
	if got := punchesByID(t, c, month)[faceID]["status"]; got != "rejected" {
		t.Errorf("after reject: %v", got)
	}
	mustRun("", "review", "approve", faceID) // a decision may be changed
	byID := punchesByID(t, c, month)
	if byID[faceID]["status"] != "counted" || byID[icID]["kind"] != "clock_in" {
		t.Errorf("after approve: face %v, card %v", byID[faceID], byID[icID])
	}
	if out := mustRun("", "review", "list"); !strings.Contains(out, "No pending") {
		t.Errorf("queue after approve: %q", out)
	}

	// Delete and restore the IC card punch.
	if code, _, _ := c.run("", "punch", "delete", icID); code != 2 {
		t.Errorf("delete without reason: exit %d", code)
	}
	mustRun("", "punch", "delete", icID, "--reason", "誤登録")
	if got := punchesByID(t, c, month)[icID]["status"]; got != "deleted" {
		t.Errorf("after delete: %v", got)
	}
	mustRun("", "punch", "restore", icID)
	if got := punchesByID(t, c, month)[icID]["status"]; got != "counted" {
		t.Errorf("after restore: %v", got)
	}

	// first-last: restoring an auto-deleted face punch adds an admin punch.
	mustRun("", "settings", "set", "punch-mode", "first-last")
	var auto string
	for id, pu := range punchesByID(t, c, month) {
		if pu["status"] == "auto_deleted" && pu["source"] == "face" && auto == "" {
			auto = id
		}
	}
	if auto == "" {
		t.Fatal("no auto-deleted punch in first-last mode")
	}
	out = mustRun("", "punch", "restore", auto)
	if !strings.Contains(out, "administrator punch") {
		t.Errorf("restore of auto-deleted: %q", out)
	}
	var admin int
	for _, pu := range punchesByID(t, c, month) {
		if pu["source"] == "admin" && pu["status"] == "counted" {
			admin++
		}
	}
	if admin != 1 {
		t.Errorf("%d admin punches after the restore, want 1", admin)
	}

	// Refusals name the problem.
	for _, bad := range []struct {
		args []string
		want string
	}{
		{[]string{"punch", "add", "--staff", "9999", "--time", at, "--source", "web"}, `no staff member with code "9999"`},
		{[]string{"punch", "add", "--staff", p.JobNumber, "--time", "2026-02-30 09:00", "--source", "web"}, "not a time"},
		{[]string{"punch", "add", "--staff", p.JobNumber, "--time", now.Add(time.Hour).Format("2006-01-02 15:04"), "--source", "web"}, "future"},
		{[]string{"punch", "delete", "o999", "--reason", "x"}, "no punch"},
	} {
		if code, _, errOut := c.run("", bad.args...); code != 1 || !strings.Contains(errOut, bad.want) {
			t.Errorf("punchctl %v: exit %d %q; want %q", bad.args, code, errOut, bad.want)
		}
	}

	// Import: all or nothing, problems by line.
	dir := t.TempDir()
	badCSV := filepath.Join(dir, "bad.csv")
	os.WriteFile(badCSV, []byte("staff_code,time,source,note\n"+p.JobNumber+","+at+",web\n9999,"+at+",web\n"+p.JobNumber+",yesterday,web\n"), 0o600)
	if code, _, errOut := c.run("", "punch", "import", badCSV); code != 1 || !strings.Contains(errOut, "line 3") || !strings.Contains(errOut, "line 4") {
		t.Errorf("bad punch import: exit %d %q", code, errOut)
	}
	goodCSV := filepath.Join(dir, "good.csv")
	os.WriteFile(goodCSV, []byte(p.JobNumber+","+day.Add(19*time.Hour).Format("2006-01-02 15:04")+",mobile,残業申請\n"), 0o600)
	if out := mustRun("", "punch", "import", goodCSV); !strings.Contains(out, "Imported 1 punches") {
		t.Errorf("good import: %q", out)
	}

	var audit []map[string]any
	json.Unmarshal([]byte(mustRun("", "audit", "--staff", p.JobNumber, "--json")), &audit)
	var actions []string
	for _, a := range audit {
		actions = append(actions, a["action"].(string))
		if a["user"] == "" || a["at"] == "" {
			t.Errorf("audit entry without who or when: %v", a)
		}
	}
	want := "staff.add,punch.add,review.reject,review.approve,punch.delete,punch.restore,punch.restore,punch.import"
	if strings.Join(actions, ",") != want {
		t.Errorf("audit actions = %v\nwant %s", actions, want)
	}
	var all []map[string]any
	json.Unmarshal([]byte(mustRun("", "audit", "--json")), &all)
	if len(all) <= len(audit) || all[0]["action"] != "link" {
		t.Errorf("full audit trail starts with %v", all[0])
	}
}
