package ui

import (
	"context"
	"errors"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/punchdesk/punchdesk/core/site"
	"github.com/punchdesk/punchdesk/core/staff"
)

// holidayEditor is the Settings section for holidays: the year's national
// and company holidays, adding and deleting company ones, and importing the
// Cabinet Office's syukujitsu.csv or a company holiday CSV.
type holidayEditor struct {
	app     *App
	year    int
	yearLbl *widget.Label
	list    *fyne.Container
	date    *widget.Entry
	name    *widget.Entry
	note    *widget.Label
	content fyne.CanvasObject
}

func newHolidayEditor(app *App) *holidayEditor {
	h := &holidayEditor{app: app, year: time.Now().Year()}
	h.yearLbl = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { h.year--; h.load() })
	next := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { h.year++; h.load() })
	h.list = container.NewVBox()
	h.date = &widget.Entry{PlaceHolder: tr("holidays.date.placeholder")}
	h.name = &widget.Entry{PlaceHolder: tr("holidays.name.placeholder")}
	h.note = &widget.Label{Wrapping: fyne.TextWrapWord}
	add := widget.NewButtonWithIcon(tr("holidays.add"), theme.ContentAddIcon(), h.add)
	importNational := widget.NewButtonWithIcon(tr("holidays.import.national"), theme.FolderOpenIcon(), func() { h.importCSV(false) })
	importCompany := widget.NewButtonWithIcon(tr("holidays.import.company"), theme.FolderOpenIcon(), func() { h.importCSV(true) })
	h.content = container.NewVBox(
		wrapped(tr("holidays.text")),
		container.NewHBox(prev, h.yearLbl, next),
		h.list,
		container.NewBorder(nil, nil, nil, add, container.NewGridWithColumns(2, h.date, h.name)),
		container.NewHBox(importNational, importCompany),
		h.note,
	)
	return h
}

// load lists the year shown.
func (h *holidayEditor) load() {
	year := h.year
	h.yearLbl.SetText(tr("holidays.year", map[string]any{"Y": year}))
	h.app.background(func(ctx context.Context) {
		y := strconv.Itoa(year)
		hs, err := h.app.site.Holidays(ctx, y+"-01-01", y+"-12-31")
		h.app.do(func() {
			if err != nil {
				h.note.SetText(errorText(err))
				return
			}
			h.show(hs)
		})
	})
}

func (h *holidayEditor) show(hs []site.Holiday) {
	h.list.RemoveAll()
	for _, hd := range hs {
		d, _ := time.Parse(time.DateOnly, hd.Date)
		kind := tr("holidays.kind.national")
		if hd.Company {
			kind = tr("holidays.kind.company")
		}
		row := container.NewHBox(widget.NewLabel(dateText(d) + "  " + hd.Name + "  （" + kind + "）"))
		if hd.Company {
			date := hd.Date
			row.Add(widget.NewButtonWithIcon(tr("holidays.delete"), theme.DeleteIcon(), func() {
				h.change(func(ctx context.Context) error {
					return h.app.site.DeleteHoliday(ctx, date)
				})
			}))
		}
		h.list.Add(row)
	}
	if len(hs) == 0 {
		h.list.Add(&widget.Label{Text: tr("holidays.none"), Importance: widget.LowImportance})
	}
}

func (h *holidayEditor) add() {
	date, name := h.date.Text, h.name.Text
	h.change(func(ctx context.Context) error { return h.app.site.AddHoliday(ctx, date, name) })
}

// change runs an edit in the background and shows the year again.
func (h *holidayEditor) change(edit func(ctx context.Context) error) {
	h.note.SetText("")
	h.app.background(func(ctx context.Context) {
		err := edit(ctx)
		h.app.do(func() {
			if err != nil {
				h.note.SetText(errorText(err))
				return
			}
			h.date.SetText("")
			h.name.SetText("")
			h.note.SetText(tr("holidays.saved"))
			h.load()
			h.app.punchesChanged(nil)
		})
	})
}

func (h *holidayEditor) importCSV(company bool) {
	chooseCSVFile(h.app, func() {}, func(ctx context.Context, name string, data []byte, err error) {
		var n int
		if err == nil {
			n, err = h.app.site.ImportHolidays(ctx, data, company)
		}
		h.app.do(func() {
			var bad *staff.ImportError
			if errors.As(err, &bad) {
				h.note.SetText(problemList(name, bad))
				return
			}
			if err != nil {
				h.note.SetText(errorText(err))
				return
			}
			h.note.SetText(tr("holidays.imported", map[string]any{"File": name, "N": n}))
			h.load()
			h.app.punchesChanged(nil)
		})
	})
}
