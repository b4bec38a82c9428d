package ui

import (
	"context"
	"errors"
	"image/color"
	"io"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/staff"
)

var staffColumns = []column[staffRow]{
	{"staff.col.code", 120, func(r staffRow) string { return r.code }},
	{"staff.col.name", 170, func(r staffRow) string { return r.name }},
	{"staff.col.group", 130, func(r staffRow) string { return r.group }},
	{"staff.col.active", 60, func(r staffRow) string { return r.active }},
}

// staffRow is one staff member formatted once.
type staffRow struct{ code, name, group, active string }

func staffRowOf(m domain.StaffMember) staffRow {
	active := tr("staff.active.yes")
	if !m.Active {
		active = tr("staff.active.no")
	}
	return staffRow{m.Code, m.Name, m.Group, active}
}

// staffTab is the staff list: manual entry, CSV import, and the mapping to
// SenseLink's employee numbers beside it. The setup wizard embeds it too.
type staffTab struct {
	app *App

	form       *staffForm
	importer   *widget.Button
	importBusy *widget.Activity
	table      *widget.Table
	count      *widget.Label
	problem    *widget.Label
	mapping    *mappingView
	content    fyne.CanvasObject

	// Touched only on the UI goroutine.
	rows       []staffRow
	generation int
	// The last import's outcome as shown in its dialog.
	importTitle, importText string
}

func newStaffTab(app *App) *staffTab {
	t := &staffTab{app: app}
	t.form = newStaffForm(app, func(string) { t.changed() })
	t.importer = widget.NewButtonWithIcon(tr("staff.import"), theme.FolderOpenIcon(), t.chooseCSV)
	t.importBusy = widget.NewActivity()
	t.importBusy.Hide()
	t.count = widget.NewLabel("")
	t.problem = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	t.problem.Hide()
	t.table = newTable(staffColumns, func() []staffRow { return t.rows }, nil)
	t.mapping = newMappingView(app)
	t.mapping.onChanged = func() {
		t.loadList()
		t.app.punchesChanged(nil)
	}

	// The lists are sized from the start: the tab also sits inside the
	// wizard's scroll, where a table would otherwise shrink to one row.
	add := container.NewVBox(
		widget.NewLabelWithStyle(tr("staff.add.heading"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewBorder(nil, nil, nil, container.NewVBox(layoutSpacer(), container.NewHBox(t.form.add, t.importer, t.importBusy)),
			t.form.row()),
		t.form.problem,
		&widget.Label{Text: tr("staff.import.hint"), Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText},
	)
	list := container.NewBorder(
		container.NewVBox(container.NewHBox(widget.NewLabelWithStyle(tr("staff.list.heading"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), t.count), t.problem),
		nil, nil, nil,
		container.NewStack(minHeight(240), t.table))
	split := container.NewHSplit(list, t.mapping.content)
	split.SetOffset(0.45)
	t.content = container.NewBorder(container.NewVBox(add, widget.NewSeparator()), nil, nil, nil, split)
	return t
}

// minHeight is an invisible spacer that keeps a container at least h tall.
func minHeight(h float32) *canvas.Rectangle {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(0, h))
	return r
}

// refresh re-reads the staff list and the mapping.
func (t *staffTab) refresh() {
	t.loadList()
	t.mapping.refresh()
}

// changed follows any change this tab made to the staff: staff are an
// input of the punches, so the other screens read again too.
func (t *staffTab) changed() {
	t.refresh()
	t.app.punchesChanged(nil)
}

func (t *staffTab) loadList() {
	t.generation++
	gen := t.generation
	t.app.background(func(ctx context.Context) {
		members, err := t.app.site.Staff(ctx)
		rows := make([]staffRow, len(members))
		for i, m := range members {
			rows[i] = staffRowOf(m)
		}
		t.app.do(func() {
			if gen != t.generation {
				return
			}
			if err != nil {
				t.problem.SetText(errorText(err))
				t.problem.Show()
				return
			}
			t.problem.Hide()
			t.rows = rows
			t.count.SetText(tr("staff.list.count", map[string]any{"N": len(rows)}))
			t.table.Refresh()
		})
	})
}

// chooseCSV asks for a staff CSV and imports it.
func (t *staffTab) chooseCSV() {
	chooseCSVFile(t.app, func() { t.setImporting(true) }, t.runImport)
}

// readLimited reads at most limit bytes of the file at path.
func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit))
}

// importCSV imports the staff CSV data read from the file name.
func (t *staffTab) importCSV(name string, data []byte) {
	t.setImporting(true)
	t.app.background(func(ctx context.Context) { t.runImport(ctx, name, data, nil) })
}

// runImport stores data (unless reading it failed) and shows the outcome;
// it runs in the background.
func (t *staffTab) runImport(ctx context.Context, name string, data []byte, readErr error) {
	err := readErr
	var added, updated int
	if err == nil {
		added, updated, err = t.app.site.ImportStaff(ctx, data)
	}
	title, text := importOutcome(name, added, updated, err)
	t.app.do(func() {
		t.setImporting(false)
		t.showImport(title, text)
		if err == nil {
			t.changed()
		}
	})
}

// importOutcome words an import's result; a rejected file lists every
// problem with its line so that it can be fixed in Excel.
func importOutcome(name string, added, updated int, err error) (title, text string) {
	if err == nil {
		return tr("staff.import.done.title"), tr("staff.import.done", map[string]any{"File": name, "Added": added, "Updated": updated})
	}
	title = tr("staff.import.failed.title")
	var bad *staff.ImportError
	switch {
	case errors.As(err, &bad):
		return title, problemList(name, bad)
	case errors.Is(err, staff.ErrTooLarge):
		return title, tr("staff.import.toolarge", map[string]any{"File": name})
	}
	return title, tr("staff.import.failed", map[string]any{"File": name}) + "\n\n" + errorText(err)
}

func (t *staffTab) setImporting(busy bool) {
	if busy {
		t.importer.Disable()
		t.importBusy.Show()
		t.importBusy.Start()
	} else {
		t.importBusy.Stop()
		t.importBusy.Hide()
		t.importer.Enable()
	}
}

func (t *staffTab) showImport(title, text string) {
	t.importTitle, t.importText = title, text
	body := container.NewVScroll(&widget.Label{Text: text, Wrapping: fyne.TextWrapWord})
	d := dialog.NewCustom(title, tr("staff.import.close"), body, t.app.win)
	d.Resize(fyne.NewSize(640, 420))
	d.Show()
}

// staffForm adds one staff member: code, name, group. The staff tab shows
// it inline; the mapping view opens it in a dialog, prefilled.
type staffForm struct {
	app     *App
	code    *widget.Entry
	name    *widget.Entry
	group   *widget.Entry
	add     *widget.Button
	problem *widget.Label
	// onAdded runs on the UI goroutine after a member was stored.
	onAdded func(code string)
}

func newStaffForm(app *App, onAdded func(code string)) *staffForm {
	f := &staffForm{app: app, onAdded: onAdded}
	f.code = &widget.Entry{PlaceHolder: tr("staff.code.placeholder")}
	f.name = &widget.Entry{PlaceHolder: tr("staff.name.placeholder")}
	f.group = &widget.Entry{PlaceHolder: tr("staff.group.placeholder")}
	for _, e := range []*widget.Entry{f.code, f.name, f.group} {
		e.OnSubmitted = func(string) { f.submit() }
	}
	f.add = &widget.Button{Text: tr("staff.add"), Icon: theme.ContentAddIcon(), Importance: widget.HighImportance, OnTapped: f.submit}
	f.problem = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	f.problem.Hide()
	return f
}

// column lays the fields out one under another, for a dialog. Use either
// column or row, once: a widget has one parent.
func (f *staffForm) column() fyne.CanvasObject {
	return widget.NewForm(
		widget.NewFormItem(tr("staff.col.code"), f.code),
		widget.NewFormItem(tr("staff.col.name"), f.name),
		widget.NewFormItem(tr("staff.col.group"), f.group),
	)
}

// row lays the fields out side by side, for the staff tab.
func (f *staffForm) row() fyne.CanvasObject {
	field := func(key string, e *widget.Entry) fyne.CanvasObject {
		return container.NewVBox(widget.NewLabel(tr(key)), e)
	}
	return container.NewGridWithColumns(3,
		field("staff.col.code", f.code), field("staff.col.name", f.name), field("staff.col.group", f.group))
}

func (f *staffForm) fill(code, name string) {
	f.code.SetText(code)
	f.name.SetText(name)
	f.group.SetText("")
	f.showProblem("")
}

func (f *staffForm) showProblem(text string) {
	f.problem.SetText(text)
	if text == "" {
		f.problem.Hide()
	} else {
		f.problem.Show()
	}
}

// submit stores the entry; a refused entry keeps the fields for fixing.
func (f *staffForm) submit() {
	if f.add.Disabled() {
		return
	}
	code, name, group := f.code.Text, f.name.Text, f.group.Text
	f.add.Disable()
	f.app.background(func(ctx context.Context) {
		err := f.app.site.AddStaff(ctx, code, name, group)
		var problem string
		if err != nil {
			problem = errorText(err)
		}
		f.app.do(func() {
			f.add.Enable()
			if err != nil {
				f.showProblem(problem)
				return
			}
			f.showProblem("")
			for _, e := range []*widget.Entry{f.code, f.name, f.group} {
				e.SetText("")
			}
			if c := f.app.fyneApp.Driver().CanvasForObject(f.code); c != nil {
				c.Focus(f.code)
			}
			if f.onAdded != nil {
				f.onAdded(strings.TrimSpace(code))
			}
		})
	})
}
