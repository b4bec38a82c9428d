package ui

import (
	"context"
	"fmt"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/punchdesk/punchdesk/core/site"
)

// pushPerson is one row of the register-in-SenseLink dialog.
type pushPerson struct {
	code, name string
	photo      string // chosen photo file, "" for none
	photoLabel *widget.Label
	choose     *widget.Button
	result     *widget.Label
	nearMatch  string // an employee number SenseLink has that the code nearly matches
}

// showWarning shows what is to know before sending (a near match), or
// nothing.
func (p *pushPerson) showWarning() {
	if p.nearMatch == "" {
		p.result.Hide()
		return
	}
	p.result.Importance = widget.WarningImportance
	p.result.SetText(tr("push.nearmatch", map[string]any{"Number": p.nearMatch}))
	p.result.Show()
}

// pushDialog registers staff in SenseLink (SPEC §2 step 3): each person
// with an optional face photo, each with a result of their own.
type pushDialog struct {
	app     *App
	people  []*pushPerson
	d       *dialog.CustomDialog
	send    *widget.Button
	cancel  *widget.Button
	busy    *widget.ProgressBar
	summary *widget.Label
	// onDone runs on the UI goroutine after a registration, to refresh
	// the lists.
	onDone func()
}

// pushCandidate is a staff member the dialog is opened for.
type pushCandidate struct {
	code, name string
	nearMatch  string // an employee number SenseLink has that the code nearly matches
}

// showPushDialog opens the dialog for the given staff.
func showPushDialog(app *App, staff []pushCandidate, onDone func()) *pushDialog {
	p := &pushDialog{app: app, onDone: onDone}
	rows := container.NewVBox()
	for _, s := range staff {
		person := &pushPerson{code: s.code, name: s.name,
			photoLabel: &widget.Label{Text: tr("push.nophoto"), Truncation: fyne.TextTruncateEllipsis},
			result:     &widget.Label{Wrapping: fyne.TextWrapWord}}
		person.choose = widget.NewButtonWithIcon(tr("push.choosephoto"), theme.FileImageIcon(), func() { p.choosePhoto(person) })
		person.nearMatch = s.nearMatch
		person.showWarning()
		p.people = append(p.people, person)
		who := widget.NewLabelWithStyle(fmt.Sprintf("%s  %s", person.code, person.name), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		rows.Add(container.NewVBox(
			container.NewBorder(nil, nil, who, person.choose, person.photoLabel),
			person.result, widget.NewSeparator()))
	}
	scroll := container.NewVScroll(rows)
	scroll.SetMinSize(fyne.NewSize(560, min(float32(len(staff))*72, 300)))
	p.busy = widget.NewProgressBar()
	p.busy.Hide()
	p.summary = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord}
	p.summary.Hide()
	intro := &widget.Label{Text: tr("push.text"), Wrapping: fyne.TextWrapWord}
	p.send = &widget.Button{Text: tr("push.send", map[string]any{"N": len(staff)}), Icon: theme.UploadIcon(),
		Importance: widget.HighImportance, OnTapped: p.register}
	p.cancel = widget.NewButtonWithIcon(tr("push.cancel"), theme.CancelIcon(), nil)
	p.d = dialog.NewCustomWithoutButtons(tr("push.title"), container.NewBorder(intro, container.NewVBox(p.busy, p.summary), nil, nil, scroll), app.win)
	p.d.SetButtons([]fyne.CanvasObject{p.cancel, p.send})
	p.cancel.OnTapped = p.d.Hide
	p.d.Resize(fyne.NewSize(640, p.d.MinSize().Height))
	p.d.Show()
	return p
}

// choosePhoto picks a face photo and checks it at once, so that a file
// SenseLink would refuse is named before anything is sent.
func (p *pushDialog) choosePhoto(person *pushPerson) {
	showFileChooser(p.app, tr("chooser.title.photo"), false, []string{".jpg", ".jpeg", ".png"}, "", func(path string) {
		name := filepath.Base(path)
		// Reading the file is I/O: off the UI goroutine (it may be on a share).
		p.app.background(func(context.Context) {
			err := site.CheckPhotoFile(path)
			p.app.do(func() {
				if err != nil {
					person.photo = ""
					person.photoLabel.SetText(tr("push.nophoto"))
					person.result.Importance = widget.DangerImportance
					person.result.SetText(pushErrorText(err))
					person.result.Show()
					return
				}
				person.photo = path
				person.photoLabel.SetText(name)
				person.showWarning()
			})
		})
	})
}

func (p *pushDialog) register() {
	people := make([]site.PushPerson, len(p.people))
	for i, person := range p.people {
		people[i] = site.PushPerson{Code: person.code, PhotoPath: person.photo}
		person.choose.Disable()
	}
	p.send.Disable()
	p.cancel.Disable()
	p.busy.SetValue(0)
	p.busy.Show()
	p.app.background(func(ctx context.Context) {
		results, err := p.app.site.PushStaff(ctx, people, func(done, total int) {
			p.app.do(func() { p.busy.SetValue(float64(done) / float64(total)) })
		})
		p.app.do(func() { p.show(results, err) })
	})
}

// show puts each person's result under their row and turns the dialog's
// buttons into one that closes it.
func (p *pushDialog) show(results []site.PushResult, err error) {
	p.busy.Hide()
	registered := 0
	for i, r := range results {
		if i >= len(p.people) {
			break
		}
		label := p.people[i].result
		switch r.Outcome {
		case site.PushRegistered:
			registered++
			label.Importance = widget.SuccessImportance
			label.SetText(tr("push.done.photo"))
			if !r.WithPhoto {
				label.Importance = widget.WarningImportance
				label.SetText(tr("push.done.nophoto"))
			}
		case site.PushAlreadyThere:
			label.Importance = widget.MediumImportance
			label.SetText(tr("push.already"))
		default:
			label.Importance = widget.DangerImportance
			label.SetText(pushErrorText(r.Err))
		}
		label.Show()
	}
	if err != nil {
		dialog.ShowError(errorForPerson(err), p.app.win)
	}
	p.cancel.SetText(tr("push.close"))
	p.cancel.SetIcon(theme.ConfirmIcon())
	p.cancel.Enable()
	p.send.Hide()
	p.summary.SetText(tr("push.summary", map[string]any{"N": registered, "Total": len(results)}))
	p.summary.Show()
	if p.onDone != nil {
		p.onDone()
	}
}

// pushErrorText words a failed registration: a refused photo or unknown
// code in PunchDesk's words, SenseLink's failures as everywhere else, with
// SenseLink's own message for support.
func pushErrorText(err error) string {
	if problem := site.PhotoProblemOf(err); problem != nil {
		if problem.Size > 4<<20 {
			return tr("push.photo.toobig", map[string]any{"MB": fmt.Sprintf("%.1f", float64(problem.Size)/(1<<20))})
		}
		return tr("push.photo.nottype")
	}
	return tr("push.failed", map[string]any{"Text": errorText(err)})
}
