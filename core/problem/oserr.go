package problem

import (
	"errors"
	"syscall"
)

// isNotFolder reports a path whose parent is a file, not a folder.
func isNotFolder(err error) bool { return errors.Is(err, syscall.ENOTDIR) }

// isDiskFull reports a write the disk (or the user's quota) had no room for.
func isDiskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}
