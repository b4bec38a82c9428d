package store

import (
	"context"
	"sync"
	"testing"
)

// TestViewSharedSeesOneSnapshot reads a counter that a writer keeps
// raising, in both transactions of a shared view: they must always agree,
// or ViewShared must have fallen back to one transaction.
func TestViewSharedSeesOneSnapshot(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	bump := func() {
		if err := db.Update(ctx, "bump", func(tx *Tx) error {
			_, err := tx.q.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('bench-counter', '1')
				ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1`)
			return err
		}); err != nil {
			t.Error(err)
		}
	}
	bump()
	read := func(tx *Tx) (v string) {
		if err := tx.q.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = 'bench-counter'").Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	// With no writer, the view is shared.
	if err := db.ViewShared(ctx, 2, func(txs []*Tx) error {
		if len(txs) != 2 {
			t.Errorf("a quiet database gave %d transactions, want 2", len(txs))
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
				bump()
			}
		}
	})
	shared, fellBack := 0, 0
	for range 300 {
		if err := db.ViewShared(ctx, 2, func(txs []*Tx) error {
			if len(txs) == 1 {
				fellBack++
				return nil
			}
			shared++
			if a, b := read(txs[0]), read(txs[1]); a != b {
				t.Fatalf("the two transactions saw %s and %s: not one snapshot", a, b)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	t.Logf("%d shared views, %d fell back to one transaction, with a writer committing all the time", shared, fellBack)
}
