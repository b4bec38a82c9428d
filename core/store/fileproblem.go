package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/punchdesk/punchdesk/core/problem"
	"modernc.org/sqlite"
)

// FileProblemKind is what is wrong with the database file, in the terms the
// person at the PC can act on.
type FileProblemKind int

const (
	// FileDamaged: SQLite found the file corrupt or not a database.
	FileDamaged FileProblemKind = iota + 1
	// FileReadOnly: the file, its folder or the medium cannot be written.
	FileReadOnly
	// FileFull: the disk (or the user's quota) is full.
	FileFull
	// FileCannotOpen: the file or its folder cannot be opened at all.
	FileCannotOpen
)

// FileProblem is a database failure worded for a person instead of SQLite's
// numbered codes ("malformed (11)", "unable to open database file (14)").
// Nothing stored is lost by the failed operation: its transaction did not
// commit.
type FileProblem struct {
	Kind FileProblemKind
	Path string
	Err  error // SQLite's or the system's own error, for support
}

func (e *FileProblem) Error() string {
	var what string
	switch e.Kind {
	case FileDamaged:
		what = "is damaged: restore it from a backup (punchctl db check tells more)"
	case FileReadOnly:
		what = "cannot be written (a read-only medium, folder or file): copy it to a writable folder to make changes; reading and export still work"
	case FileFull:
		what = "cannot grow: the disk is full; free some space and try again"
	default:
		what = "cannot be opened: check that the folder exists and that you may use it"
	}
	return fmt.Sprintf("the database %s %s (%v)", e.Path, what, e.Err)
}

func (e *FileProblem) Unwrap() error { return e.Err }

// SQLite's primary result codes that name a file problem.
const (
	sqliteReadOnly = 8
	sqliteIOErr    = 10
	sqliteCorrupt  = 11
	sqliteFull     = 13
	sqliteCantOpen = 14
	sqliteNotADB   = 26
)

// fileProblem turns err into a *FileProblem when it is one, and returns it
// unchanged otherwise.
func fileProblem(path string, err error) error {
	if err == nil {
		return nil
	}
	var already *FileProblem
	if errors.As(err, &already) {
		return err
	}
	kind := problemKind(err)
	if kind == 0 {
		return err
	}
	return &FileProblem{Kind: kind, Path: path, Err: err}
}

func problemKind(err error) FileProblemKind {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff { // extended codes keep the primary one in the low byte
		case sqliteCorrupt, sqliteNotADB:
			return FileDamaged
		case sqliteReadOnly:
			return FileReadOnly
		case sqliteFull:
			return FileFull
		case sqliteCantOpen:
			return FileCannotOpen
		case sqliteIOErr:
			if errors.Is(err, syscall.ENOSPC) {
				return FileFull
			}
		}
	}
	switch {
	case errors.Is(err, syscall.EROFS), errors.Is(err, fs.ErrPermission):
		return FileReadOnly
	case errors.Is(err, syscall.ENOSPC):
		return FileFull
	}
	return 0
}

// realPath is the file a database path stands for: absolute, with symbolic
// links resolved (the folder's when the file does not exist yet), so that
// two names for one file share one writer lock.
func realPath(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	if p, err := filepath.EvalSymlinks(abs); err == nil {
		return p, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	dir, err := filepath.EvalSymlinks(filepath.Dir(abs))
	if errors.Is(err, fs.ErrNotExist) {
		return abs, nil // created below; nothing can link into it yet
	}
	if err != nil {
		return "", err
	}
	if _, err := os.Lstat(abs); err == nil {
		// A dangling symbolic link: opening it would create its target
		// behind the lock's back.
		return "", fmt.Errorf("%s is a symbolic link to a missing file", path)
	}
	return filepath.Join(dir, filepath.Base(abs)), nil
}

// Problem words the file's state for the person who can fix it.
func (e *FileProblem) Problem() *problem.Problem {
	code := map[FileProblemKind]problem.Code{FileDamaged: problem.DatabaseDamaged, FileReadOnly: problem.DatabaseReadOnly,
		FileFull: problem.DatabaseFull}[e.Kind]
	if code == "" {
		code = problem.DatabaseCannotOpn
	}
	return problem.Wrap(code, e, "Path", e.Path)
}
