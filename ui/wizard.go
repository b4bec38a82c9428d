package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/punchdesk/punchdesk/core/site"
)

// wizardSteps is how many steps the setup wizard has in this version.
const wizardSteps = 5

// wizard is the first-run setup: a stack whose body is swapped per step.
type wizard struct {
	app    *App
	done   func()
	body   *fyne.Container
	stepNo *widget.Label
	// demo is set once the built-in stand-in was linked: the remaining
	// steps say so, since step 2 (the AppKey) was skipped for it.
	demo bool

	// Step 1: where the AppKey comes from, which server.
	serverChoice *widget.RadioGroup
	customURL    *widget.Entry
	demoButton   *widget.Button
	demoBusy     *widget.ProgressBarInfinite

	// Step 2: the pair and the 連携 button.
	appKey     *widget.Entry
	appSecret  *widget.Entry
	linkButton *widget.Button
	backButton *widget.Button
	busy       *widget.ProgressBarInfinite
	problem    *widget.Label
	detail     *widget.Label

	// Step 3: staff mapping; step 4: terminal checklist and punch rules.
	staff    *staffTab
	settings *settingsForm
	checks   []*widget.Check
	finish   *widget.Button
	test     *testPunch

	content fyne.CanvasObject
	step    int
}

func newWizard(app *App, done func()) *wizard {
	w := &wizard{app: app, done: done}
	w.stepNo = widget.NewLabel("")
	w.stepNo.TextStyle = fyne.TextStyle{Bold: true}
	w.body = container.NewStack()

	cloud := tr("wizard.server.cloud", map[string]any{"URL": site.DefaultServer})
	custom := tr("wizard.server.custom")
	w.customURL = &widget.Entry{PlaceHolder: "https://senselink.example.local:8443"}
	w.customURL.Disable()
	w.serverChoice = widget.NewRadioGroup([]string{cloud, custom}, func(choice string) {
		if choice == custom {
			w.customURL.Enable()
		} else {
			w.customURL.Disable()
		}
	})
	w.serverChoice.Required = true
	w.serverChoice.SetSelected(cloud)

	w.appKey = &widget.Entry{PlaceHolder: tr("wizard.appkey.placeholder")}
	w.appSecret = widget.NewPasswordEntry()
	w.appSecret.PlaceHolder = tr("wizard.appsecret.placeholder")
	w.appKey.OnSubmitted = func(string) { w.app.win.Canvas().Focus(w.appSecret) }
	w.appSecret.OnSubmitted = func(string) { w.link() }
	w.linkButton = &widget.Button{Text: tr("wizard.link"), Icon: theme.ConfirmIcon(), Importance: widget.HighImportance, OnTapped: w.link}
	w.backButton = widget.NewButtonWithIcon(tr("wizard.back"), theme.NavigateBackIcon(), func() { w.show(1) })
	w.busy = widget.NewProgressBarInfinite()
	w.busy.Hide()
	w.busy.Stop()
	w.problem = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	w.detail = &widget.Label{Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText}

	w.demoButton = widget.NewButtonWithIcon(tr("wizard.demo.button"), theme.MediaPlayIcon(), w.linkDemo)
	w.demoBusy = widget.NewProgressBarInfinite()
	w.demoBusy.Hide()
	w.demoBusy.Stop()

	title := widget.NewLabelWithStyle(tr("wizard.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	w.content = container.NewPadded(container.NewBorder(
		container.NewVBox(title, w.stepNo, widget.NewSeparator()), nil, nil, nil,
		container.NewVScroll(w.body)))
	w.show(1)
	return w
}

func (w *wizard) show(step int) {
	w.step = step
	w.stepNo.SetText(tr("wizard.step", map[string]any{"N": step, "Total": wizardSteps}))
	if w.demo && step > 2 {
		w.stepNo.SetText(tr("wizard.step.demo", map[string]any{"N": step, "Total": wizardSteps}))
	}
	switch step {
	case 1:
		w.body.Objects = []fyne.CanvasObject{w.stepAppKey()}
	case 2:
		w.body.Objects = []fyne.CanvasObject{w.stepLink()}
	case 3:
		w.body.Objects = []fyne.CanvasObject{w.stepStaff()}
	case 4:
		w.body.Objects = []fyne.CanvasObject{w.stepTerminal()}
	case 5:
		w.body.Objects = []fyne.CanvasObject{w.stepTestPunch()}
	}
	w.body.Refresh()
	w.focusFirst()
}

func (w *wizard) focusFirst() {
	if w.step == 2 && w.app.win.Canvas() != nil {
		w.app.win.Canvas().Focus(w.appKey)
	}
}

func (w *wizard) stepAppKey() fyne.CanvasObject {
	next := &widget.Button{Text: tr("wizard.next"), Icon: theme.NavigateNextIcon(), Importance: widget.HighImportance,
		OnTapped: func() { w.show(2) }}
	demo := widget.NewCard(tr("wizard.demo.title"), "", container.NewVBox(
		wrapped(tr("wizard.demo.text")),
		container.NewHBox(w.demoButton), w.demoBusy))
	return container.NewVBox(
		widget.NewLabelWithStyle(tr("wizard.appkey.heading"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		wrapped(tr("wizard.appkey.where")),
		wrapped(tr("wizard.appkey.path")),
		wrapped(tr("wizard.appkey.superadmin")),
		wrapped(tr("wizard.appkey.plan")),
		widget.NewSeparator(),
		widget.NewLabelWithStyle(tr("wizard.server.heading"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		w.serverChoice,
		w.customURL,
		container.NewHBox(layout.NewSpacer(), next),
		widget.NewSeparator(),
		demo,
	)
}

func (w *wizard) stepLink() fyne.CanvasObject {
	form := widget.NewForm(
		widget.NewFormItem(tr("wizard.appkey.label"), w.appKey),
		widget.NewFormItem(tr("wizard.appsecret.label"), w.appSecret),
	)
	return container.NewVBox(
		widget.NewLabelWithStyle(tr("wizard.link.heading"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		wrapped(tr("wizard.link.text")),
		wrapped(tr("wizard.link.server", map[string]any{"URL": w.serverURL()})),
		form,
		container.NewHBox(w.backButton, layout.NewSpacer(), w.linkButton),
		w.busy,
		w.problem,
		w.detail,
	)
}

// serverURL is the chosen server as typed; the site normalises it.
func (w *wizard) serverURL() string {
	if w.serverChoice.Selected == tr("wizard.server.custom") {
		return w.customURL.Text
	}
	return site.DefaultServer
}

func (w *wizard) setBusy(busy bool) {
	for _, d := range []fyne.Disableable{w.linkButton, w.backButton, w.appKey, w.appSecret, w.demoButton} {
		if busy {
			d.Disable()
		} else {
			d.Enable()
		}
	}
	if busy {
		w.busy.Show()
		w.busy.Start()
	} else {
		w.busy.Stop()
		w.busy.Hide()
	}
}

func (w *wizard) showProblem(err error) {
	if err == nil {
		w.problem.SetText("")
		w.detail.SetText("")
		return
	}
	w.problem.SetText(errorText(err))
	w.detail.SetText("")
}

// link proves the pair with SenseLink and stores it; nothing is stored when
// it fails, and each cause gets its own message.
func (w *wizard) link() {
	if w.linkButton.Disabled() {
		return
	}
	req := site.LinkRequest{Server: w.serverURL(), AppKey: w.appKey.Text, AppSecret: w.appSecret.Text}
	w.showProblem(nil)
	w.setBusy(true)
	w.app.background(func(ctx context.Context) {
		err := w.app.site.Link(ctx, req)
		w.app.do(func() {
			w.setBusy(false)
			if err != nil {
				w.showProblem(err)
				return
			}
			w.appSecret.SetText("") // the keychain has it now; don't keep it on screen
			w.show(3)
		})
	})
}

func (w *wizard) linkDemo() {
	w.demoButton.Disable()
	w.demoBusy.Show()
	w.demoBusy.Start()
	w.app.background(func(ctx context.Context) {
		err := w.app.site.LinkDemo(ctx)
		w.app.do(func() {
			w.demoBusy.Stop()
			w.demoBusy.Hide()
			w.demoButton.Enable()
			if err != nil {
				w.app.showError(err)
				return
			}
			w.demo = true
			w.show(3)
		})
	})
}

// stepStaff maps PunchDesk's staff codes to SenseLink's employee numbers.
func (w *wizard) stepStaff() fyne.CanvasObject {
	if w.staff == nil {
		w.staff = newStaffTab(w.app)
	}
	w.staff.refresh()
	next := &widget.Button{Text: tr("wizard.next"), Icon: theme.NavigateNextIcon(), Importance: widget.HighImportance,
		OnTapped: func() { w.show(4) }}
	return container.NewBorder(
		container.NewVBox(
			widget.NewLabelWithStyle(tr("wizard.staff.heading"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			wrapped(tr("wizard.staff.text")),
			wrapped(tr("wizard.staff.nosync"))),
		container.NewHBox(layout.NewSpacer(), next), nil, nil,
		w.staff.content)
}

// checklistKeys are what the administrator must set on the terminal and in
// SenseLink Cloud, which PunchDesk cannot see; the last two are required.
var checklistKeys = []struct {
	key      string
	required bool
}{
	{"wizard.check.temperature", false},
	{"wizard.check.mask", false},
	{"wizard.check.terminalsave", true},
	{"wizard.check.cloudsave", true},
}

// stepTerminal is the checklist of terminal and cloud settings, and the
// punch option and remark checks that follow from them.
func (w *wizard) stepTerminal() fyne.CanvasObject {
	if w.settings == nil {
		w.settings = newSettingsForm(w.app)
		w.settings.load()
		w.finish = &widget.Button{Text: tr("wizard.next"), Icon: theme.ConfirmIcon(), Importance: widget.HighImportance,
			OnTapped: func() { w.settings.save(false, func() { w.show(5) }) }}
		w.checks = nil
		for _, c := range checklistKeys {
			check := widget.NewCheck(tr(c.key), func(bool) { w.updateFinish() })
			w.checks = append(w.checks, check)
		}
	}
	w.updateFinish()
	list := container.NewVBox()
	for _, c := range w.checks {
		list.Add(c)
	}
	back := widget.NewButtonWithIcon(tr("wizard.back"), theme.NavigateBackIcon(), func() { w.show(3) })
	return container.NewVBox(
		widget.NewLabelWithStyle(tr("wizard.terminal.heading"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		wrapped(tr("wizard.terminal.text")),
		list,
		wrapped(tr("wizard.terminal.required")),
		widget.NewSeparator(),
		w.settings.rulesForm(),
		container.NewHBox(back, layout.NewSpacer(), w.finish),
		w.settings.problem,
	)
}

// updateFinish allows finishing only when the required settings are
// confirmed: without record saving nothing ever reaches the API.
func (w *wizard) updateFinish() {
	for i, c := range checklistKeys {
		if c.required && !w.checks[i].Checked {
			w.finish.Disable()
			return
		}
	}
	w.finish.Enable()
}

// finished shows the closing page of this version's wizard.
func (w *wizard) finished() {
	w.stepNo.SetText(tr("wizard.done.step"))
	open := &widget.Button{Text: tr("wizard.done.open"), Icon: theme.ConfirmIcon(), Importance: widget.HighImportance, OnTapped: w.done}
	heading, text := tr("wizard.done.heading"), tr("wizard.done.text")
	if w.demo {
		heading, text = tr("wizard.done.demo.heading"), tr("wizard.done.demo.text")
	}
	w.body.Objects = []fyne.CanvasObject{container.NewVBox(
		widget.NewLabelWithStyle(heading, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		wrapped(text),
		container.NewHBox(layout.NewSpacer(), open),
	)}
	w.body.Refresh()
	w.app.win.Canvas().Focus(open)
}
