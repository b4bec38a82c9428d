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
	// Every file is [prefix.]lang.json, as lang.AddTranslationsFS reads them;
	// a language's catalogue is the union of its files.
	catalogues := map[string]map[string]string{"ja": {}, "en": {}}
	files, err := filepath.Glob(filepath.Join("..", "assets", "translations", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no translation files: %v", err)
	}
	for _, f := range files {
		parts := strings.Split(filepath.Base(f), ".")
		language := parts[len(parts)-2]
		if catalogues[language] == nil {
			t.Fatalf("%s: unknown language %q", f, language)
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for k, v := range m {
			if strings.TrimSpace(v) == "" {
				// Fyne shows the key itself for an empty translation.
				t.Errorf("%s: key %s has an empty text", f, k)
			}
			if _, dup := catalogues[language][k]; dup {
				t.Errorf("%s: key %s is defined twice", f, k)
			}
			catalogues[language][k] = v
		}
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
			for _, loc := range literal.FindAllSubmatchIndex(b, -1) {
				// A literal followed by ':' is a map key naming something
				// else (an audit action id), not a translation key.
				if rest := strings.TrimLeft(string(b[loc[1]:min(loc[1]+3, len(b))]), " "); strings.HasPrefix(rest, ":") {
					continue
				}
				if k := string(b[loc[2]:loc[3]]); !notKey.MatchString(k) {
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
