package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/punchdesk/punchdesk/core/recordsync"
)

// statusLine shows the connection state, the last successful sync, the next
// poll and the last error along the bottom of the main window.
type statusLine struct {
	state    *widget.Label
	detail   *widget.Label
	problem  *widget.Label
	aside    *widget.Label // rows the sync kept aside, until there are none
	progress *widget.ProgressBar
	// cancel stops a long catch-up; resume starts polling again.
	cancel  *widget.Button
	resume  *widget.Button
	paused  bool
	content fyne.CanvasObject

	server      string
	demo        bool
	loc         *time.Location // the site's; times are shown in it, like the log
	current     recordsync.Status
	lastSuccess time.Time
	// The last failure stays visible, muted, after polling recovers, so an
	// administrator can see that (and why) fetching was interrupted.
	lastErrText string
	lastErrAt   time.Time
}

func newStatusLine() *statusLine {
	s := &statusLine{
		state:    widget.NewLabelWithStyle(tr("status.starting"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		detail:   widget.NewLabel(""),
		problem:  &widget.Label{Importance: widget.DangerImportance, Truncation: fyne.TextTruncateEllipsis},
		aside:    &widget.Label{Importance: widget.WarningImportance, Truncation: fyne.TextTruncateEllipsis},
		progress: widget.NewProgressBar(),
		loc:      time.Local,
	}
	s.progress.Hide()
	s.aside.Hide()
	s.cancel = widget.NewButtonWithIcon(tr("status.cancel"), theme.CancelIcon(), nil)
	s.cancel.Hide()
	s.resume = widget.NewButtonWithIcon(tr("status.resume"), theme.MediaPlayIcon(), nil)
	s.resume.Hide()
	s.content = container.NewVBox(widget.NewSeparator(),
		container.NewBorder(nil, nil, container.NewHBox(s.state, s.detail), container.NewHBox(s.cancel, s.resume),
			container.NewStack(s.problem, s.progress)), s.aside)
	return s
}

// setPaused shows that polling was stopped by the administrator.
func (s *statusLine) setPaused(paused bool) {
	s.paused = paused
	if paused {
		s.current = recordsync.Status{State: recordsync.StateStopped}
		s.resume.Show()
	} else {
		s.resume.Hide()
	}
	s.render()
}

func (s *statusLine) setServer(server string, demo bool) { s.server, s.demo = server, demo }

// setKeptAside shows how many unreadable rows and conflicting records the
// sync has kept aside: records may be missing from the book until support
// has looked, so it stays in view.
func (s *statusLine) setKeptAside(bad, conflicts int) {
	if bad == 0 && conflicts == 0 {
		s.aside.Hide()
		return
	}
	s.aside.SetText(tr("status.keptaside", map[string]any{"Bad": bad, "Conflicts": conflicts}))
	s.aside.Show()
}

func (s *statusLine) update(st recordsync.Status) {
	if s.paused {
		return // a stopped watcher's last word changes nothing
	}
	s.current = st
	if !st.LastSuccess.IsZero() {
		s.lastSuccess = st.LastSuccess
	}
	s.render()
}

func (s *statusLine) showError(err error) {
	s.setLastError(errorText(err), time.Now())
	s.problem.Importance = widget.DangerImportance
	s.problem.SetText(s.lastErrText)
	s.problem.Show()
}

func (s *statusLine) setLastError(text string, at time.Time) {
	s.lastErrText, s.lastErrAt = text, at
}

// render words the current status; it is also called each second so that
// "next poll" stays true without a watcher event.
func (s *statusLine) render() {
	st := s.current
	var key string
	switch st.State {
	case recordsync.StateSyncing:
		key = "status.syncing"
	case recordsync.StateIdle:
		key = "status.connected"
	case recordsync.StateBackoff:
		key = "status.retrying"
	case recordsync.StateStopped:
		key = "status.stopped"
	default:
		key = "status.starting"
	}
	if s.paused {
		key = "status.paused"
	}
	state := tr(key)
	if s.demo {
		state = tr("status.demo") + " · " + state
	}
	s.state.SetText(state)

	last := tr("status.never")
	if !s.lastSuccess.IsZero() {
		last = s.lastSuccess.In(s.loc).Format("15:04:05")
	}
	detail := tr("status.lastsync", map[string]any{"Time": last})
	if !st.NextPoll.IsZero() {
		detail += "  ·  " + tr("status.nextpoll", map[string]any{"Time": st.NextPoll.In(s.loc).Format("15:04:05")})
	}
	s.detail.SetText(detail)

	if st.Progress != nil && st.Progress.Target.Sub(st.Progress.Start) > time.Hour {
		// Only a real catch-up gets a bar; a routine poll would just flicker.
		s.progress.SetValue(st.Progress.Fraction())
		s.progress.Show()
		s.cancel.Show()
		s.problem.Hide()
	} else {
		s.progress.Hide()
		s.cancel.Hide()
	}
	switch {
	case st.Progress != nil && st.Progress.Retrying != nil:
		// A failure inside a pass that will try again by itself: shown, but
		// not as the pass's end.
		s.progress.Hide()
		s.problem.Importance = widget.WarningImportance
		s.problem.SetText(tr("status.retry", map[string]any{"Text": errorText(st.Progress.Retrying),
			"Time": st.Progress.RetryAt.In(s.loc).Format("15:04:05"), "N": st.Progress.Failures}))
		s.problem.Show()
	case st.LastError != nil:
		s.showError(st.LastError)
	case s.lastErrText != "" && !s.progress.Visible():
		s.problem.Importance = widget.LowImportance
		s.problem.SetText(tr("status.lasterror", map[string]any{
			"Time": s.lastErrAt.In(s.loc).Format("01/02 15:04"), "Text": s.lastErrText}))
		s.problem.Show()
	}
}
