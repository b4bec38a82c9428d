package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/punchdesk/punchdesk/core/domain"
)

// holdEnv names the database the helper process opens and holds.
const holdEnv = "PUNCHDESK_STORE_TEST_HOLD_DB"

// TestHelperHoldWriteLock is not a test: TestWriterLockAcrossProcesses runs
// the test binary again with only this function and holdEnv set, to get a
// second process that holds the writer lock. It reads commands on stdin:
// "save FROM TO" stores records FROM..TO and answers "saved"; end of input
// closes the database and exits.
func TestHelperHoldWriteLock(t *testing.T) {
	path := os.Getenv(holdEnv)
	if path == "" {
		t.Skip("helper process for TestWriterLockAcrossProcesses")
	}
	db, err := Open(path, ReadWrite)
	if err != nil {
		fmt.Println("error:", err)
		t.Fatal(err)
	}
	defer db.Close()
	fmt.Println("ready")
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		var from, to int64
		if _, err := fmt.Sscanf(in.Text(), "save %d %d", &from, &to); err != nil {
			t.Fatalf("bad command %q", in.Text())
		}
		if _, err := db.SaveRecords(context.Background(), testRecords(from, to), nil); err != nil {
			fmt.Println("error:", err)
			t.Fatal(err)
		}
		fmt.Println("saved")
	}
}

// holder is a second process holding the writer lock of a database.
type holder struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	lines chan string
}

func startHolder(t *testing.T, path string) *holder {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldWriteLock$", "-test.count=1")
	cmd.Env = append(os.Environ(), holdEnv+"="+path)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	h := &holder{cmd: cmd, stdin: stdin, lines: make(chan string, 16)}
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			h.lines <- sc.Text()
		}
		close(h.lines)
	}()
	t.Cleanup(func() {
		h.stdin.Close()
		h.cmd.Process.Kill()
		h.cmd.Wait()
	})
	h.expect(t, "ready")
	return h
}

// expect waits for the helper to print want. The deadline only keeps a
// broken helper from hanging the test run.
func (h *holder) expect(t *testing.T, want string) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case line, ok := <-h.lines:
			if !ok {
				t.Fatalf("helper exited before printing %q", want)
			}
			if line == want {
				return
			}
			if strings.HasPrefix(line, "error:") {
				t.Fatalf("helper: %s", line)
			}
		case <-deadline:
			t.Fatalf("helper did not print %q", want)
		}
	}
}

func (h *holder) save(t *testing.T, from, to int64) {
	t.Helper()
	if _, err := fmt.Fprintf(h.stdin, "save %d %d\n", from, to); err != nil {
		t.Fatal(err)
	}
	h.expect(t, "saved")
}

func TestWriterLockAcrossProcesses(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "punchdesk.db")
	h := startHolder(t, path)
	h.save(t, 1, 50)

	// A second writer is told who holds the database.
	_, err := Open(path, ReadWrite)
	var inUse *InUseError
	if !errors.As(err, &inUse) {
		t.Fatalf("second writer: err = %v, want *InUseError", err)
	}
	wantHolder := fmt.Sprintf("%s pid %d since ", filepath.Base(os.Args[0]), h.cmd.Process.Pid)
	if !strings.HasPrefix(inUse.Holder, wantHolder) {
		t.Errorf("Holder = %q, want it to start with %q", inUse.Holder, wantHolder)
	}
	since := strings.TrimPrefix(inUse.Holder, wantHolder)
	if _, err := time.Parse(time.RFC3339, since); err != nil {
		t.Errorf("Holder's time %q is not RFC 3339: %v", since, err)
	}
	if want := "database in use by " + inUse.Holder; err.Error() != want {
		t.Errorf("message %q, want %q", err.Error(), want)
	}
	if inUse.Path != path {
		t.Errorf("Path = %q, want %q", inUse.Path, path)
	}

	// Readers work beside the writer and see what it commits, also what it
	// commits after they opened.
	ro, err := Open(path, ReadOnly)
	if err != nil {
		t.Fatalf("read-only open beside a writer: %v", err)
	}
	defer ro.Close()
	assertCount(t, ro, 50)
	h.save(t, 51, 80)
	assertCount(t, ro, 80)
	if max, err := ro.MaxRecordID(ctx); err != nil || max != 80 {
		t.Errorf("MaxRecordID = %d, %v; want 80", max, err)
	}

	// When the writer closes, the database is free again.
	h.stdin.Close()
	if err := h.cmd.Wait(); err != nil {
		t.Fatalf("helper: %v", err)
	}
	rw, err := Open(path, ReadWrite)
	if err != nil {
		t.Fatalf("open after the writer exited: %v", err)
	}
	defer rw.Close()
	assertCount(t, rw, 80)
}

func TestKilledWriterFreesTheLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "punchdesk.db")
	h := startHolder(t, path)
	h.save(t, 1, 10)
	if err := h.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	h.cmd.Wait()

	db, err := Open(path, ReadWrite)
	if err != nil {
		t.Fatalf("open after the writer was killed: %v", err)
	}
	defer db.Close()
	assertCount(t, db, 10)
}

func TestSecondWriterInSameProcessRefused(t *testing.T) {
	db := openTemp(t)
	_, err := Open(db.Path(), ReadWrite)
	var inUse *InUseError
	if !errors.As(err, &inUse) {
		t.Fatalf("err = %v, want *InUseError", err)
	}
	if !strings.Contains(inUse.Holder, fmt.Sprintf("pid %d since", os.Getpid())) {
		t.Errorf("Holder = %q, want this process's pid", inUse.Holder)
	}
	db.Close()
	again, err := Open(db.Path(), ReadWrite)
	if err != nil {
		t.Fatalf("open after Close: %v", err)
	}
	again.Close()
}

func assertCount(t *testing.T, db *DB, want int) {
	t.Helper()
	n, err := db.CountRecords(context.Background(), domain.RecordFilter{})
	if err != nil || n != want {
		t.Fatalf("CountRecords = %d, %v; want %d", n, err, want)
	}
}
