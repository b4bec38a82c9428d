package store

import (
	"context"
	"database/sql/driver"
	"sync"
)

// stmtCache keeps the ingestion statements prepared on the write
// connection from one transaction to the next: preparing the four a batch
// uses cost as much as storing a page of 100 records. Statements belong to
// the connection they were prepared on, so a new connection (the pool
// replaced a broken one) starts an empty cache.
type stmtCache struct {
	mu    sync.Mutex
	conn  any
	stmts map[string]driver.Stmt
}

// prepare returns query prepared on conn, from the cache when it is there.
// The caller holds the write connection, so one caller at a time uses a
// statement.
func (c *stmtCache) prepare(ctx context.Context, conn driverConn, query string) (driver.Stmt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conn != conn {
		// The old connection is gone, and its statements with it.
		c.conn, c.stmts = conn, map[string]driver.Stmt{}
	}
	if st, ok := c.stmts[query]; ok {
		return st, nil
	}
	st, err := conn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.stmts[query] = st
	return st, nil
}

// close finalizes every cached statement: before the connection closes,
// which SQLite refuses while statements are open.
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closeLocked()
	c.conn = nil
}

// forget drops the statements of a connection the pool is closing (a
// failed batch discards it): finalizing them after it closed would touch
// freed memory.
func (c *stmtCache) forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.conn, c.stmts = nil, nil
}

func (c *stmtCache) closeLocked() {
	for _, st := range c.stmts {
		st.Close()
	}
	c.stmts = nil
}
