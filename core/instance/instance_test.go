package instance

import (
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestSecondStartAsksTheFirstToShow(t *testing.T) {
	db := filepath.Join(t.TempDir(), "punchdesk.db")
	if err := AskToShow(db); !errors.Is(err, ErrNotRunning) {
		t.Fatalf("with nothing running: %v, want ErrNotRunning", err)
	}
	shown := make(chan struct{}, 1)
	l, err := Listen(db, func() { shown <- struct{}{} })
	if err != nil {
		t.Fatal(err)
	}
	if err := AskToShow(db); err != nil {
		t.Fatalf("ask the running instance: %v", err)
	}
	select {
	case <-shown:
	default:
		t.Fatal("the running instance was not asked to show")
	}
	other := filepath.Join(t.TempDir(), "other.db")
	if err := AskToShow(other); !errors.Is(err, ErrNotRunning) {
		t.Errorf("another database's start reached this instance: %v", err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if err := AskToShow(db); !errors.Is(err, ErrNotRunning) {
		t.Errorf("after close: %v", err)
	}
}

func TestOnlyTheTokenHolderCanAskAndAStaleFileIsHarmless(t *testing.T) {
	db := filepath.Join(t.TempDir(), "punchdesk.db")
	shown := 0
	l, err := Listen(db, func() { shown++ })
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	b, err := os.ReadFile(db + ".instance")
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(db + ".instance"); runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("hand-over file mode %v, want 0600", fi.Mode().Perm())
	}
	addr, _, _ := strings.Cut(strings.TrimSpace(string(b)), " ")
	// Someone without the token: no window jumps.
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	conn.Write([]byte("show 0000\n"))
	reply, _ := io.ReadAll(conn)
	conn.Close()
	if shown != 0 || len(reply) != 0 {
		t.Fatalf("a wrong token was answered %q and showed the window %d times", reply, shown)
	}
	// A file left by a crash names a port nobody answers on.
	stale := filepath.Join(t.TempDir(), "crashed.db")
	os.WriteFile(stale+".instance", []byte("127.0.0.1:1 abc\n"), 0o600)
	if err := AskToShow(stale); !errors.Is(err, ErrNotRunning) {
		t.Errorf("a stale file: %v, want ErrNotRunning", err)
	}
	os.WriteFile(stale+".instance", []byte("example.com:80 abc\n"), 0o600)
	if err := AskToShow(stale); !errors.Is(err, ErrNotRunning) {
		t.Errorf("a file naming another host: %v, want ErrNotRunning", err)
	}
}
