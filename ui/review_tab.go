package ui

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/width"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/rules"
	"github.com/punchdesk/punchdesk/core/staff"
)

// reviewColumns start with the tick box, which reviewTab draws itself.
var reviewColumns = []column[reviewRow]{
	{"review.col.selected", 40, nil},
	{"review.col.staff", 170, func(r reviewRow) string { return r.staff }},
	{"review.col.date", 110, func(r reviewRow) string { return r.date }},
	{"review.col.time", 90, func(r reviewRow) string { return r.time }},
	{"review.col.because", 200, func(r reviewRow) string { return r.because }},
	{"review.col.remarks", 140, func(r reviewRow) string { return r.remarks }},
	{"review.col.decision", 200, func(r reviewRow) string { return r.decision }},
}

// reviewRow is one pending or decided punch, formatted once.
type reviewRow struct {
	id                                            string
	recordID                                      int64 // the recognition behind a face punch, 0 for others
	staff, date, time, because, remarks, decision string
}

// reviewTab is the queue of pending punches (未承認打刻) across all staff
// and months: multi-select, bulk approve, bulk reject with a reason.
type reviewTab struct {
	app      *App
	table    *widget.Table
	face     *widget.Button
	faceView *faceView // the face dialog, last opened
	rows     []reviewRow
	selected map[string]bool
	approve  *widget.Button
	reject   *widget.Button
	all      *widget.Button
	empty    *widget.Label
	problem  *widget.Label
	// show chooses the queue (pending) or the punches already decided,
	// whose decision can be changed.
	show    *widget.RadioGroup
	decided bool
	content fyne.CanvasObject
	// onCount shows the queue's size where it cannot be missed.
	onCount func(int)
	reloads *reloader
}

func newReviewTab(app *App) *reviewTab {
	r := &reviewTab{app: app, selected: map[string]bool{}, reloads: newReloader(app)}
	cols := slices.Clone(reviewColumns)
	cols[0].text = func(row reviewRow) string {
		if r.selected[row.id] {
			return "☑"
		}
		return "☐"
	}
	r.table = newTable(cols, func() []reviewRow { return r.rows }, nil)
	r.table.OnSelected = func(id widget.TableCellID) {
		// A tap anywhere on a row toggles it, like a mail client's list.
		if id.Row >= 0 && id.Row < len(r.rows) {
			rid := r.rows[id.Row].id
			r.selected[rid] = !r.selected[rid]
			r.updateButtons()
			r.table.Refresh()
		}
		r.table.UnselectAll()
	}
	r.approve = &widget.Button{Text: tr("review.approve"), Icon: theme.ConfirmIcon(), Importance: widget.HighImportance, OnTapped: r.approveSelected}
	r.reject = &widget.Button{Text: tr("review.reject"), Icon: theme.CancelIcon(), Importance: widget.DangerImportance, OnTapped: r.askRejectReason}
	r.all = widget.NewButtonWithIcon(tr("review.selectall"), theme.CheckButtonCheckedIcon(), r.toggleAll)
	r.face = widget.NewButtonWithIcon(tr("face.show"), theme.AccountIcon(), r.showFace)
	add := widget.NewButtonWithIcon(tr("punch.add"), theme.ContentAddIcon(), func() {
		showAddPunchDialog(app, "", "", r.changed)
	})
	importCSV := widget.NewButtonWithIcon(tr("punch.import"), theme.FolderOpenIcon(), func() {
		chooseCSVFile(app, func() {}, r.importPunches)
	})
	r.empty = &widget.Label{Text: tr("review.empty"), Alignment: fyne.TextAlignCenter}
	r.show = widget.NewRadioGroup([]string{tr("review.show.pending"), tr("review.show.decided")}, func(v string) {
		r.decided = v == tr("review.show.decided")
		r.selected = map[string]bool{}
		r.refresh()
	})
	r.show.Horizontal = true
	r.show.Required = true
	r.show.Selected = tr("review.show.pending")
	r.problem = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	r.updateButtons()
	toolbar := container.NewHBox(
		widget.NewLabelWithStyle(tr("review.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		r.show, layout.NewSpacer(), importCSV, add, r.face, r.all, r.reject, r.approve)
	r.content = container.NewBorder(container.NewVBox(toolbar, wrapped(tr("review.text"))), r.problem, nil, nil,
		container.NewStack(r.table, container.NewCenter(r.empty)))
	return r
}

func (r *reviewTab) updateButtons() {
	n := 0
	for _, row := range r.rows {
		if r.selected[row.id] {
			n++
		}
	}
	// One chosen face punch: its face crop can be looked at.
	if row, ok := r.onlySelected(); ok && row.recordID > 0 {
		r.face.Enable()
	} else {
		r.face.Disable()
	}
	if n == 0 {
		r.approve.Disable()
		r.reject.Disable()
	} else {
		r.approve.Enable()
		r.reject.Enable()
	}
	r.approve.SetText(tr("review.approve.n", map[string]any{"N": n}))
	r.reject.SetText(tr("review.reject.n", map[string]any{"N": n}))
}

// onlySelected is the chosen row when exactly one is chosen.
func (r *reviewTab) onlySelected() (reviewRow, bool) {
	var found reviewRow
	n := 0
	for _, row := range r.rows {
		if r.selected[row.id] {
			found, n = row, n+1
		}
	}
	return found, n == 1
}

// showFace shows the chosen recognition's face crop.
func (r *reviewTab) showFace() {
	if row, ok := r.onlySelected(); ok && row.recordID > 0 {
		r.faceView = showFace(r.app, row.recordID, row.staff+"  "+row.date+" "+row.time)
	}
}

func (r *reviewTab) selectedIDs() []string {
	var ids []string
	for _, row := range r.rows {
		if r.selected[row.id] {
			ids = append(ids, row.id)
		}
	}
	return ids
}

func (r *reviewTab) toggleAll() {
	all := len(r.selectedIDs()) < len(r.rows)
	for _, row := range r.rows {
		r.selected[row.id] = all
	}
	r.updateButtons()
	r.table.Refresh()
}

// refresh re-reads the queue, or the decided punches.
func (r *reviewTab) refresh() {
	app := r.app
	decided := r.decided
	r.reloads.ask(func(ctx context.Context) func() {
		list := app.site.PendingPunches
		if decided {
			list = app.site.DecidedPunches
		}
		punches, err := list(ctx)
		var rows []reviewRow
		if err == nil {
			rows, err = r.format(ctx, punches)
		}
		// The badge always counts the queue.
		count := len(rows)
		if err == nil && decided {
			count, err = app.site.CountPending(ctx)
		}
		return func() {
			if decided != r.decided {
				return // switched between the queue and the decided punches meanwhile
			}
			if err != nil {
				r.problem.SetText(errorText(err))
				return
			}
			r.rows = rows
			keep := map[string]bool{}
			for _, row := range rows {
				if r.selected[row.id] {
					keep[row.id] = true
				}
			}
			r.selected = keep
			if len(rows) == 0 {
				r.empty.SetText(tr("review.empty"))
				if decided {
					r.empty.SetText(tr("review.empty.decided"))
				}
				r.empty.Show()
			} else {
				r.empty.Hide()
			}
			r.updateButtons()
			r.table.Refresh()
			if r.onCount != nil {
				r.onCount(count)
			}
		}
	})
}

// format words the queue off the UI goroutine: staff names and the earlier
// punch that made each one pending.
func (r *reviewTab) format(ctx context.Context, pending []domain.StaffPunch) ([]reviewRow, error) {
	s := r.app.site
	loc, err := s.Location(ctx)
	if err != nil {
		return nil, err
	}
	members, err := s.Staff(ctx)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, m := range members {
		names[m.Code] = m.Name
	}
	rows := make([]reviewRow, len(pending))
	for i, p := range pending {
		because := p.PendingBecause
		if other, err := s.Punch(ctx, p.PendingBecause); err == nil {
			because = tr("review.because", map[string]any{"Time": other.Time.In(loc).Format("15:04"), "Source": sourceText(other.Source)})
		}
		rows[i] = reviewRow{id: p.ID, recordID: p.RecordID, staff: p.StaffCode + " " + names[p.StaffCode], date: p.BusinessDate,
			time: p.Time.In(loc).Format("15:04:05"), because: because, remarks: remarksText(p.Remarks), decision: reasonText(p.Punch)}
	}
	return rows, nil
}

func (r *reviewTab) approveSelected() {
	r.decide(r.selectedIDs(), rules.DecisionApprove, "")
}

// askRejectReason asks why; rejecting without a reason is refused.
func (r *reviewTab) askRejectReason() {
	ids := r.selectedIDs()
	askRejectReason(r.app, len(ids), func(reason string) { r.decide(ids, rules.DecisionReject, reason) })
}

// askRejectReason asks why n punches are rejected; a reason is required.
func askRejectReason(app *App, n int, reject func(reason string)) {
	reason := widget.NewMultiLineEntry()
	reason.PlaceHolder = tr("review.reason.placeholder")
	reason.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New(tr("review.reason.required"))
		}
		return nil
	}
	items := []*widget.FormItem{widget.NewFormItem(tr("review.reason"), reason)}
	d := dialog.NewForm(tr("review.reject.title", map[string]any{"N": n}), tr("review.reject"), tr("common.cancel"), items,
		func(ok bool) {
			if ok {
				reject(reason.Text)
			}
		}, app.win)
	d.Resize(fyne.NewSize(480, 260))
	d.Show()
}

func (r *reviewTab) decide(ids []string, d rules.Decision, reason string) {
	r.problem.SetText("")
	r.approve.Disable()
	r.reject.Disable()
	r.app.background(func(ctx context.Context) {
		err := r.app.site.Decide(ctx, ids, d, reason)
		r.app.do(func() {
			if err != nil {
				r.problem.SetText(errorText(err))
				r.updateButtons()
				return
			}
			for _, id := range ids {
				delete(r.selected, id)
			}
			r.app.toast(decisionToast(d, len(ids)))
			r.changed()
		})
	})
}

func (r *reviewTab) changed() { r.app.punchesChanged(r.refresh) }

// importPunches adds other-method punches from a CSV: all rows or none,
// each bad row named by its line.
func (r *reviewTab) importPunches(ctx context.Context, name string, data []byte, readErr error) {
	var ids []string
	err := readErr
	if err == nil {
		ids, err = r.app.site.ImportPunches(ctx, data)
	}
	r.app.do(func() {
		var bad *staff.ImportError
		switch {
		case errors.As(err, &bad):
			dialog.ShowInformation(tr("punch.import.failed.title"), problemList(name, bad), r.app.win)
		case err != nil:
			dialog.ShowInformation(tr("punch.import.failed.title"), errorText(err), r.app.win)
		default:
			dialog.ShowInformation(tr("punch.import.done.title"), tr("punch.import.done", map[string]any{"File": name, "N": len(ids)}), r.app.win)
			r.changed()
		}
	})
}

// clockOf reads a wall-clock time as people type it (9:05, 09:05, ０９：０５,
// 0905) into HH:MM, or reports that it is none.
func clockOf(text string) (string, bool) {
	text = strings.TrimSpace(width.Narrow.String(text))
	if len(text) == 4 && !strings.Contains(text, ":") {
		text = text[:2] + ":" + text[2:]
	}
	t, err := time.Parse("15:04", text)
	if err != nil {
		if t, err = time.Parse("15:04:05", text); err != nil {
			return "", false
		}
	}
	return t.Format("15:04"), true
}

// decisionToast says what a decision did, for the status line.
func decisionToast(d rules.Decision, n int) string {
	if d == rules.DecisionReject {
		return tr("toast.rejected", map[string]any{"N": n})
	}
	return tr("toast.approved", map[string]any{"N": n})
}
