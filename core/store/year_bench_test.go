package store_test

import (
	"context"
	"testing"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/internal/benchdata"
	"github.com/punchdesk/punchdesk/core/store"
)

// logPage is the live log's page (ui/recordlog.go).
const logPage = 200

func yearStore(b *testing.B) *store.DB {
	b.Helper()
	path, err := benchdata.YearDB(b.Logf)
	if err != nil {
		b.Fatal(err)
	}
	db, err := store.Open(path, store.ReadOnly)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// BenchmarkLogPageYear reads one page of the live log, as the app does,
// from a site-year database: at the top (where the log opens), in the
// middle and at the bottom (a drag of the scroll bar). Middle and bottom
// must stay within 3× the top; the top within 20 ms.
func BenchmarkLogPageYear(b *testing.B) {
	db := yearStore(b)
	ctx := context.Background()
	total, err := db.CountRecords(ctx, domain.RecordFilter{})
	if err != nil || total < 2_000_000 {
		b.Fatalf("%d records, %v", total, err)
	}
	for _, at := range []struct {
		name   string
		offset int
	}{{"top", 0}, {"middle", total / 2}, {"bottom", total - logPage}} {
		b.Run(at.name, func(b *testing.B) {
			for b.Loop() {
				err := db.View(ctx, func(tx *store.Tx) error {
					rows, err := tx.LogRows(domain.RecordFilter{}, at.offset, logPage)
					if err == nil && len(rows) != logPage {
						b.Fatalf("%d rows at %d", len(rows), at.offset)
					}
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCountRecordsYear is what opening the log costs before its first
// page: the count that sizes the scroll bar.
func BenchmarkCountRecordsYear(b *testing.B) {
	db := yearStore(b)
	ctx := context.Background()
	for b.Loop() {
		if n, err := db.CountRecords(ctx, domain.RecordFilter{}); err != nil || n < 2_000_000 {
			b.Fatalf("%d, %v", n, err)
		}
	}
}
