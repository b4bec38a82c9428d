package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"fyne.io/fyne/v2/lang"
	"github.com/punchdesk/punchdesk/core/domain"
)

// fyneWords are the words Fyne's own dialogs and entry menus look up
// (lang.L / lang.X in fyne.io/fyne/v2 dialog and widget): confirm buttons,
// the file and folder choosers, the copy/paste menu.
var fyneWords = []string{"Yes", "No", "OK", "Cancel", "Confirm", "Open", "Save", "File", "Folder", "(Parent)", "file.parent",
	"file.name", "Copy", "Cut", "Paste", "Undo", "Redo", "Select all", "Show Hidden Files", "New Folder", "Create Folder",
	"Enter filename", "Error", "Advanced"}

// TestFyneOwnWordsAreJapanese checks that no English word of Fyne's own
// reaches the Japanese UI (the harness runs in Japanese).
func TestFyneOwnWordsAreJapanese(t *testing.T) {
	english := map[string]bool{"OK": true} // what Japanese UIs show too
	for _, w := range fyneWords {
		got := lang.L(w)
		if got == w && !english[w] || got == "" {
			t.Errorf("Fyne's %q is not translated to Japanese (got %q)", w, got)
		}
	}
}

// TestFyneWordListIsComplete reads Fyne's sources in the module cache, when
// they are there, for the words its dialogs and widgets look up, so that a
// Fyne upgrade cannot bring an English word in unnoticed.
func TestFyneWordListIsComplete(t *testing.T) {
	root := filepath.Join(os.Getenv("GOMODCACHE"), "fyne.io", "fyne", "v2@v2.7.1")
	if os.Getenv("GOMODCACHE") == "" {
		if home, err := os.UserHomeDir(); err == nil {
			root = filepath.Join(home, "go", "pkg", "mod", "fyne.io", "fyne", "v2@v2.7.1")
		}
	}
	if _, err := os.Stat(root); err != nil {
		t.Skip("Fyne's sources are not in the module cache here")
	}
	known := map[string]bool{}
	for _, w := range fyneWords {
		known[w] = true
	}
	call := regexp.MustCompile(`lang\.[LX]\("([^"]+)"`)
	for _, dir := range []string{"dialog", "widget"} {
		files, _ := filepath.Glob(filepath.Join(root, dir, "*.go"))
		for _, f := range files {
			if filepath.Ext(f) != ".go" || regexp.MustCompile(`_test\.go$`).MatchString(f) {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range call.FindAllStringSubmatch(string(src), -1) {
				if !known[m[1]] {
					t.Errorf("%s looks up %q, which fyneWords (and the translations) lack", filepath.Base(f), m[1])
				}
			}
		}
	}
}

// TestEveryAuditActionHasAWord keeps the audit tab from showing an action
// code: every audit action (the domain.AuditAction constants, read from
// their source) has words.
func TestEveryAuditActionHasAWord(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "../core/domain/domain.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var actions []domain.AuditAction
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			v := spec.(*ast.ValueSpec)
			if id, ok := v.Type.(*ast.Ident); !ok || id.Name != "AuditAction" {
				continue
			}
			for _, val := range v.Values {
				lit, err := strconv.Unquote(val.(*ast.BasicLit).Value)
				if err != nil {
					t.Fatal(err)
				}
				actions = append(actions, domain.AuditAction(lit))
			}
		}
	}
	if len(actions) < 18 {
		t.Fatalf("found only %d audit actions in core/domain: %v", len(actions), actions)
	}
	for _, action := range actions {
		key, ok := auditActionKeys[action]
		if !ok || lang.L(key) == key {
			t.Errorf("audit action %q has no words", action)
		}
	}
}
