package problem_test

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/punchdesk/punchdesk/core/i18n"
	"github.com/punchdesk/punchdesk/core/problem"
)

// codes reads every Code constant from problem.go, so a new code without
// its sentences fails here rather than showing its key to a user.
func codes(t *testing.T) []problem.Code {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "problem.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []problem.Code
	ast.Inspect(f, func(n ast.Node) bool {
		spec, ok := n.(*ast.ValueSpec)
		if !ok || spec.Type == nil || fmt.Sprint(spec.Type) != "Code" {
			return true
		}
		for _, v := range spec.Values {
			if lit, ok := v.(*ast.BasicLit); ok {
				s, _ := strconv.Unquote(lit.Value)
				out = append(out, problem.Code(s))
			}
		}
		return true
	})
	if len(out) < 40 {
		t.Fatalf("read only %d codes from problem.go", len(out))
	}
	return out
}

func TestEveryCodeHasItsSentenceInBothLanguages(t *testing.T) {
	for _, code := range codes(t) {
		key := (&problem.Problem{Code: code}).Key()
		for _, lang := range []string{i18n.Japanese, i18n.English} {
			if !i18n.For(lang).Has(key) {
				t.Errorf("%s has no %s sentence (%s)", code, lang, key)
			}
		}
	}
}

func TestOfClassifies(t *testing.T) {
	taken := problem.New(problem.StaffCodeTaken, "Code", "1003")
	_, statErr := os.Stat("/nonexistent/punchdesk")
	cases := []struct {
		name string
		err  error
		want problem.Code
	}{
		{"a problem", taken, problem.StaffCodeTaken},
		{"a wrapped problem", fmt.Errorf("add staff: %w", taken), problem.StaffCodeTaken},
		{"a joined problem", errors.Join(errors.New("other"), taken), problem.StaffCodeTaken},
		{"a describer", describer{}, problem.DatabaseInUse},
		{"a missing file", statErr, problem.FileMissing},
		{"a refused file", &fs.PathError{Op: "open", Path: "C:\\x", Err: fs.ErrPermission}, problem.FilePermission},
		{"anything else", errors.New("boom"), problem.Unknown},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := problem.Of(c.err); got.Code != c.want {
				t.Errorf("Of(%v) = %s, want %s", c.err, got.Code, c.want)
			}
		})
	}
	if problem.Of(nil) != nil {
		t.Error("Of(nil) is not nil")
	}
	if !errors.Is(fmt.Errorf("x: %w", taken), problem.New(problem.StaffCodeTaken)) {
		t.Error("errors.Is does not match a problem by its code")
	}
	if errors.Is(taken, problem.New(problem.StaffCodeEmpty)) {
		t.Error("errors.Is matches a problem of another code")
	}
}

type describer struct{}

func (describer) Error() string             { return "in use" }
func (describer) Problem() *problem.Problem { return problem.New(problem.DatabaseInUse) }

func TestTextInEachLanguage(t *testing.T) {
	err := fmt.Errorf("punch add: %w", problem.New(problem.TimeFuture, "Text", "2026-12-02 09:00"))
	if got := problem.Text(i18n.For(i18n.Japanese), err); got != "「2026-12-02 09:00」は未来の日時です。今より前の日時を入力してください。" {
		t.Errorf("Japanese = %q", got)
	}
	if got := err.Error(); got != `punch add: "2026-12-02 09:00" is in the future.` {
		t.Errorf("English = %q", got)
	}
	if strings.ContainsAny(problem.Text(i18n.For(i18n.Japanese), problem.New(problem.SettingInvalid, "Key", "long-day", "Value", "99",
		"Setting", i18n.Message{Key: "settings.longday"}, "Why", i18n.Message{Key: "error.setting.range", Args: map[string]any{"Min": 0, "Max": 24}})), "<>{}") {
		t.Error("a nested sentence was not rendered")
	}
}
