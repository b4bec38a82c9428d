package ui

import (
	"context"
	"errors"
	"log"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/punchdesk/punchdesk/core/recordsync"
)

// mainScreen is what a linked site shows: the live log under a toolbar,
// with the sync status along the bottom.
type mainScreen struct {
	app      *App
	log      *recordLog
	filter   *logFilter
	book     *bookTab
	staff    *staffTab
	settings *settingsTab
	review   *reviewTab
	check    *checkTab
	audit    *auditTab
	export   *exportTab
	tabs     *container.AppTabs
	// reviewItem's title carries the pending count, and a badge in the
	// toolbar repeats it, so that pending punches cannot be missed.
	reviewItem   *container.TabItem
	checkItem    *container.TabItem
	pendingBadge *widget.Button
	status       *statusLine
	toast        *toastLine
	syncNow      *widget.Button
	demoRec      *widget.Button
	relink       *widget.Button
	content      fyne.CanvasObject
}

func newMainScreen(app *App) *mainScreen {
	m := &mainScreen{app: app}
	m.status = newStatusLine()
	m.toast = newToastLine()
	m.status.cancel.OnTapped = func() {
		// Whatever was stored stays; the next start continues from there.
		m.app.stopWatcher()
		m.status.setPaused(true)
	}
	m.status.resume.OnTapped = func() {
		m.status.setPaused(false)
		m.app.startWatcher()
	}
	m.log = newRecordLog(app, m.status.showError)
	m.syncNow = widget.NewButtonWithIcon(tr("main.syncnow"), theme.ViewRefreshIcon(), app.pollNow)
	m.demoRec = widget.NewButtonWithIcon(tr("main.demo.recognize"), theme.AccountIcon(), m.demoRecognition)
	m.demoRec.Hide()
	m.relink = &widget.Button{Text: tr("main.relink"), Icon: theme.SettingsIcon(), OnTapped: m.confirmRelink}
	m.pendingBadge = &widget.Button{Icon: theme.WarningIcon(), Importance: widget.WarningImportance, OnTapped: func() {
		m.tabs.Select(m.reviewItem)
	}}
	m.pendingBadge.Hide()

	title := widget.NewLabelWithStyle(tr("log.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	m.filter = newLogFilter(m.log)
	toolbar := container.NewVBox(container.NewHBox(title, layoutSpacer(), m.pendingBadge, m.demoRec, m.syncNow, m.relink), m.filter.content)
	// The empty-state label sits over the table, which is laid out at its
	// full size from the start (see STYLE.md on Fyne tables).
	logView := container.NewStack(m.log.table, container.NewCenter(m.log.empty))
	m.book = newBookTab(app)
	m.staff = newStaffTab(app)
	m.settings = newSettingsTab(app)
	m.review = newReviewTab(app)
	m.reviewItem = container.NewTabItemWithIcon(tr("tab.review"), theme.QuestionIcon(), m.review.content)
	m.check = newCheckTab(app)
	m.checkItem = container.NewTabItemWithIcon(tr("tab.check"), theme.WarningIcon(), m.check.content)
	m.check.openDay = m.book.openDetails
	m.check.onCount = m.showCheckCount
	m.audit = newAuditTab(app)
	m.export = newExportTab(app)
	tabs := container.NewAppTabs(
		container.NewTabItemWithIcon(tr("tab.log"), theme.ListIcon(), container.NewBorder(toolbar, nil, nil, nil, logView)),
		container.NewTabItemWithIcon(tr("tab.book"), theme.GridIcon(), m.book.content),
		m.reviewItem,
		m.checkItem,
		container.NewTabItemWithIcon(tr("tab.staff"), theme.AccountIcon(), m.staff.content),
		container.NewTabItemWithIcon(tr("tab.export"), theme.DocumentSaveIcon(), m.export.content),
		container.NewTabItemWithIcon(tr("tab.audit"), theme.HistoryIcon(), m.audit.content),
		container.NewTabItemWithIcon(tr("tab.settings"), theme.SettingsIcon(), m.settings.content),
	)
	m.tabs = tabs
	m.review.onCount = m.showPendingCount
	m.addTabShortcuts()
	tabs.OnSelected = func(t *container.TabItem) {
		// Each tab reads fresh data when shown.
		switch t.Content {
		case m.book.content:
			m.book.refresh()
		case m.staff.content:
			m.staff.refresh()
		case m.settings.content:
			m.settings.form.load()
			m.settings.holidays.load()
		case m.review.content:
			m.review.refresh()
		case m.check.content:
			m.check.refresh()
		case m.audit.content:
			m.audit.refresh()
		case m.export.content:
			m.export.refresh()
		}
	}
	m.content = container.NewBorder(nil, container.NewVBox(m.toast.content, m.status.content), nil, nil, tabs)
	return m
}

// start loads the first page and shows demo controls when linked to the
// built-in stand-in.
func (m *mainScreen) start() {
	m.log.reload()
	m.filter.loadStaff()
	m.review.refresh()
	m.check.refresh()
	m.app.background(func(ctx context.Context) {
		st, err := m.app.site.Status(ctx)
		var loc *time.Location
		if err == nil {
			loc, err = m.app.site.Location(ctx)
		}
		m.app.do(func() {
			if err != nil {
				m.status.showError(err)
				return
			}
			m.status.loc = loc
			m.status.setServer(st.Server, st.Demo)
			m.status.lastSuccess = st.Sync.LastSuccess
			if st.Sync.LastError != "" {
				m.status.setLastError(st.Sync.LastError, st.Sync.LastErrorAt)
			}
			m.status.setKeptAside(st.Sync.BadRows, st.Sync.Conflicts)
			m.status.render()
			if st.Demo {
				m.demoRec.Show()
			}
		})
	})
}

// tabKeys are the keys that, with Ctrl (Cmd on macOS), switch to the tabs
// in order.
var tabKeys = []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7, fyne.Key8, fyne.Key9}

// addTabShortcuts lets the keyboard switch tabs: Ctrl+1 is the log, Ctrl+2
// the attendance book, and so on.
func (m *mainScreen) addTabShortcuts() {
	canvas := m.app.win.Canvas()
	for i, item := range m.tabs.Items {
		if i >= len(tabKeys) {
			break
		}
		item := item
		sc := &desktop.CustomShortcut{KeyName: tabKeys[i], Modifier: fyne.KeyModifierShortcutDefault}
		canvas.RemoveShortcut(sc)
		canvas.AddShortcut(sc, func(fyne.Shortcut) { m.tabs.Select(item) })
	}
}

// refreshDerived reloads what shows derived punches: the answer to
// App.punchesChanged while the main screen shows.
func (m *mainScreen) refreshDerived() {
	m.log.reload()
	m.filter.loadStaff()
	m.book.refresh()
	m.review.refresh()
	m.check.refresh()
}

// showPendingCount puts the queue's size on its tab and in the toolbar.
func (m *mainScreen) showPendingCount(n int) {
	if n == 0 {
		m.reviewItem.Text = tr("tab.review")
		m.pendingBadge.Hide()
	} else {
		m.reviewItem.Text = tr("tab.review.n", map[string]any{"N": n})
		m.pendingBadge.SetText(tr("main.pending", map[string]any{"N": n}))
		m.pendingBadge.Show()
	}
	m.tabs.Refresh()
}

// showCheckCount puts the number of days that need a look on their tab.
func (m *mainScreen) showCheckCount(n int) {
	m.checkItem.Text = tr("tab.check")
	if n > 0 {
		m.checkItem.Text = tr("tab.check.n", map[string]any{"N": n})
	}
	m.tabs.Refresh()
}

// onSyncStatus runs on the UI goroutine for every watcher update.
func (m *mainScreen) onSyncStatus(st recordsync.Status) {
	if st.LastError != nil && (st.State == recordsync.StateBackoff || st.State == recordsync.StateStopped) {
		log.Printf("sync %s: %v", st.State, st.LastError)
	}
	m.status.update(st)
	if st.Result != nil && st.State == recordsync.StateIdle && st.Result.Inserted > 0 {
		m.log.reload()
		m.review.refresh()
		// Only the tab on screen re-reads; the others read when shown.
		switch m.tabs.Selected().Content {
		case m.book.content:
			m.book.refresh()
		case m.staff.content:
			m.staff.refresh()
		}
	}
	if st.Progress != nil && st.Progress.Inserted > 0 && st.Progress.Inserted%(10*logPageSize) < 100 {
		// Long catch-ups show their records as they come, not only at the end.
		m.log.reload()
	}
	if st.Result != nil && (st.Result.BadRows > 0 || st.Result.Conflicts > 0) {
		m.showKeptAside()
	}
	var implausible *recordsync.ImplausibleError
	if st.State == recordsync.StateStopped && errors.As(st.LastError, &implausible) {
		// A re-link would not help: the administrator looks at the server.
		dialog.ShowInformation(tr("main.stopped.title"), errorText(st.LastError)+"\n\n"+tr("main.stopped.check"), m.app.win)
		return
	}
	if st.State == recordsync.StateStopped && st.LastError != nil {
		d := dialog.NewConfirm(tr("main.stopped.title"), errorText(st.LastError)+"\n\n"+tr("main.stopped.relink"),
			func(ok bool) {
				if ok {
					m.app.showWizard()
				}
			}, m.app.win)
		d.Show()
	}
}

// showKeptAside re-reads how many rows the sync kept aside, for the status
// line.
func (m *mainScreen) showKeptAside() {
	m.app.background(func(ctx context.Context) {
		st, err := m.app.site.Status(ctx)
		if err != nil {
			return // the next pass shows it; the status line has its own error
		}
		m.app.do(func() {
			m.status.setKeptAside(st.Sync.BadRows, st.Sync.Conflicts)
			m.status.render()
		})
	})
}

func (m *mainScreen) demoRecognition() {
	m.app.background(func(ctx context.Context) {
		_, err := m.app.site.DemoRecognition()
		if err != nil {
			m.app.do(func() { m.status.showError(err) })
			return
		}
		// Let the stand-in's clock pass the second before asking.
		time.Sleep(100 * time.Millisecond)
		m.app.pollNow()
	})
}

func (m *mainScreen) confirmRelink() {
	dialog.ShowConfirm(tr("main.relink.title"), tr("main.relink.text"), func(ok bool) {
		if ok {
			m.app.showWizard()
		}
	}, m.app.win)
}
