package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/punchdesk/punchdesk/core/site"
	"github.com/punchdesk/punchdesk/core/staff"
)

// mappingView shows how PunchDesk's staff codes meet SenseLink's employee
// numbers (SPEC §2 step 3): matched, staff only, SenseLink only, and likely
// matches with a one-click fix. Each list is a tab of its own that fills
// the view: stacked one under another inside a scrolling page, each list's
// own scrolling caught the mouse wheel and left each a few rows.
type mappingView struct {
	app *App
	// onChanged is called on the UI goroutine after the view added a staff
	// member or changed a code; the view has already refreshed itself.
	onChanged func()

	busy      *widget.Activity
	note      *widget.Label // the employee list could not be read
	problem   *widget.Label
	hints     *fyne.Container // one row per hint, with its 修正 button
	hintTitle *widget.Label
	hintBox   *fyne.Container
	hintTab   *container.TabItem
	tabs      *container.AppTabs
	chosen    bool // the administrator picked a tab; refreshes keep it
	matched   *mappingList
	staffOnly *mappingList
	pushAll   *widget.Button // register every staff member SenseLink lacks
	senseOnly *mappingList
	content   fyne.CanvasObject
	pushing   *pushDialog // the register dialog, last opened

	// Touched only on the UI goroutine.
	mapping    site.Mapping
	generation int
	adding     *staffForm // the add dialog's form, last opened
}

func newMappingView(app *App) *mappingView {
	v := &mappingView{app: app}
	v.busy = widget.NewActivity()
	v.busy.Hide()
	v.note = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.WarningImportance}
	v.note.Hide()
	v.problem = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance}
	v.problem.Hide()
	v.hints = container.NewVBox()
	v.hintTitle = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Importance: widget.WarningImportance}
	v.hintBox = container.NewVBox(v.hintTitle,
		&widget.Label{Text: tr("mapping.hints.text"), Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText}, v.hints)
	v.hintBox.Hide()
	v.hintTab = container.NewTabItem("", container.NewVScroll(v.hintBox))

	v.matched = newMappingList([]column[[]string]{
		{"mapping.col.code", 110, cellAt(0)}, {"mapping.col.name", 150, cellAt(1)}, {"mapping.col.slname", 150, cellAt(2)}}, "", nil)
	v.staffOnly = newMappingList([]column[[]string]{
		{"mapping.col.code", 110, cellAt(0)}, {"mapping.col.name", 150, cellAt(1)}, {"mapping.col.group", 150, cellAt(2)}},
		tr("mapping.push"), v.openPushOne)
	v.pushAll = widget.NewButtonWithIcon(tr("mapping.pushall"), theme.UploadIcon(), v.openPushAll)
	v.pushAll.Hide()
	v.senseOnly = newMappingList([]column[[]string]{
		{"mapping.col.number", 110, cellAt(0)}, {"mapping.col.name", 150, cellAt(1)}, {"mapping.col.records", 110, cellAt(2)}},
		tr("mapping.add"), v.openAdd)

	v.tabs = container.NewAppTabs(
		container.NewTabItem("", v.matched.section(tr("mapping.matched.text"), nil)),
		container.NewTabItem("", v.staffOnly.section(tr("mapping.staffonly.text"), container.NewHBox(v.pushAll))),
		container.NewTabItem("", v.senseOnly.section(tr("mapping.senseonly.text"), nil)),
	)
	v.tabs.OnSelected = func(*container.TabItem) { v.chosen = true }
	v.content = container.NewBorder(
		container.NewVBox(
			container.NewHBox(widget.NewLabelWithStyle(tr("mapping.heading"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), v.busy),
			v.note,
			v.problem),
		nil, nil, nil, v.tabs)
	v.setTitles()
	return v
}

func (v *mappingView) setTitles() {
	m := v.mapping
	v.matched.tab(v.tabs).Text = tr("mapping.matched.title", map[string]any{"N": len(m.Matched)})
	v.staffOnly.tab(v.tabs).Text = tr("mapping.staffonly.title", map[string]any{"N": len(m.StaffWithoutEmployee)})
	v.senseOnly.tab(v.tabs).Text = tr("mapping.senseonly.title", map[string]any{"N": len(m.EmployeesWithoutStaff)})
	v.hintTitle.SetText(tr("mapping.hints.title", map[string]any{"N": len(m.Hints)}))
	v.hintTab.Text = tr("mapping.tab.hints", map[string]any{"N": len(m.Hints)})
	v.tabs.Refresh()
}

// mappingRows is a mapping formatted for display, off the UI goroutine.
type mappingRows struct {
	matched, staffOnly, senseOnly [][]string
	hints                         []string
	// hinted marks the SenseLink-only rows a near match above already
	// covers: adding them would make the person twice.
	hinted map[int]bool
}

func formatMapping(m site.Mapping) mappingRows {
	var r mappingRows
	for _, s := range m.Matched {
		r.matched = append(r.matched, []string{s.Staff.Code, s.Staff.Name, s.SenseLinkName})
	}
	for _, s := range m.StaffWithoutEmployee {
		r.staffOnly = append(r.staffOnly, []string{s.Code, s.Name, s.Group})
	}
	nearly := map[string]bool{}
	for _, h := range m.Hints {
		nearly[h.EmployeeNumber] = true
	}
	r.hinted = map[int]bool{}
	for i, e := range m.EmployeesWithoutStaff {
		r.senseOnly = append(r.senseOnly, []string{e.Number, e.Name, fmt.Sprint(e.Records)})
		if nearly[e.Number] {
			r.hinted[i] = true
		}
	}
	for _, h := range m.Hints {
		r.hints = append(r.hints, hintText(h))
	}
	return r
}

// refresh compares the staff with SenseLink again; it asks SenseLink for
// its employee list, so it may take a moment.
func (v *mappingView) refresh() {
	v.generation++
	gen := v.generation
	v.busy.Show()
	v.busy.Start()
	v.app.background(func(ctx context.Context) {
		m, err := v.app.site.Mapping(ctx)
		rows := formatMapping(m)
		v.app.do(func() {
			if gen != v.generation {
				return // a newer refresh is on its way
			}
			v.busy.Stop()
			v.busy.Hide()
			if err != nil {
				v.showProblem(errorText(err))
				return
			}
			v.showProblem("")
			v.show(m, rows)
		})
	})
}

func (v *mappingView) show(m site.Mapping, rows mappingRows) {
	v.mapping = m
	if m.EmployeeListError != nil {
		v.note.SetText(tr("mapping.listerror") + "\n" + errorText(m.EmployeeListError))
		v.note.Show()
	} else {
		v.note.Hide()
	}
	v.matched.setRows(rows.matched)
	v.staffOnly.setRows(rows.staffOnly)
	// Without SenseLink's list, "not in SenseLink" is a guess from records.
	if len(rows.staffOnly) > 1 && m.EmployeeListError == nil {
		v.pushAll.Show()
	} else {
		v.pushAll.Hide()
	}
	v.senseOnly.setRows(rows.senseOnly)
	v.senseOnly.noAction, v.senseOnly.noActionText = rows.hinted, tr("mapping.add.hinted")
	v.hints.RemoveAll()
	for i, text := range rows.hints {
		fix := &widget.Button{Text: tr("mapping.fix"), Icon: theme.ConfirmIcon()}
		fix.OnTapped = func() { v.fixHint(i, fix) }
		v.hints.Add(container.NewBorder(nil, nil, nil, fix, &widget.Label{Text: text, Wrapping: fyne.TextWrapWord}))
	}
	hinted := len(v.tabs.Items) == 4
	switch {
	case len(rows.hints) > 0 && !hinted:
		v.hintBox.Show()
		v.tabs.Items = append([]*container.TabItem{v.hintTab}, v.tabs.Items...)
	case len(rows.hints) == 0 && hinted:
		v.hintBox.Hide()
		v.tabs.Items = v.tabs.Items[1:]
	}
	v.setTitles()
	if !v.chosen {
		v.tabs.Select(v.firstWithWork(len(rows.hints), len(rows.staffOnly), len(rows.senseOnly)))
		v.chosen = false // chosen by the view, not the administrator
	}
}

// firstWithWork is the tab to open on: a likely match to fix, then staff
// SenseLink lacks, then employees PunchDesk lacks, else the matched.
func (v *mappingView) firstWithWork(hints, staffOnly, senseOnly int) *container.TabItem {
	switch {
	case hints > 0:
		return v.hintTab
	case staffOnly > 0:
		return v.staffOnly.tab(v.tabs)
	case senseOnly > 0:
		return v.senseOnly.tab(v.tabs)
	}
	return v.matched.tab(v.tabs)
}

func (v *mappingView) showProblem(text string) {
	v.problem.SetText(text)
	if text == "" {
		v.problem.Hide()
	} else {
		v.problem.Show()
	}
}

// hintText is "スタッフコード 0012 は従業員番号 12 と一致する可能性があります（先頭のゼロ）".
func hintText(h staff.Hint) string {
	var reasons []string
	if h.Reason.Has(staff.ReasonLeadingZeros) {
		reasons = append(reasons, tr("mapping.reason.zeros"))
	}
	if h.Reason.Has(staff.ReasonFullWidth) {
		reasons = append(reasons, tr("mapping.reason.width"))
	}
	if h.Reason.Has(staff.ReasonSpaces) {
		reasons = append(reasons, tr("mapping.reason.spaces"))
	}
	return tr("mapping.hint", map[string]any{"Code": h.StaffCode, "Number": h.EmployeeNumber,
		"Reason": strings.Join(reasons, tr("book.separator"))})
}

// fixHint gives the staff member the employee number SenseLink uses.
func (v *mappingView) fixHint(i int, button *widget.Button) {
	if i >= len(v.mapping.Hints) {
		return
	}
	h := v.mapping.Hints[i]
	button.Disable()
	v.app.background(func(ctx context.Context) {
		err := v.app.site.ApplyHint(ctx, h)
		var problem string
		if err != nil {
			problem = errorText(err)
		}
		v.app.do(func() {
			if err != nil {
				button.Enable()
				v.showProblem(problem)
				return
			}
			v.app.toast(tr("toast.code.fixed", map[string]any{"From": h.StaffCode, "To": h.EmployeeNumber}))
			v.changed()
		})
	})
}

// openAdd opens the add-staff form for an employee SenseLink knows,
// prefilled with their number and name.
func (v *mappingView) openAdd(row int) {
	if row < 0 || row >= len(v.mapping.EmployeesWithoutStaff) {
		return
	}
	e := v.mapping.EmployeesWithoutStaff[row]
	if v.nearMatchOf(e.Number) != "" {
		return // the 修正 above is the way; the row offers no 追加
	}
	form := newStaffForm(v.app, nil)
	form.fill(e.Number, e.Name)
	cancel := widget.NewButtonWithIcon(tr("mapping.add.cancel"), theme.CancelIcon(), nil)
	d := dialog.NewCustomWithoutButtons(tr("mapping.add.title"), container.NewVBox(form.column(), form.problem), v.app.win)
	d.SetButtons([]fyne.CanvasObject{cancel, form.add})
	cancel.OnTapped = d.Hide
	form.onAdded = func(string) {
		d.Hide()
		v.changed()
	}
	v.adding = form
	d.Resize(fyne.NewSize(480, d.MinSize().Height))
	d.Show()
	v.app.win.Canvas().Focus(form.name)
}

// openPushOne registers one staff member SenseLink lacks. One whose code
// nearly matches an employee number SenseLink has is most likely that
// person: the dialog says so, since registering would make them twice.
func (v *mappingView) openPushOne(row int) {
	if row < 0 || row >= len(v.mapping.StaffWithoutEmployee) {
		return
	}
	m := v.mapping.StaffWithoutEmployee[row]
	v.pushing = showPushDialog(v.app, []pushCandidate{{code: m.Code, name: m.Name, nearMatch: v.nearMatch(m.Code)}}, v.changed)
}

// openPushAll registers every staff member SenseLink lacks, except those
// that nearly match an employee number (fix those with 修正 instead).
func (v *mappingView) openPushAll() {
	var people []pushCandidate
	for _, m := range v.mapping.StaffWithoutEmployee {
		if v.nearMatch(m.Code) == "" {
			people = append(people, pushCandidate{code: m.Code, name: m.Name})
		}
	}
	if len(people) > 0 {
		v.pushing = showPushDialog(v.app, people, v.changed)
	}
}

// nearMatch is the employee number a staff code nearly matches, or "".
// nearMatchOf is the staff code that nearly matches employee number n, or "".
func (v *mappingView) nearMatchOf(n string) string {
	for _, h := range v.mapping.Hints {
		if h.EmployeeNumber == n {
			return h.StaffCode
		}
	}
	return ""
}

func (v *mappingView) nearMatch(code string) string {
	for _, h := range v.mapping.Hints {
		if h.StaffCode == code {
			return h.EmployeeNumber
		}
	}
	return ""
}

// changed follows a change the view made to the staff.
func (v *mappingView) changed() {
	v.refresh()
	if v.onChanged != nil {
		v.onChanged()
	}
}

// mappingList is one of the mapping's lists: a titled table that is
// as tall as its rows (up to mappingVisibleRows), or "なし".
type mappingList struct {
	cols     []column[[]string]
	onAction func(row int) // called with the row whose button was tapped; nil for no buttons
	rows     [][]string    // touched only on the UI goroutine
	table    *widget.Table
	none     *widget.Label
	page     fyne.CanvasObject // the list with its sentence: the content of its tab
	// noAction rows show noActionText where their button would be.
	noAction     map[int]bool
	noActionText string
}

// newMappingList makes a list with cols; when onAction is set, each row
// ends with a button labelled action.
func newMappingList(cols []column[[]string], action string, onAction func(row int)) *mappingList {
	l := &mappingList{cols: cols, onAction: onAction}
	n := len(cols)
	if onAction != nil {
		n++ // the button column
	}
	l.table = &widget.Table{
		Length: func() (int, int) { return len(l.rows), n },
		CreateCell: func() fyne.CanvasObject {
			return container.NewStack(cellLabel(""),
				&widget.Button{Text: action, Icon: theme.ContentAddIcon()})
		},
		UpdateCell: l.updateCell,
	}
	setHeader(l.table, cols)
	if onAction != nil {
		l.table.SetColumnWidth(len(cols), widget.NewButtonWithIcon(action, theme.ContentAddIcon(), nil).MinSize().Width+theme.Padding()*2)
	}
	l.none = widget.NewLabel(tr("mapping.none"))
	l.table.Hide()
	return l
}

func (l *mappingList) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	cell := o.(*fyne.Container)
	label, button := cell.Objects[0].(*widget.Label), cell.Objects[1].(*widget.Button)
	if id.Col >= len(l.cols) && l.noAction[id.Row] {
		button.Hide()
		label.Show()
		label.SetText(l.noActionText)
		return
	}
	if id.Col >= len(l.cols) {
		label.Hide()
		button.Show()
		row := id.Row
		button.OnTapped = func() { l.onAction(row) }
		return
	}
	button.Hide()
	label.Show()
	label.SetText(l.cols[id.Col].text(l.rows[id.Row]))
}

// cellAt is the column text of a mapping row's i-th value.
func cellAt(i int) func([]string) string { return func(r []string) string { return r[i] } }

// section is the list under its title and a sentence on what to do.
func (l *mappingList) section(text string, below fyne.CanvasObject) fyne.CanvasObject {
	l.page = container.NewBorder(
		&widget.Label{Text: text, Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText}, below, nil, nil,
		container.NewStack(l.none, l.table))
	return l.page
}

// tab is the list's tab in tabs.
func (l *mappingList) tab(tabs *container.AppTabs) *container.TabItem {
	for _, t := range tabs.Items {
		if t.Content == l.page {
			return t
		}
	}
	return nil
}

func (l *mappingList) setRows(rows [][]string) {
	l.rows = rows
	if len(rows) == 0 {
		l.table.Hide()
		l.none.Show()
		return
	}
	l.none.Hide()
	l.table.Show()
	l.table.Refresh()
}
