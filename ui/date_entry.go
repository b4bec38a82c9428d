package ui

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// dateEntry is Fyne's date entry (a calendar behind a button) whose
// complaint about a date it cannot read is ours, in the UI's language:
// Fyne's own is Go's parse error ("parsing time "" as "02/01/2006"…"), and
// it complains about an empty field, which here means "any date".
type dateEntry struct {
	widget.DateEntry
}

func newDateEntry() *dateEntry {
	e := &dateEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// dateLayouts are the ways of writing a date Fyne's locales use, and ours.
var dateLayouts = []string{time.DateOnly, "2006/01/02", "2006/1/2", "02/01/2006", "01/02/2006", "02.01.2006"}

func (e *dateEntry) CreateRenderer() fyne.WidgetRenderer {
	r := e.DateEntry.CreateRenderer() // sets Fyne's validator: replace it after
	e.Validator = func(in string) error {
		in = strings.TrimSpace(in)
		if in == "" {
			return nil
		}
		for _, layout := range dateLayouts {
			if _, err := time.Parse(layout, in); err == nil {
				return nil
			}
		}
		return errors.New(tr("date.invalid", map[string]any{"Text": in}))
	}
	return r
}
