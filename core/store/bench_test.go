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
// API with a cancellable context as sync passes one. The rate counts the
// background checkpoint still running after the last batch.
func BenchmarkSaveRecords(b *testing.B) {
	for _, batch := range []int{100, 1000} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			save := newSaveBench(b, batch)
			start := time.Now()
			for b.Loop() {
				save.batch(b)
			}
			if err := save.db.ckpt.wait(); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(save.next-1)/time.Since(start).Seconds(), "records/s")
		})
	}
}

// BenchmarkRawInsert is the floor SaveRecords is measured against: the same
// column values, prepared once, bound and inserted in one transaction per
// batch, with nothing else (no OR IGNORE, no counting, no cursor).
func BenchmarkRawInsert(b *testing.B) {
	for _, batch := range []int{100, 1000} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			raw := newRawBench(b, batch)
			for b.Loop() {
				raw.batch(b)
			}
			b.ReportMetric(float64(raw.next-1)/b.Elapsed().Seconds(), "records/s")
		})
	}
}

// BenchmarkSaveRecordsVsRawInsert runs the two benchmarks above in turns,
// each on its own database, and reports their ratio. Run one after the
// other they would meet different moments of a shared machine whose speed
// swings by a quarter within a minute; taken in turns, both sides see the
// same machine. A turn is a run of batches long enough to include
// checkpoints (about 16 MiB of log), and the SaveRecords side's turn ends
// only when its background checkpoint has finished, so none of its work
// spills into the other side's turn.
func BenchmarkSaveRecordsVsRawInsert(b *testing.B) {
	for _, batch := range []int{100, 1000} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			save, raw := newSaveBench(b, batch), newRawBench(b, batch)
			perTurn := 20_000 / batch
			var inSave, inRaw time.Duration
			saveTurn := func() {
				t := time.Now()
				for range perTurn {
					save.batch(b)
				}
				if err := save.db.ckpt.wait(); err != nil {
					b.Fatal(err)
				}
				inSave += time.Since(t)
			}
			rawTurn := func() {
				t := time.Now()
				for range perTurn {
					raw.batch(b)
				}
				inRaw += time.Since(t)
			}
			turn := 0
			for b.Loop() {
				// Alternate which side goes first, so neither always
				// meets the other's dirty page cache.
				if turn%2 == 0 {
					saveTurn()
					rawTurn()
				} else {
					rawTurn()
					saveTurn()
				}
				turn++
			}
			saved, inserted := float64(save.next-1)/inSave.Seconds(), float64(raw.next-1)/inRaw.Seconds()
			b.ReportMetric(saved, "save-records/s")
			b.ReportMetric(inserted, "raw-records/s")
			b.ReportMetric(saved/inserted, "ratio")
		})
	}
}

// saveBench feeds SaveRecords one receive window after another.
type saveBench struct {
	db   *DB
	ctx  context.Context
	recs []senselink.Record
	next int64
}

func newSaveBench(b *testing.B, batch int) *saveBench {
	ctx, cancel := context.WithCancel(context.Background())
	b.Cleanup(cancel)
	return &saveBench{db: openTemp(b), ctx: ctx, recs: testRecords(1, int64(batch)), next: 1}
}

func (s *saveBench) batch(b *testing.B) {
	for i := range s.recs {
		s.recs[i].ID = s.next
		s.recs[i].SignTime = signTimeOf(s.next)
		s.next++
	}
	n, err := s.db.SaveRecords(s.ctx, s.recs, &CursorAdvance{To: base, At: base})
	if err != nil || n != len(s.recs) {
		b.Fatalf("SaveRecords = %d, %v", n, err)
	}
}

// rawBench inserts the same column values with a bare prepared statement.
type rawBench struct {
	db   *DB
	rows [][]any
	next int64
}

func newRawBench(b *testing.B, batch int) *rawBench {
	recs := testRecords(1, int64(batch))
	rows := make([][]any, len(recs))
	fetchedAt := time.Now().UnixMilli()
	nv := make([]driver.NamedValue, recordColumns)
	for i := range recs {
		recordArgs(nv, &recs[i], fetchedAt)
		rows[i] = make([]any, recordColumns-1) // without received_by, as before
		for j := range rows[i] {
			rows[i][j] = nv[j].Value
		}
	}
	db := openTemp(b)
	// The store's writer before background checkpoints: SQLite's
	// default automatic checkpoint.
	if _, err := db.write.Exec("PRAGMA wal_autocheckpoint = 1000"); err != nil {
		b.Fatal(err)
	}
	return &rawBench{db: db, rows: rows, next: 1}
}

func (r *rawBench) batch(b *testing.B) {
	ctx := context.Background()
	tx, err := r.db.write.BeginTx(ctx, nil)
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
	for _, args := range r.rows {
		args[0] = r.next
		args[1] = signTimeOf(r.next).Unix()
		r.next++
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			b.Fatal(err)
		}
	}
	stmt.Close()
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
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
