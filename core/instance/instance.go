// Package instance lets a second start of the app hand over to the first:
// the running app listens on a local socket named after its database, and
// a second start that finds the database in use asks it to come forward
// instead of opening a second window.
package instance

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

const showRequest = "show"

// socketPath is short (Unix sockets allow ~100 bytes) and specific to the
// database, so two databases never share one.
func socketPath(dbPath string) string {
	abs, err := filepath.Abs(dbPath)
	if err != nil {
		abs = dbPath
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(os.TempDir(), "punchdesk-"+hex.EncodeToString(sum[:6])+".sock")
}

// Listener answers show requests for one database.
type Listener struct {
	ln   net.Listener
	path string
	wg   sync.WaitGroup
}

// Listen starts answering show requests for dbPath by calling onShow. Call
// it only as the database's writer: a socket left by a crashed instance is
// replaced.
func Listen(dbPath string, onShow func()) (*Listener, error) {
	path := socketPath(dbPath)
	_ = os.Remove(path) // left by a crash; we hold the writer lock, so it is stale
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("listen for a second start: %w", err)
	}
	l := &Listener{ln: ln, path: path}
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			_ = conn.SetDeadline(time.Now().Add(2 * time.Second))
			line, _ := bufio.NewReader(conn).ReadString('\n')
			if strings.TrimSpace(line) == showRequest {
				onShow()
				_, _ = conn.Write([]byte("ok\n"))
			}
			conn.Close()
		}
	}()
	return l, nil
}

// Close stops listening and removes the socket.
func (l *Listener) Close() error {
	err := l.ln.Close()
	l.wg.Wait()
	_ = os.Remove(l.path)
	return err
}

// ErrNotRunning means no running app answered for the database.
var ErrNotRunning = errors.New("no running PunchDesk answered")

// AskToShow asks the app running on dbPath to bring its window forward.
func AskToShow(dbPath string) error {
	conn, err := net.DialTimeout("unix", socketPath(dbPath), 2*time.Second)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNotRunning, err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := conn.Write([]byte(showRequest + "\n")); err != nil {
		return fmt.Errorf("%w: %v", ErrNotRunning, err)
	}
	reply, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil || strings.TrimSpace(reply) != "ok" {
		return fmt.Errorf("%w: no answer", ErrNotRunning)
	}
	return nil
}
