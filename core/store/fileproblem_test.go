package store

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/punchdesk/punchdesk/core/domain"
)

// mountTmpfs mounts a small tmpfs for a test that needs a medium it can
// make read-only or full; it skips where mounting is not allowed.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	if runtime.GOOS != "linux" || os.Geteuid() != 0 {
		t.Skip("needs root on Linux to mount a tmpfs")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	return dir
}

func TestReadOnlyMediumIsReadableAndRefusedPlainly(t *testing.T) {
	dir := mountTmpfs(t, "16m")
	path := filepath.Join(dir, "punchdesk.db")
	ctx := context.Background()
	db, err := Open(path, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveRecords(ctx, testRecords(1, 20), nil); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if out, err := exec.Command("mount", "-o", "remount,ro", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot remount read-only: %v %s", err, out)
	}

	_, err = Open(path, ReadWrite)
	var problem *FileProblem
	if !errors.As(err, &problem) || problem.Kind != FileReadOnly {
		t.Fatalf("read-write open on a read-only medium: %v, want a read-only FileProblem", err)
	}
	ro, err := Open(path, ReadOnly)
	if err != nil {
		t.Fatalf("a read-only medium cannot even be read: %v", err)
	}
	defer ro.Close()
	n, err := ro.CountRecords(ctx, domain.RecordFilter{})
	if err != nil || n != 20 {
		t.Fatalf("read %d records, %v; want 20", n, err)
	}
}

func TestDamagedDatabaseIsNamedPlainly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "punchdesk.db")
	junk := make([]byte, 64<<10)
	for i := range junk {
		junk[i] = byte(i * 7)
	}
	if err := os.WriteFile(path, junk, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []Mode{ReadWrite, ReadOnly} {
		_, err := Open(path, mode)
		var problem *FileProblem
		if !errors.As(err, &problem) || problem.Kind != FileDamaged {
			t.Errorf("mode %d: %v, want a damaged FileProblem", mode, err)
		}
	}
}

func TestFullDiskIsNamedPlainlyAndLosesNothingStored(t *testing.T) {
	dir := mountTmpfs(t, "2m")
	path := filepath.Join(dir, "punchdesk.db")
	ctx := context.Background()
	db, err := Open(path, ReadWrite)
	if err != nil {
		t.Skipf("the tmpfs is too small for a database here: %v", err)
	}
	defer db.Close()
	stored := 0
	var saveErr error
	for id := int64(1); saveErr == nil && id < 1_000_000; id += 200 {
		if _, saveErr = db.SaveRecords(ctx, testRecords(id, id+199), nil); saveErr == nil {
			stored += 200
		}
	}
	var problem *FileProblem
	if !errors.As(saveErr, &problem) || problem.Kind != FileFull {
		t.Fatalf("filling the disk: %v, want a full-disk FileProblem", saveErr)
	}
	n, err := db.CountRecords(ctx, domain.RecordFilter{})
	if err != nil || n != stored {
		t.Errorf("after the failed save: %d records, %v; want the %d stored before", n, err, stored)
	}
}

func TestSymlinkToTheDatabaseSharesItsLock(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "punchdesk.db")
	db, err := Open(path, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	link := filepath.Join(t.TempDir(), "other-name.db")
	if err := os.Symlink(path, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	var inUse *InUseError
	if _, err := Open(link, ReadWrite); !errors.As(err, &inUse) {
		t.Fatalf("a second writer through a symbolic link: %v, want InUseError", err)
	}
	linkedDir := filepath.Join(t.TempDir(), "linked-folder")
	if err := os.Symlink(dir, linkedDir); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(filepath.Join(linkedDir, "punchdesk.db"), ReadWrite); !errors.As(err, &inUse) {
		t.Fatalf("a second writer through a linked folder: %v, want InUseError", err)
	}
}

func TestDeletedLockFileDoesNotLetASecondWriterIn(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows refuses to delete a held lock file")
	}
	path := filepath.Join(t.TempDir(), "punchdesk.db")
	db, err := Open(path, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := os.Remove(path + ".lock"); err != nil {
		t.Fatal(err)
	}
	var inUse *InUseError
	if second, err := Open(path, ReadWrite); !errors.As(err, &inUse) {
		if second != nil {
			second.Close()
		}
		t.Fatalf("a second writer after the lock file was deleted: %v, want InUseError", err)
	}
}
