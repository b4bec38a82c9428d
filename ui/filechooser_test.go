package ui

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/punchdesk/punchdesk/core/senselinksim"
)

func TestFileChooserOffersFoldersAndTheFilesItCanUse(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	dir := t.TempDir()
	for _, f := range []string{"スタッフ.csv", "b.CSV", "notes.txt", ".hidden.csv"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "月次"), 0o700); err != nil {
		t.Fatal(err)
	}
	var got string
	c := showFileChooser(h.app, tr("chooser.title.csv"), false, []string{".csv"}, dir, func(p string) { got = p })
	h.eventually("the folder listed", func() bool { return c.dir == dir })
	names := []string{}
	for _, e := range c.entries {
		names = append(names, e.name)
	}
	if want := []string{"月次", "b.CSV", "スタッフ.csv"}; !equalStrings(names, want) {
		t.Fatalf("listed %q, want %q (folders first, only CSV files, no hidden ones)", names, want)
	}
	if !c.choose.Disabled() {
		t.Error("開く is enabled with no file chosen")
	}
	c.list.Select(0) // the folder: goes in
	h.eventually("the subfolder", func() bool { return c.dir == filepath.Join(dir, "月次") })
	if !c.empty.Visible() {
		t.Error("an empty folder does not say so")
	}
	test.Tap(c.choose) // nothing chosen: nothing happens
	if got != "" {
		t.Fatalf("chose %q with nothing selected", got)
	}
	c.open(filepath.Dir(c.dir)) // 上へ
	h.eventually("back up", func() bool { return c.dir == dir })
	c.list.Select(2)
	test.Tap(c.choose)
	if got != filepath.Join(dir, "スタッフ.csv") {
		t.Errorf("chose %q", got)
	}

	// A folder that cannot be read says why, and the chooser stays where it was.
	folder := showFileChooser(h.app, tr("chooser.title.folder"), true, nil, dir, func(p string) { got = p })
	h.eventually("the folder listed", func() bool { return folder.dir == dir })
	folder.open(filepath.Join(dir, "ない"))
	h.eventually("the problem", func() bool { return folder.problem.Text != "" })
	if folder.dir != dir {
		t.Errorf("moved to %q after a failed open", folder.dir)
	}
	test.Tap(folder.choose)
	if got != dir {
		t.Errorf("folder chooser chose %q, want %q", got, dir)
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
