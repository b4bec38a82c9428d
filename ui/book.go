package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/rules"
	"github.com/punchdesk/punchdesk/core/site"
)

// textColumn is one column of a small table: its title key and width.
type textColumn struct {
	titleKey string
	width    float32
}

var bookColumns = []textColumn{
	{"book.col.date", 150},
	{"book.col.in", 80},
	{"book.col.out", 90},
	{"book.col.break", 70},
	{"book.col.work", 90},
	{"book.col.count", 70},
	{"book.col.remarks", 170},
	{"book.col.flags", 200},
}

// bookRow is one day of the attendance book formatted once, off the UI
// goroutine, so that drawing a cell only copies a string.
type bookRow [8]string

var detailColumns = []textColumn{
	{"book.details.col.time", 100},
	{"book.details.col.source", 90},
	{"book.details.col.status", 90},
	{"book.details.col.kind", 110},
	{"book.details.col.remarks", 170},
	{"book.details.col.reason", 190},
	{"book.details.col.place", 190},
}

// detailRow is one punch of the day details (出入詳細), formatted once.
type detailRow [7]string

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
	days       []site.BookDay
	rows       []bookRow
	rowsOf     string      // "code month" of rows, to keep the scroll position when they are re-read
	generation int         // bumped per load, so a slow answer for a previous choice is dropped
	details    *dayDetails // the day last opened
}

// dayDetails is the open 出入詳細 dialog of one day.
type dayDetails struct {
	code, name, date, title string
	rows                    []detailRow
	ids                     []string       // punch id of each row
	statuses                []rules.Status // status of each row
	decidable               []bool         // the row's punch needs (or had) an approval
	records                 []int64        // the recognition behind each face punch, 0 for others
	selected                int            // row chosen for delete/restore/decide, -1 for none
	dialog                  *dialog.CustomDialog
	delete                  *widget.Button
	restore                 *widget.Button
	approve                 *widget.Button
	reject                  *widget.Button
	face                    *widget.Button
	faceView                *faceView
	problem                 *widget.Label
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
	b.table = newStyledTextTable(bookColumns, func() int { return len(b.rows) }, func(row, col int) string { return b.rows[row][col] },
		func(row int) widget.Importance {
			if row < 0 || row >= len(b.days) {
				return widget.MediumImportance
			}
			return dayImportance(b.days[row])
		})
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

// newCellLabel is a table cell that cuts long text with an ellipsis. Its
// renderer is made at once: Fyne 2.7 applies a label's truncation only when
// the label is resized after its renderer exists, and a table sizes a new
// cell before drawing it, so a long group name ran into the next column.
func newCellLabel() fyne.CanvasObject { return cellLabel("") }

// cellLabel is newCellLabel holding text.
func cellLabel(text string) *widget.Label {
	l := &widget.Label{Text: text, Truncation: fyne.TextTruncateEllipsis}
	l.MinSize() // makes the renderer
	return l
}

// newTextTable is a table with a header row whose cells are labels showing
// text(row, col); text must only index pre-formatted strings.
func newTextTable(cols []textColumn, length func() int, text func(row, col int) string) *widget.Table {
	return newStyledTextTable(cols, length, text, nil)
}

// newStyledTextTable is newTextTable with each row's text coloured by
// importance(row) (nil: all alike), e.g. Sundays and holidays in red.
func newStyledTextTable(cols []textColumn, length func() int, text func(row, col int) string,
	importance func(row int) widget.Importance) *widget.Table {
	t := &widget.Table{
		Length:     func() (int, int) { return length(), len(cols) },
		CreateCell: newCellLabel,
		UpdateCell: func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if importance != nil {
				l.Importance = importance(id.Row)
			}
			l.SetText(text(id.Row, id.Col))
		},
		CreateHeader: func() fyne.CanvasObject {
			return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		},
		UpdateHeader: func(id widget.TableCellID, o fyne.CanvasObject) {
			if id.Col >= 0 {
				o.(*widget.Label).SetText(tr(cols[id.Col].titleKey))
			}
		},
		ShowHeaderRow: true,
	}
	t.ExtendBaseWidget(t)
	for i, c := range cols {
		t.SetColumnWidth(i, c.width)
	}
	return t
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
		for i, d := range days {
			rows[i] = formatBookRow(d, loc)
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

// openDay shows every punch of one business day in a dialog.
func (b *bookTab) openDay(row int) {
	if row < 0 || row >= len(b.days) || b.code == "" {
		return
	}
	b.openDetails(b.code, b.names[b.code], b.days[row].Date.Format(time.DateOnly))
}

// openDetails shows the day details (出入詳細) of any staff member's
// business day: from the book, and from 要確認.
func (b *bookTab) openDetails(code, name, date string) {
	day, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return
	}
	title := tr("book.details.title", map[string]any{"Date": dateText(day), "Code": code, "Name": name})
	b.app.background(func(ctx context.Context) {
		loc, err := b.app.site.Location(ctx)
		var punches []domain.StaffPunch
		if err == nil {
			punches, err = b.app.site.DayPunches(ctx, code, date)
		}
		d := &dayDetails{code: code, name: name, date: date, title: title, selected: -1}
		for _, p := range punches {
			d.rows = append(d.rows, formatDetailRow(p, date, loc))
			d.ids = append(d.ids, p.ID)
			d.statuses = append(d.statuses, p.Status)
			d.decidable = append(d.decidable, p.PendingBecause != "")
			d.records = append(d.records, p.RecordID)
		}
		b.app.do(func() {
			if err != nil {
				b.app.showError(err)
				return
			}
			if b.details != nil && b.details.dialog != nil {
				b.details.dialog.Hide() // reopened after a correction
			}
			b.showDetails(d)
		})
	})
}

func (b *bookTab) showDetails(d *dayDetails) {
	var body fyne.CanvasObject
	if len(d.rows) == 0 {
		body = container.NewCenter(widget.NewLabel(tr("book.details.none")))
	} else {
		table := newTextTable(detailColumns, func() int { return len(d.rows) }, func(row, col int) string { return d.rows[row][col] })
		table.OnSelected = func(id widget.TableCellID) {
			d.selected = id.Row
			b.updateDetailButtons(d)
		}
		body = table
	}
	d.delete = widget.NewButtonWithIcon(tr("book.details.delete"), theme.DeleteIcon(), func() { b.askDeleteReason(d) })
	d.restore = widget.NewButtonWithIcon(tr("book.details.restore"), theme.ContentUndoIcon(), func() { b.restorePunch(d) })
	d.approve = widget.NewButtonWithIcon(tr("review.approve"), theme.ConfirmIcon(), func() { b.decide(d, rules.DecisionApprove, "") })
	d.reject = widget.NewButtonWithIcon(tr("review.reject"), theme.CancelIcon(), func() {
		askRejectReason(b.app, 1, func(reason string) { b.decide(d, rules.DecisionReject, reason) })
	})
	add := widget.NewButtonWithIcon(tr("punch.add"), theme.ContentAddIcon(), func() {
		showAddPunchDialog(b.app, d.code, d.date, func() { b.corrected(d) })
	})
	d.face = widget.NewButtonWithIcon(tr("face.show"), theme.AccountIcon(), func() {
		if d.selected >= 0 && d.selected < len(d.records) && d.records[d.selected] > 0 {
			d.faceView = showFace(b.app, d.records[d.selected], d.title+"  "+d.rows[d.selected][0])
		}
	})
	d.problem = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	b.updateDetailButtons(d)
	body = container.NewBorder(nil, container.NewVBox(d.problem,
		container.NewHBox(add, d.face, layout.NewSpacer(), d.approve, d.reject, d.restore, d.delete)), nil, nil, body)
	d.dialog = dialog.NewCustom(d.title, tr("book.details.close"), body, b.app.win)
	d.dialog.Resize(fyne.NewSize(1040, 440))
	b.details = d
	d.dialog.Show()
}

// updateDetailButtons offers delete for a live punch, restore for a
// deleted or auto-deleted one, and approve/reject for a face punch that
// needs a decision or had one (a decision can be changed).
func (b *bookTab) updateDetailButtons(d *dayDetails) {
	for _, btn := range []*widget.Button{d.delete, d.restore, d.approve, d.reject, d.face} {
		btn.Disable()
	}
	if d.selected < 0 || d.selected >= len(d.ids) {
		return
	}
	if d.records[d.selected] > 0 {
		d.face.Enable()
	}
	switch d.statuses[d.selected] {
	case rules.StatusDeleted, rules.StatusAutoDeleted:
		d.restore.Enable()
	default:
		d.delete.Enable()
	}
	if d.decidable[d.selected] && d.statuses[d.selected] != rules.StatusDeleted {
		if d.statuses[d.selected] != rules.StatusCounted {
			d.approve.Enable()
		}
		if d.statuses[d.selected] != rules.StatusRejected {
			d.reject.Enable()
		}
	}
}

// decide approves or rejects the chosen punch.
func (b *bookTab) decide(d *dayDetails, decision rules.Decision, reason string) {
	id := d.ids[d.selected]
	b.app.background(func(ctx context.Context) {
		err := b.app.site.Decide(ctx, []string{id}, decision, reason)
		b.app.do(func() {
			if err != nil {
				d.problem.SetText(errorText(err))
				return
			}
			b.app.toast(decisionToast(decision, 1))
			b.corrected(d)
		})
	})
}

// askDeleteReason deletes the chosen punch; a reason is required.
func (b *bookTab) askDeleteReason(d *dayDetails) {
	id := d.ids[d.selected]
	reason := widget.NewEntry()
	reason.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New(tr("book.details.reason.required"))
		}
		return nil
	}
	form := dialog.NewForm(tr("book.details.delete.title"), tr("book.details.delete"), tr("common.cancel"),
		[]*widget.FormItem{widget.NewFormItem(tr("book.details.reason"), reason)}, func(ok bool) {
			if ok {
				b.deletePunch(d, id, reason.Text)
			}
		}, b.app.win)
	form.Resize(fyne.NewSize(440, 200))
	form.Show()
}

func (b *bookTab) deletePunch(d *dayDetails, id, reason string) {
	b.app.background(func(ctx context.Context) {
		err := b.app.site.DeletePunch(ctx, id, reason)
		b.app.do(func() {
			if err != nil {
				d.problem.SetText(errorText(err))
				return
			}
			b.app.toast(tr("toast.punch.deleted"))
			b.corrected(d)
		})
	})
}

func (b *bookTab) restorePunch(d *dayDetails) {
	id := d.ids[d.selected]
	b.app.background(func(ctx context.Context) {
		_, err := b.app.site.RestorePunch(ctx, id)
		b.app.do(func() {
			if err != nil {
				d.problem.SetText(errorText(err))
				return
			}
			b.app.toast(tr("toast.punch.restored"))
			b.corrected(d)
		})
	})
}

// corrected shows the day again and tells the other screens.
func (b *bookTab) corrected(d *dayDetails) {
	b.openDetails(d.code, d.name, d.date)
	b.app.punchesChanged(b.refresh)
}

func formatBookRow(d site.BookDay, loc *time.Location) bookRow {
	var row bookRow
	date := d.Date.Format(time.DateOnly)
	row[0] = dateText(d.Date)
	if d.Pay.Holiday != "" {
		row[0] += " " + d.Pay.Holiday
	}
	if d.ClockIn != nil {
		row[1] = clockText(*d.ClockIn, loc, date, "15:04")
	}
	if d.ClockOut != nil {
		row[2] = clockText(*d.ClockOut, loc, date, "15:04")
	}
	if d.Counted > 0 {
		row[3] = hoursMinutes(d.BreakMinutes)
		row[4] = hoursMinutes(d.WorkMinutes)
		row[5] = fmt.Sprint(d.Counted)
	}
	if d.Open && d.Counted > 0 {
		row[4] = tr("book.open")
	}
	row[6] = remarksText(d.Remarks)
	row[7] = flagsText(d.Flags)
	return row
}

// dayImportance colours a calendar day as a Japanese calendar does:
// Sundays and holidays red, Saturdays blue.
func dayImportance(d site.BookDay) widget.Importance {
	switch {
	case d.Date.Weekday() == time.Sunday || d.Pay.Holiday != "":
		return widget.DangerImportance
	case d.Date.Weekday() == time.Saturday:
		return widget.HighImportance
	}
	return widget.MediumImportance
}

// flagsText words a day's review flags.
func flagsText(flags []rules.Flag) string {
	words := make([]string, len(flags))
	for i, f := range flags {
		words[i] = flagText(f)
	}
	return strings.Join(words, tr("book.separator"))
}

func flagText(f rules.Flag) string {
	switch f {
	case rules.FlagMissingClockOut:
		return tr("book.flag.missingout")
	case rules.FlagPending:
		return tr("book.flag.pending")
	}
	return tr("book.flag." + string(f))
}

func formatDetailRow(p domain.StaffPunch, date string, loc *time.Location) detailRow {
	note := remarksText(p.Remarks)
	if p.Note != "" {
		if note != "" {
			note += tr("book.separator")
		}
		note += p.Note
	}
	// Where: the terminal, and its location group when one is set.
	place := p.Terminal
	if p.Place != "" {
		place = tr("book.details.place", map[string]any{"Group": p.Place, "Terminal": p.Terminal})
	}
	kind := kindText(p.Kind)
	if p.Provisional {
		kind += tr("book.status.provisional")
	}
	return detailRow{clockText(p.Time, loc, date, "15:04:05"), sourceText(p.Source), statusText(p.Status), kind, note,
		reasonText(p.Punch), place}
}

// reasonText says what the administrator decided about a punch and why:
// the decision on a face punch that needed one, or the deletion.
func reasonText(p rules.Punch) string {
	var word string
	switch {
	case p.Status == rules.StatusDeleted:
		word = tr("book.reason.deleted")
	case p.Decision == rules.DecisionApprove:
		word = tr("book.reason.approved")
	case p.Decision == rules.DecisionReject:
		word = tr("book.reason.rejected")
	default:
		return ""
	}
	if p.Reason == "" {
		return word
	}
	return tr("book.reason.with", map[string]any{"What": word, "Reason": p.Reason})
}

// totalsText sums the month for the line under the table.
func totalsText(days []site.BookDay) string {
	var work, rest, worked, missing, pending int
	for _, d := range days {
		work += d.WorkMinutes
		rest += d.BreakMinutes
		if d.Counted > 0 {
			worked++
		}
		if d.Has(rules.FlagMissingClockOut) {
			missing++
		}
		if d.Has(rules.FlagPending) {
			pending++
		}
	}
	text := tr("book.totals", map[string]any{"Days": worked, "Work": hoursMinutes(work), "Break": hoursMinutes(rest)})
	if missing > 0 {
		text += "  ·  " + tr("book.totals.missingout", map[string]any{"N": missing})
	}
	if pending > 0 {
		text += "  ·  " + tr("book.totals.pending", map[string]any{"N": pending})
	}
	return text
}

// hoursMinutes formats a duration in minutes as h:mm, as time sheets do.
func hoursMinutes(minutes int) string {
	return fmt.Sprintf("%d:%02d", minutes/60, minutes%60)
}

// clockText is t on the site's clock; a time on a later calendar day than
// its business day (a night shift after the day change) is marked 翌.
func clockText(t time.Time, loc *time.Location, businessDate, layout string) string {
	local := t.In(loc)
	text := local.Format(layout)
	if local.Format(time.DateOnly) > businessDate {
		return tr("book.nextday", map[string]any{"Time": text})
	}
	return text
}

// dateText is "11/26 (木)".
func dateText(d time.Time) string {
	return tr("book.date", map[string]any{"M": int(d.Month()), "D": d.Day(), "W": weekdayText(d.Weekday())})
}

// monthText is "2026年11月".
func monthText(first time.Time) string {
	return tr("book.month", map[string]any{"Y": first.Year(), "M": int(first.Month())})
}

func weekdayText(d time.Weekday) string {
	switch d {
	case time.Sunday:
		return tr("book.weekday.sun")
	case time.Monday:
		return tr("book.weekday.mon")
	case time.Tuesday:
		return tr("book.weekday.tue")
	case time.Wednesday:
		return tr("book.weekday.wed")
	case time.Thursday:
		return tr("book.weekday.thu")
	case time.Friday:
		return tr("book.weekday.fri")
	}
	return tr("book.weekday.sat")
}

func sourceText(s rules.Source) string {
	switch s {
	case rules.SourceFace:
		return tr("book.source.face")
	case rules.SourceICCard:
		return tr("book.source.iccard")
	case rules.SourceWeb:
		return tr("book.source.web")
	case rules.SourceMobile:
		return tr("book.source.mobile")
	case rules.SourceAdmin:
		return tr("book.source.admin")
	}
	return tr("book.source.other")
}

// statusText words what became of a punch; the words are the live log's.
func statusText(s rules.Status) string {
	if s == rules.StatusCounted {
		return tr("book.status.counted")
	}
	if key, ok := outcomeKeys[domain.OutcomeOfStatus(s)]; ok {
		return tr(key)
	}
	return string(s)
}

// kindText words a counted punch's type, as the live log does.
func kindText(k rules.Kind) string {
	if key, ok := outcomeKeys[domain.OutcomeOfKind(k)]; ok && k != rules.KindNone {
		return tr(key)
	}
	return ""
}
