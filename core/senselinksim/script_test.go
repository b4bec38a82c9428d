package senselinksim

import (
	"strings"
	"testing"
	"time"
)

const scriptDevices = `"devices":[{"id":1,"ldid":"SPSE-a","name":"正面入口","location":"本社 1F","type_id":20},
	{"id":2,"ldid":"SPSE-b","name":"通用口","location":"本社 1F","type_id":19}]`

const scriptPeople = `"people":[{"id":31001,"name":"佐藤 健太","job_number":"1001","groups":["営業部"]},
	{"id":31002,"name":"鈴木 美咲","job_number":"1002"}]`

func TestLoadScriptErrorsNameEntryAndField(t *testing.T) {
	good := `{"sign_time":"2025-06-09T08:41:07+09:00","job_number":"1001","device_ldid":"SPSE-a","body_temperature":36.4,"mask":1}`
	cases := []struct {
		name    string
		records string
		people  string
		want    []string
	}{
		{"sign time not RFC 3339", good + `,{"sign_time":"2025-06-09 08:41:07","job_number":"1001","device_ldid":"SPSE-a"}`,
			scriptPeople, []string{"records[1].sign_time", "RFC 3339"}},
		{"missing sign time", `{"job_number":"1001","device_ldid":"SPSE-a"}`, scriptPeople, []string{"records[0].sign_time", "required"}},
		{"user id as a string", `{"sign_time":"2025-06-09T08:41:07+09:00","user_id":"31001","job_number":"1001","device_ldid":"SPSE-a"}`,
			scriptPeople, []string{"records[0].user_id"}},
		{"misspelt field", good + `,` + good + `,{"sigh_time":"2025-06-09T08:41:07+09:00"}`, scriptPeople, []string{"records[2]", "sigh_time"}},
		{"mask 2", `{"sign_time":"2025-06-09T08:41:07+09:00","job_number":"1001","device_ldid":"SPSE-a","mask":2}`,
			scriptPeople, []string{"records[0].mask"}},
		{"unknown terminal", `{"sign_time":"2025-06-09T08:41:07+09:00","job_number":"1001","device_ldid":"SPSE-z"}`,
			scriptPeople, []string{"records[0].device_ldid", "SPSE-z"}},
		{"received before signed", `{"sign_time":"2025-06-09T08:41:07+09:00","received_at":"2025-06-09T08:41:00+09:00","job_number":"1001","device_ldid":"SPSE-a"}`,
			scriptPeople, []string{"records[0].received_at"}},
		{"fever of 60 °C", `{"sign_time":"2025-06-09T08:41:07+09:00","job_number":"1001","device_ldid":"SPSE-a","body_temperature":60}`,
			scriptPeople, []string{"records[0].body_temperature"}},
		{"stranger with a user id", `{"sign_time":"2025-06-09T08:41:07+09:00","job_number":null,"user_id":5,"device_ldid":"SPSE-a"}`,
			scriptPeople, []string{"records[0].job_number"}},
		{"ids not increasing in receive order", `{"id":10,"sign_time":"2025-06-09T08:41:07+09:00","job_number":"1001","device_ldid":"SPSE-a"},
			{"id":9,"sign_time":"2025-06-09T08:42:07+09:00","job_number":"1001","device_ldid":"SPSE-a"}`,
			scriptPeople, []string{"records[1].id", "records[0]"}},
		{"two people with one job number", good,
			`"people":[{"id":1,"name":"A","job_number":"1001"},{"id":2,"name":"B","job_number":"1001"}]`, []string{"people[1].job_number"}},
		{"person without a name", good, `"people":[{"id":1,"name":"","job_number":"1001"}]`, []string{"people[0].name"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			text := `{` + tc.people + `,` + scriptDevices + `,"records":[` + tc.records + `]}`
			_, err := LoadScript(strings.NewReader(text))
			if err == nil {
				t.Fatal("LoadScript accepted it")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestApplyScript(t *testing.T) {
	text := `{` + scriptPeople + `,` + scriptDevices + `,"records":[
	{"id":500,"sign_time":"2025-06-09T08:41:07+09:00","job_number":"1001","device_ldid":"SPSE-a","body_temperature":36.4,"mask":1},
	{"sign_time":"2025-06-09T12:02:11+09:00","received_at":"2025-06-09T13:31:40+09:00","job_number":"1002","device_ldid":"SPSE-b","body_temperature":37.9,"mask":0},
	{"sign_time":"2025-06-09T12:15:00+09:00","job_number":"1001","device_ldid":"SPSE-a","body_temperature":0.0,"mask":null},
	{"sign_time":"2025-06-09T10:15:33+09:00","job_number":null,"device_ldid":"SPSE-a","body_temperature":36.7}
	]}`
	sc, err := LoadScript(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{t: time.Date(2025, 6, 10, 9, 0, 0, 0, jst)}
	s := New(Config{Now: clock.Now})
	if err := s.Apply(sc); err != nil {
		t.Fatal(err)
	}
	recs := s.Records()
	if len(recs) != 4 {
		t.Fatalf("applied %d records, want 4", len(recs))
	}
	hour := func(r Record) int { return r.SignTime.In(jst).Hour() }
	// Receive order: 08:41, the 10:15 stranger, 12:15, then the 12:02 late upload received 13:31.
	if recs[0].ID != 500 || hour(recs[1]) != 10 || recs[2].SignTime.In(jst).Minute() != 15 || recs[3].Device.LDID != "SPSE-b" {
		t.Errorf("receive order wrong: %v", recs)
	}
	if recs[3].ID != 503 || recs[3].UserID != 31002 || recs[3].UserName != "鈴木 美咲" || recs[3].AbnormalType != 40001 || *recs[3].Mask != 0 {
		t.Errorf("late upload = %+v; want id 503, the person filled in from job_number, 40001, no mask", recs[3])
	}
	if recs[0].GroupName != "営業部" || recs[0].Device.Name != "正面入口" {
		t.Errorf("group %q device %q; want them filled in from the roster and terminals", recs[0].GroupName, recs[0].Device.Name)
	}
	if st := recs[1]; st.UserID != 0 || st.UserType != 3 || st.JobNumber != nil {
		t.Errorf("stranger = %+v", st)
	}
	if recs[2].Mask != nil || recs[2].BodyTemperature != 0 {
		t.Errorf("null mask / unmeasured temperature became %v / %v", recs[2].Mask, recs[2].BodyTemperature)
	}
	if len(s.People()) != 2 || len(s.Devices()) != 2 {
		t.Errorf("roster %d devices %d, want the script's", len(s.People()), len(s.Devices()))
	}

	// Applying the same day again would receive records in the past: refused, nothing changes.
	err = s.Apply(sc)
	if err == nil || !strings.Contains(err.Error(), "records[0].received_at") {
		t.Errorf("second Apply: err %v, want one naming records[0].received_at", err)
	}
	if s.Len() != 4 {
		t.Errorf("a refused Apply changed the record count to %d", s.Len())
	}
}

func TestApplyScriptUsesServerDevicesWhenScriptHasNone(t *testing.T) {
	text := `{"records":[{"sign_time":"2025-06-09T08:41:07+09:00","job_number":"1001","user_id":31001,"user_name":"佐藤 健太","device_ldid":"` +
		DemoDevices()[1].LDID + `"},{"sign_time":"2025-06-09T08:42:07+09:00","job_number":"1002","device_ldid":"SPSE-unknown"}]}`
	sc, err := LoadScript(strings.NewReader(text))
	if err != nil {
		t.Fatalf("LoadScript cannot know the server's terminals and should leave the check to Apply: %v", err)
	}
	s := New(Config{})
	s.SetDevices(DemoDevices())
	err = s.Apply(sc)
	if err == nil || !strings.Contains(err.Error(), "records[1].device_ldid") {
		t.Fatalf("err = %v, want one naming records[1].device_ldid", err)
	}
	sc.Records = sc.Records[:1]
	if err := s.Apply(sc); err != nil {
		t.Fatal(err)
	}
	if r := s.Records()[0]; r.Device.Name != DemoDevices()[1].Name || r.UserID != 31001 {
		t.Errorf("record = %+v", r)
	}
}
