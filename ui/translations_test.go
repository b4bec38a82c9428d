package ui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// TestEveryTextIsTranslated fails on a key used in the code but missing from
// either translation, and on a key one language has and the other lacks.
func TestEveryTextIsTranslated(t *testing.T) {
	catalogues := map[string]map[string]string{}
	for _, name := range []string{"ja", "en"} {
		b, err := os.ReadFile(filepath.Join("..", "assets", "translations", name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s.json: %v", name, err)
		}
		catalogues[name] = m
	}
	used := map[string]bool{}
	// Every string literal shaped like a key ("log.col.time") in the UI and
	// the app's entry point is a key, whether passed to tr directly or chosen
	// at run time (errorMessageKey, the column table).
	literal := regexp.MustCompile(`"([a-z]+(?:\.[a-z0-9]+)+)"`)
	notKey := regexp.MustCompile(`\.(go|json|png|ttf|db)$|^jp\.punchdesk\.`) // file names, the app ID
	for _, dir := range []string{".", filepath.Join("..", "cmd", "punchdesk")} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range literal.FindAllSubmatch(b, -1) {
				if k := string(m[1]); !notKey.MatchString(k) {
					used[k] = true
				}
			}
		}
	}
	if len(used) < 50 {
		t.Fatalf("found only %d keys in the sources; the scan is broken", len(used))
	}
	var missing []string
	for key := range used {
		for lang, m := range catalogues {
			if _, ok := m[key]; !ok {
				missing = append(missing, lang+".json lacks "+key)
			}
		}
	}
	for lang, m := range catalogues {
		for key := range m {
			for other, om := range catalogues {
				if _, ok := om[key]; !ok && other != lang {
					missing = append(missing, other+".json lacks "+key+" (in "+lang+".json)")
				}
			}
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Error(m)
	}
}
