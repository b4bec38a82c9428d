package senselink

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	testKey    = "test-app-key"
	testSecret = "s3cr3t-AppSecret"
)

// newClient returns a client of srv with the test key pair; change adjusts
// the configuration before New.
func newClient(t *testing.T, baseURL string, change ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{BaseURL: baseURL, AppKey: testKey, AppSecret: testSecret, Timeout: 5 * time.Second}
	for _, f := range change {
		f(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// serve starts a server whose every request is answered by h.
func serve(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// reply answers with body as JSON.
func reply(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, body)
	}
}

// replyWithDate answers with body and a Date header offset from now.
func replyWithDate(offset time.Duration, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", time.Now().Add(offset).UTC().Format(http.TimeFormat))
		reply(body)(w, r)
	}
}

func status(code int, contentType, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(code)
		io.WriteString(w, body)
	}
}

func TestSign(t *testing.T) {
	// Computed once with `printf '1607397229000#s3cr3t-AppSecret' | md5sum`.
	if got := Sign(1607397229000, testSecret); got != "d1ef833132afdd7e486dab6f709b1f41" {
		t.Errorf("Sign = %s", got)
	}
	for _, tt := range []struct {
		ts     int64
		secret string
	}{
		{0, "x"},
		{1711929600000, "秘密#with#hashes"},
		{9999999999999, ""},
	} {
		sum := md5.Sum([]byte(fmt.Sprintf("%d#%s", tt.ts, tt.secret)))
		if got, want := Sign(tt.ts, tt.secret), hex.EncodeToString(sum[:]); got != want {
			t.Errorf("Sign(%d, %q) = %s, want %s", tt.ts, tt.secret, got, want)
		}
	}
}

func TestRecordsRequest(t *testing.T) {
	var (
		mu   sync.Mutex
		last *http.Request
	)
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		last = r
		mu.Unlock()
		reply(`{"code":200,"message":"OK","data":{"total":0,"list":[]}}`)(w, r)
	})
	now := time.Date(2024, 4, 1, 9, 30, 0, 123e6, time.UTC)
	c := newClient(t, srv.URL+"/", func(cfg *Config) { cfg.Now = func() time.Time { return now } })

	from := time.Date(2024, 3, 31, 15, 0, 0, 0, time.UTC) // 2024-04-01 00:00:00 in Tokyo
	to := from.Add(24*time.Hour - time.Second)
	tests := []struct {
		name               string
		page, size         int
		wantPage, wantSize string
	}{
		{"defaults", 0, 0, "1", "100"},
		{"size above the cap", 3, 500, "3", "100"},
		{"small size", 2, 20, "2", "20"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := c.Records(context.Background(), RecordQuery{From: from, To: to, Page: tt.page, Size: tt.size}); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			r := last
			mu.Unlock()
			q := r.URL.Query()
			want := map[string]string{
				"app_key":        testKey,
				"timestamp":      "1711963800123",
				"sign":           Sign(1711963800123, testSecret),
				"date_time_from": "2024-04-01 00:00:00",
				"date_time_to":   "2024-04-01 23:59:59",
				"order":          "1",
				"page":           tt.wantPage,
				"size":           tt.wantSize,
			}
			for k, v := range want {
				if got := q.Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if len(q) != len(want) {
				t.Errorf("query has %d parameters: %s", len(q), r.URL.RawQuery)
			}
			if r.Method != http.MethodGet || r.URL.Path != "/api/v3/record/list" {
				t.Errorf("request %s %s", r.Method, r.URL.Path)
			}
			if strings.Contains(r.URL.RawQuery, "+") {
				t.Errorf("space sent as '+': %s", r.URL.RawQuery)
			}
		})
	}

	t.Run("times in the configured location", func(t *testing.T) {
		utc := newClient(t, srv.URL, func(cfg *Config) { cfg.Location = time.UTC })
		if _, err := utc.Records(context.Background(), RecordQuery{From: from, To: to}); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		defer mu.Unlock()
		if got := last.URL.Query().Get("date_time_from"); got != "2024-03-31 15:00:00" {
			t.Errorf("date_time_from = %q", got)
		}
	})

	t.Run("base URL path prefix kept", func(t *testing.T) {
		pre := newClient(t, srv.URL+"/senselink/")
		if _, err := pre.ServerVersion(context.Background()); err == nil {
			mu.Lock()
			defer mu.Unlock()
			if last.URL.Path != "/senselink/api/v1/server/version" {
				t.Errorf("path %s", last.URL.Path)
			}
		}
	})
}

func TestRecordsDecodesPage(t *testing.T) {
	body := fullPage(3)
	srv := serve(t, reply(string(body)))
	c := newClient(t, srv.URL, func(cfg *Config) { cfg.Location = jst })
	page, err := c.Records(context.Background(), RecordQuery{From: time.Now().Add(-time.Hour), To: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 186000 || len(page.Records) != 3 {
		t.Fatalf("total %d, %d records", page.Total, len(page.Records))
	}
	r := page.Records[1]
	if r.ID != 1000001 || *r.JobNumber != "0001" || r.UserName != "山田 太郎" || string(r.Raw) != employeeRecord(1000001) {
		t.Errorf("record %+v", r)
	}
	if r.SignTime.Location() != jst {
		t.Errorf("SignTime in %s, want the client's location", r.SignTime.Location())
	}
}

func TestRecordsRejectsBadQuery(t *testing.T) {
	c := newClient(t, "http://127.0.0.1:1")
	now := time.Now()
	for _, q := range []RecordQuery{{}, {From: now}, {From: now, To: now.Add(-time.Second)}} {
		if _, err := c.Records(context.Background(), q); KindOf(err) != KindUnknown || err == nil {
			t.Errorf("query %+v: %v", q, err)
		}
	}
}

func TestErrorKinds(t *testing.T) {
	tests := []struct {
		name       string
		handler    http.HandlerFunc
		kind       ErrorKind
		code       int
		httpStatus int
		inText     string
	}{
		{"sign invalid", reply(`{"code":30003,"message":"Sign Invalid","data":null}`), KindAuth, 30003, 200, "Sign Invalid"},
		{"app key unknown", reply(`{"code":30002,"message":"AppKey not exist"}`), KindAuth, 30002, 200, "AppKey not exist"},
		{"timestamp expired", reply(`{"code":30004,"message":"Timestamp expired"}`), KindClockSkew, 30004, 200, "Timestamp expired"},
		{"no permission", reply(`{"code":30005,"message":"No permission for this API"}`), KindPermission, 30005, 200, "No permission"},
		{"internal error code", reply(`{"code":50000,"message":"Internal Server Error"}`), KindServer, 50000, 200, "Internal Server Error"},
		{"other 5xxxx code", reply(`{"code":50321,"message":"database busy"}`), KindServer, 50321, 200, "database busy"},
		{"param invalid kept as unknown", reply(`{"code":30001,"message":"Param Invalid"}`), KindUnknown, 30001, 200, "(code 30001): Param Invalid"},
		{"code as a string", reply(`{"code":"30003","message":"Sign Invalid"}`), KindAuth, 30003, 200, "Sign Invalid"},
		{"unknown code worded as sign", reply(`{"code":40010,"message":"sign error"}`), KindAuth, 40010, 200, "sign error"},
		{"unknown code worded as app_key", reply(`{"code":40011,"msg":"invalid app_key"}`), KindAuth, 40011, 200, "invalid app_key"},
		{"unknown code worded as timestamp", reply(`{"code":40012,"message":"timestamp out of range"}`), KindClockSkew, 40012, 200, "timestamp"},
		{"unknown code worded as expired", reply(`{"code":40013,"message":"request expired"}`), KindAuth, 40013, 200, "expired"},
		{"unknown code worded as permission", reply(`{"code":40014,"message":"Access denied"}`), KindPermission, 40014, 200, "Access denied"},
		{"unknown code in Chinese", reply(`{"code":40015,"message":"没有权限"}`), KindPermission, 40015, 200, "没有权限"},
		{"unknown code, unknown words", reply(`{"code":12345,"message":"Something odd"}`), KindUnknown, 12345, 200, "(code 12345): Something odd"},
		{"HTTP 500", status(500, "text/plain", "boom"), KindServer, 0, 500, "(HTTP 500)"},
		{"HTTP 502 from a proxy", status(502, "text/html", "<html><body>Bad Gateway</body></html>"), KindServer, 0, 502, `response starts with "<html><body>Bad Gateway`},
		{"HTTP 503 with envelope", status(503, "application/json", `{"code":50000,"message":"maintenance"}`), KindServer, 50000, 503, "maintenance"},
		{"HTTP 401", status(401, "text/plain", ""), KindAuth, 0, 401, "Unauthorized"},
		{"HTTP 403", status(403, "text/plain", ""), KindPermission, 0, 403, "Forbidden"},
		{"HTTP 404", status(404, "text/plain", "404 page not found"), KindUnknown, 0, 404, "(HTTP 404)"},
		{"redirect not followed", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "https://other.invalid/api/v1/user/list?app_key=x&sign=y", http.StatusFound)
		}, KindUnknown, 0, 302, "redirects to https://other.invalid/api/v1/user/list; use that address"},
		{"redirect to https keeping the path", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "https://"+r.Host+r.URL.String(), http.StatusMovedPermanently)
		}, KindUnknown, 0, 301, "redirects to https://127.0.0.1:"},
		{"malformed JSON", reply(`{"code":200,"data":{"list":[{"id":1},]}}`), KindDecode, 0, 200, "not valid JSON"},
		{"HTML page with 200", status(200, "text/html", "<html><head><title>Login</title></head></html>"), KindDecode, 0, 200, `response is not JSON (starts with "<html>`},
		{"empty 200", status(200, "application/json", ""), KindDecode, 0, 200, "response is empty"},
		{"rows unreadable", reply(`{"code":200,"data":{"list":{"id":1}}}`), KindDecode, 0, 200, `data has no rows`},
		{"envelope without code", reply(`{"status":"ok","data":[]}`), KindDecode, 0, 200, `no "code"`},
		{"declared too large", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", fmt.Sprint(maxBodyBytes+1))
			w.WriteHeader(200)
		}, KindDecode, 0, 200, "larger than 32 MiB"},
		{"streamed too large", func(w http.ResponseWriter, r *http.Request) {
			chunk := []byte(`{"code":200,"data":"` + strings.Repeat("x", 1<<20))
			for range maxBodyBytes/len(chunk) + 2 {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		}, KindDecode, 0, 200, "larger than 32 MiB"},
		{"timestamp expired, server 2h ahead", replyWithDate(2*time.Hour, `{"code":30004,"message":"Timestamp expired"}`), KindClockSkew, 30004, 200, "Timestamp expired"},
		{"sign invalid, server 2h behind", replyWithDate(-2*time.Hour, `{"code":30003,"message":"Sign Invalid"}`), KindClockSkew, 30003, 200, `this computer's clock is 2h0m0s ahead of the server's; the server answered "Sign Invalid"`},
		{"sign invalid, clocks agree", replyWithDate(10*time.Minute, `{"code":30003,"message":"Sign Invalid"}`), KindAuth, 30003, 200, "Sign Invalid"},
		{"HTTP 401, server 2h ahead", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Date", time.Now().Add(2*time.Hour).UTC().Format(http.TimeFormat))
			w.WriteHeader(401)
		}, KindClockSkew, 0, 401, "behind the server's"},
		{"permission error ignores skew", replyWithDate(2*time.Hour, `{"code":30005,"message":"No permission for this API"}`), KindPermission, 30005, 200, "No permission"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClient(t, serve(t, tt.handler).URL)
			_, err := c.Records(context.Background(), RecordQuery{From: time.Now().Add(-time.Hour), To: time.Now()})
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v (%T) is not a *Error", err, err)
			}
			if e.Kind != tt.kind || e.Code != tt.code || e.HTTPStatus != tt.httpStatus || e.Op != "/api/v3/record/list" {
				t.Errorf("kind %s code %d HTTP %d op %s, want %s code %d HTTP %d; %v",
					e.Kind, e.Code, e.HTTPStatus, e.Op, tt.kind, tt.code, tt.httpStatus, err)
			}
			if !strings.Contains(err.Error(), tt.inText) {
				t.Errorf("error %q does not say %q", err, tt.inText)
			}
			if e.Kind == KindClockSkew && strings.Contains(tt.name, "2h") {
				if d := abs(e.Skew) - 2*time.Hour; d < -2*time.Second || d > 2*time.Second {
					t.Errorf("Skew = %s, want about 2h", e.Skew)
				}
			}
		})
	}
}

func TestTransportErrorKinds(t *testing.T) {
	hijack := func(reset bool) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			if tcp, ok := conn.(*net.TCPConn); ok && reset {
				tcp.SetLinger(0) // close with RST
			}
			conn.Close()
		}
	}
	cutBody := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		w.WriteHeader(200)
		io.WriteString(w, `{"code":200,"data":{"list":[`)
		w.(http.Flusher).Flush()
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		conn.Close()
	}
	hang := func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }

	refused := func() string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		return "http://" + addr
	}

	tlsSrv := httptest.NewUnstartedServer(reply(`{"code":200,"data":{"version":"1"}}`))
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // the failed handshake is the point
	tlsSrv.StartTLS()
	t.Cleanup(tlsSrv.Close)
	plain := serve(t, reply(`{"code":200,"data":{"version":"1"}}`))

	tests := []struct {
		name    string
		baseURL string
		config  func(*Config)
		ctx     func() (context.Context, context.CancelFunc)
		kind    ErrorKind
		is      error
		inText  string
	}{
		{name: "connection closed before answering", baseURL: serve(t, hijack(false)).URL, kind: KindNetwork, is: io.EOF},
		{name: "connection reset", baseURL: serve(t, hijack(true)).URL, kind: KindNetwork},
		{name: "body cut short", baseURL: serve(t, cutBody).URL, kind: KindNetwork, is: io.ErrUnexpectedEOF, inText: "reading the response failed"},
		{name: "connection refused", baseURL: refused(), kind: KindNetwork, inText: "connection refused"},
		{name: "untrusted certificate", baseURL: tlsSrv.URL, kind: KindTLS, inText: "certificate"},
		{name: "https to a plain HTTP server", baseURL: strings.Replace(plain.URL, "http:", "https:", 1), kind: KindTLS},
		{
			name: "caller's deadline", baseURL: serve(t, hang).URL, kind: KindNetwork, is: context.DeadlineExceeded, inText: "timed out",
			ctx: func() (context.Context, context.CancelFunc) {
				return context.WithTimeout(context.Background(), 100*time.Millisecond)
			},
		},
		{
			name: "configured timeout", baseURL: serve(t, hang).URL, kind: KindNetwork, is: context.DeadlineExceeded, inText: "timed out",
			config: func(cfg *Config) { cfg.Timeout = 100 * time.Millisecond },
		},
		{
			name: "caller cancels", baseURL: serve(t, hang).URL, kind: KindNetwork, is: context.Canceled,
			ctx: func() (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancel(context.Background())
				time.AfterFunc(50*time.Millisecond, cancel)
				return ctx, cancel
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var change []func(*Config)
			if tt.config != nil {
				change = append(change, tt.config)
			}
			c := newClient(t, tt.baseURL, change...)
			ctx, cancel := context.WithCancel(context.Background())
			if tt.ctx != nil {
				ctx, cancel = tt.ctx()
			}
			defer cancel()
			start := time.Now()
			_, err := c.ServerVersion(ctx)
			if KindOf(err) != tt.kind {
				t.Fatalf("kind %s, want %s: %v", KindOf(err), tt.kind, err)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
			if !strings.Contains(err.Error(), tt.inText) {
				t.Errorf("error %q does not say %q", err, tt.inText)
			}
			if e := err.(*Error); e.Op != "/api/v1/server/version" {
				t.Errorf("Op = %q", e.Op)
			}
			if time.Since(start) > 3*time.Second {
				t.Errorf("took %s", time.Since(start))
			}
		})
	}
}

// TestErrorsHideSecrets provokes errors whose natural text would carry the
// signed query (servers and proxies echo URLs) and checks that neither the
// secret, the sign nor the query reaches the error.
func TestErrorsHideSecrets(t *testing.T) {
	now := time.Date(2024, 4, 1, 9, 0, 0, 0, time.UTC)
	sign := Sign(now.UnixMilli(), testSecret)
	echo := func(format string, code int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(code)
			fmt.Fprintf(w, format, r.URL.String(), testSecret)
		}
	}
	hang := func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }
	servers := map[string]string{
		"message echoes the URL":      serve(t, echo(`{"code":30003,"message":"bad sign for %s (secret %s)"}`, 200)).URL,
		"unknown code echoes the URL": serve(t, echo(`{"code":1,"message":"%s %s"}`, 200)).URL,
		"HTML echoes the URL":         serve(t, echo(`%s %s`, 500)).URL,
		"not found echoes the URL":    serve(t, echo(`%s %s`, 404)).URL,
		"timeout":                     serve(t, hang).URL,
		"refused":                     "http://127.0.0.1:1",
	}
	for name, base := range servers {
		t.Run(name, func(t *testing.T) {
			c := newClient(t, base, func(cfg *Config) {
				cfg.Now = func() time.Time { return now }
				cfg.Timeout = 200 * time.Millisecond
			})
			_, err := c.Records(context.Background(), RecordQuery{From: now.Add(-time.Hour), To: now})
			if err == nil {
				t.Fatal("no error")
			}
			for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
				for _, bad := range []string{testSecret, sign, "sign=" + sign[:8], "timestamp=", "app_key="} {
					if strings.Contains(text, bad) {
						t.Errorf("error text contains %q: %s", bad, text)
					}
				}
			}
		})
	}
}

func TestClientDoesNotPrintSecret(t *testing.T) {
	cfg := Config{BaseURL: "https://link.example", AppKey: testKey, AppSecret: testSecret}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%x", "%q"} {
		for _, v := range []any{c, *c, cfg, &cfg} {
			if s := fmt.Sprintf(verb, v); strings.Contains(s, testSecret) || strings.Contains(s, hex.EncodeToString([]byte(testSecret))) {
				t.Errorf("Sprintf(%s, %T) shows the secret: %s", verb, v, s)
			}
		}
	}
}

func TestServerVersion(t *testing.T) {
	tests := []struct {
		name      string
		v3, v1    http.HandlerFunc
		want      string
		wantKind  ErrorKind
		wantPaths string
	}{
		{"v1 answers", nil, reply(`{"code":200,"message":"OK","data":{"version":"3.4.1"}}`), "3.4.1", 0, "v1"},
		{"data is the version", nil, reply(`{"code":200,"data":"2.9"}`), "2.9", 0, "v1"},
		{"no version said", nil, reply(`{"code":200,"data":{}}`), "", 0, "v1"},
		{"v1 missing, v3 answers", reply(`{"code":200,"data":{"version":"3.0"}}`), status(404, "text/plain", "not found"), "3.0", 0, "v1 v3"},
		{"v1 fails, no fallback", reply(`{"code":200,"data":{"version":"3.0"}}`), status(500, "text/plain", ""), "", KindServer, "v1"},
		{"v1 rejects the sign, no fallback", nil, reply(`{"code":30003,"message":"Sign Invalid"}`), "", KindAuth, "v1"},
		{"both missing", status(404, "text/plain", ""), status(404, "text/plain", ""), "", KindUnknown, "v1 v3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var paths []string
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				switch r.URL.Path {
				case "/api/v3/server/version":
					paths = append(paths, "v3")
					tt.v3(w, r)
				case "/api/v1/server/version":
					paths = append(paths, "v1")
					tt.v1(w, r)
				default:
					t.Errorf("unexpected path %s", r.URL.Path)
				}
			})
			got, err := newClient(t, srv.URL).ServerVersion(context.Background())
			if tt.wantKind != 0 || err != nil {
				if KindOf(err) != tt.wantKind || err == nil {
					t.Errorf("error %v, want kind %s", err, tt.wantKind)
				}
			}
			if got != tt.want || strings.Join(paths, " ") != tt.wantPaths {
				t.Errorf("version %q after %v, want %q after %s", got, paths, tt.want, tt.wantPaths)
			}
		})
	}
}

func TestEmployeesRequest(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v1/user/list" || r.URL.Query().Get("type") != "1" || r.URL.Query().Get("sign") == "" {
			t.Errorf("request %s", r.URL)
		}
		reply(`{"code":200,"data":[{"id":5,"name":"佐藤","jobNumber":"0005"},{"id":"6","name":"鈴木","job_number":6}]}`)(w, r)
	})
	list, err := newClient(t, srv.URL).Employees(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].JobNumber != "0005" || list[1].JobNumber != "6" || list[1].ID != 6 {
		t.Errorf("employees %+v", list)
	}
}

func TestEmployeesPaging(t *testing.T) {
	person := func(id int) string { return fmt.Sprintf(`{"id":%d,"name":"社員%d","jobNumber":"%04d"}`, id, id, id) }
	pageOf := func(from, to int) string {
		var items []string
		for id := from; id < to; id++ {
			items = append(items, person(id))
		}
		return strings.Join(items, ",")
	}
	tests := []struct {
		name      string
		page      func(page, size int) string
		wantCount int
		wantCalls int
	}{
		{"paged array stops on a short page", func(page, size int) string {
			return `{"code":200,"data":[` + pageOf((page-1)*size+1, min(page*size, 250)+1) + `]}`
		}, 250, 3},
		{"paged object with totals", func(page, size int) string {
			return fmt.Sprintf(`{"code":200,"data":{"total":230,"page":%d,"list":[%s]}}`, page, pageOf((page-1)*size+1, min(page*size, 230)+1))
		}, 230, 3},
		{"server ignoring page answers the whole list once", func(page, size int) string {
			return `{"code":200,"data":[` + pageOf(1, 351) + `]}`
		}, 350, 2},
		{"empty last page", func(page, size int) string {
			if page > 2 {
				return `{"code":200,"data":[]}`
			}
			return `{"code":200,"data":[` + pageOf((page-1)*size+1, page*size+1) + `]}`
		}, 200, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				calls++
				q := r.URL.Query()
				page, _ := strconv.Atoi(q.Get("page"))
				size, _ := strconv.Atoi(q.Get("size"))
				if q.Get("type") != "1" || page < 1 || size != MaxPageSize {
					t.Errorf("request %s", r.URL)
				}
				reply(tt.page(page, size))(w, r)
			})
			list, err := newClient(t, srv.URL).Employees(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != tt.wantCount || calls != tt.wantCalls {
				t.Errorf("%d employees in %d calls, want %d in %d", len(list), calls, tt.wantCount, tt.wantCalls)
			}
		})
	}
}

func TestTerminalsPaging(t *testing.T) {
	device := func(id int) string {
		return fmt.Sprintf(`{"device":{"id":%d,"name":"端末%d","ldid":"SPSE-%d","type_id":19},"device_type":{"id":19,"name":"SenseThunder-Mini"}}`, id, id, id)
	}
	pageOf := func(from, to int) []string {
		var items []string
		for id := from; id < to; id++ {
			items = append(items, device(id))
		}
		return items
	}
	tests := []struct {
		name      string
		page      func(page, size int) string
		wantCount int
		wantCalls int
	}{
		{"three pages with totals", func(page, size int) string {
			items := pageOf((page-1)*size+1, min(page*size, 250)+1)
			return fmt.Sprintf(`{"code":200,"data":{"total":250,"pageNum":%d,"size":%d,"totalPage":3,"data":[%s]}}`, page, size, strings.Join(items, ","))
		}, 250, 3},
		{"exact multiple stops on totalPage", func(page, size int) string {
			items := pageOf((page-1)*size+1, page*size+1)
			return fmt.Sprintf(`{"code":200,"data":{"total":200,"totalPage":2,"data":[%s]}}`, strings.Join(items, ","))
		}, 200, 2},
		{"no totals stops on a short page", func(page, size int) string {
			items := pageOf((page-1)*size+1, min(page*size, 130)+1)
			return fmt.Sprintf(`{"code":200,"data":[%s]}`, strings.Join(items, ","))
		}, 130, 2},
		{"server ignoring page stops", func(page, size int) string {
			return fmt.Sprintf(`{"code":200,"data":{"data":[%s]}}`, strings.Join(pageOf(1, 101), ","))
		}, 100, 2},
		{"no devices", func(page, size int) string {
			return `{"code":200,"data":{"total":0,"totalPage":0,"data":[]}}`
		}, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				calls++
				q := r.URL.Query()
				if r.URL.Path != "/api/v1/device" || q.Get("size") != "100" || q.Get("page") != fmt.Sprint(calls) {
					t.Errorf("request %d: %s", calls, r.URL)
				}
				var page, size int
				fmt.Sscan(q.Get("page"), &page)
				fmt.Sscan(q.Get("size"), &size)
				reply(tt.page(page, size))(w, r)
			})
			list, err := newClient(t, srv.URL).Terminals(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != tt.wantCount || calls != tt.wantCalls {
				t.Errorf("%d terminals in %d calls, want %d in %d", len(list), calls, tt.wantCount, tt.wantCalls)
			}
			for i, term := range list {
				if term.ID != int64(i+1) || term.TypeID != 19 || term.TypeName != "SenseThunder-Mini" || term.LDID != fmt.Sprintf("SPSE-%d", i+1) {
					t.Fatalf("terminal %d = %+v", i, term)
				}
			}
		})
	}
}

func TestNewValidates(t *testing.T) {
	tests := []struct {
		name   string
		cfg    Config
		wantIn string
	}{
		{"empty URL", Config{AppKey: "k", AppSecret: "s"}, "empty"},
		{"no scheme", Config{BaseURL: "link.japancv.co.jp", AppKey: "k", AppSecret: "s"}, "https://"},
		{"ftp", Config{BaseURL: "ftp://link.example", AppKey: "k", AppSecret: "s"}, "https://"},
		{"no host", Config{BaseURL: "https://", AppKey: "k", AppSecret: "s"}, "no host"},
		{"query", Config{BaseURL: "https://link.example/?a=1", AppKey: "k", AppSecret: "s"}, "query"},
		{"credentials", Config{BaseURL: "https://u:p@link.example", AppKey: "k", AppSecret: "s"}, "user name"},
		{"no key", Config{BaseURL: "https://link.example", AppKey: " ", AppSecret: "s"}, "AppKey"},
		{"no secret", Config{BaseURL: "https://link.example", AppKey: "k"}, "AppSecret"},
		{"negative timeout", Config{BaseURL: "https://link.example", AppKey: "k", AppSecret: "s", Timeout: -1}, "timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.wantIn) {
				t.Errorf("New = %v, %v; want an error saying %q", c, err, tt.wantIn)
			}
			if err != nil && strings.Contains(err.Error(), "p@") {
				t.Errorf("error shows the URL password: %v", err)
			}
		})
	}

	c, err := New(Config{BaseURL: " https://link.japancv.co.jp/ ", AppKey: "k", AppSecret: "s"})
	if err != nil {
		t.Fatal(err)
	}
	if c.loc.String() != "Asia/Tokyo" || c.timeout != DefaultTimeout || c.now == nil || c.hc == nil || c.hc.CheckRedirect == nil {
		t.Errorf("defaults: loc %s timeout %s", c.loc, c.timeout)
	}
	if c.base.String() != "https://link.japancv.co.jp" {
		t.Errorf("base %s", c.base)
	}

	own := &http.Client{Timeout: time.Minute}
	c, err = New(Config{BaseURL: "http://192.0.2.1:8080", AppKey: "k", AppSecret: "s", HTTPClient: own})
	if err != nil {
		t.Fatal(err)
	}
	if c.hc == own || c.hc.Timeout != time.Minute || c.hc.CheckRedirect == nil || own.CheckRedirect != nil {
		t.Error("the caller's client must be copied, keep its settings and not follow redirects")
	}
}

func TestClassifyCode(t *testing.T) {
	tests := []struct {
		code int
		msg  string
		want ErrorKind
	}{
		// Only 30001 is documented: other codes are read by their words.
		{30002, "", KindUnknown},
		{30003, "", KindUnknown},
		{30004, "", KindUnknown},
		{30005, "", KindUnknown},
		{50000, "", KindUnknown},
		{30002, "AppKey not exist", KindAuth},
		{30003, "Sign Invalid", KindAuth},
		{30004, "Timestamp expired", KindClockSkew},
		{30005, "No permission for this API", KindPermission},
		{50000, "Internal Server Error", KindServer},
		{10086, "签名错误", KindAuth},
		{500, "", KindServer},
		{401, "", KindAuth},
		{403, "", KindPermission},
		{30001, "Param Invalid", KindUnknown},
		{30001, "Param Invalid: timestamp is required", KindUnknown},
		{30001, "timestamp expired", KindClockSkew},
		{30001, "sign invalid", KindAuth},
		// The signature named beside the timestamp is a signature failure;
		// the server's Date decides whether the clock is to blame.
		{1, "Sign timestamp expired", KindAuth},
		{1, "sign error: check timestamp and app_secret", KindAuth},
		{1, "timestamp out of range", KindClockSkew},
		{1, "时间戳过期", KindClockSkew},
		{1, "AppKey expired", KindAuth},
		{1, "SECRET mismatch", KindAuth},
		{1, "token expire", KindAuth},
		{1, "Forbidden", KindPermission},
		{1, "Unauthorized", KindPermission},
		{1, "权限不足", KindPermission},
		{1, "", KindUnknown},
	}
	for _, tt := range tests {
		if got := classifyCode(tt.code, tt.msg); got != tt.want {
			t.Errorf("classifyCode(%d, %q) = %s, want %s", tt.code, tt.msg, got, tt.want)
		}
	}
}

func TestStripQuery(t *testing.T) {
	err := &url.Error{Op: "Get", URL: "https://h/api/v3/record/list?app_key=k&sign=abc", Err: io.EOF}
	got := stripQuery(err)
	if strings.Contains(got.Error(), "sign") || !errors.Is(got, io.EOF) || !strings.Contains(got.Error(), "https://h/api/v3/record/list") {
		t.Errorf("stripQuery = %v", got)
	}
	wrapped := fmt.Errorf("outer: %w", err)
	if got := stripQuery(wrapped); strings.Contains(got.Error(), "sign") || !errors.Is(got, io.EOF) {
		t.Errorf("stripQuery(wrapped) = %v", got)
	}
}
