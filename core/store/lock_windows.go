//go:build windows

package store

import (
	"errors"
	"os"
	"syscall"
)

// errorSharingViolation is ERROR_SHARING_VIOLATION, which the syscall package
// does not name.
const errorSharingViolation syscall.Errno = 32

// lockFile opens path for writing while denying every other process write
// (and delete) access, which Windows enforces until the handle is closed or
// the process ends. Read access stays shared, unlike with share mode 0, so
// that a second instance can read who holds the lock and say so.
func lockFile(path string) (*os.File, error) {
	p, err := syscall.UTF16PtrFromString(path)
	if err != nil {
		return nil, err
	}
	h, err := syscall.CreateFile(p,
		syscall.GENERIC_READ|syscall.GENERIC_WRITE,
		syscall.FILE_SHARE_READ,
		nil,
		syscall.OPEN_ALWAYS,
		syscall.FILE_ATTRIBUTE_NORMAL,
		0)
	if err != nil {
		if errors.Is(err, errorSharingViolation) {
			return nil, errLocked
		}
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	return os.NewFile(uintptr(h), path), nil
}

// lockDatabaseFile needs no second lock on Windows: the lock file's handle
// does not share delete access, so the lock file cannot be removed while held.
func lockDatabaseFile(string) (*os.File, error) { return nil, nil }
