package store

import (
	"context"
	"testing"
	"time"
)

func TestLinkSaveReplaceDelete(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	if _, ok, err := db.Link(ctx); err != nil || ok {
		t.Fatalf("fresh database: linked = %v, %v", ok, err)
	}
	first := Link{Server: "https://link.bi.sensetime.com", AppKey: "key-1", LinkedAt: base}
	second := Link{Server: "http://127.0.0.1:8080", AppKey: "key-2", Demo: true, LinkedAt: base.Add(time.Hour + 250*time.Millisecond)}
	for _, want := range []Link{first, second} {
		if err := db.SaveLink(ctx, want); err != nil {
			t.Fatal(err)
		}
		got, ok, err := db.Link(ctx)
		if err != nil || !ok {
			t.Fatalf("Link() = %v, %v", ok, err)
		}
		if got.Server != want.Server || got.AppKey != want.AppKey || got.Demo != want.Demo || !got.LinkedAt.Equal(want.LinkedAt) {
			t.Errorf("Link() = %+v, want %+v", got, want)
		}
	}
	if err := db.DeleteLink(ctx); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := db.Link(ctx); err != nil || ok {
		t.Errorf("after DeleteLink: linked = %v, %v", ok, err)
	}
}

func TestLinkTableHasNoSecretColumn(t *testing.T) {
	db := openTemp(t)
	rows, err := db.read.QueryContext(context.Background(), "SELECT name FROM pragma_table_info('link')")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		switch name {
		case "id", "server", "app_key", "demo", "linked_at":
		default:
			t.Errorf("link has an unexpected column %q; the AppSecret must never be stored here", name)
		}
	}
}

func TestSyncStateLifecycle(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	s, err := db.SyncState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s != (SyncState{}) {
		t.Errorf("fresh sync state = %+v, want zero", s)
	}

	if err := db.SetCursor(ctx, base.Add(1500*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveRecords(ctx, testRecords(1, 3), &CursorAdvance{To: base.Add(time.Minute), At: base.Add(2 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	errAt := base.Add(3 * time.Minute)
	if err := db.RecordSyncError(ctx, errAt, "auth", "AppKey not exist"); err != nil {
		t.Fatal(err)
	}
	s, err = db.SyncState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Cursor.Equal(base.Add(time.Minute)) || !s.LastSuccess.Equal(base.Add(2*time.Minute)) {
		t.Errorf("an error changed cursor or last success: %+v", s)
	}
	if s.LastError != "AppKey not exist" || s.LastErrorKind != "auth" || !s.LastErrorAt.Equal(errAt) {
		t.Errorf("last error = %q %q %v", s.LastError, s.LastErrorKind, s.LastErrorAt)
	}

	if err := db.ResetSync(ctx); err != nil {
		t.Fatal(err)
	}
	if s, err := db.SyncState(ctx); err != nil || s != (SyncState{}) {
		t.Errorf("after ResetSync: %+v, %v; want zero", s, err)
	}
	assertCount(t, db, 3) // records are kept
}

func TestSetCursorTruncatesToTheSecond(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	if err := db.SetCursor(ctx, base.Add(1900*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	s, err := db.SyncState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := base.Add(time.Second); !s.Cursor.Equal(want) {
		t.Errorf("cursor = %v, want %v", s.Cursor, want)
	}
	if err := db.SetCursor(ctx, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if s, _ := db.SyncState(ctx); !s.Cursor.IsZero() {
		t.Errorf("zero SetCursor left cursor %v", s.Cursor)
	}
}

func TestSettings(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	if _, ok, err := db.Setting(ctx, "poll_interval"); err != nil || ok {
		t.Fatalf("unset setting: ok = %v, %v", ok, err)
	}
	for _, v := range []string{"15s", "30s", ""} {
		if err := db.SetSetting(ctx, "poll_interval", v); err != nil {
			t.Fatal(err)
		}
		got, ok, err := db.Setting(ctx, "poll_interval")
		if err != nil || !ok || got != v {
			t.Errorf("Setting = %q, %v, %v; want %q", got, ok, err, v)
		}
	}
}
