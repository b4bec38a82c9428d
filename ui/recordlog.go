package ui

import (
	"context"
	"fmt"
	"log"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/punchdesk/punchdesk/core/domain"
)

// logPageSize is how many rows are read from the database at a time. A year
// of a large site is millions of records; only the pages on screen are held.
const logPageSize = 200

// logPagesKept bounds the page cache; older pages are dropped and re-read
// when scrolled back to.
const logPagesKept = 40

var logColumns = []column[logRow]{
	{"log.col.time", 165, func(r logRow) string { return r.time }},
	{"log.col.employee", 105, func(r logRow) string { return r.employee }},
	{"log.col.name", 140, func(r logRow) string { return r.name }},
	{"log.col.terminal", 140, func(r logRow) string { return r.terminal }},
	{"log.col.temperature", 75, func(r logRow) string { return r.temperature }},
	{"log.col.mask", 70, func(r logRow) string { return r.mask }},
	{"log.col.remarks", 150, func(r logRow) string { return r.remarks }},
	{"log.col.became", 110, func(r logRow) string { return r.became }},
}

// logRow is one record formatted for display once, so that drawing a cell
// only copies a string.
type logRow struct{ time, employee, name, terminal, temperature, mask, remarks, became string }

// recordLog is the live recognition log: newest first, paged from the store.
type recordLog struct {
	app     *App
	onError func(error) // shown in the status line
	table   *widget.Table
	empty   *widget.Label

	filter domain.RecordFilter
	loc    *time.Location

	// Touched only on the UI goroutine.
	total      int
	firstShown bool // the first page was shown (and logged)
	generation int
	pages      map[int][]logRow
	order      []int // page numbers, oldest fetched first, for eviction
	loading    map[int]bool

	reloads *reloader
}

func newRecordLog(app *App, onError func(error)) *recordLog {
	l := &recordLog{app: app, onError: onError, pages: map[int][]logRow{}, loading: map[int]bool{}, loc: time.Local,
		reloads: newReloader(app)}
	l.table = &widget.Table{
		Length: func() (int, int) { return l.total, len(logColumns) },
		// Cut with an ellipsis: a long name (「（登録されていない人）」) must not
		// run into the next column.
		CreateCell: func() fyne.CanvasObject {
			return cellLabel("0000-00-00 00:00:00")
		},
		UpdateCell: l.updateCell,
	}
	setHeader(l.table, logColumns)
	// Not wrapped: a wrapping label in a centring container asks for one
	// character per line and would stretch the window.
	l.empty = &widget.Label{Text: tr("log.empty"), Alignment: fyne.TextAlignCenter}
	return l
}

// updateCell copies a formatted string; a row not yet read shows blank and
// asks for its page.
func (l *recordLog) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	label := o.(*widget.Label)
	page := id.Row / logPageSize
	rows, ok := l.pages[page]
	if !ok || id.Row%logPageSize >= len(rows) {
		label.SetText("")
		l.loadPage(page)
		return
	}
	label.SetText(logColumns[id.Col].text(rows[id.Row%logPageSize]))
}

func (l *recordLog) loadPage(page int) {
	if l.loading[page] {
		return
	}
	l.loading[page] = true
	gen, filter, loc := l.generation, l.filter, l.loc
	l.app.background(func(ctx context.Context) {
		recs, err := l.app.site.LogRows(ctx, filter, page*logPageSize, logPageSize)
		rows := make([]logRow, len(recs))
		for i, r := range recs {
			rows[i] = formatLogRow(r, loc)
		}
		l.app.do(func() {
			if gen != l.generation {
				return // a reload came in between; this page is stale
			}
			delete(l.loading, page)
			if err != nil {
				l.onError(err)
				return
			}
			l.keepPage(page, rows)
			l.table.Refresh()
		})
	})
}

func (l *recordLog) keepPage(page int, rows []logRow) {
	if len(l.order) >= logPagesKept {
		delete(l.pages, l.order[0])
		l.order = l.order[1:]
	}
	l.pages[page] = rows
	l.order = append(l.order, page)
}

// reload recounts and drops every cached page, e.g. after new records
// arrived. Its reloader folds a burst of asks (a sync storing page after
// page) into one more query and shows results in order.
func (l *recordLog) reload() {
	filter := l.filter
	l.reloads.ask(func(ctx context.Context) func() {
		loc, err := l.app.site.Location(ctx)
		var total int
		if err == nil {
			total, err = l.app.site.CountRecords(ctx, filter)
		}
		// The first page is read here too so that new rows appear in one repaint.
		var first []logRow
		if err == nil {
			var recs []domain.LogRow
			recs, err = l.app.site.LogRows(ctx, filter, 0, logPageSize)
			for _, r := range recs {
				first = append(first, formatLogRow(r, loc))
			}
		}
		return func() {
			if filter != l.filter {
				return // the filter changed meanwhile: its own reload follows
			}
			if err != nil {
				l.onError(err)
				return
			}
			l.showFirstPage(filter, loc, total, first)
		}
	})
}

// showFirstPage replaces what the log shows with a fresh count and first
// page.
func (l *recordLog) showFirstPage(filter domain.RecordFilter, loc *time.Location, total int, first []logRow) {
	l.generation++
	l.loc = loc
	l.total = total
	l.pages = map[int][]logRow{}
	l.order = nil
	l.loading = map[int]bool{}
	l.keepPage(0, first)
	if filter != (domain.RecordFilter{}) {
		l.empty.SetText(tr("log.empty.filtered"))
	} else {
		l.empty.SetText(tr("log.empty"))
	}
	if total == 0 {
		l.empty.Show()
	} else {
		l.empty.Hide()
	}
	l.table.Refresh()
	if !l.firstShown && total > 0 {
		// For support and bench/gui-year.sh: how long the log took
		// to show its first rows after the app started.
		l.firstShown = true
		log.Printf("live log: first page of %d records shown %d ms after start", total, time.Since(processStart).Milliseconds())
	}
}

// processStart is when the program started, near enough: package
// initialisation runs before main.
var processStart = time.Now()

func formatLogRow(lr domain.LogRow, loc *time.Location) logRow {
	r := lr.Record
	var row logRow
	row.time = r.SignTime.In(loc).Format("2006-01-02 15:04:05")
	switch {
	case r.JobNumber != nil && *r.JobNumber != "":
		row.employee = *r.JobNumber
	case r.IsStranger():
		row.employee = tr("log.stranger")
	default:
		row.employee = "-"
	}
	row.name = r.UserName
	if row.name == "" && r.IsStranger() {
		row.name = tr("log.stranger.name")
	}
	row.terminal = r.DeviceName
	switch {
	case r.BodyTemperature == nil || *r.BodyTemperature == 0:
		row.temperature = tr("log.temperature.none")
	default:
		row.temperature = fmt.Sprintf("%.1f℃", *r.BodyTemperature)
	}
	switch {
	case r.Mask == nil:
		row.mask = "-"
	case *r.Mask == 0:
		row.mask = tr("log.mask.no")
	default:
		row.mask = tr("log.mask.yes")
	}
	row.remarks = remarksText(lr.Remarks)
	if key, ok := outcomeKeys[lr.Outcome()]; ok {
		row.became = tr(key)
	}
	return row
}
