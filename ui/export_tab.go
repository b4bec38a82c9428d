package ui

import (
	"context"
	"errors"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/punchdesk/punchdesk/core/site"
	"github.com/punchdesk/punchdesk/core/userdir"
)

// exportTab writes the monthly Excel workbook (SPEC §8).
type exportTab struct {
	app      *App
	month    time.Time // first day of the chosen month
	monthLbl *widget.Label
	group    *widget.Select
	byStaff  *widget.Check // select by the staff member's own group, not by where they punched
	perStaff *widget.Check
	decimal  *widget.Check
	folder   *widget.Entry
	file     *widget.Entry
	run      *widget.Button
	cancel   *widget.Button
	progress *widget.ProgressBar
	result   *widget.Label
	openDir  *widget.Button
	content  fyne.CanvasObject

	stop context.CancelFunc
}

func newExportTab(app *App) *exportTab {
	e := &exportTab{app: app}
	now := time.Now()
	e.month = time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	e.monthLbl = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { e.setMonth(e.month.AddDate(0, -1, 0)) })
	next := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { e.setMonth(e.month.AddDate(0, 1, 0)) })
	e.group = newSelect([]string{tr("export.group.all")}, nil)
	e.group.SetSelected(tr("export.group.all"))
	e.byStaff = widget.NewCheck(tr("export.group.bystaff"), nil)
	e.perStaff = widget.NewCheck(tr("export.perstaff"), nil)
	e.decimal = widget.NewCheck(tr("export.decimal"), nil)
	e.folder = &widget.Entry{Text: userdir.Documents()}
	e.file = &widget.Entry{}
	e.file.OnSubmitted = func(string) { e.export() }
	browse := widget.NewButtonWithIcon(tr("export.browse"), theme.FolderOpenIcon(), e.chooseFolder)
	e.run = &widget.Button{Text: tr("export.run"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: e.export}
	e.cancel = widget.NewButtonWithIcon(tr("common.cancel"), theme.CancelIcon(), func() {
		if e.stop != nil {
			e.stop()
		}
	})
	e.cancel.Hide()
	e.progress = widget.NewProgressBar()
	e.progress.Hide()
	e.result = &widget.Label{Wrapping: fyne.TextWrapWord}
	e.openDir = widget.NewButtonWithIcon(tr("export.opendir"), theme.FolderOpenIcon(), e.openFolder)
	e.openDir.Hide()
	e.setMonth(e.month)

	form := widget.NewForm(
		widget.NewFormItem(tr("export.month"), container.NewHBox(prev, e.monthLbl, next)),
		widget.NewFormItem(tr("export.group"), container.NewVBox(e.group, e.byStaff)),
		widget.NewFormItem(tr("export.options"), container.NewVBox(e.perStaff, e.decimal)),
		widget.NewFormItem(tr("export.folder"), container.NewBorder(nil, nil, nil, browse, e.folder)),
		widget.NewFormItem(tr("export.file"), e.file),
	)
	e.content = container.NewVScroll(container.NewVBox(
		widget.NewLabelWithStyle(tr("export.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		wrapped(tr("export.text")),
		form,
		container.NewHBox(layout.NewSpacer(), e.cancel, e.run),
		e.progress,
		e.result,
		container.NewHBox(e.openDir),
	))
	return e
}

func (e *exportTab) setMonth(m time.Time) {
	e.month = m
	e.monthLbl.SetText(monthText(m))
	e.file.SetText(tr("export.filename", map[string]any{"Month": m.Format("2006-01")}) + ".xlsx")
}

// refresh reads the groups for the chooser: the terminals' location
// groups and the staff groups.
func (e *exportTab) refresh() {
	app := e.app
	app.background(func(ctx context.Context) {
		members, err := app.site.Staff(ctx)
		var terminals map[string]string
		if err == nil {
			_, terminals, err = app.site.Settings(ctx)
		}
		app.do(func() {
			if err != nil {
				e.result.SetText(errorText(err))
				return
			}
			groups := map[string]bool{}
			for _, m := range members {
				groups[m.Group] = true
			}
			for _, g := range terminals {
				groups[g] = true
			}
			delete(groups, "")
			options := append([]string{tr("export.group.all")}, site.SortedTerminals(boolKeys(groups))...)
			e.group.SetOptions(options)
		})
	})
}

// boolKeys turns a set into the map SortedTerminals sorts.
func boolKeys(set map[string]bool) map[string]string {
	out := make(map[string]string, len(set))
	for k := range set {
		out[k] = k
	}
	return out
}

func (e *exportTab) chooseFolder() {
	showFileChooser(e.app, tr("chooser.title.folder"), true, nil, strings.TrimSpace(e.folder.Text), func(dir string) {
		e.folder.SetText(dir)
	})
}

// path is the workbook the form names.
func (e *exportTab) path() string {
	name := strings.TrimSpace(e.file.Text)
	if !strings.EqualFold(filepath.Ext(name), ".xlsx") {
		name += ".xlsx"
	}
	return filepath.Join(strings.TrimSpace(e.folder.Text), name)
}

// export writes the workbook in the background with progress; it can be
// cancelled, and a failure leaves nothing behind.
func (e *exportTab) export() {
	group := ""
	if e.group.Selected != tr("export.group.all") {
		group = e.group.Selected
	}
	req := site.ExportRequest{Month: e.month.Format("2006-01"), Group: group, ByStaffGroup: e.byStaff.Checked, PerStaff: e.perStaff.Checked,
		DecimalHours: e.decimal.Checked, Path: e.path()}
	// Whether the file exists is asked off the UI goroutine: the folder
	// may be on a slow network share.
	e.app.background(func(context.Context) {
		_, err := os.Stat(req.Path)
		exists := err == nil
		dir := filepath.Dir(req.Path)
		_, err = os.Stat(dir)
		missingDir := errors.Is(err, fs.ErrNotExist)
		e.app.do(func() {
			if missingDir {
				dialog.ShowConfirm(tr("export.mkdir.title"), tr("export.mkdir", map[string]any{"Dir": dir}), func(ok bool) {
					if ok {
						e.makeFolderAndStart(dir, req)
					}
				}, e.app.win)
				return
			}
			if !exists {
				e.start(req)
				return
			}
			dialog.ShowConfirm(tr("export.overwrite.title"), tr("export.overwrite", map[string]any{"Path": req.Path}), func(ok bool) {
				if ok {
					e.start(req)
				}
			}, e.app.win)
		})
	})
}

// makeFolderAndStart makes the missing folder the person agreed to, then
// exports into it.
func (e *exportTab) makeFolderAndStart(dir string, req site.ExportRequest) {
	e.app.background(func(context.Context) {
		err := os.MkdirAll(dir, 0o755)
		e.app.do(func() {
			if err != nil {
				e.result.Importance = widget.DangerImportance
				e.result.SetText(tr("export.mkdir.failed", map[string]any{"Dir": dir, "Error": errorText(err)}))
				return
			}
			e.start(req)
		})
	})
}

func (e *exportTab) start(req site.ExportRequest) {
	ctx, cancel := context.WithCancel(e.app.ctx)
	e.stop = cancel
	e.run.Disable()
	e.cancel.Show()
	e.openDir.Hide()
	e.result.SetText("")
	e.progress.SetValue(0)
	e.progress.Show()
	e.app.background(func(context.Context) {
		defer cancel()
		err := e.app.site.Export(ctx, req, func(done, total int) {
			if total > 0 {
				v := float64(done) / float64(total)
				e.app.do(func() { e.progress.SetValue(v) })
			}
		})
		e.app.do(func() {
			e.run.Enable()
			e.cancel.Hide()
			e.progress.Hide()
			switch {
			case ctx.Err() != nil && err != nil:
				e.result.Importance = widget.MediumImportance
				e.result.SetText(tr("export.cancelled"))
			case err != nil:
				e.result.Importance = widget.DangerImportance
				e.result.SetText(tr("export.failed", map[string]any{"Error": errorText(err)}))
			default:
				e.result.Importance = widget.SuccessImportance
				e.result.SetText(tr("export.done", map[string]any{"Path": req.Path}))
				e.openDir.Show()
			}
		})
	})
}

func (e *exportTab) openFolder() {
	u := &url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Dir(e.path()))}
	if err := e.app.fyneApp.OpenURL(u); err != nil {
		e.result.SetText(errorText(err))
	}
}
