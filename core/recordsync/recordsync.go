// Package recordsync pulls recognition records from SenseLink into the local
// store (SPEC §6). SenseLink lists records by the time it *received* them, so
// the sync walks receive-time windows: each pass re-reads a short overlap
// before the last stored window end, stores pages idempotently by record id,
// and moves the window end only in the same transaction as the window's last
// page. A crash at any point therefore loses nothing and doubles nothing: the
// rerun re-reads an unfinished window and INSERT OR IGNORE drops what it has.
package recordsync

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/punchdesk/punchdesk/core/senselink"
	"github.com/punchdesk/punchdesk/core/store"
)

// Source is the part of the SenseLink client the sync needs.
type Source interface {
	Records(ctx context.Context, q senselink.RecordQuery) (senselink.RecordPage, error)
}

// Sink is the part of the store the sync needs.
type Sink interface {
	SyncState(ctx context.Context) (store.SyncState, error)
	SaveRecords(ctx context.Context, recs []senselink.Record, advance *store.CursorAdvance) (int, error)
	RecordSyncError(ctx context.Context, at time.Time, kind, message string) error
}

// Defaults for Options' zero values.
const (
	DefaultWindow  = time.Hour
	DefaultOverlap = 2 * time.Minute
)

// maxPagesPerWindow guards against a server that ignores the page parameter
// and would otherwise be paged forever.
const maxPagesPerWindow = 100_000

// ErrNoStartPoint is returned when nothing says where the first sync starts.
var ErrNoStartPoint = errors.New("sync has no start point: set where the first sync begins")

// Syncer moves records from a Source to a Sink.
type Syncer struct {
	Source Source
	Sink   Sink
	// Window bounds one catch-up step, so that progress is stored (and shown)
	// steadily after long downtime instead of in one enormous request run.
	Window time.Duration
	// Overlap is re-read before the last window end. It covers records the
	// server received in the very second a window was closed, and servers
	// whose receive times trail their clocks slightly.
	Overlap time.Duration
	// Now is the clock; tests replace it.
	Now func() time.Time
	// AfterWindow, if set, runs after each window is stored, with how many
	// of its records were new and caughtUp
	// true after the last one: the site turns the new records into punches
	// there, so that a long catch-up shows its punches as it goes.
	AfterWindow func(ctx context.Context, inserted int, caughtUp bool) error
}

// Progress reports a catch-up as it goes.
type Progress struct {
	From, To time.Time // the window being read (receive time)
	Start    time.Time // where this catch-up started
	Target   time.Time // where it will stop
	Fetched  int       // records read so far in this catch-up
	Inserted int       // of which new
}

// Fraction is how far the catch-up has come, 0..1.
func (p Progress) Fraction() float64 {
	total := p.Target.Sub(p.Start)
	if total <= 0 {
		return 1
	}
	f := float64(p.To.Sub(p.Start)) / float64(total)
	return min(max(f, 0), 1)
}

// Result summarises one catch-up.
type Result struct {
	Windows  int
	Fetched  int
	Inserted int
	Cursor   time.Time // the stored window end afterwards
}

func (s *Syncer) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Syncer) window() time.Duration {
	if s.Window > 0 {
		return s.Window
	}
	return DefaultWindow
}

func (s *Syncer) overlap() time.Duration {
	if s.Overlap > 0 {
		return s.Overlap
	}
	return DefaultOverlap
}

// CatchUp reads every window from the stored cursor up to now. progress, if
// not nil, is called after every stored page. A failure is also written to
// the sink so that any process reading the store can show it.
func (s *Syncer) CatchUp(ctx context.Context, progress func(Progress)) (Result, error) {
	res, err := s.catchUp(ctx, progress)
	if err != nil && ctx.Err() == nil {
		kind := senselink.KindOf(err).String()
		if rerr := s.Sink.RecordSyncError(context.WithoutCancel(ctx), s.now(), kind, err.Error()); rerr != nil {
			err = errors.Join(err, rerr)
		}
	}
	return res, err
}

func (s *Syncer) catchUp(ctx context.Context, progress func(Progress)) (Result, error) {
	state, err := s.Sink.SyncState(ctx)
	if err != nil {
		return Result{}, fmt.Errorf("read sync state: %w", err)
	}
	if state.Cursor.IsZero() {
		return Result{}, ErrNoStartPoint
	}
	// The API works at second precision; a sub-second target would make the
	// last window's end ambiguous.
	target := s.now().Truncate(time.Second)
	res := Result{Cursor: state.Cursor}
	p := Progress{Start: state.Cursor, Target: target}
	cursor := state.Cursor
	for {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		to := cursor.Add(s.window())
		if to.After(target) {
			to = target
		}
		if to.Before(cursor) {
			// This PC's clock went back: re-read up to the stored end
			// rather than move the cursor backwards.
			to = cursor
		}
		from := cursor.Add(-s.overlap())
		p.From, p.To = from, to
		fetched, inserted, err := s.syncWindow(ctx, from, to, &p, progress)
		res.Fetched += fetched
		res.Inserted += inserted
		if err != nil {
			return res, fmt.Errorf("sync window %s – %s: %w",
				from.Format(time.DateTime), to.Format(time.DateTime), err)
		}
		res.Windows++
		cursor = to
		res.Cursor = to
		if s.AfterWindow != nil {
			if err := s.AfterWindow(ctx, inserted, !to.Before(target)); err != nil {
				return res, fmt.Errorf("after window %s: %w", to.Format(time.DateTime), err)
			}
		}
		if !to.Before(target) {
			return res, nil
		}
	}
}

// syncWindow reads one window page by page. Every page is stored as it
// arrives (so a huge window does not pile up in memory); the last page's
// transaction also moves the cursor to the window end.
func (s *Syncer) syncWindow(ctx context.Context, from, to time.Time, p *Progress, progress func(Progress)) (fetched, inserted int, err error) {
	size := senselink.MaxPageSize
	var previousFirstID int64
	for page := 1; ; page++ {
		if page > maxPagesPerWindow {
			return fetched, inserted, fmt.Errorf("more than %d pages in one window: the server seems to ignore paging", maxPagesPerWindow)
		}
		got, err := s.Source.Records(ctx, senselink.RecordQuery{From: from, To: to, Page: page, Size: size})
		if err != nil {
			return fetched, inserted, fmt.Errorf("page %d: %w", page, err)
		}
		if len(got.Records) > 0 {
			if page > 1 && got.Records[0].ID == previousFirstID {
				return fetched, inserted, &senselink.Error{Kind: senselink.KindDecode, Op: "/api/v3/record/list",
					Message: fmt.Sprintf("page %d repeats page %d: the server ignores the page parameter", page, page-1)}
			}
			previousFirstID = got.Records[0].ID
		}
		for i := range got.Records {
			got.Records[i].ReceivedBy = to
		}
		last := len(got.Records) < size || (got.Total >= 0 && page*size >= got.Total)
		var advance *store.CursorAdvance
		if last {
			advance = &store.CursorAdvance{To: to, At: s.now()}
		}
		n, err := s.Sink.SaveRecords(ctx, got.Records, advance)
		if err != nil {
			return fetched, inserted, fmt.Errorf("store page %d: %w", page, err)
		}
		fetched += len(got.Records)
		inserted += n
		p.Fetched += len(got.Records)
		p.Inserted += n
		if progress != nil {
			progress(*p)
		}
		if last {
			return fetched, inserted, nil
		}
	}
}
