package store

import (
	"context"
	"database/sql"
	"fmt"
)

// querier is what reads and writes need of a pool or a transaction, so
// that one query serves both DB's convenience methods and a Tx.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Tx is one use-case's transaction. A use-case writes its change, its
// audit entries and what the change makes stale through one Tx, so that a
// crash leaves all of them or none (SPEC §3 "Derived state"); a reader uses
// a read-only Tx to see one consistent snapshot of inputs, derived rows and
// stale marks.
type Tx struct {
	ctx context.Context
	q   *sql.Tx
}

// Update runs fn in one write transaction (BEGIN IMMEDIATE: the writer
// lock is taken at the start, so reads inside fn see what the writes will
// be applied to). fn's error rolls everything back.
func (db *DB) Update(ctx context.Context, op string, fn func(*Tx) error) error {
	w, err := db.writer(op)
	if err != nil {
		return err
	}
	tx, err := w.BeginTx(ctx, nil)
	if err != nil {
		return fileProblem(db.path, fmt.Errorf("%s: %w", op, err))
	}
	defer tx.Rollback()
	if err := fn(&Tx{ctx: ctx, q: tx}); err != nil {
		return fileProblem(db.path, err)
	}
	if err := tx.Commit(); err != nil {
		return fileProblem(db.path, fmt.Errorf("%s: %w", op, err))
	}
	db.countWrites(ctx)
	return nil
}

// ViewShared runs fn on n read transactions (n ≥ 1) on n connections that
// all see the same snapshot, so that one use-case can read on several
// cores; fn must use each Tx from one goroutine at a time. When writers keep
// committing between the transactions' starts, or another shared view is
// running, fn gets one Tx instead.
//
// SQLite has no way to share a snapshot between connections through
// database/sql, so it is proved instead: PRAGMA data_version of the last
// connection changes exactly when another connection committed since it
// last read, so the same value before the first transaction began and
// inside the last one means that nothing was committed in between.
func (db *DB) ViewShared(ctx context.Context, n int, fn func(txs []*Tx) error) error {
	if n > 1 && db.shared.TryLock() {
		defer db.shared.Unlock()
	} else {
		n = 1
	}
	for attempt := 0; n > 1 && attempt < sharedViewAttempts; attempt++ {
		done, err := db.tryShared(ctx, n, fn)
		if done {
			return fileProblem(db.path, err)
		}
	}
	return db.View(ctx, func(tx *Tx) error { return fn([]*Tx{tx}) })
}

// sharedViewAttempts is how often ViewShared tries to start its
// transactions between two commits before it reads on one.
const sharedViewAttempts = 3

// tryShared starts n transactions on one snapshot and runs fn on them;
// done is false when a commit came in between (nothing was run).
func (db *DB) tryShared(ctx context.Context, n int, fn func(txs []*Tx) error) (done bool, err error) {
	conns := make([]*sql.Conn, n)
	for i := range conns {
		if conns[i], err = db.read.Conn(ctx); err != nil {
			return true, fmt.Errorf("read database: %w", err)
		}
		defer conns[i].Close()
	}
	last := conns[n-1]
	var before, inside int64
	if err := last.QueryRowContext(ctx, "PRAGMA data_version").Scan(&before); err != nil {
		return true, fmt.Errorf("read database: %w", err)
	}
	txs := make([]*Tx, n)
	for i, c := range conns {
		tx, err := c.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return true, fmt.Errorf("read database: %w", err)
		}
		defer tx.Rollback()
		// A transaction's snapshot starts at its first read.
		var one int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM sync_state").Scan(&one); err != nil {
			return true, fmt.Errorf("read database: %w", err)
		}
		txs[i] = &Tx{ctx: ctx, q: tx}
	}
	if err := txs[n-1].q.QueryRowContext(ctx, "PRAGMA data_version").Scan(&inside); err != nil {
		return true, fmt.Errorf("read database: %w", err)
	}
	if inside != before {
		return false, nil
	}
	return true, fn(txs)
}

// View runs fn in one read transaction on the read pool: every read inside
// it sees the same snapshot, whatever a writer commits meanwhile (WAL).
func (db *DB) View(ctx context.Context, fn func(*Tx) error) error {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fileProblem(db.path, fmt.Errorf("read database: %w", err))
	}
	defer tx.Rollback()
	return fileProblem(db.path, fn(&Tx{ctx: ctx, q: tx}))
}
