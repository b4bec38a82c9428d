package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/punchdesk/punchdesk/core/senselinksim"
)

func TestHolidayEditorAddsAndDeletesCompanyHolidays(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	e := newHolidayEditor(h.app)
	e.year = 2026
	changed := 0
	h.app.onPunchesChanged = func() { changed++ }
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

func TestSettingsSavePayrollSettings(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	linkStandIn(t, h)
	f := newSettingsForm(h.app)
	h.win.SetContent(f.extraForm())
	f.load()
	h.eventually("the form", func() bool { return f.weekStart.Selected != "" })
	f.weekStart.SetSelected(weekdayText(time.Monday))
	f.legalDay.SetSelected(weekdayText(time.Saturday))
	f.groupHours.SetText("営業部=09:00-18:00")
	saved := false
	f.save(true, func() { saved = true })
	h.eventually("the save", func() bool { return saved })
	values, _, _ := h.site.Settings(t.Context())
	hours, _ := h.site.GroupHours(t.Context())
	if values["week-start"] != "mon" || values["legal-holiday"] != "sat" || hours["営業部"] != "09:00-18:00" {
		t.Errorf("saved week-start %q, legal-holiday %q, hours %v", values["week-start"], values["legal-holiday"], hours)
	}
	f.groupHours.SetText("営業部=18:00")
	f.save(true, nil)
	h.eventually("the refusal", func() bool { return strings.Contains(f.problem.Text, "始業") })
}

func TestWheelOverASettingScrollsThePage(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	pendingSite(t, h)
	st := newSettingsTab(h.app)
	h.win.SetContent(st.content)
	h.win.Resize(fyne.NewSize(1100, 700))
	st.form.load()
	h.eventually("the values", func() bool { return st.form.dupWindow.Text != "" })
	page := st.content.(*container.Scroll)
	for _, e := range []*widget.Entry{st.form.dupWindow, st.form.groups} {
		// Bring the entry into view, then turn the wheel over it.
		page.ScrollToTop()
		inContent := fyne.CurrentApp().Driver().AbsolutePositionForObject(e)
		page.ScrollToOffset(fyne.NewPos(0, max(0, inContent.Y-200)))
		before := page.Offset.Y
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(e).AddXY(10, 10)
		test.Scroll(h.win.Canvas(), pos, 0, -60)
		if page.Offset.Y <= before {
			t.Errorf("the wheel over the entry at %v (%q) did not scroll the page", pos, e.PlaceHolder)
		}
	}
}
