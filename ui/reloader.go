package ui

import (
	"context"
	"sync"
	"time"
)

// reloader is a view's one reload worker. A view asks for a reload with
// the inputs it has on the UI goroutine; the worker runs one load at a
// time off it and hands the result to the UI goroutine. Asks that come
// while a load runs are folded into one more load, with the newest
// inputs, and the result of a load that a newer ask has already overtaken
// is dropped instead of shown for a moment — unless nothing was shown for
// a while, so that a steady stream of asks (a long catch-up) still
// repaints. Results reach the screen in the order their loads ran.
type reloader struct {
	app *App

	mu      sync.Mutex
	next    func(context.Context) func() // the newest ask not started yet
	running bool
	shownAt time.Time // when a result was last handed to the UI goroutine
}

// reloadStaleAfter is how long overtaken results may be dropped in a row.
const reloadStaleAfter = 500 * time.Millisecond

func newReloader(app *App) *reloader { return &reloader{app: app} }

// ask queues load, replacing an ask that has not started. load runs off
// the UI goroutine and returns what to run on it (nil: nothing).
func (r *reloader) ask(load func(ctx context.Context) (apply func())) {
	r.mu.Lock()
	r.next = load
	start := !r.running
	r.running = true
	r.mu.Unlock()
	if start {
		r.app.background(r.work)
	}
}

func (r *reloader) work(ctx context.Context) {
	for {
		r.mu.Lock()
		load := r.next
		r.next = nil
		if load == nil || ctx.Err() != nil {
			r.running = false
			r.mu.Unlock()
			return
		}
		r.mu.Unlock()

		apply := load(ctx)

		r.mu.Lock()
		overtaken := r.next != nil
		show := apply != nil && (!overtaken || time.Since(r.shownAt) >= reloadStaleAfter)
		if show {
			r.shownAt = time.Now()
		}
		r.mu.Unlock()
		if show {
			r.app.do(apply)
		}
	}
}
