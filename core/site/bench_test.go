package site_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/punchdesk/punchdesk/core/secret"
	"github.com/punchdesk/punchdesk/core/senselinksim"
	"github.com/punchdesk/punchdesk/core/site"
	"github.com/punchdesk/punchdesk/core/store"
)

// BenchmarkSyncAndDeriveMonth1000Staff is what the app does with a month of
// a 1,000-staff site (≈186,000 records): sync from the stand-in over
// loopback and turn every record into stored punches, window by window.
func BenchmarkSyncAndDeriveMonth1000Staff(b *testing.B) {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	start := time.Date(2026, 10, 1, 0, 0, 0, 0, tokyo)
	now := start.AddDate(0, 1, 0).Add(12 * time.Hour)
	clock := func() time.Time { return now }
	sim := senselinksim.New(senselinksim.Config{AppKey: key, AppSecret: secret1, Location: tokyo, Now: clock})
	staff := senselinksim.GenerateStaff(1000)
	if err := sim.GenerateDays(start, 31, staff, senselinksim.DemoDevices(), 6); err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(sim)
	defer srv.Close()
	var csv strings.Builder
	csv.WriteString("code,name\n")
	for _, p := range staff {
		fmt.Fprintf(&csv, "%s,%s\n", p.JobNumber, p.Name)
	}
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, err := site.Open(filepath.Join(b.TempDir(), "punchdesk.db"), store.ReadWrite, secret.NewMemory())
		if err != nil {
			b.Fatal(err)
		}
		s.Now = clock
		ctx := context.Background()
		if err := s.Link(ctx, site.LinkRequest{Server: srv.URL, AppKey: key, AppSecret: secret1, SyncFrom: start}); err != nil {
			b.Fatal(err)
		}
		if _, _, err := s.ImportStaff(ctx, []byte(csv.String())); err != nil {
			b.Fatal(err)
		}
		syncer, err := s.Syncer(ctx)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := syncer.CatchUp(ctx, nil)
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		punches, err := s.MonthPunches(ctx, "2026-10", "")
		if err != nil || len(punches) < 150_000 {
			b.Fatalf("%d punches derived from %d records, %v", len(punches), res.Inserted, err)
		}
		b.ReportMetric(float64(res.Inserted), "records/op")
		s.Close()
	}
}
