package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"testing"
	"time"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/senselink"
)

// Results (go test -run '^$' -bench . -benchtime 300x ./core/store/) on a
// 2-vCPU VM, Intel Xeon 2.1 GHz, ext4, Go 1.26.8, modernc.org/sqlite v1.62.0
// (SQLite 3.54.1), 16 KiB pages, the quietest of several runs (the machine
// was shared with other builds; noisy runs were up to 2x slower):
//
//	SaveRecords batch=1000  100,000-114,000 records/s
//	SaveRecords batch=100    90,000-105,000 records/s
//	RawInsert   batch=1000  101,000-107,000 records/s
//	RawInsert   batch=100    92,000-107,000 records/s
//
// SaveRecords is as fast as the bare insert it is measured against. What is
// left is the driver's per-parameter binding (about a quarter of the time)
// and SQLite's own insert and commit; an INSERT ... SELECT of the same rows
// generated inside SQLite, with nothing bound, measured 110,000-160,000/s.

// signTimeOf spreads records over time the way a site produces them: sign
// times rise with record ids (here three records a second), so the sign-time
// index grows at its end as it does in real ingestion.
func signTimeOf(id int64) time.Time {
	return base.Add(time.Duration(id) * time.Second / 3)
}

// BenchmarkSaveRecords stores fully populated records in the batch sizes
// sync uses, each batch a new receive window (fresh ids), through the public
// API with a cancellable context as sync passes one.
func BenchmarkSaveRecords(b *testing.B) {
	for _, batch := range []int{100, 1000} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			db := openTemp(b)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			recs := testRecords(1, int64(batch))
			next := int64(1)
			for b.Loop() {
				for i := range recs {
					recs[i].ID = next
					recs[i].SignTime = signTimeOf(next)
					next++
				}
				n, err := db.SaveRecords(ctx, recs, &CursorAdvance{To: base, At: base})
				if err != nil || n != batch {
					b.Fatalf("SaveRecords = %d, %v", n, err)
				}
			}
			b.ReportMetric(float64(next-1)/b.Elapsed().Seconds(), "records/s")
		})
	}
}

// BenchmarkRawInsert is the floor SaveRecords is measured against: the same
// column values, prepared once, bound and inserted in one transaction per
// batch, with nothing else (no OR IGNORE, no counting, no cursor).
func BenchmarkRawInsert(b *testing.B) {
	for _, batch := range []int{100, 1000} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			db := openTemp(b)
			ctx := context.Background()
			recs := testRecords(1, int64(batch))
			rows := make([][]any, len(recs))
			fetchedAt := time.Now().UnixMilli()
			nv := make([]driver.NamedValue, recordColumns)
			for i := range recs {
				recordArgs(nv, &recs[i], fetchedAt)
				rows[i] = make([]any, recordColumns)
				for j := range nv {
					rows[i][j] = nv[j].Value
				}
			}
			next := int64(1)
			for b.Loop() {
				tx, err := db.write.BeginTx(ctx, nil)
				if err != nil {
					b.Fatal(err)
				}
				stmt, err := tx.PrepareContext(ctx, `INSERT INTO records (
					id, sign_time, sign_time_zone, sign_date, user_id, user_name, user_type, job_number,
					device_ldid, device_name, location, body_temperature, abnormal_type, mask, direction,
					entry_mode, verify_score, capture_picture, capture_bg_picture, group_id, group_name,
					"groups", raw, fetched_at
				) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
				if err != nil {
					b.Fatal(err)
				}
				for _, args := range rows {
					args[0] = next
					args[1] = signTimeOf(next).Unix()
					next++
					if _, err := stmt.ExecContext(ctx, args...); err != nil {
						b.Fatal(err)
					}
				}
				stmt.Close()
				if err := tx.Commit(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(next-1)/b.Elapsed().Seconds(), "records/s")
		})
	}
}

// BenchmarkListRecordsPage reads one page of the live log (200 rows, newest
// first) from a store of 300,000 records: at the top, where the log usually
// is, and at the very bottom, the worst case of a scroll to the end.
func BenchmarkListRecordsPage(b *testing.B) {
	db := openTemp(b)
	ctx := context.Background()
	const total, batch = 300_000, 1000
	for from := int64(1); from <= total; from += batch {
		recs := make([]senselink.Record, 0, batch)
		for id := from; id < from+batch; id++ {
			recs = append(recs, testRecord(id, signTimeOf(id)))
		}
		if _, err := db.SaveRecords(ctx, recs, nil); err != nil {
			b.Fatal(err)
		}
	}
	for _, offset := range []int{0, total - 200} {
		b.Run(fmt.Sprintf("offset=%d", offset), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				recs, err := db.ListRecords(ctx, domain.RecordFilter{}, offset, 200)
				if err != nil || len(recs) != 200 {
					b.Fatalf("%d records, %v", len(recs), err)
				}
			}
		})
	}
}
