// Package instance lets a second start of the app hand over to the first:
// the running app listens on a loopback port and writes the port and a
// random token into a file beside its database; a second start that finds
// the database in use reads the file and asks it to come forward instead of
// opening a second window.
//
// A loopback port works the same on every Windows (a Unix socket needs
// Windows 10 1803+, and its path under %TEMP% can outgrow the limit with a
// long or Japanese user name) and under wine. The token keeps any other
// local program from making the window jump: only someone who can read the
// database's folder can ask.
package instance

import (
	"bufio"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"sync"
	"time"
)

const showRequest = "show"

// handoverPath is the file beside the database that names the running
// app's port and token.
func handoverPath(dbPath string) string { return dbPath + ".instance" }

// Listener answers show requests for one database.
type Listener struct {
	ln    net.Listener
	path  string
	token string
	wg    sync.WaitGroup
}

// Listen starts answering show requests for dbPath by calling onShow. Call
// it only as the database's writer: a file left by a crashed instance is
// replaced.
func Listen(dbPath string, onShow func()) (*Listener, error) {
	var raw [16]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return nil, fmt.Errorf("listen for a second start: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen for a second start: %w", err)
	}
	l := &Listener{ln: ln, path: handoverPath(dbPath), token: hex.EncodeToString(raw[:])}
	if err := writeHandover(l.path, ln.Addr().String(), l.token); err != nil {
		ln.Close()
		return nil, fmt.Errorf("listen for a second start: %w", err)
	}
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			l.answer(conn, onShow)
		}
	}()
	return l, nil
}

func (l *Listener) answer(conn net.Conn, onShow func()) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(2 * time.Second))
	line, _ := bufio.NewReader(bounded(conn)).ReadString('\n')
	verb, token, _ := strings.Cut(strings.TrimSpace(line), " ")
	if verb != showRequest || subtle.ConstantTimeCompare([]byte(token), []byte(l.token)) != 1 {
		return
	}
	onShow()
	_, _ = conn.Write([]byte("ok\n"))
}

// bounded limits what a caller may send: a request is one short line.
func bounded(conn net.Conn) *limitedConn { return &limitedConn{conn: conn, left: 256} }

type limitedConn struct {
	conn net.Conn
	left int
}

func (c *limitedConn) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, errors.New("request too long")
	}
	if len(p) > c.left {
		p = p[:c.left]
	}
	n, err := c.conn.Read(p)
	c.left -= n
	return n, err
}

// writeHandover writes the address and token readable by this user only,
// through a temporary file so that a second start never reads half of it.
func writeHandover(path, addr, token string) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(addr+" "+token+"\n"), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// Close stops listening and removes the hand-over file.
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
	b, err := os.ReadFile(handoverPath(dbPath))
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNotRunning, err)
	}
	addr, token, ok := strings.Cut(strings.TrimSpace(string(b)), " ")
	if host, _, err := net.SplitHostPort(addr); !ok || err != nil || host != "127.0.0.1" {
		return fmt.Errorf("%w: the hand-over file is not one PunchDesk wrote", ErrNotRunning)
	}
	conn, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNotRunning, err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := conn.Write([]byte(showRequest + " " + token + "\n")); err != nil {
		return fmt.Errorf("%w: %v", ErrNotRunning, err)
	}
	reply, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil || strings.TrimSpace(reply) != "ok" {
		return fmt.Errorf("%w: no answer", ErrNotRunning)
	}
	return nil
}
