package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestReadOnlyMediumStillReadsAndExports is a database on a medium that
// became read-only (a write-protected stick, a CD, a read-only share): the
// book and the export work, and a change is refused in plain words.
func TestReadOnlyMediumStillReadsAndExports(t *testing.T) {
	if runtime.GOOS != "linux" || os.Geteuid() != 0 {
		t.Skip("needs root on Linux to mount a tmpfs")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	c := newCLI(t)
	c.db = filepath.Join(dir, "punchdesk.db")
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	day := time.Now().In(tokyo).AddDate(0, 0, -1)
	month := day.Format("2006-01")
	c.must("", "staff", "add", "--code", "7001", "--name", "読取 専用")
	c.must("", "punch", "add", "--staff", "7001", "--time", day.Format("2006-01-02")+" 09:00", "--source", "ic_card")
	if out, err := exec.Command("mount", "-o", "remount,ro", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot remount read-only: %v %s", err, out)
	}

	if book := c.must("", "book", "--month", month, "--staff", "7001", "--json"); !strings.Contains(book, "09:00") {
		t.Errorf("book on a read-only medium: %s", book)
	}
	out := filepath.Join(t.TempDir(), "出勤簿.xlsx")
	c.must("", "export", "--month", month, "--out", out)
	if fi, err := os.Stat(out); err != nil || fi.Size() == 0 {
		t.Fatalf("export from a read-only medium: %v", err)
	}
	code, _, errOut := c.run("", "staff", "add", "--code", "7002", "--name", "追加 不可")
	if code == 0 || !strings.Contains(errOut, "cannot be written") {
		t.Errorf("a change on a read-only medium: exit %d, %q", code, errOut)
	}
}

// TestExportLastMonthIntoAFolder is the scheduled job: no dates and no
// Japanese in the command, the workbook named by the month in a folder
// that is made when missing.
func TestExportLastMonthIntoAFolder(t *testing.T) {
	c := newCLI(t)
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	now := time.Now().In(tokyo)
	last := time.Date(now.Year(), now.Month()-1, 1, 0, 0, 0, 0, tokyo)
	c.must("", "staff", "add", "--code", "8001", "--name", "月次 太郎", "--group", "本社")
	c.must("", "punch", "add", "--staff", "8001", "--time", last.AddDate(0, 0, 9).Format("2006-01-02")+" 09:00", "--source", "ic_card")
	dir := filepath.Join(t.TempDir(), "給与", "月次")
	out := c.must("", "export", "--month", "last", "--out-dir", dir)
	want := filepath.Join(dir, "出勤簿_"+last.Format("2006-01")+".xlsx")
	if fi, err := os.Stat(want); err != nil || fi.Size() == 0 || !strings.Contains(out, want) {
		t.Fatalf("export --month last --out-dir: %v, output %q", err, out)
	}
	c.must("", "export", "--month", "last", "--out-dir", dir, "--group", "本社")
	if _, err := os.Stat(filepath.Join(dir, "出勤簿_"+last.Format("2006-01")+"_本社.xlsx")); err != nil {
		t.Errorf("the group's workbook: %v", err)
	}
	if code, _, _ := c.run("", "export", "--month", "last", "--out-dir", dir, "--out", want); code != 2 {
		t.Errorf("--out with --out-dir: exit %d, want 2", code)
	}
}
