package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/punchdesk/punchdesk/core/senselinksim"
)

// TestRulesV2EndToEnd runs a night group and a day group through punchctl
// against the stand-in: a site-wide 05:00 day change splits the night
// shifts and 要確認 lists them; the suggestion proposes a midday day change
// for the night group; with it the shifts pair up; a terminal whose clock
// runs two days ahead gives a suspect time; a decision is made, found and
// changed.
func TestRulesV2EndToEnd(t *testing.T) {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	now := time.Now().In(tokyo)
	// Ten shifts ending two days ago: every day finished, all within the
	// suggestion's 30 days; they may span two months.
	first := time.Date(now.Year(), now.Month(), now.Day()-14, 0, 0, 0, 0, tokyo)
	sim := senselinksim.New(senselinksim.Config{AppKey: simKey, AppSecret: simSecret, Location: tokyo})
	night := senselinksim.Person{ID: 1, Name: "夜勤 太郎", JobNumber: "2001", Groups: []string{"夜勤"}}
	day := senselinksim.Person{ID: 2, Name: "日勤 花子", JobNumber: "2002", Groups: []string{"本社"}}
	sim.SetPeople([]senselinksim.Person{night, day})
	sim.SetDevices(senselinksim.DemoDevices())
	dev := sim.Devices()[0]
	recognize := func(p senselinksim.Person, at time.Time) {
		t.Helper()
		if _, err := sim.Recognize(p, dev, at, 36.4, 1); err != nil {
			t.Fatal(err)
		}
	}
	shiftDay := func(n int) time.Time { return first.AddDate(0, 0, n+2) } // shift n starts on the evening of this day
	for n := range 10 {
		date := shiftDay(n)
		recognize(night, date.Add(21*time.Hour+58*time.Minute))
		recognize(night, date.Add(24*time.Hour+6*time.Hour+30*time.Minute))
		recognize(day, date.Add(8*time.Hour+30*time.Minute))
		recognize(day, date.Add(18*time.Hour))
	}
	// A terminal clock about two days ahead: the record arrives now. Noon,
	// so that its business date is its calendar date whatever the hour the
	// test runs (before the 05:00 day change they differ).
	ahead := time.Date(now.Year(), now.Month(), now.Day()+2, 12, 0, 0, 0, tokyo)
	mask := 1
	if _, err := sim.Receive(senselinksim.Record{SignTime: ahead, UserID: day.ID, UserName: day.Name, UserType: 1,
		JobNumber: &day.JobNumber, Device: dev, BodyTemperature: 36.5, Mask: &mask, VerifyScore: 0.93}); err != nil {
		t.Fatal(err)
	}
	srv := newSimServer(t, sim)

	c := newCLI(t)
	mustRun := func(args ...string) string {
		t.Helper()
		stdin := ""
		if args[0] == "link" {
			stdin = simSecret + "\n"
		}
		return c.must(stdin, args...)
	}
	jsonOf := func(v any, args ...string) {
		t.Helper()
		if err := json.Unmarshal([]byte(mustRun(args...)), v); err != nil {
			t.Fatalf("punchctl %v: %v", args, err)
		}
	}
	staffCSV := filepath.Join(t.TempDir(), "staff.csv")
	writeFile(t, staffCSV, "code,name,group\n2001,夜勤 太郎,夜勤\n2002,日勤 花子,本社\n")
	mustRun("link", "--server", srv, "--app-key", simKey)
	mustRun("staff", "import", staffCSV)
	mustRun("sync", "--from", first.Format(time.DateTime))
	mustRun("settings", "set", "day-change", "05:00")

	type bookDay struct {
		Date     string   `json:"date"`
		ClockOut *string  `json:"clock_out"`
		NextDay  bool     `json:"clock_out_next_day"`
		Work     int      `json:"work_minutes"`
		Punches  int      `json:"punches"`
		Flags    []string `json:"flags"`
	}
	bookOn := func(code string, date time.Time) bookDay {
		t.Helper()
		var book []bookDay
		jsonOf(&book, "book", "--month", date.Format("2006-01"), "--staff", code, "--json")
		for _, d := range book {
			if d.Date == date.Format(time.DateOnly) {
				return d
			}
		}
		t.Fatalf("no %s in the book", date.Format(time.DateOnly))
		return bookDay{}
	}
	months := []string{shiftDay(0).Format("2006-01")}
	if m := shiftDay(10).Format("2006-01"); m != months[0] {
		months = append(months, m)
	}
	// The first shift's day has only its evening clock-in; from the next
	// on each day holds the morning clock-out of one shift and the evening
	// clock-in of the next: 15:28 of "work" in between.
	if a, b := bookOn("2001", shiftDay(0)), bookOn("2001", shiftDay(1)); a.Punches != 1 || !slices.Contains(a.Flags, "missing_clock_out") ||
		!slices.Contains(b.Flags, "crossing_suspected") {
		t.Errorf("with the site's 05:00 day change the first day = %+v and the next = %+v; want the first missing its clock-out, the next a suspected crossing", a, b)
	}
	if third := bookOn("2001", shiftDay(2)); third.Punches != 2 || third.NextDay || third.Work != 15*60+28 || !slices.Contains(third.Flags, "long_day") {
		t.Errorf("with the site's 05:00 day change the third shift's day = %+v; want it split: 06:30 out and 21:58 in, a long day", third)
	}
	type flagged struct {
		StaffCode string   `json:"staff_code"`
		Date      string   `json:"date"`
		Flags     []string `json:"flags"`
	}
	checkAll := func() []flagged {
		var all []flagged
		for _, m := range months {
			var check []flagged
			jsonOf(&check, "check", "--month", m, "--json")
			all = append(all, check...)
		}
		return all
	}
	check := checkAll()
	nightDays := 0
	for _, f := range check {
		if f.StaffCode == "2001" {
			nightDays++
		}
		if f.StaffCode == "2002" {
			t.Errorf("the day group's %s is listed in 要確認: %v", f.Date, f.Flags)
		}
	}
	if nightDays < 10 {
		t.Errorf("要確認 lists %d of the night shift's split days, want every one (≥ 10): %+v", nightDays, check)
	}

	type suggestion struct {
		Group     string  `json:"group"`
		Suggested *string `json:"suggested"`
		Current   string  `json:"current"`
		Records   int     `json:"records"`
	}
	var suggestions []suggestion
	jsonOf(&suggestions, "settings", "suggest-day-change", "--json")
	byGroup := map[string]suggestion{}
	for _, sg := range suggestions {
		byGroup[sg.Group] = sg
	}
	// Last month may reach back further than 30 days; the suggestion only
	// needs a few of the shifts to see the quiet hours.
	ng, ok := byGroup["夜勤"]
	if !ok || ng.Suggested == nil || ng.Current != "05:00" || ng.Records == 0 {
		t.Fatalf("suggestion for 夜勤 = %+v (all: %+v)", ng, suggestions)
	}
	if h, _ := time.Parse("15:04", *ng.Suggested); h.Hour() < 10 || h.Hour() > 17 {
		t.Errorf("suggested day change for a 22:00–06:30 night group = %s; want around midday", *ng.Suggested)
	}
	if _, ok := byGroup[""]; !ok {
		t.Errorf("no site-wide row in %+v", suggestions)
	}

	mustRun("settings", "set", "group-day-change", "夜勤=12:00")
	if third := bookOn("2001", shiftDay(2)); third.Punches != 2 || !third.NextDay || third.Work != 8*60+32 || len(third.Flags) != 0 {
		t.Errorf("with 夜勤=12:00 the third night shift = %+v; want one 21:58–06:30 (翌) shift of 8:32 and no flags", third)
	}
	for _, f := range checkAll() {
		if f.StaffCode == "2001" {
			t.Errorf("with the night group's day change, %s is still flagged: %v", f.Date, f.Flags)
		}
	}
	// Clearing the group's day change brings the site's back.
	mustRun("settings", "set", "group-day-change", "夜勤=")
	if bookOn("2001", shiftDay(2)).NextDay {
		t.Error("after clearing 夜勤's day change the shift still pairs across the day change")
	}
	mustRun("settings", "set", "group-day-change", "夜勤=12:00")

	// The record two days ahead of the receive window.
	var recs []map[string]any
	jsonOf(&recs, "records", "--date", ahead.Format(time.DateOnly), "--json")
	if len(recs) != 1 || recs[0]["outcome"] != "suspect_time" {
		t.Errorf("the record two days ahead = %v; want outcome suspect_time", recs)
	}
	jsonOf(&check, "check", "--month", ahead.Format("2006-01"), "--json")
	suspect := false
	for _, f := range check {
		suspect = suspect || f.StaffCode == "2002" && f.Date == ahead.Format(time.DateOnly) && slices.Contains(f.Flags, "suspect_time")
	}
	if !suspect {
		t.Errorf("要確認 of %s does not list the suspect day: %+v", ahead.Format("2006-01"), check)
	}

	// A decision, found among the decided punches, then changed.
	mustRun("settings", "set", "punch-mode", "unapproved-first")
	mustRun("punch", "add", "--staff", "2002", "--time", shiftDay(3).Add(8*time.Hour).Format("2006-01-02 15:04"), "--source", "ic_card")
	var pending []map[string]any
	jsonOf(&pending, "review", "list", "--json")
	if len(pending) != 1 {
		t.Fatalf("pending = %v", pending)
	}
	id := pending[0]["id"].(string)
	mustRun("review", "reject", id, "--reason", "別人")
	var decided []map[string]any
	jsonOf(&decided, "review", "list", "--decided", "--json")
	if len(decided) != 1 || decided[0]["id"] != id || decided[0]["decision"] != "reject" || decided[0]["reason"] != "別人" || decided[0]["status"] != "rejected" {
		t.Fatalf("decided after the rejection = %v", decided)
	}
	mustRun("review", "approve", id)
	jsonOf(&decided, "review", "list", "--decided", "--json")
	if len(decided) != 1 || decided[0]["decision"] != "approve" || decided[0]["status"] != "counted" {
		t.Errorf("decided after changing to approve = %v", decided)
	}
	var audit []map[string]any
	jsonOf(&audit, "audit", "--json")
	var actions []string
	for _, e := range audit {
		if e["target"] == id {
			actions = append(actions, e["action"].(string))
		}
	}
	if !slices.Equal(actions, []string{"review.reject", "review.approve"}) {
		t.Errorf("audit of %s = %v", id, actions)
	}
}
