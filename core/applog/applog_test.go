package applog

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLogRotatesBySizeAndKeepsTheNewest(t *testing.T) {
	path := filepath.Join(t.TempDir(), "logs", "punchdesk.log")
	l, err := Open(path, 100, 2)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 10; i++ {
		fmt.Fprintf(l, "line %02d %s\n", i, strings.Repeat("x", 30))
	}
	l.Close()
	current, _ := os.ReadFile(path)
	if !strings.Contains(string(current), "line 09") || len(current) > 100 {
		t.Errorf("current log = %q", current)
	}
	for _, old := range []string{path + ".1", path + ".2"} {
		if _, err := os.Stat(old); err != nil {
			t.Errorf("%s missing: %v", old, err)
		}
	}
	if _, err := os.Stat(path + ".3"); err == nil {
		t.Error("more rotated files kept than asked for")
	}
	l, err = Open(path, 100, 2)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(l, "after reopen")
	l.Close()
	if b, _ := os.ReadFile(path); !strings.Contains(string(b), "after reopen") {
		t.Error("reopening did not append")
	}
}
