package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/punchdesk/punchdesk/core/secret"
	"github.com/punchdesk/punchdesk/core/senselinksim"
	"github.com/punchdesk/punchdesk/core/store"
)

const (
	simKey    = "cli-key"
	simSecret = "cli-secret-ひみつ"
)

type cli struct {
	t       *testing.T
	db      string
	secrets *secret.Memory
}

func (c cli) run(stdin string, args ...string) (code int, stdout, stderr string) {
	c.t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), append([]string{"--db", c.db}, args...), strings.NewReader(stdin), &out, &errOut, c.secrets)
	return code, out.String(), errOut.String()
}

// must runs punchctl and fails the test unless it exits 0; it returns
// standard output.
func (c cli) must(stdin string, args ...string) string {
	c.t.Helper()
	code, out, errOut := c.run(stdin, args...)
	if code != 0 {
		c.t.Fatalf("punchctl %v: exit %d: %s", args, code, errOut)
	}
	return out
}

func newCLI(t *testing.T) cli {
	return cli{t: t, db: filepath.Join(t.TempDir(), "punchdesk.db"), secrets: secret.NewMemory()}
}

func newSim(t *testing.T) (*senselinksim.Server, *httptest.Server) {
	sim := senselinksim.New(senselinksim.Config{AppKey: simKey, AppSecret: simSecret})
	sim.SetPeople(senselinksim.DemoPeople())
	sim.SetDevices(senselinksim.DemoDevices())
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	return sim, srv
}

func TestLinkSyncRecordsUnlinkEndToEnd(t *testing.T) {
	sim, srv := newSim(t)
	c := newCLI(t)
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	people, devices := sim.People(), sim.Devices()
	// Yesterday noon in Tokyo: all three records on one date whatever the hour.
	now := time.Now().In(tokyo)
	signed := time.Date(now.Year(), now.Month(), now.Day()-1, 12, 0, 0, 0, tokyo)
	if _, err := sim.Recognize(people[0], devices[0], signed, 36.4, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := sim.Recognize(people[1], devices[1], signed.Add(time.Minute), 38.1, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := sim.RecognizeStranger(devices[0], signed.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}

	code, out, errOut := c.run(simSecret+"\n", "link", "--server", srv.URL, "--app-key", simKey)
	if code != 0 {
		t.Fatalf("link exit %d: %s", code, errOut)
	}
	if strings.Contains(out+errOut, simSecret) {
		t.Error("link printed the secret")
	}
	if got, _ := c.secrets.Get(simKey + "@" + srv.URL); got != simSecret {
		t.Fatalf("keychain has %q", got)
	}

	from := signed.Add(-time.Hour).Format(time.DateTime)
	if code, _, errOut := c.run("", "sync", "--from", from); code != 0 {
		t.Fatalf("sync exit %d: %s", code, errOut)
	}

	code, out, errOut = c.run("", "records", "--date", signed.In(tokyo).Format(time.DateOnly), "--json")
	if code != 0 {
		t.Fatalf("records exit %d: %s", code, errOut)
	}
	var recs []map[string]any
	if err := json.Unmarshal([]byte(out), &recs); err != nil {
		t.Fatalf("records --json is not JSON: %v\n%s", err, out)
	}
	if len(recs) != 3 {
		t.Fatalf("%d records, want 3:\n%s", len(recs), out)
	}
	stranger, fever := recs[0], recs[1] // newest first
	if stranger["employee_number"] != nil || stranger["stranger"] != true {
		t.Errorf("stranger = %v", stranger)
	}
	if fever["employee_number"] != people[1].JobNumber || fever["temperature"] != 38.1 || fever["mask"] != 0.0 || fever["name"] != people[1].Name {
		t.Errorf("second record = %v", fever)
	}
	if tm, err := time.Parse(time.RFC3339, fever["time"].(string)); err != nil || !tm.Equal(signed.Add(time.Minute)) || !strings.HasSuffix(fever["time"].(string), "+09:00") {
		t.Errorf("time = %v (%v), want %s in +09:00", fever["time"], err, signed.Add(time.Minute))
	}
	for _, k := range []string{"record_id", "time", "employee_number", "name", "terminal", "temperature", "mask"} {
		if _, ok := recs[2][k]; !ok {
			t.Errorf("record lacks %q", k)
		}
	}

	code, out, _ = c.run("", "status", "--json")
	var st map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &st) != nil {
		t.Fatalf("status --json exit %d: %s", code, out)
	}
	if st["linked"] != true || st["records"] != 3.0 || st["last_sync"] == nil || st["last_error"] != nil {
		t.Errorf("status = %v", st)
	}

	if code, _, errOut := c.run("", "unlink"); code != 0 {
		t.Fatalf("unlink exit %d: %s", code, errOut)
	}
	if len(c.secrets.Snapshot()) != 0 {
		t.Error("unlink left the secret")
	}
	if code, _, errOut := c.run("", "sync"); code != 1 || !strings.Contains(errOut, "not linked") {
		t.Errorf("sync after unlink: exit %d, %q", code, errOut)
	}
}

func TestFailuresExitOneWithTheCause(t *testing.T) {
	_, srv := newSim(t)
	c := newCLI(t)
	code, _, errOut := c.run("wrong-secret\n", "link", "--server", srv.URL, "--app-key", simKey)
	if code != 1 || !strings.Contains(errOut, "rejected the AppKey or AppSecret") {
		t.Errorf("wrong secret: exit %d, %q", code, errOut)
	}
	if strings.Contains(errOut, "wrong-secret") {
		t.Error("the secret is in the error")
	}
	code, _, errOut = c.run("s\n", "link", "--server", "http://127.0.0.1:1", "--app-key", simKey)
	if code != 1 || !strings.Contains(errOut, "could not be reached") {
		t.Errorf("unreachable: exit %d, %q", code, errOut)
	}
	code, _, errOut = c.run("", "records")
	if code != 0 {
		t.Errorf("records on a fresh database: exit %d, %q", code, errOut)
	}
	missing := cli{t: t, db: filepath.Join(t.TempDir(), "none.db"), secrets: c.secrets}
	if code, _, errOut := missing.run("", "status"); code != 1 || !strings.Contains(errOut, "no PunchDesk database") {
		t.Errorf("status without a database: exit %d, %q", code, errOut)
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	c := newCLI(t)
	for _, args := range [][]string{
		{},
		{"frobnicate"},
		{"link"},
		{"link", "--app-key", "k"}, // no secret on stdin
		{"records", "--date", "2026-02-30"},
		{"sync", "--from", "yesterday"},
		{"status", "extra"},
	} {
		if code, _, errOut := c.run("", args...); code != 2 || errOut == "" {
			t.Errorf("punchctl %v: exit %d, stderr %q; want 2 with a message", args, code, errOut)
		}
	}
	if code, out, _ := c.run("", "--help"); code != 0 || !strings.Contains(out, "punchctl [--db PATH] sync") {
		t.Errorf("--help: exit %d", code)
	}
}

// A second writer is refused by name while another process holds the
// database; reading beside it works.
func TestSecondWriterIsRefused(t *testing.T) {
	c := newCLI(t)
	if code, _, errOut := c.run("", "sync"); code != 1 || !strings.Contains(errOut, "not linked") {
		t.Fatalf("sync on a fresh database: exit %d, %q", code, errOut)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHoldDatabase$")
	cmd.Env = append(os.Environ(), "PUNCHCTL_HOLD_DB="+c.db)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "holding\n" {
		t.Fatalf("child did not take the database: %q, %v", line, err)
	}
	code, _, errOut := c.run("", "sync")
	if code != 1 || !strings.Contains(errOut, "database in use by") || !strings.Contains(errOut, fmt.Sprint(cmd.Process.Pid)) {
		t.Fatalf("second writer: exit %d, %q; want 'database in use by' naming pid %d", code, errOut, cmd.Process.Pid)
	}
	if code, _, errOut := c.run("", "status"); code != 0 {
		t.Errorf("read-only status beside the writer: exit %d, %q", code, errOut)
	}
}

// TestHoldDatabase is the child process of TestSecondWriterIsRefused.
func TestHoldDatabase(t *testing.T) {
	path := os.Getenv("PUNCHCTL_HOLD_DB")
	if path == "" {
		t.Skip("helper process of TestSecondWriterIsRefused")
	}
	db, err := store.Open(path, store.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	os.Stdout.WriteString("holding\n")
	time.Sleep(30 * time.Second) // the parent kills us long before
}
