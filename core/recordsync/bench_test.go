package recordsync_test

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/punchdesk/punchdesk/core/recordsync"
	"github.com/punchdesk/punchdesk/core/senselink"
	"github.com/punchdesk/punchdesk/core/senselinksim"
	"github.com/punchdesk/punchdesk/core/store"
)

// BenchmarkSyncMonth1000Staff syncs a month of a 1,000-staff site (6
// recognitions a day: about 186,000 records) from the stand-in over loopback
// into a fresh database. Target: ≤ 10 s on a 2-core machine.
func BenchmarkSyncMonth1000Staff(b *testing.B) {
	start := time.Date(2026, 10, 1, 0, 0, 0, 0, tokyo)
	end := start.AddDate(0, 1, 0)
	sim := senselinksim.New(senselinksim.Config{AppKey: appKey, AppSecret: appSecret, Location: tokyo,
		Now: func() time.Time { return end.Add(12 * time.Hour) }})
	staff := senselinksim.GenerateStaff(1000)
	if err := sim.GenerateDays(start, 31, staff, senselinksim.DemoDevices(), 6); err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(sim)
	defer srv.Close()
	client, err := senselink.New(senselink.Config{BaseURL: srv.URL, AppKey: appKey, AppSecret: appSecret,
		Location: tokyo, Now: func() time.Time { return end.Add(12 * time.Hour) }})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := store.Open(filepath.Join(b.TempDir(), "punchdesk.db"), store.ReadWrite)
		if err != nil {
			b.Fatal(err)
		}
		if err := db.SetCursor(context.Background(), start); err != nil {
			b.Fatal(err)
		}
		s := &recordsync.Syncer{Source: client, Sink: db, Now: func() time.Time { return end.Add(12 * time.Hour) }}
		written := writtenBytes()
		b.StartTimer()
		res, err := s.CatchUp(context.Background(), nil)
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		if res.Inserted != sim.Len() {
			b.Fatalf("stored %d of %d records", res.Inserted, sim.Len())
		}
		b.ReportMetric(float64(res.Inserted), "records/op")
		path := db.Path()
		db.Close() // the last checkpoint is part of what the catch-up writes
		if written >= 0 {
			if fi, err := os.Stat(path); err == nil {
				b.ReportMetric(float64(writtenBytes()-written)/float64(fi.Size()), "written/db-size")
			}
		}
		b.StartTimer()
	}
}

// writtenBytes is what this process has written to storage so far
// (Linux's /proc/self/io write_bytes), or -1 where that is not known.
func writtenBytes() int64 {
	data, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "write_bytes: "); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			if err == nil {
				return n
			}
		}
	}
	return -1
}
