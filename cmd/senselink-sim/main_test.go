package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/punchdesk/punchdesk/core/senselinksim"
)

func noEnv(string) string { return "" }

func TestParseFlagsDefaults(t *testing.T) {
	var out bytes.Buffer
	o, err := parseFlags(nil, noEnv, &out)
	if err != nil {
		t.Fatal(err)
	}
	if o.addr != "127.0.0.1:8765" || o.appKey != "demo-app-key" || o.appSecret != "demo-app-secret" || o.mode != "live" {
		t.Errorf("defaults = %+v", o)
	}
	if o.interval != 5*time.Second || o.strangerShare != 0.05 || o.maxSkew != 30*time.Minute || o.offline != "" {
		t.Errorf("live defaults = %+v", o)
	}
	if o.tz.String() != "Asia/Tokyo" || o.seed == 0 {
		t.Errorf("zone %v seed %d; want Asia/Tokyo and a seed drawn from the clock", o.tz, o.seed)
	}
	if o.faults != (senselinksim.Faults{SlowDelay: 3 * time.Second}) {
		t.Errorf("faults = %+v, want none", o.faults)
	}
}

func TestParseFlagsEveryFlag(t *testing.T) {
	var out bytes.Buffer
	o, err := parseFlags([]string{
		"-addr", ":9000", "-app-key", "k", "-app-secret", "s", "-mode", "history", "-days", "7", "-staff", "1000",
		"-interval", "2s", "-stranger-share", "0.1", "-offline-terminal", "auto", "-offline-every", "5m", "-offline-for", "1m",
		"-tz", "UTC", "-seed", "42", "-max-skew", "5m", "-fault-5xx", "0.1", "-fault-reset", "0.2", "-fault-slow", "0.3",
		"-slow-delay", "10s", "-fault-malformed", "0.05", "-window-by", "sign", "-ignore-start-record-id",
		"-row-shape", "nested", "-bad-rows", "-key-scope", "records", "-flood",
	}, noEnv, &out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	want := options{addr: ":9000", appKey: "k", appSecret: "s", secretSource: "-app-secret", mode: "history", days: 7, staff: 1000,
		interval: 2 * time.Second, strangerShare: 0.1, offline: senselinksim.DemoDevices()[1].LDID,
		offlineEvery: 5 * time.Minute, offlineFor: time.Minute, tz: time.UTC, seed: 42, maxSkew: 5 * time.Minute,
		faults:  senselinksim.Faults{ServerError: 0.1, Reset: 0.2, Slow: 0.3, Malformed: 0.05, SlowDelay: 10 * time.Second},
		variant: serverVariant{windowBy: "sign", ignoreStartID: true, rowShape: "nested", badRows: true, keyScope: "records", flood: true}}
	if o != want {
		t.Errorf("got  %+v\nwant %+v", o, want)
	}

	o, err = parseFlags([]string{"-mode", "scripted", "-script", "testdata/example-script.json",
		"-offline-terminal", "x"}, noEnv, &out)
	if err == nil {
		t.Errorf("scripted mode with -offline-terminal accepted: %+v", o)
	}
	for _, bad := range [][]string{{"-window-by", "arrival"}, {"-row-shape", "csv"}, {"-key-scope", "users"}} {
		if o, err := parseFlags(bad, noEnv, &out); err == nil || !strings.Contains(err.Error(), bad[0]) {
			t.Errorf("%v: err %v, options %+v", bad, err, o)
		}
	}
}

func TestParseFlagsSecretFromEnvironment(t *testing.T) {
	env := func(name string) string {
		if name == secretEnv {
			return "from-env"
		}
		return ""
	}
	var out bytes.Buffer
	o, err := parseFlags(nil, env, &out)
	if err != nil {
		t.Fatal(err)
	}
	if o.appSecret != "from-env" || o.secretSource != "$"+secretEnv {
		t.Errorf("secret %q from %q; want the environment's", o.appSecret, o.secretSource)
	}
	o, err = parseFlags([]string{"-app-secret", "from-flag"}, env, &out)
	if err != nil {
		t.Fatal(err)
	}
	if o.appSecret != "from-flag" {
		t.Errorf("an explicit -app-secret lost to the environment: %q", o.appSecret)
	}
}

func TestParseFlagsRejects(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown mode", []string{"-mode", "replay"}, "-mode"},
		{"scripted without a script", []string{"-mode", "scripted"}, "-script"},
		{"script in live mode", []string{"-script", "x.json"}, "-script"},
		{"days outside history", []string{"-days", "3"}, "-days"},
		{"zero days", []string{"-mode", "history", "-days", "0"}, "-days"},
		{"share above 1", []string{"-stranger-share", "1.5"}, "-stranger-share"},
		{"faults above 100 %", []string{"-fault-5xx", "0.6", "-fault-reset", "0.6"}, "fault shares"},
		{"zero interval", []string{"-interval", "0s"}, "-interval"},
		{"unknown terminal", []string{"-offline-terminal", "SPSE-nope"}, "SPSE-nope"},
		{"unknown zone", []string{"-tz", "Mars/Olympus"}, "-tz"},
		{"stray argument", []string{"live"}, "unexpected"},
		{"empty secret", []string{"-app-secret", ""}, "secret"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			_, err := parseFlags(tc.args, noEnv, &out)
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(out.String(), tc.want) {
				t.Errorf("error %q / output %q does not mention %q", err, out.String(), tc.want)
			}
		})
	}
}

func TestHelpListsEveryFlag(t *testing.T) {
	var out bytes.Buffer
	_, err := parseFlags([]string{"-help"}, noEnv, &out)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("err = %v, want flag.ErrHelp", err)
	}
	help := out.String()
	for _, name := range []string{"addr", "app-key", "app-secret", "mode", "script", "days", "staff", "interval",
		"stranger-share", "offline-terminal", "offline-every", "offline-for", "tz", "seed", "max-skew",
		"fault-5xx", "fault-reset", "fault-slow", "slow-delay", "fault-malformed"} {
		if !strings.Contains(help, "  -"+name+" ") && !strings.Contains(help, "  -"+name+"\n") {
			t.Errorf("help does not list -%s", name)
		}
	}
	for _, want := range []string{"stand-in for the SenseLink", "Examples:", "test credential", secretEnv} {
		if !strings.Contains(help, want) {
			t.Errorf("help lacks %q", want)
		}
	}
	if strings.Contains(help, "demo-app-secret") && !strings.Contains(help, "test credential") {
		t.Error("help shows the default secret without saying it is a test credential")
	}
}

func TestExampleScriptLoads(t *testing.T) {
	f, err := os.Open("testdata/example-script.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc, err := senselinksim.LoadScript(f)
	if err != nil {
		t.Fatal(err)
	}
	s := senselinksim.New(senselinksim.Config{})
	if err := s.Apply(sc); err != nil {
		t.Fatal(err)
	}
	var late, stranger, high, noMask bool
	for _, r := range s.Records() {
		late = late || r.ReceivedAt.Sub(r.SignTime) > time.Hour
		stranger = stranger || (r.UserID == 0 && r.JobNumber == nil)
		high = high || r.AbnormalType == 40001
		noMask = noMask || (r.Mask != nil && *r.Mask == 0)
	}
	if !late || !stranger || !high || !noMask {
		t.Errorf("example script: late upload %v, stranger %v, high temperature %v, no mask %v; want all", late, stranger, high, noMask)
	}
}

func TestRunServesScriptAndStops(t *testing.T) {
	var out bytes.Buffer
	o, err := parseFlags([]string{"-addr", "127.0.0.1:0", "-mode", "scripted", "-script", "testdata/example-script.json",
		"-app-secret", "run-test-secret"}, noEnv, &out)
	if err != nil {
		t.Fatal(err)
	}
	pr, pw := io.Pipe() // to read the URL while run runs
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, o, pw)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	var base string
	var printed []string
	for lines.Scan() {
		printed = append(printed, lines.Text())
		if rest, ok := strings.CutPrefix(lines.Text(), "SenseLink stand-in at "); ok {
			base = rest
			break
		}
	}
	if base == "" {
		cancel()
		t.Fatalf("no URL printed: %q (run: %v)", printed, <-done)
	}
	rest := make(chan string, 1)
	go func() {
		var b strings.Builder
		for lines.Scan() { // the scanner has read ahead: keep using it
			b.WriteString(lines.Text() + "\n")
		}
		rest <- b.String()
	}()

	stamp := strconv.FormatInt(time.Now().UnixMilli(), 10)
	sum := md5.Sum([]byte(stamp + "#run-test-secret"))
	resp, err := http.Get(base + "/api/v3/record/list?date_time_from=2025-06-09+00:00:00&date_time_to=2025-06-09+23:59:59&app_key=demo-app-key&timestamp=" +
		stamp + "&sign=" + hex.EncodeToString(sum[:]))
	if err != nil {
		t.Fatal(err)
	}
	var env struct {
		Code int `json:"code"`
		Data struct {
			Total int `json:"total"`
		} `json:"data"`
	}
	err = json.NewDecoder(resp.Body).Decode(&env)
	resp.Body.Close()
	if err != nil || env.Code != 200 || env.Data.Total != 20 {
		t.Errorf("record list: err %v code %d total %d; want the 20 records of the example day", err, env.Code, env.Data.Total)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop after its context ended")
	}
	all := strings.Join(printed, "\n") + "\n" + <-rest
	if strings.Contains(all, "run-test-secret") {
		t.Errorf("the app secret was printed:\n%s", all)
	}
	if !strings.Contains(all, "demo-app-key") || !strings.Contains(all, "scripted") {
		t.Errorf("the banner lacks the app key or mode:\n%s", all)
	}
}
