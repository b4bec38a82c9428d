package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"modernc.org/sqlite"
)

// SQLite copies the write-ahead log back into the database file (a
// checkpoint) on the connection whose commit found the log long enough,
// before that commit returns: a catch-up's writer stops every thousand
// pages to copy and sync them. Ingestion instead counts the pages it wrote
// and hands the copying to a connection of its own, on a goroutine of its
// own, the way SQLite's documentation suggests for applications that want
// the writer never to wait for a checkpoint.
//
// The writer keeps an automatic checkpoint at a longer log as a safety net:
// a background checkpoint cannot reset the log while the writer keeps
// appending to it, so the writer's own checkpoint, left with only the pages
// copied since the last background one, is what lets the log start over.
// Durability is unchanged: a checkpoint copies only committed pages and
// syncs the log before the database file, whichever connection runs it.
const (
	// checkpointPages is how many written pages make a background
	// checkpoint worth its two syncs: SQLite's default automatic
	// checkpoint.
	checkpointPages = 1000
	// writerCheckpointPages is the writer's own automatic checkpoint
	// (see writeDSN), 64 MiB of log at 16 KiB pages.
	writerCheckpointPages = 4 * checkpointPages
)

// checkpointer runs checkpoints beside the writer.
type checkpointer struct {
	conn *sql.DB
	mu   sync.Mutex
	// written counts pages written to the log since the last request.
	written int
	poke    chan struct{}
	flush   chan chan error
	stop    chan struct{}
	stopped chan struct{}
}

func startCheckpointer(path string) (*checkpointer, error) {
	conn, err := openPool(checkpointDSN(path), path, 1)
	if err != nil {
		return nil, fmt.Errorf("checkpoints: %w", err)
	}
	c := &checkpointer{
		conn:    conn,
		poke:    make(chan struct{}, 1),
		flush:   make(chan chan error),
		stop:    make(chan struct{}),
		stopped: make(chan struct{}),
	}
	go c.run()
	return c, nil
}

// checkpointDSN opens the file read-write without changing anything about
// it: the writer has set WAL mode already.
func checkpointDSN(path string) string {
	return "file:" + uriPath(path) + "?_pragma=busy_timeout(5000)"
}

func (c *checkpointer) run() {
	defer close(c.stopped)
	for {
		select {
		case <-c.stop:
			return
		case <-c.poke:
			// A failed background checkpoint loses nothing: the pages
			// stay in the log, and the next one or the writer's own
			// copies them.
			_ = c.checkpoint()
		case done := <-c.flush:
			done <- c.checkpoint()
		}
	}
}

// checkpoint copies what it can without waiting for readers or the writer
// (PASSIVE).
func (c *checkpointer) checkpoint() error {
	var busy, logPages, copiedPages int
	err := c.conn.QueryRowContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &logPages, &copiedPages)
	if err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	return nil
}

// countWrites tells the checkpointer (wrote) how many pages the writer's
// connection dc has written to the log since it was last asked.
func (c *checkpointer) countWrites(dc any) {
	st, ok := dc.(sqlite.DBStatus)
	if !ok {
		return
	}
	if pages, _, err := st.Status(sqlite.DBStatusCacheWrite, true); err == nil {
		c.wrote(pages)
	}
}

// countWrites does the same for a transaction committed through
// database/sql: the writer pool's one connection is the one that wrote.
func (db *DB) countWrites(ctx context.Context) {
	conn, err := db.write.Conn(context.WithoutCancel(ctx))
	if err != nil {
		return // the writer's own automatic checkpoint still runs
	}
	defer conn.Close()
	_ = conn.Raw(func(dc any) error {
		db.ckpt.countWrites(dc)
		return nil
	})
}

// wrote tells the checkpointer the writer has written pages to the log,
// and starts a checkpoint when enough have been.
func (c *checkpointer) wrote(pages int) {
	c.mu.Lock()
	c.written += pages
	due := c.written >= checkpointPages
	if due {
		c.written = 0
	}
	c.mu.Unlock()
	if due {
		select {
		case c.poke <- struct{}{}:
		default: // one is pending already
		}
	}
}

// wait runs a checkpoint after any running and returns when it is done:
// the ingest benchmarks count the background work this way.
func (c *checkpointer) wait() error {
	done := make(chan error, 1)
	select {
	case c.flush <- done:
		return <-done
	case <-c.stopped:
		return nil
	}
}

// close stops the checkpointer and closes its connection; the writer's
// close, the last, checkpoints what is left.
func (c *checkpointer) close() error {
	close(c.stop)
	<-c.stopped
	return c.conn.Close()
}
