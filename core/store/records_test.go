package store

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/senselink"
)

func TestSaveRecordsIsIdempotentByID(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	n, err := db.SaveRecords(ctx, testRecords(1, 10), nil)
	if err != nil || n != 10 {
		t.Fatalf("first save: inserted %d, %v; want 10", n, err)
	}
	// An overlapping window: 6..10 again, 11..15 new. A changed copy of a
	// stored record does not overwrite it.
	again := testRecords(6, 15)
	again[0].UserName = "changed"
	n, err = db.SaveRecords(ctx, again, nil)
	if err != nil || n != 5 {
		t.Fatalf("overlapping save: inserted %d, %v; want 5", n, err)
	}
	assertCount(t, db, 15)
	got, err := db.RecordsAfter(ctx, 5, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got[0].UserName != "山田 太郎" {
		t.Errorf("record 6 was overwritten: user name %q", got[0].UserName)
	}
	ids, err := db.RecordIDs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range ids {
		if id != int64(i+1) {
			t.Fatalf("RecordIDs = %v, want 1..15", ids)
		}
	}
}

func TestRecordsRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	full := testRecord(1, base)
	sparse := senselink.Record{ // a stranger: everything optional left out
		ID:       2,
		SignTime: base.Add(time.Minute),
		UserType: 3,
		Raw:      json.RawMessage(`{"id":2}`),
	}
	if _, err := db.SaveRecords(ctx, []senselink.Record{full, sparse}, nil); err != nil {
		t.Fatal(err)
	}
	got, err := db.RecordsAfter(ctx, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d records, want 2", len(got))
	}
	for i, want := range []senselink.Record{full, sparse} {
		raw := want.Raw
		want.Raw = nil // pages leave raw out
		if !got[i].SignTime.Equal(want.SignTime) {
			t.Errorf("record %d: sign time %v, want %v", want.ID, got[i].SignTime, want.SignTime)
		}
		got[i].SignTime, want.SignTime = time.Time{}, time.Time{}
		if !reflect.DeepEqual(got[i], want) {
			t.Errorf("record %d round trip:\n got %+v\nwant %+v", want.ID, got[i], want)
		}
		gotRaw, err := db.RawRecord(ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if string(gotRaw) != string(raw) {
			t.Errorf("raw record %d = %s, want %s", want.ID, gotRaw, raw)
		}
	}
	if got[1].JobNumber != nil || got[1].BodyTemperature != nil || got[1].GroupID != nil || got[1].Groups != nil {
		t.Errorf("NULL fields came back set: %+v", got[1])
	}
	// JSON columns are text, so that SQLite's json functions read them as
	// JSON (they would take a blob for JSONB).
	var rawType, groupsType string
	err = db.read.QueryRowContext(ctx, `SELECT typeof(raw), typeof("groups") FROM records WHERE id = 1`).Scan(&rawType, &groupsType)
	if err != nil || rawType != "text" || groupsType != "text" {
		t.Errorf("raw is %s, groups is %s (%v); want text", rawType, groupsType, err)
	}
	if _, err := db.RawRecord(ctx, 99); !errors.Is(err, ErrNoRecord) {
		t.Errorf("RawRecord(99): err = %v, want ErrNoRecord", err)
	}
}

func TestSaveRecordsAdvancesCursorInTheSameTransaction(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	if err := db.RecordSyncError(ctx, base, "network", "connection refused"); err != nil {
		t.Fatal(err)
	}
	to := base.Add(10 * time.Minute)
	at := base.Add(10*time.Minute + 1500*time.Millisecond)
	if _, err := db.SaveRecords(ctx, testRecords(1, 5), &CursorAdvance{To: to, At: at}); err != nil {
		t.Fatal(err)
	}
	s, err := db.SyncState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Cursor.Equal(to) || !s.LastSuccess.Equal(at) {
		t.Errorf("cursor %v, last success %v; want %v, %v", s.Cursor, s.LastSuccess, to, at)
	}
	if s.LastError != "" || s.LastErrorKind != "" || !s.LastErrorAt.IsZero() {
		t.Errorf("last error not cleared: %+v", s)
	}

	// An empty window still moves the cursor.
	to2 := to.Add(time.Minute)
	if n, err := db.SaveRecords(ctx, nil, &CursorAdvance{To: to2, At: at}); err != nil || n != 0 {
		t.Fatalf("empty window: %d, %v", n, err)
	}
	if s, _ := db.SyncState(ctx); !s.Cursor.Equal(to2) {
		t.Errorf("cursor after an empty window = %v, want %v", s.Cursor, to2)
	}
}

func TestSaveRecordsIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	cursor := base.Add(time.Hour)
	if err := db.SetCursor(ctx, cursor); err != nil {
		t.Fatal(err)
	}
	// Make record 7 fail half-way through a batch, after 1..6 are inserted.
	if _, err := db.write.ExecContext(ctx, `CREATE TRIGGER poison BEFORE INSERT ON records
		WHEN NEW.id = 7 BEGIN SELECT RAISE(ABORT, 'poisoned record'); END`); err != nil {
		t.Fatal(err)
	}
	_, err := db.SaveRecords(ctx, testRecords(1, 10), &CursorAdvance{To: base.Add(2 * time.Hour), At: base})
	if err == nil {
		t.Fatal("batch with a failing record was stored")
	}
	assertCount(t, db, 0)
	s, err := db.SyncState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Cursor.Equal(cursor) || !s.LastSuccess.IsZero() {
		t.Errorf("failed batch moved the sync state: %+v", s)
	}

	// A cancelled context stores nothing either.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := db.SaveRecords(cctx, testRecords(1, 5), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled save: err = %v, want context.Canceled", err)
	}
	assertCount(t, db, 0)

	// Failures leave no transaction open behind them.
	if _, err := db.write.ExecContext(ctx, "DROP TRIGGER poison"); err != nil {
		t.Fatal(err)
	}
	if n, err := db.SaveRecords(ctx, testRecords(1, 10), nil); err != nil || n != 10 {
		t.Errorf("save after failures: %d, %v; want 10", n, err)
	}
}

func TestConcurrentSavesAndReads(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for b := range 5 {
				from := int64(w*1000 + b*100 + 1)
				if _, err := db.SaveRecords(ctx, testRecords(from, from+99), nil); err != nil {
					t.Error(err)
					return
				}
			}
		})
		wg.Go(func() {
			for range 20 {
				if _, err := db.ListRecords(ctx, domain.RecordFilter{}, 0, 50); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	assertCount(t, db, 2000)
}

func TestListRecordsNewestFirstWithFilterAndPaging(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	// Records 1..20 one minute apart; 21 and 22 share record 20's second,
	// so the id breaks the tie.
	recs := testRecords(1, 20)
	recs = append(recs, testRecord(21, recs[19].SignTime), testRecord(22, recs[19].SignTime))
	if _, err := db.SaveRecords(ctx, recs, nil); err != nil {
		t.Fatal(err)
	}
	at := func(id int64) time.Time { return base.Add(time.Duration(id) * time.Minute) }

	tests := []struct {
		name          string
		filter        domain.RecordFilter
		offset, limit int
		wantIDs       []int64
		wantCount     int
	}{
		{"first page of everything, newest first, ties by id", domain.RecordFilter{}, 0, 4, []int64{22, 21, 20, 19}, 22},
		{"second page", domain.RecordFilter{}, 4, 3, []int64{18, 17, 16}, 22},
		{"page past the end is empty", domain.RecordFilter{}, 30, 5, nil, 22},
		{"from is inclusive, to exclusive", domain.RecordFilter{From: at(3), To: at(6)}, 0, 10, []int64{5, 4, 3}, 3},
		{"sub-second bounds round to the next second", domain.RecordFilter{From: at(3).Add(-time.Millisecond), To: at(5).Add(time.Millisecond)}, 0, 10, []int64{5, 4, 3}, 3},
		{"only a lower bound", domain.RecordFilter{From: at(20)}, 0, 10, []int64{22, 21, 20}, 3},
		{"only an upper bound", domain.RecordFilter{To: at(3)}, 0, 10, []int64{2, 1}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := db.ListRecords(ctx, tt.filter, tt.offset, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, r := range got {
				ids = append(ids, r.ID)
				if r.Raw != nil {
					t.Errorf("record %d: Raw loaded in a page", r.ID)
				}
			}
			if !reflect.DeepEqual(ids, tt.wantIDs) {
				t.Errorf("ids = %v, want %v", ids, tt.wantIDs)
			}
			n, err := db.CountRecords(ctx, tt.filter)
			if err != nil || n != tt.wantCount {
				t.Errorf("CountRecords = %d, %v; want %d", n, err, tt.wantCount)
			}
		})
	}
	if _, err := db.ListRecords(ctx, domain.RecordFilter{}, 0, 0); err == nil {
		t.Error("ListRecords accepted limit 0")
	}
}

func TestRecordsAfterAndMaxRecordID(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	if max, err := db.MaxRecordID(ctx); err != nil || max != 0 {
		t.Errorf("MaxRecordID of an empty database = %d, %v; want 0", max, err)
	}
	// Stored out of id order; RecordsAfter still answers by id.
	if _, err := db.SaveRecords(ctx, append(testRecords(30, 35), testRecords(1, 5)...), nil); err != nil {
		t.Fatal(err)
	}
	got, err := db.RecordsAfter(ctx, 4, 3)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, r := range got {
		ids = append(ids, r.ID)
	}
	if want := []int64{5, 30, 31}; !reflect.DeepEqual(ids, want) {
		t.Errorf("RecordsAfter(4, 3) = %v, want %v", ids, want)
	}
	if max, err := db.MaxRecordID(ctx); err != nil || max != 35 {
		t.Errorf("MaxRecordID = %d, %v; want 35", max, err)
	}
}

func TestRecordServedAgainKeepsTheFirstVersionAndTheOther(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	if _, err := db.SaveRecords(ctx, testRecords(1, 3), nil); err != nil {
		t.Fatal(err)
	}
	conflicts := func() int {
		st, err := db.SyncState(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return st.Conflicts
	}
	tests := []struct {
		name   string
		change func(r *senselink.Record)
		want   int // conflicts stored afterwards
	}{
		{"same record again", func(r *senselink.Record) {}, 0},
		{"only formatting differs", func(r *senselink.Record) { r.Raw = append(json.RawMessage(" "), r.Raw...) }, 0},
		{"a renamed person is no conflict", func(r *senselink.Record) { r.UserName = "山田 太朗"; r.Raw = json.RawMessage(`{"renamed":1}`) }, 0},
		{"other temperature", func(r *senselink.Record) {
			v := 38.2
			r.BodyTemperature, r.Raw = &v, json.RawMessage(`{"id":2,"body_temperature":38.2}`)
		}, 1},
		{"the same other version again", func(r *senselink.Record) {
			v := 38.2
			r.BodyTemperature, r.Raw = &v, json.RawMessage(`{"id":2,"body_temperature":38.2}`)
		}, 1},
		{"other time", func(r *senselink.Record) {
			r.SignTime, r.Raw = r.SignTime.Add(time.Hour), json.RawMessage(`{"id":2,"later":true}`)
		}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			again := testRecords(2, 2)
			tt.change(&again[0])
			if n, err := db.SaveRecords(ctx, again, nil); err != nil || n != 0 {
				t.Fatalf("inserted %d, %v", n, err)
			}
			if got := conflicts(); got != tt.want {
				t.Errorf("%d conflicts stored, want %d", got, tt.want)
			}
			raw, err := db.RawRecord(ctx, 2)
			if err != nil {
				t.Fatal(err)
			}
			if string(raw) != string(testRecords(2, 2)[0].Raw) {
				t.Errorf("the first version was replaced by %s", raw)
			}
		})
	}
	_, listed, err := db.KeptAside(ctx, 10)
	if err != nil || len(listed) != 2 || listed[0].ID != 2 || listed[0].Stored == listed[0].Other {
		t.Errorf("kept aside: %+v, %v", listed, err)
	}
}

func TestBadRowsAreKeptOncePerText(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	rows := []senselink.BadRow{{Raw: json.RawMessage(`{"id":"x"}`), Reason: `row 3: field "id" is "x"`}, {Raw: json.RawMessage(`42`), Reason: "row 4: is a number"}}
	for round, want := range []int{2, 0} {
		n, err := db.SaveBadRows(ctx, rows, base)
		if err != nil || n != want {
			t.Fatalf("round %d: added %d, %v; want %d", round, n, err, want)
		}
	}
	bad, _, err := db.KeptAside(ctx, 10)
	if err != nil || len(bad) != 2 {
		t.Fatalf("kept %+v, %v", bad, err)
	}
	st, _ := db.SyncState(ctx)
	if st.BadRows != 2 {
		t.Errorf("SyncState.BadRows = %d", st.BadRows)
	}
}

func TestRecordIDCursorMovesForwardAndStartsOverWithTheSync(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	state := func() SyncState {
		st, err := db.SyncState(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	if _, err := db.SaveRecords(ctx, testRecords(1, 5), &CursorAdvance{IDCursor: 5}); err != nil {
		t.Fatal(err)
	}
	// An id advance alone leaves the time cursor and last success alone.
	if st := state(); st.RecordIDCursor != 5 || !st.Cursor.IsZero() || !st.LastSuccess.IsZero() {
		t.Fatalf("after an id advance: %+v", st)
	}
	if _, err := db.SaveRecords(ctx, nil, &CursorAdvance{IDCursor: 3, To: base, At: base}); err != nil {
		t.Fatal(err)
	}
	if st := state(); st.RecordIDCursor != 5 || !st.Cursor.Equal(base) {
		t.Fatalf("the id cursor went back: %+v", st)
	}
	if err := db.MarkStartIDIgnored(ctx); err != nil || !state().StartIDIgnored {
		t.Fatalf("MarkStartIDIgnored: %v, %+v", err, state())
	}
	if err := db.SetCursor(ctx, base.Add(-time.Hour)); err != nil || state().RecordIDCursor != 0 {
		t.Fatalf("a new start point keeps the id cursor: %v, %+v", err, state())
	}
	if err := db.ResetSync(ctx); err != nil || state().StartIDIgnored || state().RecordIDCursor != 0 {
		t.Fatalf("a reset (new account) keeps what was learnt of the old server: %v, %+v", err, state())
	}
}
