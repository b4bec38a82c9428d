package ui

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// reloaderApp is just enough of an App for a reloader: background work on
// goroutines and UI updates run in the order they were handed over, with
// what they showed recorded.
type reloaderApp struct {
	*App
	mu    sync.Mutex
	shown []int
}

func newReloaderApp(t *testing.T) *reloaderApp {
	ctx, cancel := context.WithCancel(context.Background())
	a := &reloaderApp{App: &App{ctx: ctx, cancel: cancel}}
	a.do = func(f func()) {
		a.mu.Lock()
		defer a.mu.Unlock()
		f()
	}
	t.Cleanup(a.Stop)
	return a
}

// load is a reload that waits for release (nil: none) and then shows n.
func (a *reloaderApp) load(n int, started chan<- int, release <-chan struct{}) func(context.Context) func() {
	return func(context.Context) func() {
		if started != nil {
			started <- n
		}
		if release != nil {
			<-release
		}
		return func() { a.shown = append(a.shown, n) } // on "the UI goroutine": under a.mu
	}
}

func (a *reloaderApp) shownSoFar() []int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.shown)
}

func TestReloaderFoldsAsksDuringALoadIntoOneMoreWithTheNewestInputs(t *testing.T) {
	a := newReloaderApp(t)
	r := newReloader(a.App)
	started := make(chan int, 10)
	release := make(chan struct{})
	r.ask(a.load(1, started, release))
	<-started
	for n := 2; n <= 5; n++ {
		r.ask(a.load(n, started, release))
	}
	close(release)
	waitFor(t, "the folded load", func() bool { return len(a.shownSoFar()) == 2 })
	a.Stop()
	close(started)
	var ran []int
	for n := range started {
		ran = append(ran, n)
	}
	// Nothing had been shown before, so load 1's result is shown although
	// overtaken; then the one load that stands for asks 2–5.
	if got := a.shownSoFar(); !slices.Equal(got, []int{1, 5}) || !slices.Equal(ran, []int{5}) {
		t.Errorf("shown %v, loads started after the first %v; want [1 5] and [5]", got, ran)
	}
}

func TestReloaderNeverRunsTwoLoadsAtOnce(t *testing.T) {
	a := newReloaderApp(t)
	r := newReloader(a.App)
	var running, most atomic.Int32
	for range 200 {
		r.ask(func(context.Context) func() {
			now := running.Add(1)
			for m := most.Load(); now > m && !most.CompareAndSwap(m, now); m = most.Load() {
			}
			time.Sleep(50 * time.Microsecond)
			running.Add(-1)
			return nil
		})
	}
	waitFor(t, "the loads", func() bool { r.mu.Lock(); defer r.mu.Unlock(); return !r.running })
	if most.Load() != 1 {
		t.Errorf("%d loads ran at once, want 1", most.Load())
	}
}

func TestReloaderDropsAResultOvertakenSoonAfterAnotherWasShown(t *testing.T) {
	a := newReloaderApp(t)
	r := newReloader(a.App)
	started := make(chan int, 10)
	release := make(chan struct{})
	r.ask(a.load(1, started, release))
	<-started
	r.ask(a.load(2, nil, nil))
	r.mu.Lock()
	r.shownAt = time.Now() // as if a result had just been shown
	r.mu.Unlock()
	close(release)
	waitFor(t, "load 2", func() bool { return len(a.shownSoFar()) > 0 })
	a.Stop()
	if got := a.shownSoFar(); !slices.Equal(got, []int{2}) {
		t.Errorf("shown %v, want [2]: load 1 was overtaken by the ask for 2", got)
	}
}

func TestReloaderStillShowsUnderASteadyStreamOfAsks(t *testing.T) {
	a := newReloaderApp(t)
	r := newReloader(a.App)
	deadline := time.Now().Add(3*reloadStaleAfter + 100*time.Millisecond)
	for n := 0; time.Now().Before(deadline); n++ { // asks faster than loads finish
		r.ask(func(context.Context) func() {
			time.Sleep(5 * time.Millisecond)
			return func() { a.shown = append(a.shown, n) }
		})
		time.Sleep(time.Millisecond)
	}
	a.Stop()
	if got := a.shownSoFar(); len(got) < 3 || !slices.IsSorted(got) {
		t.Errorf("shown %v during %v of constant asks, want at least 3, in order", got, 3*reloadStaleAfter)
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}
