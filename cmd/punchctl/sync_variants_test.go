package main

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/punchdesk/punchdesk/core/senselinksim"
)

// TestSyncAgainstEveryReadingOfTheAPI links, syncs and reads through
// punchctl against stand-ins that read the API each way public sources
// disagree on, with an AppKey limited to the record API: a terminal's late
// offline upload is found, unreadable rows are counted, and a recognition
// without a mask (abnormal_type 50001) gets its remark.
func TestSyncAgainstEveryReadingOfTheAPI(t *testing.T) {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	for _, cfg := range []senselinksim.Config{
		{WindowBy: senselinksim.WindowBySign, RowShape: senselinksim.RowShapeNested, BadRows: true},
		{WindowBy: senselinksim.WindowBySign, IgnoreStartRecordID: true, RowShape: senselinksim.RowShapeV5},
		{WindowBy: senselinksim.WindowByReceive, RowShape: senselinksim.RowShapeDataData},
	} {
		name := fmt.Sprintf("by %s, start id ignored %t, rows %s, bad rows %t", cfg.WindowBy, cfg.IgnoreStartRecordID, cfg.RowShape, cfg.BadRows)
		t.Run(name, func(t *testing.T) {
			cfg.AppKey, cfg.AppSecret, cfg.Location = simKey, simSecret, tokyo
			sim := senselinksim.New(cfg)
			sim.SetPeople(senselinksim.DemoPeople())
			sim.SetDevices(senselinksim.DemoDevices())
			sim.Deny("/api/v3/server/version", "/api/v1/server/version", "/api/v1/user/list", "/api/v1/device")
			srv := httptest.NewServer(sim)
			t.Cleanup(srv.Close)
			c := newCLI(t)
			people, devices := sim.People(), sim.Devices()
			now := time.Now().In(tokyo)

			// A key that may read records only is enough to link.
			c.must(simSecret+"\n", "link", "--server", srv.URL, "--app-key", simKey)
			staffFile := filepath.Join(t.TempDir(), "staff.csv")
			writeFile(t, staffFile, "code,name\n"+people[0].JobNumber+","+people[0].Name+"\n"+people[1].JobNumber+","+people[1].Name+"\n")
			c.must("", "staff", "import", staffFile)

			// The second terminal is offline; the first recognises.
			sim.SetOffline(devices[1].LDID, true)
			lateSigned := now.Add(-90 * time.Minute)
			if _, err := sim.Recognize(people[1], devices[1], lateSigned, 36.5, 1); err != nil {
				t.Fatal(err)
			}
			// No mask flag sent, only the terminal's abnormal type 50001.
			unmasked, err := sim.Recognize(people[0], devices[0], now.Add(-80*time.Minute), 36.4, -1)
			if err != nil {
				t.Fatal(err)
			}
			sim.Amend(unmasked.ID, func(r *senselinksim.Record) { r.AbnormalType = 50001 })
			c.must("", "sync", "--from", now.Add(-2*time.Hour).Format(time.DateTime))
			c.must("", "sync") // the second pass meets start_record_id
			// It comes back and uploads its old recognition.
			sim.SetOffline(devices[1].LDID, false)
			c.must("", "sync")

			var recs []map[string]any
			if err := json.Unmarshal([]byte(c.must("", "records", "--json")), &recs); err != nil {
				t.Fatal(err)
			}
			if len(recs) != sim.Len() {
				t.Fatalf("%d records stored, the stand-in has %d", len(recs), sim.Len())
			}
			var late, noMask bool
			for _, r := range recs {
				if r["employee_number"] == people[1].JobNumber && r["terminal_id"] == devices[1].LDID {
					late = true
				}
				if r["employee_number"] == people[0].JobNumber && r["abnormal_type"] == 50001.0 {
					noMask = r["mask"] == nil && fmt.Sprint(r["remarks"]) == "[no_mask]"
				}
			}
			if !late {
				t.Errorf("the late upload is missing")
			}
			if !noMask {
				t.Errorf("the 50001 recognition has no no-mask remark: %v", recs)
			}
			var st map[string]any
			if err := json.Unmarshal([]byte(c.must("", "status", "--json")), &st); err != nil {
				t.Fatal(err)
			}
			if bad := st["unreadable_rows"].(float64); (bad > 0) != cfg.BadRows {
				t.Errorf("status shows %v unreadable rows; the stand-in sends them: %t", bad, cfg.BadRows)
			}
			if st["start_record_id_ignored"] != cfg.IgnoreStartRecordID {
				t.Errorf("status start_record_id_ignored = %v", st["start_record_id_ignored"])
			}
			if cfg.BadRows && !strings.Contains(c.must("", "db", "check", "--aside"), `"id":"broken-`) {
				t.Errorf("db check --aside does not list the unreadable row")
			}
		})
	}
}

// TestLinkTakesTheSecretFromTheEnvironment is the scheduled-job case: with
// PUNCHDESK_APP_SECRET set, link reads nothing from standard input and
// proves that secret, not a stray line on stdin.
func TestLinkTakesTheSecretFromTheEnvironment(t *testing.T) {
	_, srv := newSim(t)
	c := newCLI(t)
	t.Setenv("PUNCHDESK_APP_SECRET", "not-the-secret")
	if code, _, errOut := c.run(simSecret+"\n", "link", "--server", srv.URL, "--app-key", simKey); code != 1 || !strings.Contains(errOut, "AppKey or AppSecret") {
		t.Fatalf("a wrong secret in the environment, the right one on stdin: exit %d, %s", code, errOut)
	}
	t.Setenv("PUNCHDESK_APP_SECRET", simSecret)
	out := c.must("", "link", "--server", srv.URL, "--app-key", simKey)
	if !strings.Contains(out, "PUNCHDESK_APP_SECRET is set") {
		t.Errorf("link output: %s", out)
	}
	t.Setenv("PUNCHDESK_APP_SECRET", "")
	if code, _, errOut := c.run("", "link", "--server", srv.URL, "--app-key", simKey); code != 2 || !strings.Contains(errOut, "PUNCHDESK_APP_SECRET") {
		t.Errorf("no secret anywhere: exit %d, %s", code, errOut)
	}
}
