package ui

import (
	"context"
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/punchdesk/punchdesk/core/site"
)

var checkColumns = []column[checkRow]{
	{"check.col.date", 130, func(r checkRow) string { return r.date }},
	{"check.col.staff", 220, func(r checkRow) string { return r.staff }},
	{"check.col.flags", 420, func(r checkRow) string { return r.flags }},
}

// checkRow is one day that needs a look, formatted once.
type checkRow struct{ date, staff, flags string }

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
	// closeMonth closes the month shown (締め), reopen reopens it; state
	// says which the month is.
	closeMonth *widget.Button
	reopen     *widget.Button
	state      *widget.Label
	content    fyne.CanvasObject
	// openDay shows a day's details (the attendance book's dialog).
	openDay func(code, name, date string)
	// onCount shows how many days need a look.
	onCount func(int)

	// Touched only on the UI goroutine.
	shown   time.Time // first day of the month shown; zero until the first refresh
	days    []site.FlaggedDay
	rows    []checkRow
	reloads *reloader
}

func newCheckTab(app *App) *checkTab {
	c := &checkTab{app: app, reloads: newReloader(app)}
	c.prev = widget.NewButtonWithIcon(tr("book.month.prev"), theme.NavigateBackIcon(), func() { c.showMonth(c.shown.AddDate(0, -1, 0)) })
	c.next = &widget.Button{Text: tr("book.month.next"), Icon: theme.NavigateNextIcon(), IconPlacement: widget.ButtonIconTrailingText,
		OnTapped: func() { c.showMonth(c.shown.AddDate(0, 1, 0)) }}
	c.month = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	c.table = newTable(checkColumns, func() []checkRow { return c.rows }, nil)
	c.table.OnSelected = func(id widget.TableCellID) {
		c.table.Unselect(id)
		if id.Row >= 0 && id.Row < len(c.days) && c.openDay != nil {
			d := c.days[id.Row]
			c.openDay(d.StaffCode, d.Name, d.Date)
		}
	}
	c.empty = &widget.Label{Text: tr("check.empty"), Alignment: fyne.TextAlignCenter}
	c.problem = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	c.closeMonth = widget.NewButtonWithIcon(tr("check.close"), theme.ConfirmIcon(), c.askClose)
	c.reopen = widget.NewButtonWithIcon(tr("check.reopen"), theme.ContentUndoIcon(), c.askReopen)
	c.state = &widget.Label{}
	monthWidth := widget.NewLabel(tr("book.month", map[string]any{"Y": 2026, "M": 12})).MinSize().Width
	top := container.NewVBox(
		container.NewHBox(widget.NewLabelWithStyle(tr("check.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			layoutSpacer(), c.prev,
			container.NewGridWrap(fyne.NewSize(monthWidth+theme.Padding()*4, c.month.MinSize().Height), c.month), c.next),
		wrapped(tr("check.text")),
		container.NewHBox(c.state, layoutSpacer(), c.reopen, c.closeMonth))
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
	month := first.Format("2006-01")
	c.reloads.ask(func(ctx context.Context) func() {
		days, err := c.app.site.NeedsLook(ctx, month)
		var closed bool
		if err == nil {
			closed, err = c.app.site.IsClosed(ctx, month)
		}
		rows := make([]checkRow, len(days))
		for i, d := range days {
			date, _ := time.Parse(time.DateOnly, d.Date)
			rows[i] = checkRow{dateText(date), d.StaffCode + " " + d.Name, flagsText(d.Flags)}
		}
		return func() {
			if c.shown.Format("2006-01") != month {
				return // another month was asked for meanwhile
			}
			if err != nil {
				c.problem.SetText(errorText(err))
				return
			}
			c.problem.SetText("")
			c.days, c.rows = days, rows
			c.showState(closed)
			c.empty.Hidden = len(rows) > 0
			c.empty.Refresh()
			c.table.Refresh()
			if c.onCount != nil {
				c.onCount(len(rows))
			}
		}
	})
}

// showState offers to close an open month and to reopen a closed one.
func (c *checkTab) showState(closed bool) {
	if closed {
		c.state.SetText(tr("check.closed"))
		c.closeMonth.Hide()
		c.reopen.Show()
		return
	}
	c.state.SetText(tr("check.open"))
	c.reopen.Hide()
	c.closeMonth.Show()
	// A month is closed once it is over (the site checks the day change).
	if now := time.Now(); !c.shown.AddDate(0, 1, 0).Before(time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1)) {
		c.closeMonth.Disable()
		c.state.SetText(tr("check.open.running"))
	} else {
		c.closeMonth.Enable()
	}
}

// askClose closes the month shown; with days still listed it asks first.
func (c *checkTab) askClose() {
	month := c.shown.Format("2006-01")
	text := tr("check.close.confirm", map[string]any{"Month": monthText(c.shown)})
	if len(c.days) > 0 {
		text = tr("check.close.confirm.flagged", map[string]any{"Month": monthText(c.shown), "N": len(c.days)})
	}
	dialog.ShowConfirm(tr("check.close"), text, func(ok bool) {
		if ok {
			c.run(func(ctx context.Context) error { return c.app.site.CloseMonth(ctx, month, true) })
		}
	}, c.app.win)
}

// askReopen reopens the month shown; a reason is required.
func (c *checkTab) askReopen() {
	month := c.shown.Format("2006-01")
	reason := widget.NewEntry()
	reason.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New(tr("check.reopen.required"))
		}
		return nil
	}
	form := dialog.NewForm(tr("check.reopen"), tr("check.reopen"), tr("common.cancel"),
		[]*widget.FormItem{widget.NewFormItem(tr("check.reopen.reason"), reason)}, func(ok bool) {
			if ok {
				c.run(func(ctx context.Context) error { return c.app.site.ReopenMonth(ctx, month, reason.Text) })
			}
		}, c.app.win)
	form.Resize(fyne.NewSize(440, 200))
	form.Show()
}

// run does a close or reopen in the background, then shows the month again
// and tells the other screens.
func (c *checkTab) run(change func(ctx context.Context) error) {
	c.app.background(func(ctx context.Context) {
		err := change(ctx)
		c.app.do(func() {
			if err != nil {
				c.problem.SetText(errorText(err))
				return
			}
			c.app.punchesChanged(c.refresh)
		})
	})
}
