// Package i18n renders PunchDesk's translated texts outside the GUI: for
// punchctl and for the English wording of core's problems. It reads the
// same catalogues as the app (assets/translations) and the same template
// syntax ({{.Name}}) as Fyne's lang package.
package i18n

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"
	"text/template"

	"github.com/punchdesk/punchdesk/assets/translations"
)

// Languages PunchDesk has texts in.
const (
	Japanese = "ja"
	English  = "en"
)

// Message is a text still to be rendered in the reader's language: a
// problem's argument that is itself worded ("about 5 minutes").
type Message struct {
	Key  string
	Args map[string]any
}

// Catalogue is one language's texts.
type Catalogue struct {
	Language string
	texts    map[string]string

	mu        sync.Mutex
	templates map[string]*template.Template
}

var (
	loadOnce   sync.Once
	catalogues map[string]*Catalogue
	loadErr    error
)

// For returns the catalogue of language ("ja" or "en"); any other value
// gives English.
func For(language string) *Catalogue {
	loadOnce.Do(func() { catalogues, loadErr = load(translations.FS) })
	if loadErr != nil {
		// The catalogues are compiled in and checked by tests; a broken one
		// is a build mistake, not something a user can act on.
		panic(loadErr)
	}
	if c, ok := catalogues[language]; ok {
		return c
	}
	return catalogues[English]
}

func load(fsys fs.FS) (map[string]*Catalogue, error) {
	files, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, err
	}
	out := map[string]*Catalogue{}
	for _, f := range files {
		base := strings.TrimSuffix(path.Base(f), ".json")
		language := base[strings.LastIndex(base, ".")+1:]
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		var texts map[string]string
		if err := json.Unmarshal(data, &texts); err != nil {
			return nil, fmt.Errorf("translations %s: %w", f, err)
		}
		c := out[language]
		if c == nil {
			c = &Catalogue{Language: language, texts: map[string]string{}, templates: map[string]*template.Template{}}
			out[language] = c
		}
		for k, v := range texts {
			c.texts[k] = v
		}
	}
	if out[English] == nil {
		return nil, fmt.Errorf("translations: no English catalogue")
	}
	return out, nil
}

// Has reports whether the catalogue words key.
func (c *Catalogue) Has(key string) bool {
	_, ok := c.texts[key]
	return ok
}

// Text renders key with args; Message arguments are rendered first in the
// same language. A key the catalogue lacks renders as the key itself, so a
// missing text shows as what it is rather than as nothing.
func (c *Catalogue) Text(key string, args map[string]any) string {
	src, ok := c.texts[key]
	if !ok {
		return key
	}
	if !strings.Contains(src, "{{") {
		return src
	}
	c.mu.Lock()
	t := c.templates[key]
	if t == nil {
		var err error
		if t, err = template.New(key).Option("missingkey=zero").Parse(src); err != nil {
			c.mu.Unlock()
			return src
		}
		c.templates[key] = t
	}
	c.mu.Unlock()
	var b strings.Builder
	if err := t.Execute(&b, Resolve(args, c.Text)); err != nil {
		return src
	}
	return strings.ReplaceAll(b.String(), "<no value>", "")
}

// Resolve renders the Message values among args with render (which may be
// the GUI's translator), leaving the others as they are.
func Resolve(args map[string]any, render func(key string, args map[string]any) string) map[string]any {
	if len(args) == 0 {
		return args
	}
	out := make(map[string]any, len(args))
	for k, v := range args {
		if m, ok := v.(Message); ok {
			v = render(m.Key, m.Args)
		}
		out[k] = v
	}
	return out
}

// LanguageOf picks "ja" or "en" from the POSIX locale variables as getenv
// reports them (LC_ALL, then LC_MESSAGES, then LANG, then LANGUAGE), and
// from system on Windows, where they are usually unset.
func LanguageOf(getenv func(string) string, system string) string {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"} {
		v := getenv(name)
		if v == "" {
			continue
		}
		if strings.HasPrefix(strings.ToLower(v), "ja") {
			return Japanese
		}
		return English
	}
	if strings.HasPrefix(strings.ToLower(system), "ja") {
		return Japanese
	}
	return English
}
