package store

import (
	"context"
	"os"
	"testing"
	"time"
)

// walFrames is how many frames the write-ahead log file has room for: its
// size only grows, so this is the longest the log has been.
func walFrames(t *testing.T, db *DB) int64 {
	t.Helper()
	st, err := os.Stat(db.path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	return (st.Size() - 32) / (pageSize + 24)
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

// saveWindows stores n windows of 1,000 fresh records, the shape of a
// catch-up, starting after the records stored so far.
func saveWindows(t *testing.T, db *DB, n int, next *int64) {
	t.Helper()
	recs := testRecords(1, 1000)
	for range n {
		for i := range recs {
			recs[i].ID = *next
			recs[i].SignTime = signTimeOf(*next)
			*next++
		}
		if _, err := db.SaveRecords(context.Background(), recs, nil); err != nil {
			t.Fatal(err)
		}
	}
}

// written is what the checkpointer has been told of since it last
// started a checkpoint.
func written(db *DB) int {
	db.ckpt.mu.Lock()
	defer db.ckpt.mu.Unlock()
	return db.ckpt.written
}

func TestABackgroundCheckpointCopiesTheLogBeforeTheWriterWould(t *testing.T) {
	db := openTemp(t)
	next := int64(1)
	saveWindows(t, db, 1, &next)
	if n := written(db); n >= checkpointPages {
		t.Fatalf("one window wrote %d pages; the test needs it below %d", n, checkpointPages)
	}
	before := fileSize(t, db.path)
	time.Sleep(50 * time.Millisecond)
	if size := fileSize(t, db.path); size != before {
		t.Fatalf("the database file changed from %d to %d bytes before a checkpoint was due", before, size)
	}
	frames := walFrames(t, db)
	// As if the window had been the last of a thousand pages: the writer
	// checkpoints itself only at four thousand, so only the background
	// checkpoint can fill the file.
	db.ckpt.wrote(checkpointPages)
	deadline := time.Now().Add(20 * time.Second)
	for fileSize(t, db.path) < before+frames/2*pageSize {
		if time.Now().After(deadline) {
			t.Fatalf("the database file is still %d bytes (%d before) with %d pages in the log",
				fileSize(t, db.path), before, frames)
		}
		time.Sleep(10 * time.Millisecond)
	}
	var n int
	if err := db.read.QueryRow("SELECT count(*) FROM records").Scan(&n); err != nil || int64(n) != next-1 {
		t.Fatalf("%d records readable (%v), want %d", n, err, next-1)
	}
}

func TestSavesAndUpdatesTellTheCheckpointerEveryPageTheyWrote(t *testing.T) {
	tests := []struct {
		name  string
		write func(t *testing.T, db *DB)
	}{
		{"a window of records", func(t *testing.T, db *DB) {
			next := int64(1)
			saveWindows(t, db, 1, &next)
		}},
		{"an update", func(t *testing.T, db *DB) {
			err := db.Update(context.Background(), "test", func(tx *Tx) error {
				_, err := tx.q.ExecContext(tx.ctx, "INSERT INTO staff (code, name, created_at) VALUES ('1001', 'a', 0)")
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTemp(t)
			// What the migrations wrote is counted with the first write.
			db.countWrites(context.Background())
			db.ckpt.mu.Lock()
			db.ckpt.written = 0
			db.ckpt.mu.Unlock()
			frames := walFrames(t, db)
			tt.write(t, db)
			if got, want := written(db), int(walFrames(t, db)-frames); got != want || got == 0 {
				t.Errorf("the checkpointer was told of %d pages; the log grew by %d", got, want)
			}
		})
	}
}

func TestTheLogStartsOverDuringALongCatchUp(t *testing.T) {
	if testing.Short() || raceDetector {
		// The checkpointer's goroutine is raced in the test above.
		t.Skip("writes about 250 MB of log, minutes under -race")
	}
	db := openTemp(t)
	next := int64(1)
	// About three times the log the writer's own checkpoint allows, in
	// one stream of windows with no pause for the checkpointer.
	for walFrames(t, db) < writerCheckpointPages/2 || next < 150_000 {
		saveWindows(t, db, 10, &next)
		if frames := walFrames(t, db); frames > writerCheckpointPages+writerCheckpointPages/4 {
			t.Fatalf("after %d records the log has grown to %d frames; it should start over at about %d",
				next-1, frames, writerCheckpointPages)
		}
	}
}
