package senselinksim

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestSignature(t *testing.T) {
	_, hs, clock := newTestServer(t, Config{DeniedPaths: []string{"/api/v1/user/list"}})
	now := clock.Now()
	stamp := strconv.FormatInt(now.UnixMilli(), 10)
	sign := func(ts, secret string) string {
		sum := md5.Sum([]byte(ts + "#" + secret))
		return hex.EncodeToString(sum[:])
	}
	at := func(d time.Duration) string { return strconv.FormatInt(now.Add(d).UnixMilli(), 10) }
	cases := []struct {
		name   string
		path   string
		params url.Values
		want   int
	}{
		{"correctly signed request is accepted", "/api/v3/server/version",
			url.Values{"app_key": {testKey}, "timestamp": {stamp}, "sign": {sign(stamp, testSecret)}}, 200},
		{"missing app_key is a parameter error", "/api/v3/server/version",
			url.Values{"timestamp": {stamp}, "sign": {sign(stamp, testSecret)}}, 30001},
		{"missing timestamp is a parameter error", "/api/v3/server/version",
			url.Values{"app_key": {testKey}, "sign": {sign(stamp, testSecret)}}, 30001},
		{"missing sign is a parameter error", "/api/v3/server/version",
			url.Values{"app_key": {testKey}, "timestamp": {stamp}}, 30001},
		{"timestamp in seconds text is a parameter error", "/api/v3/server/version",
			url.Values{"app_key": {testKey}, "timestamp": {"2025-06-09"}, "sign": {sign("2025-06-09", testSecret)}}, 30001},
		{"unknown app key", "/api/v3/server/version",
			url.Values{"app_key": {"other-key"}, "timestamp": {stamp}, "sign": {sign(stamp, testSecret)}}, 30002},
		{"sign made with the wrong secret", "/api/v3/server/version",
			url.Values{"app_key": {testKey}, "timestamp": {stamp}, "sign": {sign(stamp, "wrong-secret")}}, 30003},
		{"sign in upper case hex is not the lowercase the protocol asks for", "/api/v3/server/version",
			url.Values{"app_key": {testKey}, "timestamp": {stamp}, "sign": {strings.ToUpper(sign(stamp, testSecret))}}, 30003},
		{"sign of a different timestamp", "/api/v3/server/version",
			url.Values{"app_key": {testKey}, "timestamp": {stamp}, "sign": {sign(at(time.Second), testSecret)}}, 30003},
		{"timestamp exactly 30 min ahead is accepted", "/api/v3/server/version",
			url.Values{"app_key": {testKey}, "timestamp": {at(30 * time.Minute)}, "sign": {sign(at(30*time.Minute), testSecret)}}, 200},
		{"timestamp exactly 30 min behind is accepted", "/api/v3/server/version",
			url.Values{"app_key": {testKey}, "timestamp": {at(-30 * time.Minute)}, "sign": {sign(at(-30*time.Minute), testSecret)}}, 200},
		{"timestamp 30 min 1 ms ahead has expired", "/api/v3/server/version",
			url.Values{"app_key": {testKey}, "timestamp": {at(30*time.Minute + time.Millisecond)}, "sign": {sign(at(30*time.Minute+time.Millisecond), testSecret)}}, 30004},
		{"timestamp 30 min 1 ms behind has expired", "/api/v3/server/version",
			url.Values{"app_key": {testKey}, "timestamp": {at(-30*time.Minute - time.Millisecond)}, "sign": {sign(at(-30*time.Minute-time.Millisecond), testSecret)}}, 30004},
		{"denied path answers no permission", "/api/v1/user/list",
			url.Values{"app_key": {testKey}, "timestamp": {stamp}, "sign": {sign(stamp, testSecret)}}, 30005},
		{"denied path still checks the sign first", "/api/v1/user/list",
			url.Values{"app_key": {testKey}, "timestamp": {stamp}, "sign": {sign(stamp, "wrong")}}, 30003},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, env := get(t, hs.URL+tc.path+"?"+tc.params.Encode())
			if resp.StatusCode != http.StatusOK {
				t.Errorf("HTTP status = %d, want 200 (errors come in the envelope)", resp.StatusCode)
			}
			if env.Code != tc.want {
				t.Errorf("code = %d (%q), want %d", env.Code, env.Message, tc.want)
			}
			if got, want := resp.Header.Get("Date"), now.UTC().Format(http.TimeFormat); got != want {
				t.Errorf("Date header = %q, want the server clock %q", got, want)
			}
		})
	}
}

func TestVersionAndUnknownPath(t *testing.T) {
	_, hs, clock := newTestServer(t, Config{Version: "5.3.1"})
	for _, path := range []string{"/api/v3/server/version", "/api/v1/server/version"} {
		_, env := get(t, signedURL(hs.URL, path, clock.Now(), nil))
		if env.Code != 200 || string(env.Data) != `{"version":"5.3.1"}` {
			t.Errorf("%s: code %d data %s", path, env.Code, env.Data)
		}
	}
	resp, env := get(t, signedURL(hs.URL, "/api/v4/record/list", clock.Now(), nil))
	if resp.StatusCode != http.StatusNotFound || env.Code != 404 {
		t.Errorf("unknown path: HTTP %d code %d, want 404/404", resp.StatusCode, env.Code)
	}
	if resp.Header.Get("Date") == "" {
		t.Error("unknown path answered without a Date header")
	}
}

// receiveAt puts n employee records in the cloud, received one second apart.
func receiveAt(t testing.TB, s *Server, start time.Time, n int) {
	t.Helper()
	p, d := DemoPeople()[0], DemoDevices()[0]
	jn := p.JobNumber
	for i := range n {
		at := start.Add(time.Duration(i) * time.Second)
		if _, err := s.Receive(Record{SignTime: at, ReceivedAt: at, UserID: p.ID, UserName: p.Name, UserType: 1,
			JobNumber: &jn, Device: d, BodyTemperature: 36.5}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestRecordWindowSelectsByReceiveTime(t *testing.T) {
	s, hs, clock := newTestServer(t, Config{})
	s.SetDevices(DemoDevices())
	p := DemoPeople()[0]
	front, side := DemoDevices()[0], DemoDevices()[1]
	day := func(h, m, sec int) time.Time { return time.Date(2025, 6, 9, h, m, sec, 0, jst) }

	clock.Set(day(9, 0, 0))
	morning, err := s.Recognize(p, front, day(9, 0, 0), 36.5, 1)
	if err != nil {
		t.Fatal(err)
	}
	s.SetOffline(side.LDID, true)
	clock.Set(day(12, 0, 0))
	stored, err := s.Recognize(p, side, day(12, 0, 0), 36.6, 1)
	if err != nil {
		t.Fatal(err)
	}
	if stored.ID != 0 || s.Len() != 1 || s.Buffered(side.LDID) != 1 {
		t.Fatalf("recognition on an offline terminal: id %d, %d received, %d buffered; want it kept on the terminal",
			stored.ID, s.Len(), s.Buffered(side.LDID))
	}
	clock.Set(day(12, 5, 0))
	noon, err := s.Recognize(p, front, day(12, 5, 0), 36.4, 1)
	if err != nil {
		t.Fatal(err)
	}
	clock.Set(day(13, 30, 0).Add(500 * time.Millisecond))
	s.SetOffline(side.LDID, false)
	if s.Len() != 3 || s.Buffered(side.LDID) != 0 {
		t.Fatalf("after coming back online: %d received, %d buffered", s.Len(), s.Buffered(side.LDID))
	}

	now := clock.Now()
	_, noonWindow := listPage(t, hs.URL, now, window("2025-06-09 12:00:00", "2025-06-09 12:59:59", "order", "1"))
	if got := ids(noonWindow); !slices.Equal(got, []int64{noon.ID}) {
		t.Errorf("12:00–12:59 window ids = %v, want only the front door record %d (the stored one was not received yet)", got, noon.ID)
	}
	_, lateWindow := listPage(t, hs.URL, now, window("2025-06-09 13:30:00", "2025-06-09 13:30:00", "order", "1"))
	if len(lateWindow) != 1 {
		t.Fatalf("13:30:00–13:30:00 window has %d records, want the late upload (received 13:30:00.5)", len(lateWindow))
	}
	late := lateWindow[0]
	if late.SignTime != day(12, 0, 0).Unix() || late.DeviceLDID != side.LDID {
		t.Errorf("late upload: sign_time %d on %s, want the 12:00 recognition on the staff door", late.SignTime, late.DeviceLDID)
	}
	if late.ID <= noon.ID || noon.ID <= morning.ID {
		t.Errorf("ids morning %d, noon %d, late upload %d: want increasing in receive order", morning.ID, noon.ID, late.ID)
	}
	_, whole := listPage(t, hs.URL, now, window("2025-06-09 00:00:00", "2025-06-09 23:59:59", "order", "1"))
	if got := ids(whole); !slices.Equal(got, []int64{morning.ID, noon.ID, late.ID}) {
		t.Errorf("whole day ids = %v", got)
	}
}

func TestRecordPagingAscending(t *testing.T) {
	s, hs, clock := newTestServer(t, Config{})
	receiveAt(t, s, time.Date(2025, 6, 9, 8, 0, 0, 0, jst), 250)
	var got []int64
	for page := 1; page <= 4; page++ {
		p, recs := listPage(t, hs.URL, clock.Now(), window("2025-06-09 00:00:00", "2025-06-09 23:59:59",
			"order", "1", "page", strconv.Itoa(page), "size", "500"))
		if p.PageSize != 100 || p.Total != 250 || p.TotalPage != 3 || p.PageNum != page {
			t.Errorf("page %d header: page_num %d page_size %d total %d total_page %d; want size capped to 100, 250 in 3 pages",
				page, p.PageNum, p.PageSize, p.Total, p.TotalPage)
		}
		if want := []int{100, 100, 50, 0}[page-1]; len(recs) != want {
			t.Errorf("page %d has %d records, want %d", page, len(recs), want)
		}
		got = append(got, ids(recs)...)
	}
	want := make([]int64, 250)
	for i := range want {
		want[i] = int64(i + 1)
	}
	if !slices.Equal(got, want) {
		t.Errorf("ids over all pages = %v, want 1..250 ascending", got)
	}
}

func TestRecordPagingNewestFirst(t *testing.T) {
	s, hs, clock := newTestServer(t, Config{})
	receiveAt(t, s, time.Date(2025, 6, 9, 8, 0, 0, 0, jst), 250)
	for _, order := range []string{"0", ""} {
		var got []int64
		for page := 1; page <= 3; page++ {
			params := window("2025-06-09 00:00:00", "2025-06-09 23:59:59", "page", strconv.Itoa(page), "size", "100")
			if order != "" {
				params.Set("order", order)
			}
			_, recs := listPage(t, hs.URL, clock.Now(), params)
			got = append(got, ids(recs)...)
		}
		if len(got) != 250 || got[0] != 250 || got[99] != 151 || got[100] != 150 || got[249] != 1 {
			t.Errorf("order %q: want 250..1 newest received first, got %d ids starting %v", order, len(got), got[:min(3, len(got))])
		}
	}
	p, recs := listPage(t, hs.URL, clock.Now(), window("2025-06-09 08:00:10", "2025-06-09 08:00:19"))
	if p.PageSize != 20 || p.Total != 10 || p.TotalPage != 1 || !slices.Equal(ids(recs), []int64{20, 19, 18, 17, 16, 15, 14, 13, 12, 11}) {
		t.Errorf("default size and order over a 10 s window: %+v ids %v", p, ids(recs))
	}
}

func TestRecordListRejectsBadParameters(t *testing.T) {
	_, hs, clock := newTestServer(t, Config{})
	cases := []struct {
		name   string
		params url.Values
		names  string // the parameter the message must name
	}{
		{"slashes in the date", window("2025/06/09 00:00:00", "2025-06-09 23:59:59"), "date_time_from"},
		{"T separator", window("2025-06-09 00:00:00", "2025-06-09T23:59:59"), "date_time_to"},
		{"date only", window("2025-06-09", "2025-06-09 23:59:59"), "date_time_from"},
		{"missing to", url.Values{"date_time_from": {"2025-06-09 00:00:00"}}, "date_time_to"},
		{"window backwards", window("2025-06-09 10:00:00", "2025-06-09 09:00:00"), "date_time_to"},
		{"order 2", window("2025-06-09 00:00:00", "2025-06-09 23:59:59", "order", "2"), "order"},
		{"page 0", window("2025-06-09 00:00:00", "2025-06-09 23:59:59", "page", "0"), "page"},
		{"size not a number", window("2025-06-09 00:00:00", "2025-06-09 23:59:59", "size", "all"), "size"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, env := get(t, signedURL(hs.URL, "/api/v5/record/list", clock.Now(), tc.params))
			if env.Code != 30001 || !strings.Contains(env.Message, tc.names) {
				t.Errorf("code %d message %q, want 30001 naming %s", env.Code, env.Message, tc.names)
			}
		})
	}
}

func TestRecordJSONFields(t *testing.T) {
	s, hs, clock := newTestServer(t, Config{})
	people, devices := DemoPeople(), DemoDevices()
	late := time.Date(2025, 6, 9, 23, 30, 0, 0, time.UTC) // 2025-06-10 08:30 in Tokyo
	clock.Set(late)
	s.SetPeople(people)
	s.SetDevices(devices)
	emp, err := s.Recognize(people[3], devices[1], late, 37.8, -1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecognizeStranger(devices[0], late); err != nil {
		t.Fatal(err)
	}
	_, recs := listPage(t, hs.URL, clock.Now(), window("2025-06-10 08:30:00", "2025-06-10 08:30:00", "order", "1"))
	if len(recs) != 2 {
		t.Fatalf("got %d records, want 2", len(recs))
	}
	e, st := recs[0], recs[1]
	if e.ID != emp.ID || e.UserID != people[3].ID || e.JobNumber == nil || *e.JobNumber != people[3].JobNumber || e.UserType != 1 {
		t.Errorf("employee record = %+v", e)
	}
	if e.SignDate != "2025-06-10" || e.SignTimeZone != "GMT+09:00" || e.SignTime != late.Unix() {
		t.Errorf("employee date fields: sign_date %q zone %q sign_time %d; want the Tokyo date", e.SignDate, e.SignTimeZone, e.SignTime)
	}
	if e.Temperature != 37.8 || e.AbnormalType != 40001 || e.Mask != nil {
		t.Errorf("employee temperature %v abnormal %d mask %v; want 37.8, 40001, null", e.Temperature, e.AbnormalType, e.Mask)
	}
	if e.Location != devices[1].Location || e.DeviceName != devices[1].Name || e.DeviceLDID != devices[1].LDID {
		t.Errorf("employee device fields: %q %q %q", e.Location, e.DeviceName, e.DeviceLDID)
	}
	if len(e.Capture) != 24 || len(e.CaptureBg) != 24 || e.Capture == e.CaptureBg {
		t.Errorf("capture ids %q %q; want two different 24-hex-digit ids", e.Capture, e.CaptureBg)
	}
	if e.GroupID == nil || e.GroupName != people[3].Groups[0] || len(e.Groups) != 1 || e.Groups[0].ID != *e.GroupID {
		t.Errorf("employee group: id %v name %q groups %+v", e.GroupID, e.GroupName, e.Groups)
	}
	if e.VerifyScore == nil || e.Direction == nil || e.EntryMode == nil {
		t.Errorf("employee record lacks verify_score/direction/entry_mode: %+v", e)
	}
	if st.UserID != 0 || st.UserType != 3 || st.JobNumber != nil || st.UserName != "" || st.GroupID != nil {
		t.Errorf("stranger record = %+v; want user_id 0, user_type 3, job_number null, no name, group_id null", st)
	}

	// The raw text: nulls are JSON null, floats carry a decimal point.
	_, env := get(t, signedURL(hs.URL, "/api/v3/record/list", clock.Now(), window("2025-06-10 08:30:00", "2025-06-10 08:30:00", "order", "1")))
	raw := string(env.Data)
	for _, want := range []string{`"mask":null`, `"job_number":null`, `"group_id":null`, `"body_temperature":37.8`} {
		if !strings.Contains(raw, want) {
			t.Errorf("record list JSON lacks %s:\n%s", want, raw)
		}
	}

	// The group id in the record is the one user/list reports.
	_, users := get(t, signedURL(hs.URL, "/api/v1/user/list", clock.Now(), url.Values{"type": {"1"}, "jobNumber": {people[3].JobNumber}}))
	var list []struct {
		ID        int64  `json:"id"`
		JobNumber string `json:"jobNumber"`
		UpdateAt  int64  `json:"update_at"`
		GroupList []struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		} `json:"groupList"`
	}
	if err := json.Unmarshal(users.Data, &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].ID != people[3].ID || len(list[0].GroupList) == 0 || list[0].GroupList[0].ID != *e.GroupID {
		t.Errorf("user/list for %s = %+v; want the person with group id %d", people[3].JobNumber, list, *e.GroupID)
	}
	if list[0].UpdateAt != late.UnixMilli() {
		t.Errorf("update_at = %d, want Unix ms of when the roster was set (%d)", list[0].UpdateAt, late.UnixMilli())
	}
}

func TestUserAndDeviceLists(t *testing.T) {
	s, hs, clock := newTestServer(t, Config{})
	s.SetPeople(DemoPeople())
	s.SetDevices(DemoDevices())

	_, env := get(t, signedURL(hs.URL, "/api/v1/user/list", clock.Now(), url.Values{"type": {"1"}}))
	var people []map[string]any
	if err := json.Unmarshal(env.Data, &people); err != nil {
		t.Fatal(err)
	}
	if len(people) != 24 {
		t.Fatalf("user/list has %d people, want the 24 demo staff", len(people))
	}
	for _, key := range []string{"id", "name", "avatar", "ic_number", "mobile", "update_at", "groupList", "jobNumber"} {
		if _, ok := people[0][key]; !ok {
			t.Errorf("user/list person lacks %q: %v", key, people[0])
		}
	}
	_, env = get(t, signedURL(hs.URL, "/api/v1/user/list", clock.Now(), url.Values{"type": {"2"}}))
	if string(env.Data) != "[]" {
		t.Errorf("visitors = %s, want none", env.Data)
	}

	_, env = get(t, signedURL(hs.URL, "/api/v1/device", clock.Now(), url.Values{"page": {"2"}, "size": {"1"}}))
	var devices struct {
		Total     int `json:"total"`
		PageNum   int `json:"pageNum"`
		Size      int `json:"size"`
		TotalPage int `json:"totalPage"`
		Data      []struct {
			Device struct {
				ID       int64  `json:"id"`
				LDID     string `json:"ldid"`
				TypeID   int    `json:"type_id"`
				TypeName string `json:"type_name"`
			} `json:"device"`
			DeviceType struct {
				Name string `json:"name"`
			} `json:"device_type"`
		} `json:"data"`
	}
	if err := json.Unmarshal(env.Data, &devices); err != nil {
		t.Fatal(err)
	}
	if devices.Total != 2 || devices.TotalPage != 2 || devices.PageNum != 2 || len(devices.Data) != 1 {
		t.Fatalf("device page 2 of size 1 = %+v", devices)
	}
	if d := devices.Data[0]; d.Device.LDID != DemoDevices()[1].LDID || d.Device.TypeID != 19 || d.Device.TypeName != "SenseThunder-Mini" || d.DeviceType.Name != "SenseThunder-Mini" {
		t.Errorf("second device = %+v", d)
	}
}

func TestFaults(t *testing.T) {
	s, hs, clock := newTestServer(t, Config{Seed: 7})
	u := signedURL(hs.URL, "/api/v3/server/version", clock.Now(), nil)
	fetch := func() (*http.Response, []byte, error) {
		resp, err := http.Get(u)
		if err != nil {
			return nil, nil, err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		return resp, body, err
	}

	t.Run("server error answers 5xx", func(t *testing.T) {
		s.SetFaults(Faults{ServerError: 1})
		seen := map[int]bool{}
		for range 12 {
			resp, _, err := fetch()
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode < 500 || resp.StatusCode > 599 {
				t.Fatalf("status %d, want 5xx", resp.StatusCode)
			}
			seen[resp.StatusCode] = true
		}
		if len(seen) < 2 {
			t.Errorf("12 server errors were all %v; want a mix of 500/502/503", seen)
		}
	})
	t.Run("reset drops the connection", func(t *testing.T) {
		s.SetFaults(Faults{Reset: 1})
		if resp, _, err := fetch(); err == nil {
			t.Fatalf("got HTTP %d, want a transport error", resp.StatusCode)
		}
	})
	t.Run("malformed answers 200 with invalid JSON", func(t *testing.T) {
		s.SetFaults(Faults{Malformed: 1})
		for range 6 {
			resp, body, err := fetch()
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != 200 || json.Valid(body) {
				t.Fatalf("HTTP %d body %q; want 200 with invalid JSON", resp.StatusCode, body)
			}
		}
	})
	t.Run("slow answers after the delay", func(t *testing.T) {
		const delay = 60 * time.Millisecond
		s.SetFaults(Faults{Slow: 1, SlowDelay: delay})
		start := time.Now()
		resp, body, err := fetch()
		if err != nil {
			t.Fatal(err)
		}
		if elapsed := time.Since(start); elapsed < delay {
			t.Errorf("answered after %s, want at least %s", elapsed, delay)
		}
		if resp.StatusCode != 200 || !json.Valid(body) {
			t.Errorf("slow answer: HTTP %d %s; want a normal answer", resp.StatusCode, body)
		}
	})
	t.Run("slow answer stops when the client gives up", func(t *testing.T) {
		s.SetFaults(Faults{Slow: 1, SlowDelay: time.Hour})
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		_, err := http.DefaultClient.Do(req)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want the client's deadline", err)
		}
		// hs.Close at cleanup waits for the handler: an hour-long sleep
		// that ignored the request context would hang the test here.
	})
	t.Run("no faults after SetFaults with zero shares", func(t *testing.T) {
		s.SetFaults(Faults{})
		resp, body, err := fetch()
		if err != nil || resp.StatusCode != 200 || !json.Valid(body) {
			t.Errorf("err %v body %s", err, body)
		}
	})
}

func TestFaultSharesAreRoughlyHonoured(t *testing.T) {
	s := New(Config{Seed: 3, Faults: Faults{ServerError: 0.1, Reset: 0.1, Slow: 0.1, Malformed: 0.1}})
	counts := map[faultKind]int{}
	for range 4000 {
		counts[s.drawFault().kind]++
	}
	for kind, want := range map[faultKind]int{faultNone: 2400, faultServerError: 400, faultReset: 400, faultSlow: 400, faultMalformed: 400} {
		if got := counts[kind]; got < want*8/10 || got > want*12/10 {
			t.Errorf("fault kind %d drawn %d times in 4000, want about %d", kind, got, want)
		}
	}
}
