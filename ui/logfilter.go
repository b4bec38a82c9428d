package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/punchdesk/punchdesk/core/domain"
)

// logFilter is the bar above the live log: date, staff member, remarks
// only, unlinked only (SPEC §5).
type logFilter struct {
	log      *recordLog
	date     *dateEntry
	staff    *widget.Select
	remarks  *widget.Check
	unlinked *widget.Check
	content  fyne.CanvasObject

	staffCodes map[string]string // select label → staff code
	applying   bool              // set while clear() resets the widgets
}

func newLogFilter(l *recordLog) *logFilter {
	f := &logFilter{log: l, staffCodes: map[string]string{}}
	f.date = newDateEntry()
	f.date.SetPlaceHolder(tr("log.filter.alldates"))
	f.date.OnChanged = func(*time.Time) { f.apply() }
	f.staff = newSelect(nil, func(string) { f.apply() })
	f.staff.PlaceHolder = tr("log.filter.allstaff")
	f.remarks = widget.NewCheck(tr("log.filter.remarks"), func(bool) { f.apply() })
	f.unlinked = widget.NewCheck(tr("log.filter.unlinked"), func(bool) { f.apply() })
	clear := widget.NewButtonWithIcon(tr("log.filter.clear"), theme.ContentClearIcon(), f.clear)
	dateBox := container.NewGridWrap(fyne.NewSize(170, f.date.MinSize().Height), f.date)
	staffBox := container.NewGridWrap(fyne.NewSize(220, f.staff.MinSize().Height), f.staff)
	f.content = container.NewHBox(widget.NewLabel(tr("log.filter.date")), dateBox,
		widget.NewLabel(tr("log.filter.staff")), staffBox, f.remarks, f.unlinked, clear)
	return f
}

// loadStaff fills the staff chooser; called when the screen starts and
// after staff changes.
func (f *logFilter) loadStaff() {
	app := f.log.app
	app.background(func(ctx context.Context) {
		members, err := app.site.Staff(ctx)
		app.do(func() {
			if err != nil {
				f.log.onError(err)
				return
			}
			options := []string{tr("log.filter.allstaff")}
			f.staffCodes = map[string]string{}
			for _, m := range members {
				label := m.Code + " " + m.Name
				options = append(options, label)
				f.staffCodes[label] = m.Code
			}
			f.staff.SetOptions(options)
		})
	})
}

func (f *logFilter) clear() {
	f.applying = true
	f.date.SetDate(nil)
	f.staff.ClearSelected()
	f.remarks.SetChecked(false)
	f.unlinked.SetChecked(false)
	f.applying = false
	f.apply()
}

// apply turns the widgets into a filter and reloads the log.
func (f *logFilter) apply() {
	if f.applying {
		return
	}
	filter := domain.RecordFilter{
		StaffCode:    f.staffCodes[f.staff.Selected],
		RemarksOnly:  f.remarks.Checked,
		UnlinkedOnly: f.unlinked.Checked,
	}
	if d := f.date.Date; d != nil {
		loc := f.log.loc
		day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)
		filter.From, filter.To = day, day.AddDate(0, 0, 1)
	}
	f.log.filter = filter
	f.log.reload()
}
