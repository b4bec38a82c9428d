package staff

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/punchdesk/punchdesk/core/domain"
	"golang.org/x/text/encoding/japanese"
)

// sjis encodes s as Shift_JIS the way the tests need real CP932 bytes.
func sjis(t testing.TB, s string) []byte {
	t.Helper()
	b, err := japanese.ShiftJIS.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %q as Shift_JIS: %v", s, err)
	}
	return b
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// wantProblem is a problem as a test expects it: the exact line and code,
// and a fragment of the message that names the problem.
type wantProblem struct {
	line int
	code string
	msg  string
}

func checkProblems(t *testing.T, err error, want []wantProblem) {
	t.Helper()
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("error = %v (%T), want *ImportError", err, err)
	}
	if len(ie.Problems) != len(want) {
		t.Fatalf("%d problems, want %d:\n%v", len(ie.Problems), len(want), ie)
	}
	for i, w := range want {
		got := ie.Problems[i]
		if got.Line != w.line || got.Code != w.code || !strings.Contains(got.Message(), w.msg) {
			t.Errorf("problem %d = {line %d, code %q, %q}, want {line %d, code %q, containing %q}",
				i, got.Line, got.Code, got.Message(), w.line, w.code, w.msg)
		}
	}
}

func checkMembers(t *testing.T, got []domain.StaffMember, err error, want []domain.StaffMember) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("members:\n got %+v\nwant %+v", got, want)
	}
}
