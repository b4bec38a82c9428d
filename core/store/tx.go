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
	return nil
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
