package senselinksim

import (
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// FuzzLoadScript: whatever a script file holds, loading and applying it
// either fails with an error or yields records the server encodes as valid
// JSON.
func FuzzLoadScript(f *testing.F) {
	f.Add(`{` + scriptPeople + `,` + scriptDevices + `,"records":[{"sign_time":"2025-06-09T08:41:07+09:00","job_number":"1001","device_ldid":"SPSE-a","body_temperature":36.4,"mask":1}]}`)
	f.Add(`{"devices":[{"ldid":"x"}],"records":[{"sign_time":"2025-06-09T08:41:07Z","job_number":null,"user_name":"\"\\\u0001","device_ldid":"x"}]}`)
	f.Add(`{"records":[{"id":-1}]}`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, text string) {
		sc, err := LoadScript(strings.NewReader(text))
		if err != nil {
			return
		}
		s := New(Config{AppKey: testKey, AppSecret: testSecret})
		if err := s.Apply(sc); err != nil {
			return
		}
		for _, st := range s.recs {
			if !json.Valid(st.json) {
				t.Fatalf("record encoded as invalid JSON: %s", st.json)
			}
		}
	})
}

// FuzzRecordJSON: names, numbers and locations from anywhere come back out
// of the record list as they went in.
func FuzzRecordJSON(f *testing.F) {
	f.Add("佐藤 健太", "1001", "本社 1F", 36.5, 0.93, int64(1749426067))
	f.Add("a\"b\\c\n\x00", "", "\xff\xfe", 0.0, 0.0, int64(0))
	f.Add("\u2028", "x", "<script>&", 37.51, 1.0, int64(-1))
	f.Fuzz(func(t *testing.T, name, job, location string, temp, score float64, sign int64) {
		if math.IsNaN(temp) || math.IsInf(temp, 0) || math.IsNaN(score) || math.IsInf(score, 0) {
			return
		}
		s := New(Config{AppKey: testKey, AppSecret: testSecret})
		at := time.Unix(sign%(1<<40), 0)
		rec, err := s.Receive(Record{SignTime: at, ReceivedAt: at, UserID: 1, UserName: name, JobNumber: &job,
			Device: Device{LDID: "SPSE-f", Location: location}, BodyTemperature: temp, VerifyScore: score, GroupName: name})
		if err != nil {
			t.Fatal(err)
		}
		raw := s.recs[0].json
		var got recordJSON
		if err := json.Unmarshal(raw, &got); err != nil {
			t.Fatalf("invalid record JSON %q: %v", raw, err)
		}
		// Invalid UTF-8 comes back as encoding/json would send it.
		valid := func(v string) string {
			b, _ := json.Marshal(v)
			var out string
			_ = json.Unmarshal(b, &out)
			return out
		}
		if got.ID != rec.ID || got.SignTime != at.Unix() || got.UserName != valid(name) || got.JobNumber == nil ||
			*got.JobNumber != valid(job) || got.Location != valid(location) || got.Temperature != temp ||
			got.VerifyScore == nil || *got.VerifyScore != score {
			t.Errorf("record came back as %+v from %s", got, raw)
		}

		// And the page around it is valid JSON too.
		w := httptest.NewRecorder()
		local := at.In(s.Location()).Format(dateTimeLayout)
		s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, signedURL("", "/api/v3/record/list", time.Now(), window(local, local)), nil))
		if !json.Valid(w.Body.Bytes()) {
			t.Fatalf("record list page is invalid JSON: %s", w.Body.Bytes())
		}
	})
}
