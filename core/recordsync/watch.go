package recordsync

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/punchdesk/punchdesk/core/senselink"
)

// State is what the poller is doing, for a status line.
type State int

const (
	StateStarting State = iota
	StateSyncing        // a catch-up is running
	StateIdle           // caught up, waiting for the next poll
	StateBackoff        // the last attempt failed; waiting to retry
	StateStopped        // the link must be fixed before polling resumes
)

func (s State) String() string {
	switch s {
	case StateSyncing:
		return "syncing"
	case StateIdle:
		return "idle"
	case StateBackoff:
		return "backoff"
	case StateStopped:
		return "stopped"
	}
	return "starting"
}

// Status is sent to the watcher's listener whenever something changes.
type Status struct {
	State       State
	LastSuccess time.Time // zero until a catch-up has finished
	NextPoll    time.Time // zero unless Idle or Backoff
	LastError   error     // nil after a success
	Progress    *Progress // set while Syncing
	Result      *Result   // the last finished catch-up
}

// Backoff limits for retryable failures.
const (
	firstBackoff = 2 * time.Second
	maxBackoff   = 5 * time.Minute
)

// StopsPolling reports whether err needs a person (a new key, more API
// permissions, a look at a server that sends without end) before another
// attempt can succeed. Everything else — the network, a failing server, a
// clock being corrected — is retried.
func StopsPolling(err error) bool {
	switch senselink.KindOf(err) {
	case senselink.KindAuth, senselink.KindPermission:
		return true
	}
	var implausible *ImplausibleError
	return errors.Is(err, ErrNoStartPoint) || errors.As(err, &implausible)
}

// Watcher polls forever: catch up, wait, repeat; back off on failures.
type Watcher struct {
	Syncer   *Syncer
	Interval func() time.Duration // read before every wait, so settings apply at once
	// OnStatus is called from the watcher's goroutine; a UI must hand the
	// update to its own goroutine.
	OnStatus func(Status)

	kick chan struct{}
}

// NewWatcher returns a watcher for s polling every interval().
func NewWatcher(s *Syncer, interval func() time.Duration, onStatus func(Status)) *Watcher {
	return &Watcher{Syncer: s, Interval: interval, OnStatus: onStatus, kick: make(chan struct{}, 1)}
}

// PollNow cuts the current wait short (also a backoff wait).
func (w *Watcher) PollNow() {
	select {
	case w.kick <- struct{}{}:
	default:
	}
}

// Run polls until ctx ends (returning nil) or a failure stops polling
// (returning that failure).
func (w *Watcher) Run(ctx context.Context) error {
	var st Status
	emit := func() {
		if w.OnStatus != nil {
			w.OnStatus(st)
		}
	}
	backoff := firstBackoff
	for {
		st.State, st.NextPoll, st.Progress = StateSyncing, time.Time{}, nil
		emit()
		res, err := w.Syncer.CatchUp(ctx, func(p Progress) {
			st.Progress = &p
			emit()
		})
		st.Progress = nil
		if ctx.Err() != nil {
			return nil
		}
		var wait time.Duration
		switch {
		case err == nil:
			st.State, st.LastError, st.LastSuccess, st.Result = StateIdle, nil, w.Syncer.now(), &res
			backoff = firstBackoff
			wait = w.Interval()
		case StopsPolling(err):
			st.State, st.LastError = StateStopped, err
			emit()
			return err
		default:
			st.State, st.LastError = StateBackoff, err
			// Full jitter keeps several PCs of one site from retrying in step.
			wait = backoff/2 + rand.N(backoff/2+1)
			backoff = min(backoff*2, maxBackoff)
		}
		st.NextPoll = w.Syncer.now().Add(wait)
		emit()
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil
		case <-w.kick:
			timer.Stop()
		case <-timer.C:
		}
	}
}
