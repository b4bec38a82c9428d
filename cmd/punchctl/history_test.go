package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/punchdesk/punchdesk/core/senselinksim"
)

// TestHistorySyncedAfterTodayBecomesPunches is the case of a site that
// syncs today first and then fetches the month's history: the older
// records arrive with ids below what was already derived, and must still
// become punches — in the book, the punches and the records' outcomes —
// with no later sync or setting change needed.
func TestHistorySyncedAfterTodayBecomesPunches(t *testing.T) {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	now := time.Now().In(tokyo)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, tokyo)
	start := today.AddDate(0, 0, -10)
	sim := senselinksim.New(senselinksim.Config{AppKey: simKey, AppSecret: simSecret, Location: tokyo, Seed: 3})
	people := senselinksim.GenerateStaff(3)
	sim.SetPeople(people)
	sim.SetDevices(senselinksim.DemoDevices())
	// History first in id order, as a server holds it; then a record of
	// today, received last and with the highest id.
	if err := sim.GenerateDays(start, 10, people, senselinksim.DemoDevices(), 4); err != nil {
		t.Fatal(err)
	}
	if _, err := sim.Recognize(people[0], sim.Devices()[0], now.Add(-time.Minute), 36.5, 1); err != nil {
		t.Fatal(err)
	}
	srv := newSimServer(t, sim)
	c := newCLI(t)
	mustRun := c.must
	csv := "code,name\n"
	for _, p := range people {
		csv += p.JobNumber + "," + p.Name + "\n"
	}
	mustRun(simSecret+"\n", "link", "--server", srv, "--app-key", simKey)
	staffFile := filepath.Join(t.TempDir(), "s.csv")
	writeFile(t, staffFile, csv)
	mustRun("", "staff", "import", staffFile)
	mustRun("", "sync") // today only: the derivation position moves past the history's ids
	mustRun("", "sync", "--from", start.Format(time.DateTime))

	day := start.AddDate(0, 0, 3)
	var book []map[string]any
	if err := json.Unmarshal([]byte(mustRun("", "book", "--month", day.Format("2006-01"), "--staff", people[1].JobNumber, "--json")), &book); err != nil {
		t.Fatal(err)
	}
	worked := 0
	for _, d := range book {
		if d["punches"].(float64) > 0 {
			worked++
		}
	}
	if worked == 0 {
		t.Fatalf("the history's days are empty in the book: %v", book)
	}
	var recs []map[string]any
	if err := json.Unmarshal([]byte(mustRun("", "records", "--date", day.Format(time.DateOnly), "--json")), &recs); err != nil || len(recs) == 0 {
		t.Fatalf("records of %s: %d, %v", day.Format(time.DateOnly), len(recs), err)
	}
	for _, r := range recs {
		if r["outcome"] == "" || r["outcome"] == "unlinked" || r["outcome"] == nil {
			t.Errorf("record %v of a staff member did not become a punch: outcome %v", r["id"], r["outcome"])
		}
	}
	var punches []map[string]any
	if err := json.Unmarshal([]byte(mustRun("", "punches", "--month", day.Format("2006-01"), "--json")), &punches); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range punches {
		found = found || p["business_date"] == day.Format(time.DateOnly)
	}
	if !found {
		t.Errorf("no punch on %s", day.Format(time.DateOnly))
	}
}

// TestDBCheckNamesADamagedDatabase checks a sound database, then one with
// a page overwritten.
func TestDBCheckNamesADamagedDatabase(t *testing.T) {
	c := newCLI(t)
	csv := filepath.Join(t.TempDir(), "s.csv")
	rows := "code,name\n"
	for i := range 2000 {
		rows += fmt.Sprintf("%d,名前 %d\n", 10000+i, i)
	}
	writeFile(t, csv, rows)
	if code, _, errOut := c.run("", "staff", "import", csv); code != 0 {
		t.Fatal(errOut)
	}
	if code, out, errOut := c.run("", "db", "check"); code != 0 || !strings.Contains(out, "sound") {
		t.Fatalf("db check of a sound database: exit %d, %q %q", code, out, errOut)
	}
	f, err := os.OpenFile(c.db, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Page 5 onwards (16 KiB pages): the staff table's leaves, past the schema.
	if _, err := f.WriteAt(bytes.Repeat([]byte{0xA5}, 16384), 5*16384); err != nil {
		t.Fatal(err)
	}
	f.Close()
	code, out, errOut := c.run("", "db", "check")
	if code != 1 || !strings.Contains(errOut, "damaged") || out == "" {
		t.Errorf("db check of a damaged database: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}
