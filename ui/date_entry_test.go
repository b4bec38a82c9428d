package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/punchdesk/punchdesk/core/senselinksim"
)

func TestDateEntryReadsJapaneseDatesAndPicksFromAJapaneseCalendar(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	e := newDateEntry()
	var changes []string
	e.OnChanged = func(d *time.Time) {
		if d == nil {
			changes = append(changes, "none")
		} else {
			changes = append(changes, d.Format(time.DateOnly))
		}
	}
	h.win.SetContent(e)
	h.win.Resize(fyne.NewSize(400, 300))
	cases := []struct{ typed, want string }{
		{"2026/11/05", "2026-11-05"}, // year first: never read as May
		{"2026/1/5", "2026-01-05"},
		{"2026-11-30", "2026-11-30"},
		{"２０２６／１１／３０", "2026-11-30"}, // full-width, as an IME types it
		{"20261130", "2026-11-30"},
		{"05/11/2026", "none"}, // day or month first: ambiguous, refused
		{"", "none"},
	}
	for _, c := range cases {
		e.entry.SetText(c.typed)
		got := "none"
		if e.Date != nil {
			got = e.Date.Format(time.DateOnly)
		}
		if got != c.want {
			t.Errorf("%q read as %s, want %s", c.typed, got, c.want)
		}
	}
	e.entry.SetText("明日")
	if err := e.entry.Validate(); err == nil || !strings.Contains(err.Error(), "明日") {
		t.Errorf("an unreadable date says %v", err)
	}
	d := time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC)
	e.SetDate(&d)
	if e.entry.Text != "2026/11/05" {
		t.Errorf("a set date shows as %q", e.entry.Text)
	}

	changes = nil
	test.Tap(e.pick)
	top := h.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("the calendar did not open")
	}
	if english := englishIn(top); len(english) > 0 {
		t.Errorf("English in the calendar: %q", english)
	}
	var title string
	var day20 *widget.Button
	for _, o := range test.LaidOutObjects(top) {
		switch w := o.(type) {
		case *widget.Label:
			if strings.Contains(w.Text, "年") {
				title = w.Text
			}
		case *widget.Button:
			if w.Text == "20" {
				day20 = w
			}
		}
	}
	if title != "2026年11月" || day20 == nil {
		t.Fatalf("calendar title %q, day 20 %v", title, day20)
	}
	test.Tap(day20)
	if e.Date == nil || e.Date.Format(time.DateOnly) != "2026-11-20" || e.entry.Text != "2026/11/20" {
		t.Errorf("picking the 20th gave %v / %q", e.Date, e.entry.Text)
	}
	if len(changes) == 0 || changes[len(changes)-1] != "2026-11-20" {
		t.Errorf("OnChanged saw %q", changes)
	}
}
