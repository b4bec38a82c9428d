package ui

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/width"
)

// dateEntry is a date typed as 2026/11/30 (or 2026-11-30) or picked from a
// calendar. It is PunchDesk's own because Fyne's DateEntry writes dates
// day first (30/11/2026) for Japan, where 05/11 would be read as May,
// names its month in English ("November 2026") and complains in Go's
// words ("parsing time …").
type dateEntry struct {
	widget.BaseWidget
	// Date is the date shown, nil when the field is empty or unreadable.
	Date *time.Time
	// OnChanged is called with Date whenever it changes.
	OnChanged func(*time.Time)

	entry *widget.Entry
	pick  *widget.Button
	popup *widget.PopUp
}

// dateLayout is how a date is shown; dateLayouts are what is read.
const dateLayout = "2006/01/02"

var dateLayouts = []string{dateLayout, "2006/1/2", time.DateOnly, "2006-1-2", "20060102"}

func newDateEntry() *dateEntry {
	e := &dateEntry{}
	e.entry = &widget.Entry{PlaceHolder: tr("date.placeholder")}
	e.entry.Validator = func(in string) error {
		if _, ok := parseDate(in); !ok && strings.TrimSpace(in) != "" {
			return errors.New(tr("date.invalid", map[string]any{"Text": in}))
		}
		return nil
	}
	e.entry.OnChanged = func(in string) {
		d, ok := parseDate(in)
		if !ok {
			e.set(nil)
			return
		}
		e.set(&d)
	}
	e.pick = widget.NewButtonWithIcon("", theme.CalendarIcon(), e.openCalendar)
	e.ExtendBaseWidget(e)
	return e
}

func (e *dateEntry) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, nil, e.pick, e.entry))
}

// SetPlaceHolder sets what the empty field shows.
func (e *dateEntry) SetPlaceHolder(text string) { e.entry.SetPlaceHolder(text) }

// SetDate shows d (nil empties the field).
func (e *dateEntry) SetDate(d *time.Time) {
	if d == nil {
		e.entry.SetText("")
		return
	}
	e.entry.SetText(d.Format(dateLayout))
}

func (e *dateEntry) set(d *time.Time) {
	same := (d == nil) == (e.Date == nil) && (d == nil || d.Equal(*e.Date))
	e.Date = d
	if !same && e.OnChanged != nil {
		e.OnChanged(d)
	}
}

// parseDate reads a date as people type it, full-width digits included.
func parseDate(in string) (time.Time, bool) {
	in = strings.TrimSpace(width.Narrow.String(in))
	for _, layout := range dateLayouts {
		if d, err := time.Parse(layout, in); err == nil {
			return d, true
		}
	}
	return time.Time{}, false
}

func (e *dateEntry) openCalendar() {
	c := fyne.CurrentApp().Driver().CanvasForObject(e)
	if c == nil {
		return
	}
	month := time.Now()
	if e.Date != nil {
		month = *e.Date
	}
	cal := newMonthPicker(month, e.Date, func(d time.Time) {
		e.SetDate(&d)
		e.popup.Hide()
	})
	e.popup = widget.NewPopUp(cal.content, c)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(e)
	e.popup.ShowAtPosition(pos.AddXY(0, e.Size().Height))
}

// monthPicker is a month of day buttons under 「2026年11月」 with the
// previous and next month, weeks starting on Sunday as Japanese calendars do.
type monthPicker struct {
	month   time.Time // the 1st
	chosen  *time.Time
	pick    func(time.Time)
	title   *widget.Label
	days    *fyne.Container
	content fyne.CanvasObject
}

func newMonthPicker(month time.Time, chosen *time.Time, pick func(time.Time)) *monthPicker {
	m := &monthPicker{month: time.Date(month.Year(), month.Month(), 1, 0, 0, 0, 0, time.UTC), chosen: chosen, pick: pick}
	m.title = &widget.Label{Alignment: fyne.TextAlignCenter, TextStyle: fyne.TextStyle{Bold: true}}
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { m.show(m.month.AddDate(0, -1, 0)) })
	next := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { m.show(m.month.AddDate(0, 1, 0)) })
	m.days = container.NewGridWithColumns(7)
	m.content = container.NewBorder(container.NewBorder(nil, nil, prev, next, m.title), nil, nil, nil, m.days)
	m.show(m.month)
	return m
}

var weekdayKeys = []string{"book.weekday.sun", "book.weekday.mon", "book.weekday.tue", "book.weekday.wed",
	"book.weekday.thu", "book.weekday.fri", "book.weekday.sat"}

func (m *monthPicker) show(month time.Time) {
	m.month = month
	m.title.SetText(tr("date.month", map[string]any{"Y": month.Year(), "M": int(month.Month())}))
	m.days.RemoveAll()
	for _, k := range weekdayKeys {
		m.days.Add(&widget.Label{Text: tr(k), Alignment: fyne.TextAlignCenter})
	}
	for range int(month.Weekday()) {
		m.days.Add(widget.NewLabel(""))
	}
	for d := month; d.Month() == month.Month(); d = d.AddDate(0, 0, 1) {
		b := widget.NewButton(strconv.Itoa(d.Day()), func() { m.pick(d) })
		b.Importance = widget.LowImportance
		if m.chosen != nil && m.chosen.Format(time.DateOnly) == d.Format(time.DateOnly) {
			b.Importance = widget.HighImportance
		}
		m.days.Add(b)
	}
	m.days.Refresh()
}
