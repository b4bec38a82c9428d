package ui

import (
	"strings"
	"testing"

	"github.com/punchdesk/punchdesk/core/senselinksim"
)

func TestHolidayEditorAddsAndDeletesCompanyHolidays(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	e := newHolidayEditor(h.app)
	e.year = 2026
	changed := 0
	e.onChanged = func() { changed++ }
	h.win.SetContent(e.content)
	e.load()
	rows := func() int { return len(e.list.Objects) }
	h.eventually("the national holidays of 2026", func() bool { return rows() >= 16 })
	national := rows()
	e.date.SetText("2026-12-29")
	e.name.SetText("年末休暇")
	e.add()
	h.eventually("the added company holiday", func() bool { return rows() == national+1 && changed == 1 })
	if e.note.Text != tr("holidays.saved") {
		t.Errorf("note = %q", e.note.Text)
	}
	e.date.SetText("2026-13-01")
	e.name.SetText("x")
	e.add()
	h.eventually("the refusal", func() bool { return strings.Contains(e.note.Text, "2026-13-01") })
	if !strings.Contains(e.note.Text, "日付") {
		t.Errorf("refusal = %q, want it in Japanese", e.note.Text)
	}
	if err := h.site.DeleteHoliday(t.Context(), "2026-12-29"); err != nil {
		t.Fatal(err)
	}
	e.load()
	h.eventually("the year without it", func() bool { return rows() == national })
}
