package senselinksim

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"
)

const (
	testKey    = "test-key"
	testSecret = "test-secret"
)

var jst = time.FixedZone("JST", 9*3600)

// fakeClock is the cloud's clock in tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// newTestServer starts the stand-in on a local port with a fake clock at
// 2025-06-09 09:00 JST unless cfg says otherwise.
func newTestServer(t testing.TB, cfg Config) (*Server, *httptest.Server, *fakeClock) {
	t.Helper()
	clock := &fakeClock{t: time.Date(2025, 6, 9, 9, 0, 0, 0, jst)}
	if cfg.Now == nil {
		cfg.Now = clock.Now
	}
	if cfg.AppKey == "" {
		cfg.AppKey, cfg.AppSecret = testKey, testSecret
	}
	s := New(cfg)
	hs := httptest.NewServer(s)
	t.Cleanup(hs.Close)
	return s, hs, clock
}

// signedURL signs a request the way the protocol says, written here
// independently of the server's own check.
func signedURL(base, path string, ts time.Time, params url.Values) string {
	q := url.Values{}
	for k, v := range params {
		q[k] = v
	}
	stamp := strconv.FormatInt(ts.UnixMilli(), 10)
	sum := md5.Sum([]byte(stamp + "#" + testSecret))
	q.Set("app_key", testKey)
	q.Set("timestamp", stamp)
	q.Set("sign", hex.EncodeToString(sum[:]))
	return base + path + "?" + q.Encode()
}

type envelopeJSON struct {
	Code    int             `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data"`
}

type pageJSON struct {
	PageNum   int               `json:"page_num"`
	PageSize  int               `json:"page_size"`
	Total     int               `json:"total"`
	TotalPage int               `json:"total_page"`
	List      []json.RawMessage `json:"list"`
}

type recordJSON struct {
	ID           int64    `json:"id"`
	SignTime     int64    `json:"sign_time"`
	SignTimeZone string   `json:"sign_time_zone"`
	SignDate     string   `json:"sign_date"`
	UserID       int64    `json:"user_id"`
	UserName     string   `json:"user_name"`
	UserType     int      `json:"user_type"`
	JobNumber    *string  `json:"job_number"`
	DeviceLDID   string   `json:"device_ldid"`
	DeviceName   string   `json:"device_name"`
	Location     string   `json:"location"`
	Temperature  float64  `json:"body_temperature"`
	AbnormalType int      `json:"abnormal_type"`
	Mask         *int     `json:"mask"`
	Direction    *int     `json:"direction"`
	EntryMode    *int     `json:"entry_mode"`
	VerifyScore  *float64 `json:"verify_score"`
	Capture      string   `json:"capture_picture"`
	CaptureBg    string   `json:"capture_bg_picture"`
	GroupID      *int64   `json:"group_id"`
	GroupName    string   `json:"group_name"`
	Groups       []struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"groups"`
}

// get fetches a URL and decodes the envelope, failing the test on anything
// but a decodable answer.
func get(t testing.TB, u string) (*http.Response, envelopeJSON) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	var env envelopeJSON
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatalf("decode %s: %v\n%s", u, err, body)
	}
	return resp, env
}

// listPage asks for one page of the record list and decodes it.
func listPage(t testing.TB, base string, now time.Time, params url.Values) (pageJSON, []recordJSON) {
	t.Helper()
	_, env := get(t, signedURL(base, "/api/v3/record/list", now, params))
	if env.Code != 200 {
		t.Fatalf("record list %v: code %d %q", params, env.Code, env.Message)
	}
	var page pageJSON
	if err := json.Unmarshal(env.Data, &page); err != nil {
		t.Fatalf("decode page: %v", err)
	}
	recs := make([]recordJSON, len(page.List))
	for i, raw := range page.List {
		if err := json.Unmarshal(raw, &recs[i]); err != nil {
			t.Fatalf("decode record %s: %v", raw, err)
		}
	}
	return page, recs
}

func window(from, to string, extra ...string) url.Values {
	v := url.Values{"date_time_from": {from}, "date_time_to": {to}}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	return v
}

func ids(recs []recordJSON) []int64 {
	out := make([]int64, len(recs))
	for i, r := range recs {
		out[i] = r.ID
	}
	return out
}
