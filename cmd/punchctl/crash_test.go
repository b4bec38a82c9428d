package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/punchdesk/punchdesk/core/secret"
	"github.com/punchdesk/punchdesk/core/senselinksim"
)

// The crash test runs punchctl commands in a child process (this test
// binary again) and kills them with SIGKILL at random moments: no deferred
// cleanup, no rollback by the program, what a power cut does.
const (
	crashChildEnv = "PUNCHCTL_CRASH_CHILD_ARGS"
)

func TestMain(m *testing.M) {
	if args := os.Getenv(crashChildEnv); args != "" {
		var argv []string
		if err := json.Unmarshal([]byte(args), &argv); err != nil {
			os.Exit(99)
		}
		os.Exit(run(context.Background(), argv, strings.NewReader(""), io.Discard, os.Stderr, secret.NewMemory()))
	}
	os.Exit(m.Run())
}

// childBinary is the punchctl the crash test kills: the real program as
// shipped (built without the race detector, which would make every child
// ten times slower), or this test binary where no Go toolchain is found.
var childBinary = sync.OnceValues(func() (string, error) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		return "", nil
	}
	dir, err := os.MkdirTemp("", "punchctl-crash-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "punchctl")
	build := exec.Command(goTool, "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build punchctl: %v: %s", err, out)
	}
	return bin, nil
})

// startChild starts `punchctl --db db args...` as a child process.
func startChild(t *testing.T, db string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := childCommand(t, db, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// childCommand is `punchctl --db db args...` run by childBinary.
func childCommand(t *testing.T, db string, args ...string) *exec.Cmd {
	t.Helper()
	bin, err := childBinary()
	if err != nil {
		t.Fatal(err)
	}
	var cmd *exec.Cmd
	if bin != "" {
		cmd = exec.Command(bin, append([]string{"--db", db}, args...)...)
	} else {
		argv, _ := json.Marshal(append([]string{"--db", db}, args...))
		cmd = exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+string(argv))
	}
	return cmd
}

// crashSnapshot is everything a user reads of the derived state and the
// audit trail, as read-only punchctl commands print it, with no sync and
// no derivation run in between.
type crashSnapshot struct {
	punches, book, pending string
	audit                  []string
}

func (s crashSnapshot) equal(o crashSnapshot) bool {
	return s.punches == o.punches && s.book == o.book && s.pending == o.pending && strings.Join(s.audit, "\n") == strings.Join(o.audit, "\n")
}

func (s crashSnapshot) diff(o crashSnapshot) string {
	var out []string
	if s.punches != o.punches {
		out = append(out, "punches differ")
	}
	if s.book != o.book {
		out = append(out, "book differs")
	}
	if s.pending != o.pending {
		out = append(out, "review list differs")
	}
	if a, b := strings.Join(s.audit, "\n"), strings.Join(o.audit, "\n"); a != b {
		out = append(out, fmt.Sprintf("audit differs (%d vs %d entries)", len(s.audit), len(o.audit)))
	}
	return strings.Join(out, ", ")
}

func snapshot(t *testing.T, db, month, bookStaff string) crashSnapshot {
	t.Helper()
	read := func(args ...string) string {
		cmd := childCommand(t, db, args...)
		var out, errOut strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Run(); err != nil {
			t.Fatalf("punchctl %v: %v: %s", args, err, errOut.String())
		}
		return out.String()
	}
	s := crashSnapshot{
		punches: read("punches", "--month", month, "--json"),
		book:    read("book", "--month", month, "--staff", bookStaff, "--json"),
		pending: read("review", "list", "--json"),
	}
	// The audit trail as stored, less when and by whom (which differ
	// between runs); what was done must not differ.
	conn, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.Query("SELECT action, target, staff_code, business_date, before, after, reason FROM audit ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var f [7]string
		if err := rows.Scan(&f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6]); err != nil {
			t.Fatal(err)
		}
		s.audit = append(s.audit, strings.Join(f[:], "|"))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return s
}

// integrityOK runs `punchctl db check`: SQLite's integrity_check.
func integrityOK(t *testing.T, path string) {
	t.Helper()
	cmd := childCommand(t, path, "db", "check")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("db check: %v: %s", err, out)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestKilledChangesLeaveRightPunches changes the punch option, then the day
// change, imports a few thousand staff, imports other punches and decides
// pending punches, each in a child process killed at random moments. After
// every kill, with no sync and no derivation in between, what read-only
// commands show equals what a run without kills shows after the same
// number of completed changes, and the audit trail has exactly their
// entries.
func TestKilledChangesLeaveRightPunches(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	now := time.Now().In(tokyo)
	start := time.Date(now.Year(), now.Month()-1, 2, 0, 0, 0, 0, tokyo) // last month: every day finished
	month := start.Format("2006-01")
	const days = 10

	sim := senselinksim.New(senselinksim.Config{AppKey: simKey, AppSecret: simSecret, Location: tokyo, Seed: 11})
	people := senselinksim.GenerateStaff(150)
	sim.SetPeople(people)
	sim.SetDevices(senselinksim.DemoDevices())
	if err := sim.GenerateDays(start, days, people, senselinksim.DemoDevices(), 6); err != nil {
		t.Fatal(err)
	}
	srv := newSimServer(t, sim)

	dir := t.TempDir()
	base := filepath.Join(dir, "base.db")
	// Everything runs in the real punchctl, the secret from the environment.
	t.Setenv("PUNCHDESK_APP_SECRET", simSecret)
	mustRun := func(db, stdin string, args ...string) string {
		t.Helper()
		cmd := childCommand(t, db, args...)
		var out, errOut strings.Builder
		cmd.Stdin, cmd.Stdout, cmd.Stderr = strings.NewReader(stdin), &out, &errOut
		if err := cmd.Run(); err != nil {
			t.Fatalf("punchctl %v: %v: %s", args, err, errOut.String())
		}
		return out.String()
	}
	// Half the people are staff before the changes; the import adds the
	// other half (whose records then count) among thousands of others.
	first := "code,name\n"
	for _, p := range people[:75] {
		first += p.JobNumber + "," + p.Name + "\n"
	}
	writeFile(t, filepath.Join(dir, "first.csv"), first)
	mustRun(base, simSecret+"\n", "link", "--server", srv, "--app-key", simKey)
	mustRun(base, "", "staff", "import", filepath.Join(dir, "first.csv"))
	mustRun(base, "", "sync", "--from", start.Format(time.DateTime))

	big := "code,name,group\n"
	for _, p := range people {
		big += p.JobNumber + "," + p.Name + ",本社\n"
	}
	for i := range 3000 {
		big += fmt.Sprintf("X%05d,臨時 %d,派遣\n", i, i)
	}
	writeFile(t, filepath.Join(dir, "big.csv"), big)
	ic := "staff_code,time,source,note\n"
	for d := range days {
		day := start.AddDate(0, 0, d)
		for _, p := range people[:120] {
			ic += fmt.Sprintf("%s,%s,ic_card,カード\n", p.JobNumber, day.Add(7*time.Hour+30*time.Minute).Format("2006-01-02 15:04"))
		}
	}
	writeFile(t, filepath.Join(dir, "ic.csv"), ic)

	steps := [][]string{
		{"settings", "set", "punch-mode", "unapproved-first"},
		{"settings", "set", "day-change", "05:00"},
		{"staff", "import", filepath.Join(dir, "big.csv")},
		{"punch", "import", filepath.Join(dir, "ic.csv")},
		nil, // approve: filled in from the reference run's queue
		nil, // reject: likewise
	}
	bookStaff := people[10].JobNumber

	// The reference: every step run to completion in a child, timed.
	ref := filepath.Join(dir, "ref.db")
	copyDBFiles(t, base, ref)
	snaps := []crashSnapshot{snapshot(t, ref, month, bookStaff)}
	durations := make([]time.Duration, len(steps))
	for k := range steps {
		if steps[k] == nil {
			var queue []map[string]any
			if err := json.Unmarshal([]byte(mustRun(ref, "", "review", "list", "--json")), &queue); err != nil || len(queue) < 40 {
				t.Fatalf("review queue after the IC import: %d punches, %v", len(queue), err)
			}
			ids := []string{}
			half := queue[:20]
			if k == 5 {
				half = queue[20:40]
			}
			for _, p := range half {
				ids = append(ids, p["id"].(string))
			}
			if k == 4 {
				steps[k] = append([]string{"review", "approve"}, ids...)
			} else {
				steps[k] = append(append([]string{"review", "reject"}, ids...), "--reason", "打刻ミス")
			}
		}
		began := time.Now()
		cmd := startChild(t, ref, steps[k]...)
		if err := cmd.Wait(); err != nil {
			t.Fatalf("reference step %v: %v", steps[k], err)
		}
		durations[k] = time.Since(began)
		snaps = append(snaps, snapshot(t, ref, month, bookStaff))
		if snaps[k+1].equal(snaps[k]) {
			t.Fatalf("step %v changed nothing a user sees", steps[k])
		}
	}

	// Each step is killed at random moments until killsPerStep kills have
	// landed (at most maxTrials tries), each try on a copy of the state
	// before it (database and WAL, as the kill left them); a try that got
	// past the change becomes the state the next step starts from, stale
	// marks and all. A step no try finished is then run to completion.
	const killsPerStep, maxTrials = 4, 12
	current := filepath.Join(dir, "crash-0.db")
	copyDBFiles(t, base, current)
	rng := rand.New(rand.NewPCG(5, 9))
	kills, afterCommit, trialNo := 0, 0, 0
	deadline := time.Now().Add(5 * time.Minute)
	for k := range steps {
		before, advanced, landedHere := current, false, 0
		for trial := 0; trial < maxTrials && landedHere < killsPerStep; trial++ {
			if time.Now().After(deadline) {
				t.Fatalf("crash test ran out of time at step %d with %d kills", k, kills)
			}
			trialNo++
			trial := filepath.Join(dir, fmt.Sprintf("crash-%d.db", trialNo))
			copyDBFiles(t, before, trial)
			cmd := startChild(t, trial, steps[k]...)
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			// Within the reference run's time: kills land in the change,
			// in the derivation after it, now and then too late.
			delay := time.Duration(rng.Int64N(int64(durations[k])))
			landed := false
			select {
			case err := <-exited:
				if err != nil {
					t.Fatalf("step %v failed by itself: %v", steps[k], err)
				}
			case <-time.After(delay):
				cmd.Process.Kill()
				<-exited
				landed = !cmd.ProcessState.Success()
			}
			integrityOK(t, trial)
			got := snapshot(t, trial, month, bookStaff)
			switch {
			case got.equal(snaps[k+1]):
				if landed {
					afterCommit++
				}
				if !advanced {
					current, advanced = trial, true
				}
			case got.equal(snaps[k]):
				if !landed {
					t.Fatalf("step %v exited 0 but changed nothing", steps[k])
				}
			default:
				t.Fatalf("after a kill in step %d (%v) the state is neither before nor after it: %s / %s",
					k, steps[k], got.diff(snaps[k]), got.diff(snaps[k+1]))
			}
			if landed {
				kills++
				landedHere++
			}
		}
		if !advanced {
			cmd := startChild(t, current, steps[k]...)
			if err := cmd.Wait(); err != nil {
				t.Fatalf("step %v after kills: %v", steps[k], err)
			}
			if got := snapshot(t, current, month, bookStaff); !got.equal(snaps[k+1]) {
				t.Fatalf("step %d run again after kills: %s", k, got.diff(snaps[k+1]))
			}
		}
	}
	if kills < 20 {
		t.Errorf("only %d kills landed; want at least 20", kills)
	}
	t.Logf("%d kills landed over %d steps, %d of them after the change was committed", kills, len(steps), afterCommit)
}

// copyDBFiles copies a database and its WAL (which holds committed
// transactions a kill left unmerged).
func copyDBFiles(t *testing.T, from, to string) {
	t.Helper()
	copyFile(t, from, to)
	if _, err := os.Stat(from + "-wal"); err == nil {
		copyFile(t, from+"-wal", to+"-wal")
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

func newSimServer(t *testing.T, sim *senselinksim.Server) string {
	t.Helper()
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	return srv.URL
}
