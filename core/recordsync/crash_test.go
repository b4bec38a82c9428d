package recordsync_test

import (
	"context"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/punchdesk/punchdesk/core/recordsync"
	"github.com/punchdesk/punchdesk/core/senselink"
	"github.com/punchdesk/punchdesk/core/senselinksim"
	"github.com/punchdesk/punchdesk/core/store"
)

// The crash test runs the sync in a child process (this test binary again)
// and kills it with SIGKILL at random moments: no deferred cleanup, no
// rollback by the program, exactly what a power cut or a killed app does.
const (
	childEnv    = "PUNCHDESK_SYNC_CRASH_CHILD"
	childDBEnv  = "PUNCHDESK_SYNC_CRASH_DB"
	childURLEnv = "PUNCHDESK_SYNC_CRASH_URL"
)

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		os.Exit(runSyncChild())
	}
	os.Exit(m.Run())
}

// runSyncChild syncs until caught up, retrying passing faults.
func runSyncChild() int {
	db, err := store.Open(os.Getenv(childDBEnv), store.ReadWrite)
	if err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		return 3
	}
	client, err := senselink.New(senselink.Config{BaseURL: os.Getenv(childURLEnv), AppKey: appKey, AppSecret: appSecret, Location: tokyo})
	if err != nil {
		return 3
	}
	// Short windows make many transactions, so kills land between and inside them.
	s := &recordsync.Syncer{Source: client, Sink: db, Window: 5 * time.Minute,
		Retry: recordsync.RetryPolicy{First: 10 * time.Millisecond, Max: 100 * time.Millisecond}}
	for {
		if _, err := s.CatchUp(context.Background(), nil); err == nil {
			return 0
		} else if !senselink.Retryable(err) {
			os.Stderr.WriteString(err.Error() + "\n")
			return 1
		}
	}
}

func TestKilledSyncLosesAndDoublesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	for _, cfg := range []senselinksim.Config{
		{},
		{WindowBy: senselinksim.WindowBySign, RowShape: senselinksim.RowShapeNested, BadRows: true},
		{WindowBy: senselinksim.WindowBySign, IgnoreStartRecordID: true, RowShape: senselinksim.RowShapeV5},
	} {
		t.Run(variantName(cfg), func(t *testing.T) { killedSync(t, cfg) })
	}
}

func killedSync(t *testing.T, cfg senselinksim.Config) {
	y, m, d := time.Now().Add(-36 * time.Hour).In(tokyo).Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, tokyo) // GenerateDays starts at midnight
	cfg.AppKey, cfg.AppSecret, cfg.Location, cfg.Seed = appKey, appSecret, tokyo, 7
	sim := senselinksim.New(cfg)
	staff := senselinksim.GenerateStaff(1000)
	sim.SetPeople(staff)
	sim.SetDevices(senselinksim.DemoDevices())
	if err := sim.GenerateDays(start, 1, staff, senselinksim.DemoDevices(), 6); err != nil {
		t.Fatal(err)
	}
	// A terminal offline since an hour ago uploads in the middle of the
	// kills: old recognition times, new ids.
	offline := sim.Devices()[1]
	sim.SetOffline(offline.LDID, true)
	for i, p := range staff[:50] {
		if _, err := sim.Recognize(p, offline, time.Now().Add(-time.Hour+time.Duration(i)*time.Second), 36.5, 1); err != nil {
			t.Fatal(err)
		}
	}
	// Some faults too, so kills also land in retry paths.
	sim.SetFaults(senselinksim.Faults{ServerError: 0.05, Malformed: 0.03, Slow: 0.2, SlowDelay: 10 * time.Millisecond})
	srv := httptest.NewServer(sim)
	defer srv.Close()

	dbPath := filepath.Join(t.TempDir(), "punchdesk.db")
	db, err := store.Open(dbPath, store.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetCursor(context.Background(), start); err != nil {
		t.Fatal(err)
	}
	db.Close()

	child := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"=1", childDBEnv+"="+dbPath, childURLEnv+"="+srv.URL)
		return cmd
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	kills, midSync := 0, 0
	for i := 0; i < 25; i++ {
		if i == 12 {
			sim.SetOffline(offline.LDID, false)
		}
		cmd := child()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(30+rng.IntN(170)) * time.Millisecond)
		if cmd.Process.Kill() == nil {
			kills++
		}
		_ = cmd.Wait()
		if unfinished(t, dbPath) {
			midSync++
		}
	}
	if midSync < 3 {
		t.Fatalf("only %d of %d kills hit an unfinished sync; the test is not testing crashes", midSync, kills)
	}
	out, err := child().CombinedOutput()
	if err != nil {
		t.Fatalf("final sync failed: %v\n%s", err, out)
	}

	db, err = store.Open(dbPath, store.ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.RecordIDs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var want []int64
	for _, r := range sim.Records() {
		want = append(want, r.ID)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("after %d kills the store has %d records, the stand-in %d (first difference at %d)",
			kills, len(got), len(want), firstDiff(got, want))
	}
	t.Logf("%d records intact after %d kills, %d of them mid-sync", len(want), kills, midSync)
}

// unfinished reports whether the sync position is still short of now.
func unfinished(t *testing.T, dbPath string) bool {
	db, err := store.Open(dbPath, store.ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st, err := db.SyncState(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return time.Since(st.Cursor) > time.Minute
}
