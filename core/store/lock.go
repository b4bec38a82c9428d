package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/punchdesk/punchdesk/core/problem"
)

// InUseError is returned by a ReadWrite Open while another process holds the
// database's writer lock. Holder is what that process wrote into the lock
// file, e.g. "punchdesk pid 4242 since 2026-11-26T14:03:00+09:00".
type InUseError struct {
	Path   string // the database path
	Holder string // "" when the holder had not written its name yet
}

func (e *InUseError) Error() string {
	holder := e.Holder
	if holder == "" {
		holder = "another program"
	}
	return "database in use by " + holder
}

// errLocked is what the platform lock functions return when another process
// holds the lock; acquireWriterLock turns it into an *InUseError.
var errLocked = errors.New("lock held by another process")

// writerLock is the single-writer lock: the file PATH.lock, locked by the
// platform's own means (flock on unix, an unshared handle on Windows) for as
// long as the writer runs, with the holder's name in it. The lock dies with
// the process, so a crash never leaves a stale lock behind; the file itself
// is left in place on purpose. Deleting it while held would let a second
// writer lock a new file of the same name: Windows refuses the delete (the
// handle does not share it), and on unix the database file itself is
// locked as well (db), which no deletion of PATH.lock can undo. PATH is the
// database's real path, so a symbolic link to it shares the lock.
type writerLock struct {
	f  *os.File
	db *os.File // nil where the lock file cannot be deleted while held
}

func acquireWriterLock(dbPath string) (*writerLock, error) {
	lockPath := dbPath + ".lock"
	f, err := lockFile(lockPath)
	if errors.Is(err, errLocked) {
		return nil, &InUseError{Path: dbPath, Holder: readHolder(lockPath)}
	}
	if err != nil {
		return nil, fmt.Errorf("lock database %s: %w", dbPath, err)
	}
	db, err := lockDatabaseFile(dbPath)
	if err != nil {
		f.Close()
		if errors.Is(err, errLocked) {
			return nil, &InUseError{Path: dbPath, Holder: readHolder(lockPath)}
		}
		return nil, fmt.Errorf("lock database %s: %w", dbPath, err)
	}
	holder := fmt.Sprintf("%s pid %d since %s", filepath.Base(os.Args[0]), os.Getpid(), time.Now().Format(time.RFC3339))
	// The holder's name is what a refused second writer shows; failing to
	// write it is failing to lock.
	err = f.Truncate(0)
	if err == nil {
		_, err = f.WriteAt([]byte(holder+"\n"), 0)
	}
	if err != nil {
		f.Close()
		if db != nil {
			db.Close()
		}
		return nil, fmt.Errorf("lock database %s: write holder: %w", dbPath, err)
	}
	return &writerLock{f: f, db: db}, nil
}

// readHolder reads who holds the lock. The holder writes its name just after
// locking, so an empty file means we looked in between: look again briefly.
func readHolder(lockPath string) string {
	for range 10 {
		b, err := os.ReadFile(lockPath)
		if err != nil {
			return ""
		}
		if h := string(bytes.TrimSpace(b)); h != "" {
			return h
		}
		time.Sleep(20 * time.Millisecond)
	}
	return ""
}

// release empties the lock file, so that nobody reads a stale holder in it,
// and then unlocks it by closing it.
func (l *writerLock) release() error {
	l.f.Truncate(0)
	err := l.f.Close()
	if l.db != nil {
		err = errors.Join(err, l.db.Close())
	}
	return err
}

// Problem: the other program is the fix.
func (e *InUseError) Problem() *problem.Problem {
	return problem.Wrap(problem.DatabaseInUse, e, "Path", e.Path, "Holder", e.Holder)
}
