package ui

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/rules"
)

var bookColumns = []column[bookRow]{
	{"book.col.date", 150, func(r bookRow) string { return r.date }},
	{"book.col.in", 80, func(r bookRow) string { return r.in }},
	{"book.col.out", 90, func(r bookRow) string { return r.out }},
	{"book.col.break", 70, func(r bookRow) string { return r.breaks }},
	{"book.col.work", 90, func(r bookRow) string { return r.work }},
	{"book.col.count", 70, func(r bookRow) string { return r.count }},
	{"book.col.remarks", 170, func(r bookRow) string { return r.remarks }},
	{"book.col.flags", 200, func(r bookRow) string { return r.flags }},
}

// bookRow is one day of the attendance book formatted once, off the UI
// goroutine, so that drawing a cell only copies a string; importance is
// the day's colour (Sundays and holidays red, Saturdays blue).
type bookRow struct {
	date, in, out, breaks, work, count, remarks, flags string
	importance                                         widget.Importance
}

// bookTab is the attendance book (出勤簿): one staff member, one month, one
// row per calendar day; a day opens into its punches.
type bookTab struct {
	app *App
	// The staff chooser and the book shown are read by one worker each.
	staffLoads, bookLoads *reloader
	staff                 *widget.Select
	prev                  *widget.Button
	next                  *widget.Button
	month                 *widget.Label
	table                 *widget.Table
	totals                *widget.Label
	problem               *widget.Label
	body                  fyne.CanvasObject // chooser, table and totals
	empty                 fyne.CanvasObject // shown instead while there is no staff
	content               fyne.CanvasObject

	// Touched only on the UI goroutine.
	codes      map[string]string // chooser option → staff code
	names      map[string]string // staff code → name
	code       string            // staff member shown, "" when none
	shown      time.Time         // first day of the month shown (UTC date); zero until the first refresh
	loc        *time.Location
	days       []rules.Day
	rows       []bookRow
	rowsOf     string      // "code month" of rows, to keep the scroll position when they are re-read
	generation int         // bumped per load, so a slow answer for a previous choice is dropped
	details    *dayDetails // the day last opened
}

func newBookTab(app *App) *bookTab {
	b := &bookTab{app: app, codes: map[string]string{}, names: map[string]string{}, loc: time.Local,
		staffLoads: newReloader(app), bookLoads: newReloader(app)}
	b.staff = newSelect(nil, b.chooseStaff)
	b.staff.PlaceHolder = tr("book.staff.placeholder")
	b.prev = widget.NewButtonWithIcon(tr("book.month.prev"), theme.NavigateBackIcon(), func() { b.showMonth(b.shown.AddDate(0, -1, 0)) })
	b.next = &widget.Button{Text: tr("book.month.next"), Icon: theme.NavigateNextIcon(), IconPlacement: widget.ButtonIconTrailingText,
		OnTapped: func() { b.showMonth(b.shown.AddDate(0, 1, 0)) }}
	// Enabled once the first refresh knows the current month.
	b.prev.Disable()
	b.next.Disable()
	b.month = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	b.totals = widget.NewLabel("")
	b.problem = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	b.problem.Hide()

	// The table starts with no rows and gets at most 31 (see STYLE.md on
	// Fyne tables).
	b.table = newTable(bookColumns, func() []bookRow { return b.rows }, func(r bookRow) widget.Importance { return r.importance })
	b.table.OnSelected = func(id widget.TableCellID) {
		// Unselected at once so that tapping the same day again reopens it.
		b.table.Unselect(id)
		b.openDay(id.Row)
	}

	monthWidth := widget.NewLabel(tr("book.month", map[string]any{"Y": 2026, "M": 12})).MinSize().Width
	chooser := container.NewHBox(
		widget.NewLabel(tr("book.staff")),
		container.NewGridWrap(fyne.NewSize(280, b.staff.MinSize().Height), b.staff),
		layoutSpacer(),
		b.prev, container.NewGridWrap(fyne.NewSize(monthWidth+theme.Padding()*4, b.month.MinSize().Height), b.month), b.next)
	b.body = container.NewBorder(container.NewVBox(chooser, b.problem), b.totals, nil, nil, b.table)
	b.empty = container.NewCenter(container.NewVBox(
		widget.NewLabelWithStyle(tr("book.empty"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle(tr("book.empty.hint"), fyne.TextAlignCenter, fyne.TextStyle{})))
	b.empty.Hide()
	b.content = container.NewStack(b.body, b.empty)
	return b
}

// refresh re-reads the staff list and the book shown; call it when the tab
// is shown and after staff, settings or punches change.
func (b *bookTab) refresh() {
	b.staffLoads.ask(func(ctx context.Context) func() {
		members, err := b.app.site.Staff(ctx)
		var active []string
		if err == nil {
			active, err = b.app.site.StaffWithActivity(ctx)
		}
		var loc *time.Location
		if err == nil {
			loc, err = b.app.site.Location(ctx)
		}
		var today time.Time
		if err == nil {
			today, err = b.app.site.StartOfToday(ctx)
		}
		return func() {
			if err != nil {
				b.showProblem(err)
				return
			}
			b.loc = loc
			if b.shown.IsZero() {
				b.shown = time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
				b.prev.Enable()
				b.next.Enable()
			}
			b.setStaff(members, active)
			b.load()
		}
	})
}

// setStaff fills the chooser, keeping the staff member shown when they
// still exist, else showing the first who has punches (active, by code);
// the list comes sorted by code, which is how offices look people up.
func (b *bookTab) setStaff(members []domain.StaffMember, active []string) {
	options := make([]string, 0, len(members))
	b.codes, b.names = map[string]string{}, map[string]string{}
	selected := ""
	for _, m := range members {
		option := m.Code + " " + m.Name
		options = append(options, option)
		b.codes[option], b.names[m.Code] = m.Code, m.Name
		if m.Code == b.code {
			selected = option
		}
	}
	if selected == "" && len(active) > 0 {
		for option, code := range b.codes {
			if code == active[0] {
				selected = option
			}
		}
	}
	if selected == "" && len(options) > 0 {
		selected = options[0]
	}
	b.code = b.codes[selected]
	b.staff.Options = options
	// Set directly: SetSelected would call chooseStaff and load twice.
	b.staff.Selected = selected
	b.staff.Refresh()
	if len(members) == 0 {
		b.body.Hide()
		b.empty.Show()
	} else {
		b.empty.Hide()
		b.body.Show()
	}
}

func (b *bookTab) chooseStaff(option string) {
	if code, ok := b.codes[option]; ok && code != b.code {
		b.code = code
		b.load()
	}
}

// showMonth shows the month of first (any day of it).
func (b *bookTab) showMonth(first time.Time) {
	b.shown = time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, time.UTC)
	b.load()
}

// load reads the book of the chosen staff member and month.
func (b *bookTab) load() {
	b.month.SetText(monthText(b.shown))
	b.generation++
	if b.code == "" {
		b.days, b.rows, b.rowsOf = nil, nil, ""
		b.totals.SetText("")
		b.table.Refresh()
		return
	}
	gen, code, month, loc := b.generation, b.code, b.shown.Format("2006-01"), b.loc
	b.bookLoads.ask(func(ctx context.Context) func() {
		days, err := b.app.site.Book(ctx, code, month)
		rows := make([]bookRow, len(days))
		for i := range days {
			rows[i] = formatBookRow(&days[i], loc)
		}
		totals := totalsText(days)
		if err == nil {
			var closed bool
			if closed, err = b.app.site.IsClosed(ctx, month); closed {
				totals = tr("book.closed") + "  ·  " + totals
			}
		}
		return func() {
			if gen != b.generation {
				return // another staff member or month was chosen meanwhile
			}
			if err != nil {
				b.showProblem(err)
				return
			}
			b.showProblem(nil)
			b.days, b.rows = days, rows
			b.totals.SetText(totals)
			if of := code + " " + month; of != b.rowsOf {
				b.rowsOf = of
				b.table.ScrollToTop()
			}
			b.table.Refresh()
		}
	})
}

func (b *bookTab) showProblem(err error) {
	if err == nil {
		b.problem.Hide()
		return
	}
	b.problem.SetText(errorText(err))
	b.problem.Show()
}

func formatBookRow(d *rules.Day, loc *time.Location) bookRow {
	row := bookRow{date: dateText(d.Calendar()), importance: dayImportance(d)}
	date := d.Date
	if d.Pay.Holiday != "" {
		row.date += " " + d.Pay.Holiday
	}
	if d.ClockIn != nil {
		row.in = clockText(*d.ClockIn, loc, date, "15:04")
	}
	if d.ClockOut != nil {
		row.out = clockText(*d.ClockOut, loc, date, "15:04")
	}
	if d.Counted > 0 {
		row.breaks = hoursMinutes(d.BreakMinutes)
		row.work = hoursMinutes(d.WorkMinutes)
		row.count = fmt.Sprint(d.Counted)
	}
	if d.Open && d.Counted > 0 {
		row.work = tr("book.open")
	}
	row.remarks = remarksText(d.Remarks)
	row.flags = flagsText(d.Flags)
	return row
}

// dayImportance colours a calendar day as a Japanese calendar does:
// Sundays and holidays red, Saturdays blue.
func dayImportance(d *rules.Day) widget.Importance {
	switch weekday := d.Calendar().Weekday(); {
	case weekday == time.Sunday || d.Pay.Holiday != "":
		return widget.DangerImportance
	case weekday == time.Saturday:
		return widget.HighImportance
	}
	return widget.MediumImportance
}

// totalsText sums the month for the line under the table.
func totalsText(days []rules.Day) string {
	t := rules.Totals(days)
	text := tr("book.totals", map[string]any{"Days": t.DaysWorked, "Work": hoursMinutes(t.WorkMinutes), "Break": hoursMinutes(t.BreakMinutes)})
	if t.MissingClockOuts > 0 {
		text += "  ·  " + tr("book.totals.missingout", map[string]any{"N": t.MissingClockOuts})
	}
	if t.PendingDays > 0 {
		text += "  ·  " + tr("book.totals.pending", map[string]any{"N": t.PendingDays})
	}
	return text
}
