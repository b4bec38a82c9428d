//go:build unix

package store

import (
	"errors"
	"os"
	"syscall"
)

// lockFile opens path and takes an exclusive flock on it without waiting.
// flock locks belong to the open file, so a second Open in the same process
// is refused just like one in another process.
func lockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	return flockOrClose(f)
}

// lockDatabaseFile flocks the database file itself (creating it empty if
// need be, which SQLite takes for a new database). On Linux and the BSDs
// flock and the fcntl locks SQLite takes are separate, so this does not
// get in SQLite's way; the descriptor stays open until SQLite is closed,
// because closing a descriptor drops the process's fcntl locks on the file.
func lockDatabaseFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	return flockOrClose(f)
}

func flockOrClose(f *os.File) (*os.File, error) {
	var err error
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, errLocked
		}
		return nil, err
	}
	return f, nil
}
