package ui

import (
	"context"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/punchdesk/punchdesk/core/rules"
	"github.com/punchdesk/punchdesk/core/site"
	"github.com/punchdesk/punchdesk/core/staff"
)

// Dialogs and small widgets more than one screen uses.

// showAddPunchDialog adds a punch by another method (IC card, web, …) for
// a staff member; code and date preset the form (from a book day).
func showAddPunchDialog(app *App, code, date string, done func()) {
	staffSelect := newSelect(nil, nil)
	codes := map[string]string{}
	// A date from the calendar and a time checked as it is typed: free text
	// for both let a stray space or a missing time fail without a word.
	day := newDateEntry()
	if d, err := time.Parse(time.DateOnly, date); err == nil {
		day.SetDate(&d)
	}
	clock := &widget.Entry{PlaceHolder: tr("punch.add.time.placeholder")}
	var sources []string
	sourceOf := map[string]rules.Source{}
	for _, s := range site.OtherSources {
		sources = append(sources, sourceText(s))
		sourceOf[sourceText(s)] = s
	}
	source := newSelect(sources, nil)
	source.SetSelected(sourceText(rules.SourceAdmin))
	note := &widget.Entry{}
	problem := &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	app.background(func(ctx context.Context) {
		members, err := app.site.Staff(ctx)
		app.do(func() {
			if err != nil {
				problem.SetText(errorText(err))
				return
			}
			var options []string
			for _, m := range members {
				label := m.Code + " " + m.Name
				options = append(options, label)
				codes[label] = m.Code
				if m.Code == code {
					staffSelect.SetOptions(options)
					staffSelect.SetSelected(label)
				}
			}
			staffSelect.SetOptions(options)
		})
	})
	var d dialog.Dialog
	submit := &widget.Button{Text: tr("punch.add"), Icon: theme.ContentAddIcon(), Importance: widget.HighImportance}
	clock.OnChanged = func(text string) {
		if _, ok := clockOf(text); ok || strings.TrimSpace(text) == "" {
			problem.SetText("")
		} else {
			problem.SetText(tr("punch.add.time.invalid", map[string]any{"Text": text}))
		}
	}
	submit.OnTapped = func() {
		hhmm, ok := clockOf(clock.Text)
		switch {
		case codes[staffSelect.Selected] == "":
			problem.SetText(tr("punch.add.nostaff"))
			return
		case day.Date == nil:
			problem.SetText(tr("punch.add.nodate"))
			return
		case strings.TrimSpace(clock.Text) == "":
			problem.SetText(tr("punch.add.notime"))
			return
		case !ok:
			problem.SetText(tr("punch.add.time.invalid", map[string]any{"Text": clock.Text}))
			return
		}
		req := site.PunchRequest{StaffCode: codes[staffSelect.Selected], Time: day.Date.Format(time.DateOnly) + " " + hhmm,
			Source: string(sourceOf[source.Selected]), Note: note.Text}
		submit.Disable()
		app.background(func(ctx context.Context) {
			_, err := app.site.AddPunch(ctx, req)
			app.do(func() {
				submit.Enable()
				if err != nil {
					problem.SetText(errorText(err))
					return
				}
				d.Hide()
				app.toast(tr("toast.punch.added"))
				if done != nil {
					done()
				}
			})
		})
	}
	clock.OnSubmitted = func(string) { submit.OnTapped() }
	form := widget.NewForm(
		widget.NewFormItem(tr("punch.add.staff"), staffSelect),
		widget.NewFormItem(tr("punch.add.date"), day),
		widget.NewFormItem(tr("punch.add.time"), clock),
		widget.NewFormItem(tr("punch.add.source"), source),
		widget.NewFormItem(tr("punch.add.note"), note),
	)
	cancel := widget.NewButton(tr("common.cancel"), func() { d.Hide() })
	content := container.NewVBox(form, problem, container.NewHBox(layout.NewSpacer(), cancel, submit))
	d = dialog.NewCustomWithoutButtons(tr("punch.add.title"), content, app.win)
	d.Resize(fyne.NewSize(520, 320))
	d.Show()
	if day.Date != nil {
		app.win.Canvas().Focus(clock)
	}
}

// chooseCSVFile lets the administrator pick a .csv file and reads it off
// the UI goroutine (capped just over staff.MaxFileSize, which the parsers
// refuse), then hands it to use on that goroutine.
func chooseCSVFile(app *App, started func(), use func(ctx context.Context, name string, data []byte, err error)) {
	showFileChooser(app, tr("chooser.title.csv"), false, []string{".csv"}, "", func(path string) {
		name := filepath.Base(path)
		started()
		app.background(func(ctx context.Context) {
			data, err := readLimited(path, staff.MaxFileSize+1)
			use(ctx, name, data, err)
		})
	})
}

// problemList words a CSV's bad rows, one line each, by line number.
func problemList(name string, bad *staff.ImportError) string {
	lines := []string{tr("staff.import.problems", map[string]any{"File": name, "N": len(bad.Problems)}), ""}
	for _, p := range bad.Problems {
		if p.Line > 0 {
			lines = append(lines, tr("staff.import.line", map[string]any{"Line": p.Line, "Message": errorText(p.What)}))
		} else {
			lines = append(lines, errorText(p.What))
		}
	}
	return strings.Join(lines, "\n")
}

func wrapped(text string) *widget.Label {
	return &widget.Label{Text: text, Wrapping: fyne.TextWrapWord}
}

func layoutSpacer() fyne.CanvasObject { return layout.NewSpacer() }
