package instance

import (
	"errors"
	"path/filepath"
	"testing"
)

func TestSecondStartAsksTheFirstToShow(t *testing.T) {
	db := filepath.Join(t.TempDir(), "punchdesk.db")
	if err := AskToShow(db); !errors.Is(err, ErrNotRunning) {
		t.Fatalf("with nothing running: %v, want ErrNotRunning", err)
	}
	shown := make(chan struct{}, 1)
	l, err := Listen(db, func() { shown <- struct{}{} })
	if err != nil {
		t.Fatal(err)
	}
	if err := AskToShow(db); err != nil {
		t.Fatalf("ask the running instance: %v", err)
	}
	select {
	case <-shown:
	default:
		t.Fatal("the running instance was not asked to show")
	}
	other := filepath.Join(t.TempDir(), "other.db")
	if err := AskToShow(other); !errors.Is(err, ErrNotRunning) {
		t.Errorf("another database's start reached this instance: %v", err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if err := AskToShow(db); !errors.Is(err, ErrNotRunning) {
		t.Errorf("after close: %v", err)
	}
}
