package ui

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/punchdesk/punchdesk/core/senselinksim"
)

func TestExportTabWritesTheMonthAndReportsFailures(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	month := seedMonth(t, h)
	e := newExportTab(h.app)
	h.win.SetContent(e.content)
	e.refresh()
	h.eventually("the groups", func() bool { return len(e.group.Options) == 2 })
	e.setMonth(month)
	dir := t.TempDir()
	e.folder.SetText(dir)
	e.export()
	h.eventually("the export to finish", func() bool { return !e.run.Disabled() && e.result.Text != "" })
	if !e.openDir.Visible() {
		t.Fatalf("export did not succeed: %s", e.result.Text)
	}
	f, err := excelize.OpenFile(e.path())
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("出勤簿")
	f.Close()
	if days := month.AddDate(0, 1, -1).Day(); len(rows) != 1+days {
		t.Errorf("detail sheet has %d rows, want header + %d days", len(rows), days)
	}

	e.folder.SetText(filepath.Join(dir, "missing"))
	e.export()
	h.eventually("the failure", func() bool { return !e.run.Disabled() && e.result.Text != "" && !e.openDir.Visible() })
	if _, err := os.Stat(filepath.Join(dir, "missing")); err == nil {
		t.Error("a failed export created its folder")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("folder holds %d entries after one good and one failed export", len(entries))
	}
}
