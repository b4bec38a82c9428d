package ui

import (
	"context"
	"errors"
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
)

// The day details dialog (出入詳細) of the attendance book and the 要確認
// tab: a day's punches, with decisions, deletion and restoring.

var detailColumns = []column[detailRow]{
	{"book.details.col.time", 100, func(r detailRow) string { return r.time }},
	{"book.details.col.source", 90, func(r detailRow) string { return r.source }},
	{"book.details.col.status", 90, func(r detailRow) string { return r.status }},
	{"book.details.col.kind", 110, func(r detailRow) string { return r.kind }},
	{"book.details.col.remarks", 170, func(r detailRow) string { return r.remarks }},
	{"book.details.col.reason", 190, func(r detailRow) string { return r.reason }},
	{"book.details.col.place", 190, func(r detailRow) string { return r.place }},
}

// detailRow is one punch of the day details (出入詳細), formatted once.
type detailRow struct{ time, source, status, kind, remarks, reason, place string }

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

// openDay shows every punch of one business day in a dialog.
func (b *bookTab) openDay(row int) {
	if row < 0 || row >= len(b.days) || b.code == "" {
		return
	}
	b.openDetails(b.code, b.names[b.code], b.days[row].Date)
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
		table := newTable(detailColumns, func() []detailRow { return d.rows }, nil)
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
			d.faceView = showFace(b.app, d.records[d.selected], d.title+"  "+d.rows[d.selected].time)
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
	return detailRow{time: clockText(p.Time, loc, date, "15:04:05"), source: sourceText(p.Source), status: statusText(p.Status),
		kind: kind, remarks: note, reason: reasonText(p.Punch), place: place}
}
