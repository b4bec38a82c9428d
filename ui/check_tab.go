package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/punchdesk/punchdesk/core/site"
)

var checkColumns = []textColumn{
	{"check.col.date", 130},
	{"check.col.staff", 220},
	{"check.col.flags", 420},
}

// checkTab is 要確認: every day of a month that needs a look, across staff;
// a row opens that day's details, where it can be corrected.
type checkTab struct {
	app     *App
	prev    *widget.Button
	next    *widget.Button
	month   *widget.Label
	table   *widget.Table
	empty   *widget.Label
	problem *widget.Label
	content fyne.CanvasObject
	// openDay shows a day's details (the attendance book's dialog).
	openDay func(code, name, date string)
	// onCount shows how many days need a look.
	onCount func(int)

	// Touched only on the UI goroutine.
	shown      time.Time // first day of the month shown; zero until the first refresh
	days       []site.FlaggedDay
	rows       [][3]string
	generation int
}

func newCheckTab(app *App) *checkTab {
	c := &checkTab{app: app}
	c.prev = widget.NewButtonWithIcon(tr("book.month.prev"), theme.NavigateBackIcon(), func() { c.showMonth(c.shown.AddDate(0, -1, 0)) })
	c.next = &widget.Button{Text: tr("book.month.next"), Icon: theme.NavigateNextIcon(), IconPlacement: widget.ButtonIconTrailingText,
		OnTapped: func() { c.showMonth(c.shown.AddDate(0, 1, 0)) }}
	c.month = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	c.table = newTextTable(checkColumns, func() int { return len(c.rows) }, func(row, col int) string { return c.rows[row][col] })
	c.table.OnSelected = func(id widget.TableCellID) {
		c.table.Unselect(id)
		if id.Row >= 0 && id.Row < len(c.days) && c.openDay != nil {
			d := c.days[id.Row]
			c.openDay(d.StaffCode, d.Name, d.Date)
		}
	}
	c.empty = &widget.Label{Text: tr("check.empty"), Alignment: fyne.TextAlignCenter}
	c.problem = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	monthWidth := widget.NewLabel(tr("book.month", map[string]any{"Y": 2026, "M": 12})).MinSize().Width
	top := container.NewVBox(
		container.NewHBox(widget.NewLabelWithStyle(tr("check.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			layoutSpacer(), c.prev,
			container.NewGridWrap(fyne.NewSize(monthWidth+theme.Padding()*4, c.month.MinSize().Height), c.month), c.next),
		wrapped(tr("check.text")))
	c.content = container.NewBorder(top, c.problem, nil, nil, container.NewStack(c.table, container.NewCenter(c.empty)))
	return c
}

// refresh re-reads the month shown, the current one the first time.
func (c *checkTab) refresh() {
	if c.shown.IsZero() {
		c.app.background(func(ctx context.Context) {
			today, err := c.app.site.StartOfToday(ctx)
			c.app.do(func() {
				if err != nil {
					c.problem.SetText(errorText(err))
					return
				}
				c.showMonth(time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC))
			})
		})
		return
	}
	c.showMonth(c.shown)
}

func (c *checkTab) showMonth(first time.Time) {
	c.shown = first
	c.month.SetText(monthText(first))
	c.generation++
	gen, month := c.generation, first.Format("2006-01")
	c.app.background(func(ctx context.Context) {
		days, err := c.app.site.NeedsLook(ctx, month)
		rows := make([][3]string, len(days))
		for i, d := range days {
			date, _ := time.Parse(time.DateOnly, d.Date)
			rows[i] = [3]string{dateText(date), d.StaffCode + " " + d.Name, flagsText(d.Flags)}
		}
		c.app.do(func() {
			if gen != c.generation {
				return // a later month was asked for meanwhile
			}
			if err != nil {
				c.problem.SetText(errorText(err))
				return
			}
			c.problem.SetText("")
			c.days, c.rows = days, rows
			c.empty.Hidden = len(rows) > 0
			c.empty.Refresh()
			c.table.Refresh()
			if c.onCount != nil {
				c.onCount(len(rows))
			}
		})
	})
}
