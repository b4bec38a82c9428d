package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/punchdesk/punchdesk/core/senselinksim"
	"github.com/punchdesk/punchdesk/core/site"
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

	// A folder that does not exist is offered to be made.
	missing := filepath.Join(dir, "給与", "2026")
	e.folder.SetText(missing)
	e.export()
	h.eventually("the offer to make the folder", func() bool { return h.win.Canvas().Overlays().Top() != nil })
	if _, err := os.Stat(missing); err == nil {
		t.Fatal("the folder was made before the person agreed")
	}
	h.win.Canvas().Overlays().Top().Hide()
	e.makeFolderAndStart(missing, site.ExportRequest{Month: month.Format("2006-01"), Path: e.path()})
	h.eventually("the export into the new folder", func() bool {
		_, err := os.Stat(e.path())
		return err == nil && !e.run.Disabled() && e.openDir.Visible()
	})

	// A "folder" that is a file: the failure names the workbook, not the
	// hidden temporary file, and leaves nothing behind.
	notDir := filepath.Join(dir, "a-file")
	os.WriteFile(notDir, []byte("x"), 0o600)
	e.folder.SetText(notDir)
	e.export()
	h.eventually("the failure", func() bool { return !e.run.Disabled() && e.result.Text != "" && !e.openDir.Visible() })
	if english := englishIn(e.result); len(english) > 0 {
		t.Errorf("the failure is worded in English: %q", english)
	}
	if strings.Contains(e.result.Text, ".tmp") {
		t.Errorf("the failure names the temporary file: %q", e.result.Text)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Errorf("folder holds %d entries after two good exports and a failed one", len(entries))
	}
}
