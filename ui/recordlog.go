package ui

import (
	"context"
	"fmt"
	"log"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/rules"
)

// logPageSize is how many rows are read from the database at a time. A year
// of a large site is millions of records; only the pages on screen are held.
const logPageSize = 200

// logPagesKept bounds the page cache; older pages are dropped and re-read
// when scrolled back to.
const logPagesKept = 40

// logColumn is one column of the recognition log.
type logColumn struct {
	titleKey string
	width    float32
}

var logColumns = []logColumn{
	{"log.col.time", 165},
	{"log.col.employee", 105},
	{"log.col.name", 140},
	{"log.col.terminal", 140},
	{"log.col.temperature", 75},
	{"log.col.mask", 70},
	{"log.col.remarks", 150},
	{"log.col.became", 110},
}

// logRow is one record formatted for display once, so that drawing a cell
// only copies a string.
type logRow [8]string

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
		CreateHeader: func() fyne.CanvasObject {
			return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		},
		UpdateHeader: func(id widget.TableCellID, o fyne.CanvasObject) {
			if id.Col >= 0 {
				o.(*widget.Label).SetText(tr(logColumns[id.Col].titleKey))
			}
		},
		ShowHeaderRow: true,
	}
	l.table.ExtendBaseWidget(l.table)
	for i, c := range logColumns {
		l.table.SetColumnWidth(i, c.width)
	}
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
	label.SetText(rows[id.Row%logPageSize][id.Col])
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
	row[0] = r.SignTime.In(loc).Format("2006-01-02 15:04:05")
	switch {
	case r.JobNumber != nil && *r.JobNumber != "":
		row[1] = *r.JobNumber
	case r.IsStranger():
		row[1] = tr("log.stranger")
	default:
		row[1] = "-"
	}
	row[2] = r.UserName
	if row[2] == "" && r.IsStranger() {
		row[2] = tr("log.stranger.name")
	}
	row[3] = r.DeviceName
	switch {
	case r.BodyTemperature == nil || *r.BodyTemperature == 0:
		row[4] = tr("log.temperature.none")
	default:
		row[4] = fmt.Sprintf("%.1f℃", *r.BodyTemperature)
	}
	switch {
	case r.Mask == nil:
		row[5] = "-"
	case *r.Mask == 0:
		row[5] = tr("log.mask.no")
	default:
		row[5] = tr("log.mask.yes")
	}
	row[6] = remarksText(lr.Remarks)
	if key, ok := outcomeKeys[lr.Outcome()]; ok {
		row[7] = tr(key)
	}
	return row
}

// outcomeKeys words what a record became (domain.LogRow.Outcome).
var outcomeKeys = map[domain.Outcome]string{
	domain.OutcomeOfKind(rules.KindClockIn):         "outcome.clock_in",
	domain.OutcomeOfKind(rules.KindBreakStart):      "outcome.break_start",
	domain.OutcomeOfKind(rules.KindBreakEnd):        "outcome.break_end",
	domain.OutcomeOfKind(rules.KindClockOut):        "outcome.clock_out",
	domain.OutcomeOfStatus(rules.StatusPending):     "outcome.pending",
	domain.OutcomeOfStatus(rules.StatusRejected):    "outcome.rejected",
	domain.OutcomeOfStatus(rules.StatusDuplicate):   "outcome.duplicate",
	domain.OutcomeOfStatus(rules.StatusAutoDeleted): "outcome.auto_deleted",
	domain.OutcomeOfStatus(rules.StatusDeleted):     "outcome.deleted",
	domain.OutcomeOfStatus(rules.StatusSuspectTime): "outcome.suspect_time",
	domain.OutcomeUnlinked:                          "outcome.unlinked",
	domain.OutcomeStranger:                          "outcome.stranger",
}

// remarkKeys words punch remarks as the vendor does (異常体温, マスクなし).
var remarkKeys = map[rules.Remark]string{
	rules.RemarkAbnormalTemperature: "remark.abnormal_temperature",
	rules.RemarkNoMask:              "remark.no_mask",
}

func remarksText(rs []rules.Remark) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = tr(remarkKeys[r])
	}
	return strings.Join(parts, "・")
}
