package ui

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/punchdesk/punchdesk/core/domain"
)

var auditColumns = []column[auditRow]{
	{"audit.col.when", 150, func(r auditRow) string { return r.when }},
	{"audit.col.user", 90, func(r auditRow) string { return r.user }},
	{"audit.col.action", 130, func(r auditRow) string { return r.action }},
	{"audit.col.target", 110, func(r auditRow) string { return r.target }},
	{"audit.col.staff", 80, func(r auditRow) string { return r.staff }},
	{"audit.col.before", 150, func(r auditRow) string { return r.before }},
	{"audit.col.after", 170, func(r auditRow) string { return r.after }},
	{"audit.col.reason", 200, func(r auditRow) string { return r.reason }},
}

// auditRow is one audit entry in words, formatted once.
type auditRow struct{ when, user, action, target, staff, before, after, reason string }

// auditActionKeys words audit actions.
var auditActionKeys = map[domain.AuditAction]string{
	domain.AuditLink:         "audit.action.link",
	domain.AuditUnlink:       "audit.action.unlink",
	domain.AuditSettingsSet:  "audit.action.settings",
	domain.AuditStaffAdd:     "audit.action.staffadd",
	domain.AuditStaffPush:    "audit.action.staffpush",
	domain.AuditStaffImport:  "audit.action.staffimport",
	domain.AuditStaffRename:  "audit.action.staffrename",
	domain.AuditPunchAdd:     "audit.action.punchadd",
	domain.AuditPunchImport:  "audit.action.punchimport",
	domain.AuditPunchDelete:  "audit.action.punchdelete",
	domain.AuditPunchRestore: "audit.action.punchrestore",
	domain.AuditApprove:      "audit.action.approve",
	domain.AuditReject:       "audit.action.reject",
	domain.AuditHolidayAdd:   "audit.action.holidayadd",
	domain.AuditHolidayDel:   "audit.action.holidaydelete",
	domain.AuditHolidayCSV:   "audit.action.holidayimport",
	domain.AuditMonthClose:   "audit.action.monthclose",
	domain.AuditMonthReopen:  "audit.action.monthreopen",
}

// auditTab shows the audit trail (操作履歴), read-only, filtered by staff
// member and dates. Nothing here can change it.
type auditTab struct {
	app     *App
	staff   *widget.Entry
	from    *dateEntry
	to      *dateEntry
	table   *widget.Table
	rows    []auditRow
	problem *widget.Label
	// detail shows the chosen entry whole, selectable: ids and long values
	// do not fit their column, and support asks for them exactly.
	detail  *widget.Label
	content fyne.CanvasObject
}

func newAuditTab(app *App) *auditTab {
	a := &auditTab{app: app}
	a.staff = &widget.Entry{PlaceHolder: tr("audit.filter.staff")}
	a.staff.OnSubmitted = func(string) { a.refresh() }
	a.from, a.to = newDateEntry(), newDateEntry()
	a.from.OnChanged = func(*time.Time) { a.refresh() }
	a.to.OnChanged = func(*time.Time) { a.refresh() }
	a.table = newTable(auditColumns, func() []auditRow { return a.rows }, nil)
	a.problem = &widget.Label{Importance: widget.DangerImportance}
	a.detail = &widget.Label{Selectable: true, Wrapping: fyne.TextWrapWord}
	a.table.OnSelected = func(id widget.TableCellID) { a.showDetail(id.Row) }
	show := widget.NewButtonWithIcon(tr("audit.filter.apply"), theme.SearchIcon(), a.refresh)
	box := func(o fyne.CanvasObject, w float32) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(w, o.MinSize().Height), o)
	}
	bar := container.NewHBox(widget.NewLabelWithStyle(tr("audit.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		box(a.staff, 150), widget.NewLabel(tr("audit.filter.from")), box(a.from, 210),
		widget.NewLabel(tr("audit.filter.to")), box(a.to, 210), show)
	a.content = container.NewBorder(container.NewVBox(bar, wrapped(tr("audit.text"))), container.NewVBox(a.detail, a.problem), nil, nil, a.table)
	return a
}

func dateOf(d *time.Time) string {
	if d == nil {
		return ""
	}
	return d.Format(time.DateOnly)
}

// refresh re-reads the trail with the current filter.
func (a *auditTab) refresh() {
	code, from, to := a.staff.Text, dateOf(a.from.Date), dateOf(a.to.Date)
	app := a.app
	app.background(func(ctx context.Context) {
		entries, err := app.site.AuditTrail(ctx, code, from, to)
		loc, lerr := app.site.Location(ctx)
		if err == nil {
			err = lerr
		}
		rows := make([]auditRow, len(entries))
		for i := range entries {
			e := entries[len(entries)-1-i] // newest first
			action := string(e.Action)     // one this version does not know: as stored
			if key, ok := auditActionKeys[e.Action]; ok {
				action = tr(key)
			}
			rows[i] = auditRow{e.At.In(loc).Format("2006-01-02 15:04:05"), e.OSUser, action, auditTargetText(e.Action, e.Target),
				e.StaffCode, auditValueText(e.Before), auditValueText(e.After), auditValueText(e.Reason)}
		}
		app.do(func() {
			if err != nil {
				a.problem.SetText(errorText(err))
				return
			}
			a.problem.SetText("")
			a.rows = rows
			a.table.UnselectAll()
			a.detail.SetText("")
			a.table.Refresh()
		})
	})
}

// showDetail puts every column of one entry, unshortened, under the table.
func (a *auditTab) showDetail(row int) {
	if row < 0 || row >= len(a.rows) {
		a.detail.SetText("")
		return
	}
	var lines []string
	for _, c := range auditColumns {
		if v := c.text(a.rows[row]); v != "" {
			lines = append(lines, tr(c.titleKey)+": "+v)
		}
	}
	a.detail.SetText(tr("audit.detail") + " " + strings.Join(lines, " ／ "))
}
