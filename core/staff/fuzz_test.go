package staff

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

func FuzzParseCSV(f *testing.F) {
	for _, name := range []string{"staff-utf8.csv", "staff-sjis.csv", "staff-errors.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		"code,name\n1,a\n",
		"スタッフコード,姓,名,状態\n1,佐藤,花子,無効\n",
		"code,name,active\n\"1\n\",\"a\"\"b\",yes\n",
		"code,name\n\"unterminated\n",
		"\xEF\xBB\xBFcode,name\r1,a\r",
		"code,name\n1,\x82\n",
		"code,name\n 0 ,\u3000\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		members, err := ParseCSV(data)
		if err != nil {
			if members != nil {
				t.Fatalf("error %v together with %d members", err, len(members))
			}
			var ie *ImportError
			if errors.As(err, &ie) {
				if len(ie.Problems) == 0 {
					t.Fatal("ImportError without problems")
				}
				lines := bytes.Count(data, []byte{'\n'}) + bytes.Count(data, []byte{'\r'}) + 1
				for _, p := range ie.Problems {
					if p.Line < 1 || p.Line > lines {
						t.Fatalf("problem on line %d of a %d-line file: %v", p.Line, lines, p)
					}
					if p.What == nil {
						t.Fatalf("problem without a message on line %d", p.Line)
					}
				}
			}
			return
		}
		if len(members) == 0 {
			t.Fatal("no error and no members")
		}
		seen := make(map[string]bool)
		for _, m := range members {
			if err := ValidateCode(m.Code); err != nil {
				t.Fatalf("member with invalid code: %v", err)
			}
			if seen[m.Code] {
				t.Fatalf("duplicate code %q", m.Code)
			}
			seen[m.Code] = true
			if m.Name == "" || !utf8.ValidString(m.Name) || !utf8.ValidString(m.Group) {
				t.Fatalf("bad name or group in %+v", m)
			}
			if _, bad := hasControl(m.Name + m.Group); bad {
				t.Fatalf("control character in %+v", m)
			}
		}
	})
}
