package recordsync_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/punchdesk/punchdesk/core/recordsync"
	"github.com/punchdesk/punchdesk/core/senselink"
	"github.com/punchdesk/punchdesk/core/senselinksim"
	"github.com/punchdesk/punchdesk/core/store"
)

const (
	appKey    = "sync-test-key"
	appSecret = "sync-test-secret"
)

var tokyo, _ = time.LoadLocation("Asia/Tokyo")

// clock is a settable time shared by the stand-in and the syncer.
type clock struct{ now atomic.Int64 }

func newClock(t time.Time) *clock { c := &clock{}; c.set(t); return c }
func (c *clock) set(t time.Time)  { c.now.Store(t.UnixNano()) }
func (c *clock) Now() time.Time   { return time.Unix(0, c.now.Load()) }
func (c *clock) advance(d time.Duration) {
	c.now.Add(int64(d))
}

type fixture struct {
	sim      *senselinksim.Server
	srv      *httptest.Server
	db       *store.DB
	syncer   *recordsync.Syncer
	clock    *clock
	requests atomic.Int64
}

func newFixture(t testing.TB, start time.Time, cfg senselinksim.Config) *fixture {
	t.Helper()
	f := &fixture{clock: newClock(start)}
	cfg.AppKey, cfg.AppSecret, cfg.Location, cfg.Now = appKey, appSecret, tokyo, f.clock.Now
	f.sim = senselinksim.New(cfg)
	f.sim.SetPeople(senselinksim.DemoPeople())
	f.sim.SetDevices(senselinksim.DemoDevices())
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.requests.Add(1)
		f.sim.ServeHTTP(w, r)
	}))
	t.Cleanup(f.srv.Close)
	db, err := store.Open(filepath.Join(t.TempDir(), "punchdesk.db"), store.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f.db = db
	client, err := senselink.New(senselink.Config{BaseURL: f.srv.URL, AppKey: appKey, AppSecret: appSecret,
		Location: tokyo, Now: f.clock.Now, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	f.syncer = &recordsync.Syncer{Source: client, Sink: db, Now: f.clock.Now}
	return f
}

// recognize makes n recognitions, one a second from the clock's time, and
// moves the clock past them.
func (f *fixture) recognize(t testing.TB, n int) {
	t.Helper()
	people, devices := f.sim.People(), f.sim.Devices()
	for i := 0; i < n; i++ {
		if _, err := f.sim.Recognize(people[i%len(people)], devices[i%len(devices)], f.clock.Now(), 36.5, 1); err != nil {
			t.Fatal(err)
		}
		f.clock.advance(time.Second)
	}
}

// assertSameRecords checks that the store holds exactly the stand-in's records.
func (f *fixture) assertSameRecords(t testing.TB) {
	t.Helper()
	ids, err := f.db.RecordIDs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var want []int64
	for _, r := range f.sim.Records() {
		want = append(want, r.ID)
	}
	if !slices.Equal(ids, want) {
		t.Fatalf("store holds %d records, stand-in %d; first difference at %d", len(ids), len(want), firstDiff(ids, want))
	}
}

func firstDiff(a, b []int64) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func TestFirstSyncWithoutStartPointIsRefused(t *testing.T) {
	f := newFixture(t, time.Date(2026, 11, 26, 9, 0, 0, 0, tokyo), senselinksim.Config{})
	_, err := f.syncer.CatchUp(context.Background(), nil)
	if !errors.Is(err, recordsync.ErrNoStartPoint) {
		t.Fatalf("err = %v, want ErrNoStartPoint", err)
	}
}

func TestSyncPagesThroughHundredsOfRecords(t *testing.T) {
	start := time.Date(2026, 11, 26, 8, 0, 0, 0, tokyo)
	f := newFixture(t, start, senselinksim.Config{})
	f.recognize(t, 730) // 8 pages of 100 in one window, the last one short
	if err := f.db.SetCursor(context.Background(), start); err != nil {
		t.Fatal(err)
	}
	res, err := f.syncer.CatchUp(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Inserted != 730 || res.Fetched != 730 {
		t.Errorf("result = %+v, want 730 fetched and inserted", res)
	}
	f.assertSameRecords(t)
	state, _ := f.db.SyncState(context.Background())
	if !state.Cursor.Equal(f.clock.Now().Truncate(time.Second)) {
		t.Errorf("cursor = %s, want now %s", state.Cursor, f.clock.Now())
	}
	if state.LastSuccess.IsZero() || state.LastError != "" {
		t.Errorf("state after success = %+v", state)
	}
	// A second pass re-reads only the overlap and stores nothing twice.
	before := f.requests.Load()
	res, err = f.syncer.CatchUp(context.Background(), nil)
	if err != nil || res.Inserted != 0 {
		t.Fatalf("second pass = %+v, %v; want nothing new", res, err)
	}
	if n := f.requests.Load() - before; n > 2 {
		t.Errorf("an idle poll made %d requests; the overlap should need one", n)
	}
	f.assertSameRecords(t)
}

func TestCatchUpAfterDowntimeGoesInBoundedWindowsWithProgress(t *testing.T) {
	start := time.Date(2026, 11, 20, 0, 0, 0, 0, tokyo)
	f := newFixture(t, start, senselinksim.Config{})
	// Six days of a small office, received as they happened.
	if err := f.sim.GenerateDays(start, 6, senselinksim.DemoPeople(), senselinksim.DemoDevices(), 4); err != nil {
		t.Fatal(err)
	}
	f.clock.set(start.AddDate(0, 0, 6).Add(time.Hour))
	if err := f.db.SetCursor(context.Background(), start); err != nil {
		t.Fatal(err)
	}
	var seen []recordsync.Progress
	res, err := f.syncer.CatchUp(context.Background(), func(p recordsync.Progress) { seen = append(seen, p) })
	if err != nil {
		t.Fatal(err)
	}
	wantWindows := int(f.clock.Now().Sub(start) / recordsync.DefaultWindow)
	if res.Windows < wantWindows {
		t.Errorf("%d windows for %s of downtime, want at least %d of %s", res.Windows, f.clock.Now().Sub(start), wantWindows, recordsync.DefaultWindow)
	}
	for i := 1; i < len(seen); i++ {
		if seen[i].Fraction() < seen[i-1].Fraction() {
			t.Fatalf("progress went backwards: %.3f after %.3f", seen[i].Fraction(), seen[i-1].Fraction())
		}
	}
	if len(seen) == 0 || seen[len(seen)-1].Fraction() != 1 {
		t.Errorf("progress did not reach 100%%")
	}
	f.assertSameRecords(t)
}

func TestLateOfflineUploadIsPickedUpByALaterPoll(t *testing.T) {
	start := time.Date(2026, 11, 26, 8, 0, 0, 0, tokyo)
	f := newFixture(t, start, senselinksim.Config{})
	ctx := context.Background()
	if err := f.db.SetCursor(ctx, start); err != nil {
		t.Fatal(err)
	}
	offline := f.sim.Devices()[1]
	f.sim.SetOffline(offline.LDID, true)
	person := f.sim.People()[3]
	signed := f.clock.Now()
	if _, err := f.sim.Recognize(person, offline, signed, 36.6, 1); err != nil {
		t.Fatal(err)
	}
	f.recognize(t, 6) // both terminals keep recognising; one of them only stores
	f.clock.advance(10 * time.Minute)
	if _, err := f.syncer.CatchUp(ctx, nil); err != nil {
		t.Fatal(err)
	}
	n, _ := f.db.CountRecords(ctx, store.RecordFilter{})
	if n != 3 || f.sim.Len() != 3 {
		t.Fatalf("%d records stored before the upload, %d received; want the 3 of the online terminal", n, f.sim.Len())
	}
	// Two hours later the terminal comes back and uploads: old sign time,
	// new receive time, far behind the cursor by sign time.
	f.clock.advance(2 * time.Hour)
	f.sim.SetOffline(offline.LDID, false)
	f.clock.advance(20 * time.Second)
	if _, err := f.syncer.CatchUp(ctx, nil); err != nil {
		t.Fatal(err)
	}
	f.assertSameRecords(t)
	recs, err := f.db.ListRecords(ctx, store.RecordFilter{From: signed, To: signed.Add(time.Second)}, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	var late *senselink.Record
	for i := range recs {
		if recs[i].DeviceLDID == offline.LDID && recs[i].JobNumber != nil && *recs[i].JobNumber == person.JobNumber {
			late = &recs[i]
		}
	}
	if late == nil {
		t.Fatalf("the offline terminal's record is not stored under its sign time; found %d others", len(recs))
	}
}

func TestRecordReceivedInTheSecondAWindowClosedIsNotLost(t *testing.T) {
	start := time.Date(2026, 11, 26, 8, 0, 0, 0, tokyo)
	f := newFixture(t, start, senselinksim.Config{})
	ctx := context.Background()
	if err := f.db.SetCursor(ctx, start); err != nil {
		t.Fatal(err)
	}
	f.clock.set(start.Add(time.Minute + 300*time.Millisecond))
	if _, err := f.syncer.CatchUp(ctx, nil); err != nil { // window ends at 08:01:00
		t.Fatal(err)
	}
	// Received at 08:01:00.700, after that window was read.
	f.clock.set(start.Add(time.Minute + 700*time.Millisecond))
	f.recognize(t, 1)
	f.clock.advance(30 * time.Second)
	if _, err := f.syncer.CatchUp(ctx, nil); err != nil {
		t.Fatal(err)
	}
	f.assertSameRecords(t)
}

func TestFaultsAreRecoveredFromWithoutLossOrDoubles(t *testing.T) {
	start := time.Date(2026, 11, 26, 6, 0, 0, 0, tokyo)
	f := newFixture(t, start, senselinksim.Config{Seed: 42})
	f.recognize(t, 900)
	f.clock.advance(3 * time.Hour)
	ctx := context.Background()
	if err := f.db.SetCursor(ctx, start); err != nil {
		t.Fatal(err)
	}
	f.sim.SetFaults(senselinksim.Faults{ServerError: 0.15, Reset: 0.1, Malformed: 0.1})
	var failures int
	kinds := map[senselink.ErrorKind]bool{}
	for attempt := 0; ; attempt++ {
		if attempt == 200 {
			t.Fatalf("not caught up after %d attempts", attempt)
		}
		_, err := f.syncer.CatchUp(ctx, nil)
		if err == nil {
			break
		}
		if !senselink.Retryable(err) {
			t.Fatalf("fault produced a non-retryable error: %v", err)
		}
		kinds[senselink.KindOf(err)] = true
		failures++
		state, _ := f.db.SyncState(ctx)
		if state.LastError == "" || state.LastErrorAt.IsZero() {
			t.Fatalf("failure not recorded in the store: %+v", state)
		}
	}
	if failures == 0 || len(kinds) < 2 {
		t.Errorf("faults seen: %d failures of kinds %v; the test did not exercise recovery", failures, kinds)
	}
	f.assertSameRecords(t)
	state, _ := f.db.SyncState(ctx)
	if state.LastError != "" {
		t.Errorf("error still shown after recovery: %q", state.LastError)
	}
}

func TestCursorStaysWhenAWindowFailsHalfway(t *testing.T) {
	start := time.Date(2026, 11, 26, 8, 0, 0, 0, tokyo)
	f := newFixture(t, start, senselinksim.Config{})
	f.recognize(t, 350)
	ctx := context.Background()
	if err := f.db.SetCursor(ctx, start); err != nil {
		t.Fatal(err)
	}
	failing := &failAfter{next: f.syncer.Source, pages: 2}
	s := &recordsync.Syncer{Source: failing, Sink: f.db, Now: f.clock.Now}
	if _, err := s.CatchUp(ctx, nil); err == nil {
		t.Fatal("expected the injected failure")
	}
	state, _ := f.db.SyncState(ctx)
	if !state.Cursor.Equal(start) {
		t.Fatalf("cursor moved to %s although the window failed", state.Cursor)
	}
	n, _ := f.db.CountRecords(ctx, store.RecordFilter{})
	if n != 200 {
		t.Errorf("%d records stored from the two good pages, want 200", n)
	}
	if _, err := f.syncer.CatchUp(ctx, nil); err != nil {
		t.Fatal(err)
	}
	f.assertSameRecords(t)
}

type failAfter struct {
	next  recordsync.Source
	pages int
}

func (f *failAfter) Records(ctx context.Context, q senselink.RecordQuery) (senselink.RecordPage, error) {
	if f.pages == 0 {
		return senselink.RecordPage{}, &senselink.Error{Kind: senselink.KindNetwork, Op: "test", Message: "cable pulled"}
	}
	f.pages--
	return f.next.Records(ctx, q)
}

// stuckPaging answers every page with the first one.
type stuckPaging struct{ next recordsync.Source }

func (s stuckPaging) Records(ctx context.Context, q senselink.RecordQuery) (senselink.RecordPage, error) {
	q.Page = 1
	return s.next.Records(ctx, q)
}

func TestServerIgnoringPagesIsReportedNotLoopedForever(t *testing.T) {
	start := time.Date(2026, 11, 26, 8, 0, 0, 0, tokyo)
	f := newFixture(t, start, senselinksim.Config{})
	f.recognize(t, 250)
	ctx := context.Background()
	f.db.SetCursor(ctx, start)
	s := &recordsync.Syncer{Source: stuckPaging{f.syncer.Source}, Sink: f.db, Now: f.clock.Now}
	_, err := s.CatchUp(ctx, nil)
	if senselink.KindOf(err) != senselink.KindDecode {
		t.Fatalf("err = %v, want a decode error about paging", err)
	}
}

func TestWatcherStopsOnAuthFailureAndBacksOffOnServerErrors(t *testing.T) {
	start := time.Now()
	f := newFixture(t, start, senselinksim.Config{})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	f.db.SetCursor(ctx, start.Add(-time.Minute))

	f.sim.SetFaults(senselinksim.Faults{ServerError: 1})
	statuses := make(chan recordsync.Status, 100)
	w := recordsync.NewWatcher(f.syncer, func() time.Duration { return time.Hour }, func(st recordsync.Status) {
		statuses <- st
	})
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	for st := range statuses {
		if st.State == recordsync.StateBackoff {
			if st.LastError == nil || st.NextPoll.IsZero() {
				t.Fatalf("backoff without error or next poll: %+v", st)
			}
			if wait := time.Until(st.NextPoll); wait > 3*time.Second {
				t.Fatalf("first backoff waits %s, want about 2 s", wait)
			}
			break
		}
	}
	// The server recovers; a manual poll skips the backoff wait.
	f.sim.SetFaults(senselinksim.Faults{})
	w.PollNow()
	for st := range statuses {
		if st.State == recordsync.StateIdle {
			if st.LastError != nil || st.LastSuccess.IsZero() {
				t.Fatalf("idle after recovery still shows %v", st.LastError)
			}
			break
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("cancelled watcher returned %v", err)
	}

	// A wrong secret stops polling for good.
	bad, _ := senselink.New(senselink.Config{BaseURL: f.srv.URL, AppKey: appKey, AppSecret: "wrong", Location: tokyo})
	w = recordsync.NewWatcher(&recordsync.Syncer{Source: bad, Sink: f.db}, func() time.Duration { return time.Millisecond }, nil)
	ctx2, cancel2 := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel2()
	err := w.Run(ctx2)
	if senselink.KindOf(err) != senselink.KindAuth || !recordsync.StopsPolling(err) {
		t.Fatalf("watcher with a wrong secret returned %v, want an auth failure", err)
	}
}
