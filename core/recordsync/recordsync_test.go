package recordsync_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/punchdesk/punchdesk/core/domain"
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
	f.syncer = &recordsync.Syncer{Source: client, Sink: db, Now: f.clock.Now, Retry: noWait}
	return f
}

// noWait retries at once: the tests count failures, not seconds.
var noWait = recordsync.RetryPolicy{Sleep: func(ctx context.Context, d time.Duration) error { return ctx.Err() }}

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

func TestCatchUpAfterDowntimeGoesInBoundedStepsWithProgress(t *testing.T) {
	start := time.Date(2026, 11, 20, 0, 0, 0, 0, tokyo)
	for _, by := range []string{senselinksim.WindowByReceive, senselinksim.WindowBySign} {
		for _, ignore := range []bool{false, true} {
			t.Run(fmt.Sprintf("window by %s, start_record_id ignored %t", by, ignore), func(t *testing.T) {
				f := newFixture(t, start, senselinksim.Config{WindowBy: by, IgnoreStartRecordID: ignore})
				// Six days of a small office, received as they happened.
				if err := f.sim.GenerateDays(start, 6, senselinksim.DemoPeople(), senselinksim.DemoDevices(), 4); err != nil {
					t.Fatal(err)
				}
				f.clock.set(start.AddDate(0, 0, 6).Add(time.Hour))
				if err := f.db.SetCursor(context.Background(), start); err != nil {
					t.Fatal(err)
				}
				var seen []recordsync.Progress
				var stored []int
				f.syncer.AfterWindow = func(ctx context.Context, inserted int, caughtUp bool) error {
					n, err := f.db.CountRecords(ctx, domain.RecordFilter{})
					stored = append(stored, n)
					return err
				}
				res, err := f.syncer.CatchUp(context.Background(), func(p recordsync.Progress) { seen = append(seen, p) })
				if err != nil {
					t.Fatal(err)
				}
				// Every step is stored before the next: a long catch-up
				// shows its records (and punches) as it goes.
				if pages := f.sim.Len() / senselink.MaxPageSize; res.Windows < pages || len(stored) < pages {
					t.Errorf("%d steps (%d stored steps) for %d records, want at least %d", res.Windows, len(stored), f.sim.Len(), pages)
				}
				if !slices.IsSorted(stored) || stored[0] > 2*senselink.MaxPageSize {
					t.Errorf("records stored after each step: %v…", stored[:min(5, len(stored))])
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
			})
		}
	}
}

// variants is every reading of the API the stand-in can take: what the date
// window selects by, whether start_record_id is honoured, the row layout,
// and unreadable rows.
func variants() []senselinksim.Config {
	var out []senselinksim.Config
	for _, by := range []string{senselinksim.WindowByReceive, senselinksim.WindowBySign} {
		for _, ignore := range []bool{false, true} {
			for _, shape := range senselinksim.RowShapes {
				for _, bad := range []bool{false, true} {
					out = append(out, senselinksim.Config{WindowBy: by, IgnoreStartRecordID: ignore, RowShape: shape, BadRows: bad})
				}
			}
		}
	}
	return out
}

func variantName(c senselinksim.Config) string {
	return fmt.Sprintf("by %s, start id ignored %t, rows %s, bad rows %t", c.WindowBy, c.IgnoreStartRecordID, c.RowShape, c.BadRows)
}

func TestLateOfflineUploadIsPickedUpByALaterPoll(t *testing.T) {
	for _, cfg := range variants() {
		t.Run(variantName(cfg), func(t *testing.T) { lateOfflineUpload(t, cfg) })
	}
}

func lateOfflineUpload(t *testing.T, cfg senselinksim.Config) {
	start := time.Date(2026, 11, 26, 8, 0, 0, 0, tokyo)
	f := newFixture(t, start, cfg)
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
	for range 2 { // the second pass meets start_record_id for the first time
		if _, err := f.syncer.CatchUp(ctx, nil); err != nil {
			t.Fatal(err)
		}
		f.clock.advance(15 * time.Second)
	}
	n, _ := f.db.CountRecords(ctx, domain.RecordFilter{})
	if n != 3 || f.sim.Len() != 3 {
		t.Fatalf("%d records stored before the upload, %d received; want the 3 of the online terminal", n, f.sim.Len())
	}
	// Two hours later the terminal comes back and uploads: old sign time,
	// new receive time, far behind the cursor by sign time.
	f.clock.advance(2 * time.Hour)
	f.sim.SetOffline(offline.LDID, false)
	f.recognize(t, 2)
	f.clock.advance(20 * time.Second)
	res, err := f.syncer.CatchUp(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.assertSameRecords(t)
	state, _ := f.db.SyncState(ctx)
	if state.StartIDIgnored != cfg.IgnoreStartRecordID || res.StartIDIgnored != cfg.IgnoreStartRecordID {
		t.Errorf("start_record_id ignored: stored %t, result %t; the server ignores it: %t",
			state.StartIDIgnored, res.StartIDIgnored, cfg.IgnoreStartRecordID)
	}
	if cfg.BadRows && state.BadRows == 0 {
		t.Errorf("unreadable rows were not kept")
	}
	if !cfg.BadRows && state.BadRows != 0 {
		t.Errorf("%d rows kept aside from good pages", state.BadRows)
	}
	recs, err := f.db.ListRecords(ctx, domain.RecordFilter{From: signed, To: signed.Add(time.Second)}, 0, 10)
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
	// An idle poll afterwards stores nothing new and keeps everything.
	f.clock.advance(15 * time.Second)
	if res, err := f.syncer.CatchUp(ctx, nil); err != nil || res.Inserted != 0 {
		t.Fatalf("idle poll: %+v, %v", res, err)
	}
	f.assertSameRecords(t)
}

func TestServerSendingEndlessRecordsIsStoppedWithAClearMessage(t *testing.T) {
	start := time.Date(2026, 11, 26, 8, 0, 0, 0, tokyo)
	for _, ignore := range []bool{false, true} {
		t.Run(fmt.Sprintf("start id ignored %t", ignore), func(t *testing.T) {
			f := newFixture(t, start, senselinksim.Config{Flood: true, IgnoreStartRecordID: ignore})
			ctx := context.Background()
			f.db.SetCursor(ctx, start.Add(-time.Minute))
			f.syncer.Location = tokyo
			f.syncer.People = func(context.Context) (int, error) { return 24, nil }
			_, err := f.syncer.CatchUp(ctx, nil)
			var implausible *recordsync.ImplausibleError
			if !errors.As(err, &implausible) || !recordsync.StopsPolling(err) {
				t.Fatalf("err = %v, want an implausible-amount error that stops polling", err)
			}
			limit := 1 * (24*recordsync.MaxRecordsPerPersonDay + 10_000)
			if implausible.Records <= limit || implausible.Records > limit+2*senselink.MaxPageSize {
				t.Errorf("stopped after %d records, want just past %d", implausible.Records, limit)
			}
			if msg := err.Error(); !strings.Contains(msg, "2026-11-26 07:57:00 JST") || !strings.Contains(msg, "24 staff") {
				t.Errorf("message %q does not name the window in JST and the staff count", msg)
			}
			state, _ := f.db.SyncState(ctx)
			if state.LastErrorKind != "implausible" {
				t.Errorf("stored error kind %q", state.LastErrorKind)
			}
		})
	}
}

func TestRecordServedAgainWithOtherContentKeepsTheFirstAndIsReported(t *testing.T) {
	start := time.Date(2026, 11, 26, 8, 0, 0, 0, tokyo)
	for _, ignore := range []bool{false, true} {
		t.Run(fmt.Sprintf("start id ignored %t", ignore), func(t *testing.T) {
			f := newFixture(t, start, senselinksim.Config{IgnoreStartRecordID: ignore})
			ctx := context.Background()
			f.db.SetCursor(ctx, start)
			f.recognize(t, 5)
			if _, err := f.syncer.CatchUp(ctx, nil); err != nil {
				t.Fatal(err)
			}
			first := f.sim.Records()[2]
			f.sim.Amend(first.ID, func(r *senselinksim.Record) { r.BodyTemperature = 38.4; r.AbnormalType = 40001 })
			// An unchanged record served again is no conflict; the amended
			// one is, once, however often it comes.
			var res recordsync.Result
			for range 3 {
				f.clock.advance(10 * time.Second)
				r, err := f.syncer.CatchUp(ctx, nil)
				if err != nil {
					t.Fatal(err)
				}
				res.Conflicts += r.Conflicts
			}
			if ignore && res.Conflicts != 1 {
				t.Errorf("%d conflicts reported over three passes, want 1", res.Conflicts)
			}
			raw, err := f.db.RawRecord(ctx, first.ID)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(raw), "38.4") {
				t.Errorf("the first version was replaced: %s", raw)
			}
			state, _ := f.db.SyncState(ctx)
			_, conflicts, _ := f.db.KeptAside(ctx, 10)
			if ignore && (state.Conflicts != 1 || len(conflicts) != 1 || !strings.Contains(conflicts[0].Other, "38.4")) {
				t.Errorf("conflicts stored %d, listed %+v", state.Conflicts, conflicts)
			}
		})
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

func TestPassUnderFortyPercentFaultsCompletesInOneRun(t *testing.T) {
	start := time.Date(2026, 11, 26, 6, 0, 0, 0, tokyo)
	for _, by := range []string{senselinksim.WindowByReceive, senselinksim.WindowBySign} {
		for _, ignore := range []bool{false, true} {
			t.Run(fmt.Sprintf("window by %s, start_record_id ignored %t", by, ignore), func(t *testing.T) {
				f := newFixture(t, start, senselinksim.Config{Seed: 42, WindowBy: by, IgnoreStartRecordID: ignore})
				f.recognize(t, 5000) // a backlog of 50 pages
				f.clock.advance(3 * time.Hour)
				ctx := context.Background()
				if err := f.db.SetCursor(ctx, start); err != nil {
					t.Fatal(err)
				}
				f.sim.SetFaults(senselinksim.Faults{ServerError: 0.15, Reset: 0.1, Malformed: 0.1, Slow: 0.05, SlowDelay: time.Millisecond})
				kinds := map[senselink.ErrorKind]bool{}
				retries := 0
				_, err := f.syncer.CatchUp(ctx, func(p recordsync.Progress) {
					if p.Retrying != nil {
						retries++
						kinds[senselink.KindOf(p.Retrying)] = true
					}
				})
				if err != nil {
					t.Fatalf("the pass gave up after %d retries: %v", retries, err)
				}
				if retries < 10 || len(kinds) < 2 {
					t.Errorf("faults seen: %d retries of kinds %v; the test did not exercise recovery", retries, kinds)
				}
				f.assertSameRecords(t)
				state, _ := f.db.SyncState(ctx)
				if state.LastError != "" {
					t.Errorf("error shown after a pass that completed: %q", state.LastError)
				}
			})
		}
	}
}

// flaky fails every other request, and then a run of failures.
type flaky struct {
	next        recordsync.Source
	calls, runs int
	failRun     int // fail this many in a row once calls reach failFrom
	failFrom    int
}

func (f *flaky) Records(ctx context.Context, q senselink.RecordQuery) (senselink.RecordPage, error) {
	f.calls++
	if f.calls%2 == 0 || (f.calls >= f.failFrom && f.runs < f.failRun) {
		if f.calls >= f.failFrom {
			f.runs++
		}
		return senselink.RecordPage{}, &senselink.Error{Kind: senselink.KindServer, Op: "test", Message: "busy"}
	}
	return f.next.Records(ctx, q)
}

func TestRetryBudgetCountsOnlyFailuresInARow(t *testing.T) {
	start := time.Date(2026, 11, 26, 8, 0, 0, 0, tokyo)
	ctx := context.Background()
	// Half of all requests fail, but never twice in a row: far more than
	// eight failures in the pass, and it completes.
	f := newFixture(t, start, senselinksim.Config{})
	f.recognize(t, 2000)
	f.db.SetCursor(ctx, start)
	source := &flaky{next: f.syncer.Source, failFrom: 1 << 30}
	s := &recordsync.Syncer{Source: source, Sink: f.db, Now: f.clock.Now, Retry: noWait}
	if _, err := s.CatchUp(ctx, nil); err != nil {
		t.Fatalf("failures between successes ended the pass: %v", err)
	}
	if source.calls < 30 {
		t.Fatalf("only %d calls: the test did not fail often", source.calls)
	}
	f.assertSameRecords(t)

	// Eight in a row end it, with the count in the message.
	f = newFixture(t, start, senselinksim.Config{})
	f.recognize(t, 500)
	f.db.SetCursor(ctx, start)
	source = &flaky{next: f.syncer.Source, failFrom: 3, failRun: 100}
	s = &recordsync.Syncer{Source: source, Sink: f.db, Now: f.clock.Now, Retry: noWait}
	_, err := s.CatchUp(ctx, nil)
	if err == nil || !strings.Contains(err.Error(), "8 failures in a row") || !senselink.Retryable(err) {
		t.Fatalf("err = %v, want a retryable error after 8 failures in a row", err)
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
	s := &recordsync.Syncer{Source: failing, Sink: f.db, Now: f.clock.Now, Retry: noWait}
	if _, err := s.CatchUp(ctx, nil); err == nil {
		t.Fatal("expected the injected failure")
	}
	state, _ := f.db.SyncState(ctx)
	if !state.Cursor.Equal(start) {
		t.Fatalf("cursor moved to %s although the window failed", state.Cursor)
	}
	n, _ := f.db.CountRecords(ctx, domain.RecordFilter{})
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

// newestFirst answers every page in descending id order, as a server that
// ignores order=1 would.
type newestFirst struct{ next recordsync.Source }

func (s newestFirst) Records(ctx context.Context, q senselink.RecordQuery) (senselink.RecordPage, error) {
	p, err := s.next.Records(ctx, q)
	slices.Reverse(p.Records)
	return p, err
}

func TestServerIgnoringPagesIsHarmlessOrReportedNotLoopedForever(t *testing.T) {
	start := time.Date(2026, 11, 26, 8, 0, 0, 0, tokyo)
	ctx := context.Background()
	// Keyset paging asks for page 1 from the last id each time: a server
	// that ignores "page" is read completely.
	f := newFixture(t, start, senselinksim.Config{})
	f.recognize(t, 250)
	f.db.SetCursor(ctx, start)
	s := &recordsync.Syncer{Source: stuckPaging{f.syncer.Source}, Sink: f.db, Now: f.clock.Now, Retry: noWait}
	if _, err := s.CatchUp(ctx, nil); err != nil {
		t.Fatal(err)
	}
	f.assertSameRecords(t)

	// Paged by number (the server orders otherwise), the repeat is noticed.
	f = newFixture(t, start, senselinksim.Config{})
	f.recognize(t, 250)
	f.db.SetCursor(ctx, start)
	s = &recordsync.Syncer{Source: newestFirst{stuckPaging{f.syncer.Source}}, Sink: f.db, Now: f.clock.Now, Retry: noWait}
	_, err := s.CatchUp(ctx, nil)
	if senselink.KindOf(err) != senselink.KindDecode || !strings.Contains(err.Error(), "ignores the page parameter") {
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
