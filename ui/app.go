// Package ui is PunchDesk's Fyne interface. Screens call the use-cases in
// core/site from goroutines and touch widgets only inside fyne.Do, so the UI
// never waits on the database, the keychain or the network.
package ui

import (
	"context"
	"log"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/punchdesk/punchdesk/core/recordsync"
	"github.com/punchdesk/punchdesk/core/site"
)

// App is the assembly point: it owns the window and decides whether the
// setup wizard or the main screen shows.
type App struct {
	fyneApp fyne.App
	win     fyne.Window
	site    *site.Site

	ctx    context.Context
	cancel context.CancelFunc
	// do runs a widget update on the UI goroutine: fyne.Do, except in tests,
	// which run the updates on the test's own goroutine.
	do func(func())

	mu      sync.Mutex
	watcher *recordsync.Watcher
	stopW   context.CancelFunc
	wg      sync.WaitGroup

	wizard *wizard
	main   *mainScreen
	// onPunchesChanged answers punchesChanged (the main screen's
	// refreshDerived); nil while the wizard shows.
	onPunchesChanged func()
}

// punchesChanged is the one notice that stored punches, or what they are
// derived from (staff, settings, holidays), changed: every view that shows
// punches reads again, once, the one that made the change included. Where
// no screen answers (the wizard), orElse (if any) refreshes the caller.
func (u *App) punchesChanged(orElse func()) {
	switch {
	case u.onPunchesChanged != nil:
		u.onPunchesChanged()
	case orElse != nil:
		orElse()
	}
}

// New builds the UI for s in w. Call Start to show it.
func New(a fyne.App, w fyne.Window, s *site.Site) *App {
	ctx, cancel := context.WithCancel(context.Background())
	u := &App{fyneApp: a, win: w, site: s, ctx: ctx, cancel: cancel, do: fyne.Do}
	w.SetContent(container.NewCenter(widget.NewProgressBarInfinite()))
	return u
}

// Start shows the wizard when the site is not linked, else the main screen.
func (u *App) Start() {
	u.background(func(ctx context.Context) {
		st, err := u.site.Status(ctx)
		if err == nil && st.Linked && st.Demo {
			err = u.site.StartDemo(ctx)
		}
		u.do(func() {
			switch {
			case err != nil:
				u.showError(err)
				u.showWizard()
			case st.Linked:
				u.showMain()
			default:
				u.showWizard()
			}
		})
	})
}

// Stop ends polling and background work; the caller closes the site after.
func (u *App) Stop() {
	u.cancel()
	u.wg.Wait()
}

// background runs work off the UI goroutine; Stop waits for it.
func (u *App) background(work func(ctx context.Context)) {
	u.wg.Add(1)
	go func() {
		defer u.wg.Done()
		work(u.ctx)
	}()
}

func (u *App) showWizard() {
	u.stopWatcher()
	u.main = nil
	u.onPunchesChanged = nil
	u.wizard = newWizard(u, func() { u.showMain() })
	u.win.SetContent(u.wizard.content)
	u.wizard.focusFirst()
}

func (u *App) showMain() {
	u.wizard = nil
	u.main = newMainScreen(u)
	u.onPunchesChanged = u.main.refreshDerived
	u.win.SetContent(u.main.content)
	u.main.start()
	u.startWatcher()
}

// startWatcher polls SenseLink until the app stops or the link breaks.
func (u *App) startWatcher() {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.stopW != nil {
		return
	}
	ctx, stop := context.WithCancel(u.ctx)
	u.stopW = stop
	screen := u.main
	u.wg.Add(1)
	go func() {
		defer u.wg.Done()
		syncer, err := u.site.Syncer(ctx)
		if err != nil {
			u.do(func() { screen.status.update(recordsync.Status{State: recordsync.StateStopped, LastError: err}) })
			return
		}
		w := recordsync.NewWatcher(syncer, func() time.Duration { return u.site.PollInterval(ctx) }, func(st recordsync.Status) {
			u.do(func() { screen.onSyncStatus(st) })
		})
		u.mu.Lock()
		u.watcher = w
		u.mu.Unlock()
		_ = w.Run(ctx) // a stopping failure reaches the screen through OnStatus
		u.mu.Lock()
		if u.watcher == w {
			u.watcher = nil
		}
		u.mu.Unlock()
	}()
}

func (u *App) stopWatcher() {
	u.mu.Lock()
	stop := u.stopW
	u.stopW, u.watcher = nil, nil
	u.mu.Unlock()
	if stop != nil {
		stop()
	}
}

// pollNow asks the watcher for an immediate poll.
func (u *App) pollNow() {
	u.mu.Lock()
	w := u.watcher
	u.mu.Unlock()
	if w != nil {
		w.PollNow()
	}
}

func (u *App) showError(err error) {
	log.Printf("error shown: %v", err)
	dialog.ShowError(errorForPerson(err), u.win)
}
