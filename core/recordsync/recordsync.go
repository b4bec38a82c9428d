// Package recordsync pulls recognition records from SenseLink into the local
// store (SPEC §6).
//
// One public source says the record list's date window selects by the time
// the cloud received a record, another reading is the recognition time; a
// terminal's late offline upload (old recognition time, new record id) is
// lost under the second reading by a sync that follows time windows alone.
// So the sync sweeps by record id: ids increase in receive order, and
// start_record_id asks for every record after the last one stored, within a
// date window wide enough for either reading. Each page is stored in one
// transaction with the id cursor moved to its last id, so a crash at any
// point loses nothing and doubles nothing (records are stored idempotently
// by id). A server seen to ignore start_record_id is remembered, and the
// sync falls back to receive-time windows with an overlap, re-reading the
// last day now and then for late uploads.
package recordsync

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/punchdesk/punchdesk/core/problem"
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
	SaveBadRows(ctx context.Context, rows []senselink.BadRow, at time.Time) (int, error)
	MarkStartIDIgnored(ctx context.Context) error
	RecordSyncError(ctx context.Context, at time.Time, kind, message string) error
}

// Defaults for Options' zero values.
const (
	DefaultWindow  = time.Hour
	DefaultOverlap = 2 * time.Minute
	// DefaultLookback is how far back the id sweep's date window reaches, so
	// that on a server that selects by recognition time a terminal offline
	// for up to a month still has its records found.
	DefaultLookback = 30 * 24 * time.Hour
	// sweepAhead extends the sweep's window past now: a record must not be
	// left out by a terminal clock slightly ahead while a later id is
	// stored, or the id cursor would pass it.
	sweepAhead = 24 * time.Hour
	// rescanEvery and rescanSpan: on a server that ignores start_record_id,
	// the last day is read again once an hour for late uploads.
	rescanEvery = time.Hour
	rescanSpan  = 24 * time.Hour
)

// Plausibility: more records than this per person and day (plus an
// allowance for visitors and strangers) is not a real site but a server
// that keeps inventing records; the sync stops rather than fill the disk.
const (
	MaxRecordsPerPersonDay = 100
	strangerAllowanceDay   = 10_000
	minPeople              = 20
)

// maxPagesPerWindow guards against a server that ignores the page parameter
// and would otherwise be paged forever.
const maxPagesPerWindow = 100_000

// ErrNoStartPoint is returned when nothing says where the first sync starts.
var ErrNoStartPoint = problem.New(problem.NoStartPoint)

// ImplausibleError stops a sync whose server sent far more records than the
// site's people could make.
type ImplausibleError struct {
	Records  int       // read in this catch-up
	Limit    int       // what was plausible
	People   int       // the staff count the limit was made from
	From, To time.Time // the span the limit was made for
	Location *time.Location
}

func (e *ImplausibleError) Error() string {
	return fmt.Sprintf("SenseLink sent %d records for %s – %s, more than %d staff could produce (at most %d): the sync stopped before filling the disk; check the server address, or contact support",
		e.Records, siteTime(e.From, e.Location), siteTime(e.To, e.Location), e.People, e.Limit)
}

// RetryPolicy is how a pass rides out failures that pass by themselves
// (network, server, unreadable answer). It ends a pass only after Failures
// failures in a row with nothing read between them; any page read resets
// the count and the delay.
type RetryPolicy struct {
	Failures int           // default 8
	First    time.Duration // first delay, default 1 s
	Max      time.Duration // longest delay, default 30 s
	// Sleep waits d or until ctx ends; nil means a timer. Tests replace it.
	Sleep func(ctx context.Context, d time.Duration) error
}

func (r RetryPolicy) failures() int {
	if r.Failures > 0 {
		return r.Failures
	}
	return 8
}

func (r RetryPolicy) delay(n int) time.Duration {
	first, most := r.First, r.Max
	if first <= 0 {
		first = time.Second
	}
	if most <= 0 {
		most = 30 * time.Second
	}
	d := first
	for i := 1; i < n && d < most; i++ {
		d *= 2
	}
	d = min(d, most)
	// Full jitter keeps several PCs of one site from retrying in step.
	return d/2 + rand.N(d/2+1)
}

func (r RetryPolicy) sleep(ctx context.Context, d time.Duration) error {
	if r.Sleep != nil {
		return r.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Syncer moves records from a Source to a Sink.
type Syncer struct {
	Source Source
	Sink   Sink
	// Window bounds one step of a time-window catch-up (on a server that
	// ignores start_record_id), so that progress is stored steadily.
	Window time.Duration
	// Overlap is re-read before the last window end. It covers records the
	// server received in the very second a window was closed, and servers
	// whose receive times trail their clocks slightly.
	Overlap time.Duration
	// Lookback is how far back the id sweep's window reaches; 0 means
	// DefaultLookback.
	Lookback time.Duration
	// Retry rides out passing failures inside a pass.
	Retry RetryPolicy
	// People counts the site's staff for the plausibility bound; nil or a
	// failure counts minPeople.
	People func(ctx context.Context) (int, error)
	// Location is the site's time zone, in which messages give times; nil
	// means the machine's.
	Location *time.Location
	// Now is the clock; tests replace it.
	Now func() time.Time
	// AfterWindow, if set, runs after each stored page or window, with how
	// many of its records were new and caughtUp true after the last one:
	// the site turns the new records into punches there, so that a long
	// catch-up shows its punches as it goes.
	AfterWindow func(ctx context.Context, inserted int, caughtUp bool) error

	lastRescan time.Time
}

// Progress reports a catch-up as it goes.
type Progress struct {
	From, To time.Time // the window being read
	Start    time.Time // where this catch-up started
	Target   time.Time // where it will stop
	Fetched  int       // records read so far in this catch-up
	Inserted int       // of which new
	BadRows  int       // unreadable rows kept aside so far
	// Remaining is how many records the server said are still to come, -1
	// when it did not say.
	Remaining int
	// Reached is the latest recognition time read, for the fraction when
	// the server gives no totals.
	Reached time.Time
	// Retrying is the last failure while the pass waits to try again; nil
	// when the last request succeeded. Failures counts them in a row.
	Retrying error
	Failures int
	RetryAt  time.Time
}

// Fraction is how far the catch-up has come, 0..1.
func (p Progress) Fraction() float64 {
	if p.Remaining >= 0 && p.Fetched+p.Remaining > 0 {
		return float64(p.Fetched) / float64(p.Fetched+p.Remaining)
	}
	total := p.Target.Sub(p.Start)
	if total <= 0 {
		return 1
	}
	at := p.To
	if !p.Reached.IsZero() {
		at = p.Reached
	}
	f := float64(at.Sub(p.Start)) / float64(total)
	return min(max(f, 0), 1)
}

// Result summarises one catch-up.
type Result struct {
	Windows   int // pages of an id sweep, or time windows
	Fetched   int
	Inserted  int
	BadRows   int       // unreadable rows newly kept aside
	Conflicts int       // record ids newly seen with other content (the first version is kept)
	Cursor    time.Time // the stored time cursor afterwards
	// StartIDIgnored is set when the server ignores start_record_id: late
	// uploads are then found only by the hourly re-read of the last day.
	StartIDIgnored bool
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

func (s *Syncer) lookback() time.Duration {
	if s.Lookback > 0 {
		return s.Lookback
	}
	return DefaultLookback
}

// siteTime formats t in the site's zone with the zone's name, so that a
// message read on a PC in another zone is still unambiguous.
func siteTime(t time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.Local
	}
	return t.In(loc).Format("2006-01-02 15:04:05 MST")
}

func (s *Syncer) timeText(t time.Time) string { return siteTime(t, s.Location) }

// CatchUp reads every record from where the store stands up to now.
// progress, if not nil, is called after every stored page and while
// waiting to retry. A failure is also written to the sink so that any
// process reading the store can show it.
func (s *Syncer) CatchUp(ctx context.Context, progress func(Progress)) (Result, error) {
	res, err := s.catchUp(ctx, progress)
	if err != nil && ctx.Err() == nil {
		kind := senselink.KindOf(err).String()
		var implausible *ImplausibleError
		if errors.As(err, &implausible) {
			kind = "implausible"
		}
		if rerr := s.Sink.RecordSyncError(context.WithoutCancel(ctx), s.now(), kind, err.Error()); rerr != nil {
			err = errors.Join(err, rerr)
		}
	}
	return res, err
}

// pass is the state of one catch-up.
type pass struct {
	s        *Syncer
	progress func(Progress)
	p        Progress
	res      Result
	limit    int
	people   int
	failures int

	// Pages read but not stored yet, with their cursor advance: a
	// catch-up stores flushRecords records a transaction, not a page of
	// 100, because every commit rewrites the index pages its records
	// touch (one per staff member, nearly) — most of what a year's sync
	// wrote to disk. A pass that ends, however it ends, stores them first.
	buf        []senselink.Record
	bufAdvance *store.CursorAdvance
	bufReached time.Time
}

// flushRecords is how many records a catch-up stores in one transaction.
const flushRecords = 2000

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
	if target.Before(state.Cursor) {
		// This PC's clock went back: read up to the stored end rather than
		// move the cursor backwards.
		target = state.Cursor
	}
	ps := &pass{s: s, progress: progress, res: Result{Cursor: state.Cursor}}
	ps.p = Progress{Start: state.Cursor, Target: target, Remaining: -1}
	ps.people, ps.limit = s.plausibleLimit(ctx, state.Cursor.Add(-s.overlap()), target)

	if !state.StartIDIgnored {
		ignored, err := ps.sweep(ctx, state, target)
		err = ps.flushAfter(ctx, err)
		if !ignored {
			return ps.finish(ctx, state, err)
		}
		if err := s.Sink.MarkStartIDIgnored(ctx); err != nil {
			return ps.finish(ctx, state, err)
		}
		s.lastRescan = time.Time{} // read the last day at once
	}
	ps.res.StartIDIgnored = true
	return ps.finish(ctx, state, ps.flushAfter(ctx, ps.windows(ctx, state.Cursor, target)))
}

// flushAfter stores what the pass still holds once a sweep or the windows
// ended with err; a failure to store is reported only when nothing else
// went wrong.
func (ps *pass) flushAfter(ctx context.Context, err error) error {
	if _, ferr := ps.flush(ctx); err == nil {
		return ferr
	}
	return err
}

// finish adds what the store learnt during the pass to the result.
func (ps *pass) finish(ctx context.Context, before store.SyncState, err error) (Result, error) {
	if after, serr := ps.s.Sink.SyncState(context.WithoutCancel(ctx)); serr == nil {
		ps.res.Conflicts = after.Conflicts - before.Conflicts
		ps.res.Cursor = after.Cursor
	}
	ps.res.BadRows = ps.p.BadRows
	return ps.res, err
}

func (s *Syncer) plausibleLimit(ctx context.Context, from, to time.Time) (people, limit int) {
	people = minPeople
	if s.People != nil {
		if n, err := s.People(ctx); err == nil {
			people = max(n, minPeople)
		}
	}
	days := int(to.Sub(from)/(24*time.Hour)) + 1
	return people, days * (people*MaxRecordsPerPersonDay + strangerAllowanceDay)
}

// sweep reads every record with an id above the stored id cursor. It
// reports ignored when the server sent rows below start_record_id (they are
// stored, which is harmless) and the caller must fall back to time windows.
//
// While the server answers in ascending id order, each page asks again
// from its last id (keyset paging): nothing shifts between pages, and the
// cursor moves with every page. A server that orders otherwise is paged by
// number over one fixed query, and the cursor moves only at its end.
func (ps *pass) sweep(ctx context.Context, state store.SyncState, target time.Time) (ignored bool, err error) {
	s := ps.s
	from := state.Cursor.Add(-s.overlap())
	if back := target.Add(-s.lookback()); state.RecordIDCursor > 0 && back.Before(from) {
		from = back
	}
	to := target.Add(sweepAhead)
	ps.p.From, ps.p.To = from, target
	cursor := state.RecordIDCursor
	size := senselink.MaxPageSize
	keyset := true
	var fixedStart, pageMax, previousFirst int64
	for page := 1; ; {
		if page > maxPagesPerWindow {
			return false, fmt.Errorf("more than %d pages in one sweep: the server seems to ignore paging", maxPagesPerWindow)
		}
		start := cursor + 1
		if !keyset {
			start = fixedStart
		}
		q := senselink.RecordQuery{From: from, To: to, StartID: start, Page: page, Size: size}
		got, err := ps.fetch(ctx, q)
		if err != nil {
			return false, ps.sweepError(err, start-1, from, target, page)
		}
		ignored = start > 1 && slices.ContainsFunc(got.Records, func(r senselink.Record) bool { return r.ID < start })
		if !keyset && page > 1 && len(got.Records) > 0 && got.Records[0].ID == previousFirst {
			return false, &senselink.Error{Kind: senselink.KindDecode, Op: "/api/v3/record/list",
				Message: fmt.Sprintf("page %d repeats page %d: the server ignores the page parameter", page, page-1)}
		}
		if len(got.Records) > 0 {
			previousFirst = got.Records[0].ID
		}
		last := got.Rows() < size || (got.Total >= 0 && page*size >= got.Total)
		high := maxID(got.Records)
		var advance *store.CursorAdvance
		switch {
		case ignored:
			// Store what came (idempotent) and move nothing.
		case last:
			advance = &store.CursorAdvance{To: target, At: s.now(), IDCursor: max(high, pageMax)}
		case keyset && ascending(got.Records) && high > cursor:
			advance = &store.CursorAdvance{IDCursor: high}
		case keyset:
			// Not in id order (or only unreadable rows): the rest of this
			// query is read by page number from the same start.
			keyset, fixedStart = false, start
		}
		fresh := ps.s.now()
		for i := range got.Records {
			got.Records[i].ReceivedBy = fresh
		}
		inserted, err := ps.store(ctx, got, advance, target)
		if err != nil {
			return false, ps.sweepError(fmt.Errorf("store: %w", err), start-1, from, target, page)
		}
		ps.res.Windows++
		if got.Total >= 0 {
			ps.p.Remaining = max(got.Total-page*size, 0)
			if keyset {
				ps.p.Remaining = max(got.Total-got.Rows(), 0)
			}
		}
		if last {
			ps.p.Remaining = 0
		}
		ps.report()
		if s.AfterWindow != nil {
			if err := s.AfterWindow(ctx, inserted, last && !ignored); err != nil {
				return false, fmt.Errorf("after page %d: %w", page, err)
			}
		}
		if ignored || last {
			return ignored, nil
		}
		if err := ps.checkPlausible(from, target); err != nil {
			return false, err
		}
		switch {
		case advance != nil && advance.IDCursor > 0:
			cursor = advance.IDCursor
		default:
			pageMax = max(pageMax, high)
			page++
		}
	}
}

// windows reads receive-time windows from cursor up to target: the sync of
// a server that ignores start_record_id.
func (ps *pass) windows(ctx context.Context, cursor, target time.Time) error {
	s := ps.s
	rescan := s.now().Sub(s.lastRescan) >= rescanEvery
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		to := cursor.Add(s.window())
		if to.After(target) {
			to = target
		}
		if to.Before(cursor) {
			to = cursor
		}
		from := cursor.Add(-s.overlap())
		if back := target.Add(-rescanSpan); rescan && back.Before(from) {
			from = back
		}
		ps.p.From, ps.p.To = from, to
		inserted, err := ps.window(ctx, from, to)
		if err != nil {
			var implausible *ImplausibleError
			if errors.As(err, &implausible) {
				return err
			}
			return fmt.Errorf("sync window %s – %s: %w", s.timeText(from), s.timeText(to), err)
		}
		if rescan {
			s.lastRescan, rescan = s.now(), false
		}
		ps.res.Windows++
		cursor = to
		if s.AfterWindow != nil {
			if err := s.AfterWindow(ctx, inserted, !to.Before(target)); err != nil {
				return fmt.Errorf("after window %s: %w", s.timeText(to), err)
			}
		}
		if !to.Before(target) {
			return nil
		}
		if err := ps.checkPlausible(ps.p.Start.Add(-s.overlap()), target); err != nil {
			return err
		}
	}
}

// window reads one window page by page. Every page is stored as it arrives
// (so a huge window does not pile up in memory); the last page's
// transaction also moves the cursor to the window end.
func (ps *pass) window(ctx context.Context, from, to time.Time) (inserted int, err error) {
	size := senselink.MaxPageSize
	var previousFirstID int64
	for page := 1; ; page++ {
		if page > maxPagesPerWindow {
			return inserted, fmt.Errorf("more than %d pages in one window: the server seems to ignore paging", maxPagesPerWindow)
		}
		got, err := ps.fetch(ctx, senselink.RecordQuery{From: from, To: to, Page: page, Size: size})
		if err != nil {
			return inserted, fmt.Errorf("page %d: %w", page, err)
		}
		if len(got.Records) > 0 {
			if page > 1 && got.Records[0].ID == previousFirstID {
				return inserted, &senselink.Error{Kind: senselink.KindDecode, Op: "/api/v3/record/list",
					Message: fmt.Sprintf("page %d repeats page %d: the server ignores the page parameter", page, page-1)}
			}
			previousFirstID = got.Records[0].ID
		}
		for i := range got.Records {
			got.Records[i].ReceivedBy = to
		}
		last := got.Rows() < size || (got.Total >= 0 && page*size >= got.Total)
		var advance *store.CursorAdvance
		if last {
			advance = &store.CursorAdvance{To: to, At: ps.s.now()}
		}
		n, err := ps.store(ctx, got, advance, to)
		if err != nil {
			return inserted, fmt.Errorf("store page %d: %w", page, err)
		}
		inserted += n
		ps.report()
		if last {
			return inserted, nil
		}
		if err := ps.checkPlausible(ps.p.Start.Add(-ps.s.overlap()), ps.p.Target); err != nil {
			return inserted, err
		}
	}
}

// fetch asks for one page, riding out passing failures under the retry
// policy: a pass ends only after a run of failures with nothing read
// between them.
func (ps *pass) fetch(ctx context.Context, q senselink.RecordQuery) (senselink.RecordPage, error) {
	for {
		got, err := ps.s.Source.Records(ctx, q)
		if err == nil {
			ps.failures = 0
			ps.p.Retrying, ps.p.Failures, ps.p.RetryAt = nil, 0, time.Time{}
			return got, nil
		}
		if ctx.Err() != nil || !senselink.Retryable(err) {
			return got, err
		}
		ps.failures++
		if ps.failures >= ps.s.Retry.failures() {
			return got, fmt.Errorf("%d failures in a row: %w", ps.failures, err)
		}
		wait := ps.s.Retry.delay(ps.failures)
		ps.p.Retrying, ps.p.Failures, ps.p.RetryAt = err, ps.failures, ps.s.now().Add(wait)
		ps.report()
		if err := ps.s.Retry.sleep(ctx, wait); err != nil {
			return got, err
		}
	}
}

// store keeps a page's unreadable rows at once (so that a crash before
// the records' transaction cannot lose them behind a moved cursor), and
// its records with the cursor advance once enough have come or the
// window or sweep is complete (advance.To set). It returns how many new
// records it stored now.
func (ps *pass) store(ctx context.Context, got senselink.RecordPage, advance *store.CursorAdvance, reached time.Time) (int, error) {
	if len(got.Bad) > 0 {
		n, err := ps.s.Sink.SaveBadRows(ctx, got.Bad, ps.s.now())
		if err != nil {
			return 0, err
		}
		ps.p.BadRows += n
	}
	ps.res.Fetched += len(got.Records)
	ps.p.Fetched += len(got.Records)
	ps.buf = append(ps.buf, got.Records...)
	ps.bufAdvance = mergeAdvance(ps.bufAdvance, advance)
	ps.bufReached = reached
	if len(ps.buf) < flushRecords && (advance == nil || advance.To.IsZero()) {
		return 0, nil
	}
	return ps.flush(ctx)
}

// flush stores the records and cursor advance the pass holds.
func (ps *pass) flush(ctx context.Context) (int, error) {
	if len(ps.buf) == 0 && ps.bufAdvance == nil {
		return 0, nil
	}
	n, err := ps.s.Sink.SaveRecords(ctx, ps.buf, ps.bufAdvance)
	if err != nil {
		return 0, err
	}
	ps.res.Inserted += n
	ps.p.Inserted += n
	for _, r := range ps.buf {
		if r.SignTime.After(ps.p.Reached) && !r.SignTime.After(ps.bufReached) {
			ps.p.Reached = r.SignTime
		}
	}
	ps.buf, ps.bufAdvance = ps.buf[:0], nil
	return n, nil
}

// mergeAdvance is the advance of two pages stored together: the later
// page's time cursor, the higher id cursor.
func mergeAdvance(a, b *store.CursorAdvance) *store.CursorAdvance {
	switch {
	case a == nil && b == nil:
		return nil
	case a == nil:
		c := *b
		return &c
	case b == nil:
		return a
	}
	if !b.To.IsZero() {
		a.To, a.At = b.To, b.At
	}
	a.IDCursor = max(a.IDCursor, b.IDCursor)
	return a
}

func (ps *pass) report() {
	if ps.progress != nil {
		ps.progress(ps.p)
	}
}

func (ps *pass) checkPlausible(from, to time.Time) error {
	if ps.p.Fetched <= ps.limit {
		return nil
	}
	return &ImplausibleError{Records: ps.p.Fetched, Limit: ps.limit, People: ps.people, From: from, To: to, Location: ps.s.Location}
}

// sweepError names where a sweep failed, in the site's zone.
func (ps *pass) sweepError(err error, after int64, from, to time.Time, page int) error {
	return fmt.Errorf("sync of records after id %d (%s – %s), page %d: %w",
		after, ps.s.timeText(from), ps.s.timeText(to), page, err)
}

func maxID(recs []senselink.Record) int64 {
	var high int64
	for _, r := range recs {
		high = max(high, r.ID)
	}
	return high
}

func ascending(recs []senselink.Record) bool {
	for i := 1; i < len(recs); i++ {
		if recs[i].ID <= recs[i-1].ID {
			return false
		}
	}
	return true
}

// Problem names the window in the site's zone, so the administrator can
// tell support which records were too many.
func (e *ImplausibleError) Problem() *problem.Problem {
	return problem.Wrap(problem.Implausible, e, "N", e.Records, "Staff", e.People, "Limit", e.Limit,
		"From", siteTime(e.From, e.Location), "To", siteTime(e.To, e.Location))
}
