package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/punchdesk/punchdesk/core/domain"
)

// testPunchPoll is how often step 5 asks SenseLink for the test recognition.
const testPunchPoll = 3 * time.Second

// testPunch is wizard step 5: someone stands in front of the terminal, the
// wizard shows the name SenseLink recognised and the punch it became, and
// the administrator confirms both.
type testPunch struct {
	w         *wizard
	status    *widget.Label
	name      *widget.Label
	punch     *widget.Label
	nameOK    *widget.Check
	punchOK   *widget.Check
	done      *widget.Button
	demo      *widget.Button
	busy      *widget.ProgressBarInfinite
	stop      context.CancelFunc
	baseline  int64
	ready     bool // the baseline is known
	found     bool
	isDemoRun bool
}

func (w *wizard) stepTestPunch() fyne.CanvasObject {
	if w.test != nil && w.test.stop != nil {
		w.test.stop()
	}
	t := &testPunch{w: w}
	w.test = t
	t.status = wrapped(tr("wizard.test.waiting"))
	t.name = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}}
	t.punch = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}}
	t.nameOK = widget.NewCheck(tr("wizard.test.nameok"), func(bool) { t.update() })
	t.punchOK = widget.NewCheck(tr("wizard.test.punchok"), func(bool) { t.update() })
	t.nameOK.Hide()
	t.punchOK.Hide()
	t.done = &widget.Button{Text: tr("wizard.test.done"), Icon: theme.ConfirmIcon(), Importance: widget.HighImportance,
		OnTapped: func() { t.stopPolling(); w.finished() }}
	t.done.Disable()
	t.demo = widget.NewButtonWithIcon(tr("wizard.test.demo"), theme.AccountIcon(), t.demoRecognition)
	t.demo.Hide()
	t.busy = widget.NewProgressBarInfinite()
	later := widget.NewButton(tr("wizard.test.later"), func() { t.stopPolling(); w.finished() })
	back := widget.NewButtonWithIcon(tr("wizard.back"), theme.NavigateBackIcon(), func() { t.stopPolling(); w.show(4) })
	t.start()
	return container.NewVBox(
		widget.NewLabelWithStyle(tr("wizard.test.heading"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		wrapped(tr("wizard.test.text")),
		container.NewHBox(t.demo),
		t.busy,
		t.status,
		widget.NewForm(widget.NewFormItem(tr("wizard.test.name"), t.name), widget.NewFormItem(tr("wizard.test.punch"), t.punch)),
		t.nameOK, t.punchOK,
		container.NewHBox(back, layout.NewSpacer(), later, t.done),
	)
}

func (t *testPunch) update() {
	if t.found && t.nameOK.Checked && t.punchOK.Checked {
		t.done.Enable()
	} else {
		t.done.Disable()
	}
}

func (t *testPunch) stopPolling() {
	if t.stop != nil {
		t.stop()
		t.stop = nil
	}
}

// start notes the newest record, then polls until a newer one arrives.
func (t *testPunch) start() {
	app := t.w.app
	ctx, cancel := context.WithCancel(app.ctx)
	t.stop = cancel
	app.background(func(context.Context) {
		defer cancel()
		st, err := app.site.Status(ctx)
		if err != nil {
			app.do(func() { t.status.SetText(errorText(err)) })
			return
		}
		syncer, err := app.site.Syncer(ctx)
		if err != nil {
			app.do(func() { t.status.SetText(errorText(err)) })
			return
		}
		// What SenseLink already had is not the test punch: fetch it first,
		// then wait for something newer.
		if _, err := syncer.CatchUp(ctx, nil); err != nil && ctx.Err() == nil {
			app.do(func() { t.status.SetText(tr("wizard.test.error", map[string]any{"Error": errorText(err)})) })
		}
		baseline, err := app.site.LastRecordID(ctx)
		if err != nil {
			app.do(func() { t.status.SetText(errorText(err)) })
			return
		}
		app.do(func() {
			t.baseline = baseline
			t.ready = true
			if st.Demo {
				t.isDemoRun = true
				t.demo.Show()
			}
		})
		for {
			_, err := syncer.CatchUp(ctx, nil)
			if ctx.Err() != nil {
				return
			}
			if err != nil {
				app.do(func() { t.status.SetText(tr("wizard.test.error", map[string]any{"Error": errorText(err)})) })
			} else if row, ok, err := t.firstNew(ctx, baseline); err == nil && ok {
				text := t.describe(ctx, row)
				app.do(func() { t.show(row, text) })
				return
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(testPunchPoll):
			}
		}
	})
}

// firstNew returns the oldest record above the baseline.
func (t *testPunch) firstNew(ctx context.Context, baseline int64) (domain.LogRow, bool, error) {
	rows, err := t.w.app.site.LogRows(ctx, domain.RecordFilter{AfterID: baseline}, 0, 1000)
	if err != nil || len(rows) == 0 {
		return domain.LogRow{}, false, err
	}
	return rows[len(rows)-1], true, nil
}

// describe words the punch the record became in the attendance book.
func (t *testPunch) describe(ctx context.Context, row domain.LogRow) string {
	loc, err := t.w.app.site.Location(ctx)
	if err != nil {
		loc = time.Local
	}
	when := row.SignTime.In(loc).Format("1/2 15:04")
	if row.StaffCode == "" {
		return tr("wizard.test.unlinked", map[string]any{"Time": when})
	}
	became := tr(outcomeKeys[row.Outcome()])
	return tr("wizard.test.became", map[string]any{"Code": row.StaffCode, "Time": when, "Punch": became})
}

func (t *testPunch) show(row domain.LogRow, became string) {
	t.found = true
	t.busy.Stop()
	t.busy.Hide()
	t.status.SetText(tr("wizard.test.arrived"))
	name := row.UserName
	if name == "" {
		name = tr("log.stranger.name")
	}
	number := "-"
	if row.JobNumber != nil {
		number = *row.JobNumber
	}
	t.name.SetText(tr("wizard.test.nametext", map[string]any{"Name": name, "Number": number}))
	t.punch.SetText(became)
	t.nameOK.Show()
	t.punchOK.Show()
	t.demo.Hide()
	t.update()
}

func (t *testPunch) demoRecognition() {
	app := t.w.app
	t.demo.Disable()
	app.background(func(ctx context.Context) {
		_, err := app.site.DemoRecognition()
		app.do(func() {
			t.demo.Enable()
			if err != nil {
				t.status.SetText(errorText(err))
			}
		})
	})
}
