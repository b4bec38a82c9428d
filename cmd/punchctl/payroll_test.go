package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/japanese"

	"github.com/punchdesk/punchdesk/core/senselinksim"
)

// TestPayrollFiguresEndToEnd works a week of last month through punchctl:
// a 9-hour Monday, a Sunday on the legal holiday, a company holiday and a
// night shift, then reads them back from book --json and summary --json.
func TestPayrollFiguresEndToEnd(t *testing.T) {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	now := time.Now().In(tokyo)
	sun := time.Date(now.Year(), now.Month()-1, 8, 0, 0, 0, 0, tokyo)
	for sun.Weekday() != time.Sunday {
		sun = sun.AddDate(0, 0, 1)
	}
	mon, tue, wed, thu := sun.AddDate(0, 0, 1), sun.AddDate(0, 0, 2), sun.AddDate(0, 0, 3), sun.AddDate(0, 0, 4)
	month := sun.Format("2006-01")
	sim := senselinksim.New(senselinksim.Config{AppKey: simKey, AppSecret: simSecret, Location: tokyo})
	day := senselinksim.Person{ID: 1, Name: "日勤 花子", JobNumber: "3001"}
	night := senselinksim.Person{ID: 2, Name: "夜勤 太郎", JobNumber: "3002"}
	sim.SetPeople([]senselinksim.Person{day, night})
	sim.SetDevices(senselinksim.DemoDevices())
	at := func(d time.Time, hm string) time.Time {
		h, _ := time.Parse("15:04", hm)
		return d.Add(time.Duration(h.Hour())*time.Hour + time.Duration(h.Minute())*time.Minute)
	}
	for _, r := range []struct {
		p    senselinksim.Person
		when time.Time
	}{
		{day, at(sun, "09:00")}, {day, at(sun, "17:00")},
		{day, at(mon, "09:00")}, {day, at(mon, "18:00")},
		{day, at(tue, "09:00")}, {day, at(tue, "17:00")},
		{day, at(thu, "09:10")}, {day, at(thu, "12:00")}, {day, at(thu, "13:00")}, {day, at(thu, "17:30")},
		{night, at(wed, "21:00")}, {night, at(wed.AddDate(0, 0, 1), "06:00")},
	} {
		if _, err := sim.Recognize(r.p, sim.Devices()[0], r.when, 36.5, 1); err != nil {
			t.Fatal(err)
		}
	}
	srv := newSimServer(t, sim)
	c := newCLI(t)
	mustRun := c.must
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "staff.csv"), "code,name,group\n3001,日勤 花子,本社\n3002,夜勤 太郎,夜勤\n")
	mustRun(simSecret+"\n", "link", "--server", srv, "--app-key", simKey)
	mustRun("", "staff", "import", filepath.Join(dir, "staff.csv"))
	mustRun("", "settings", "set", "group-day-change", "夜勤=12:00")
	mustRun("", "settings", "set", "group-hours", "本社=09:00-18:00")
	mustRun("", "sync", "--from", sun.Format(time.DateTime))

	// Company holidays: one added, one imported in Shift_JIS, one deleted.
	mustRun("", "holiday", "add", tue.Format(time.DateOnly), "--name", "創立記念日")
	sjis, _ := japanese.ShiftJIS.NewEncoder().String("日付,名称\r\n" + wed.Format("2006/1/2") + ",棚卸し\r\n")
	writeFile(t, filepath.Join(dir, "company.csv"), sjis)
	mustRun("", "holiday", "import", filepath.Join(dir, "company.csv"), "--company")
	mustRun("", "holiday", "delete", wed.Format(time.DateOnly))
	if code, _, errOut := c.run("", "holiday", "delete", wed.Format(time.DateOnly)); code != 1 || !strings.Contains(errOut, "not a company holiday") {
		t.Errorf("deleting a deleted holiday: exit %d, %s", code, errOut)
	}
	var holidays []map[string]any
	if err := json.Unmarshal([]byte(mustRun("", "holiday", "list", "--year", sun.Format("2006"), "--json")), &holidays); err != nil {
		t.Fatal(err)
	}
	company := 0
	for _, h := range holidays {
		if h["company"] == true {
			company++
		}
	}
	if len(holidays) < 16 || company != 1 {
		t.Errorf("holiday list of %s: %d holidays, %d company; want the national ones and 創立記念日", sun.Format("2006"), len(holidays), company)
	}

	type bookDay struct {
		Date                string  `json:"date"`
		Overtime            int     `json:"overtime_minutes"`
		LateNight           int     `json:"late_night_minutes"`
		Holiday             *string `json:"holiday"`
		LegalHoliday        bool    `json:"legal_holiday"`
		LegalHolidayMinutes int     `json:"legal_holiday_minutes"`
		HolidayMinutes      int     `json:"holiday_minutes"`
		Late                int     `json:"late_minutes"`
		Early               int     `json:"early_leave_minutes"`
	}
	byDate := func(code string) map[string]bookDay {
		var book []bookDay
		if err := json.Unmarshal([]byte(mustRun("", "book", "--month", month, "--staff", code, "--json")), &book); err != nil {
			t.Fatal(err)
		}
		out := map[string]bookDay{}
		for _, d := range book {
			out[d.Date] = d
		}
		return out
	}
	b := byDate("3001")
	if d := b[sun.Format(time.DateOnly)]; !d.LegalHoliday || d.LegalHolidayMinutes != 480 || d.Overtime != 0 {
		t.Errorf("Sunday = %+v; want 8 hours of legal-holiday work, no overtime", d)
	}
	if d := b[mon.Format(time.DateOnly)]; d.Overtime != 60 || d.LegalHoliday {
		t.Errorf("Monday = %+v; want an hour of overtime", d)
	}
	if d := b[tue.Format(time.DateOnly)]; d.Holiday == nil || *d.Holiday != "創立記念日" || d.HolidayMinutes != 480 || d.Early != 0 {
		t.Errorf("Tuesday = %+v; want 創立記念日 with 8 hours of work, and no early leave on a holiday", d)
	}
	if d := b[thu.Format(time.DateOnly)]; d.Late != 10 || d.Early != 30 || d.Overtime != 0 {
		t.Errorf("Thursday = %+v; want 10 minutes late and 30 early against 09:00-18:00", d)
	}
	if d := b[wed.Format(time.DateOnly)]; d.Holiday != nil {
		t.Errorf("the deleted company holiday is still on %s: %v", d.Date, *d.Holiday)
	}
	if d := byDate("3002")[wed.Format(time.DateOnly)]; d.LateNight != 420 || d.Overtime != 60 {
		t.Errorf("the night shift = %+v; want 7 hours of late-night work and an hour of overtime", d)
	}

	var summary []map[string]any
	if err := json.Unmarshal([]byte(mustRun("", "summary", "--month", month, "--json")), &summary); err != nil {
		t.Fatal(err)
	}
	got := map[string]map[string]any{}
	for _, s := range summary {
		got[s["staff_code"].(string)] = s
	}
	for _, c := range []struct {
		code, key string
		want      float64
	}{
		{"3001", "days_worked", 4}, {"3001", "overtime_minutes", 60}, {"3001", "legal_holiday_minutes", 480},
		{"3001", "holiday_minutes", 480}, {"3001", "late_count", 1}, {"3001", "early_leave_count", 1},
		{"3002", "days_worked", 1}, {"3002", "late_night_minutes", 420}, {"3002", "work_minutes", 540},
	} {
		if v, _ := got[c.code][c.key].(float64); v != c.want {
			t.Errorf("summary %s %s = %v, want %v", c.code, c.key, got[c.code][c.key], c.want)
		}
	}
}
