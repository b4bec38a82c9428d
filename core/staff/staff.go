// Package staff parses and checks PunchDesk's staff list and matches staff
// codes to SenseLink employee numbers (SPEC §2 step 3). It is pure: no
// database, no clock, no files; the caller stores what it returns.
package staff

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/punchdesk/punchdesk/core/problem"
)

// MaxCodeLength is the longest staff code accepted, in characters (runes),
// the same limit Jobcan puts on スタッフコード.
const MaxCodeLength = 45

// MatchKey is the only normalisation applied when matching a staff code to an
// employee number: surrounding ASCII spaces and full-width spaces (U+3000) are
// removed, nothing else. Both sides are compared after MatchKey.
func MatchKey(s string) string {
	return strings.Trim(s, " \u3000")
}

// ValidateCode reports whether code can be stored as a staff code. It expects
// input that has already been through MatchKey: a code with surrounding spaces
// is refused rather than silently trimmed, because a stored " 12" would never
// match a recognition. Invisible characters are refused too, since two codes
// that look identical on screen but never match are impossible to debug.
func ValidateCode(code string) error {
	if !utf8.ValidString(code) {
		return problem.New(problem.StaffCodeNotText)
	}
	trimmed := MatchKey(code)
	if trimmed == "" {
		return problem.New(problem.StaffCodeEmpty)
	}
	if trimmed != code {
		return problem.New(problem.StaffCodeSpaces, "Code", shorten(code))
	}
	if n := utf8.RuneCountInString(code); n > MaxCodeLength {
		return problem.New(problem.StaffCodeTooLong, "Code", shorten(code), "N", n, "Max", MaxCodeLength)
	}
	for _, r := range code {
		switch {
		case unicode.IsControl(r):
			return problem.New(problem.StaffCodeControl, "Code", shorten(code), "Char", fmt.Sprintf("%U", r))
		case unicode.Is(unicode.Cf, r):
			return problem.New(problem.StaffCodeInvisible, "Code", shorten(code), "Char", fmt.Sprintf("%U", r))
		}
	}
	return nil
}

// shorten keeps messages readable when a value is absurdly long.
func shorten(s string) string {
	const keep = 20
	if utf8.RuneCountInString(s) <= keep {
		return s
	}
	i := 0
	for n := 0; n < keep; n++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i] + "…"
}

// trimText trims a name or group: any Unicode white space, since a stray
// line break or no-break space at the end of a name is never meant.
func trimText(s string) string {
	return strings.TrimFunc(s, unicode.IsSpace)
}

// hasControl reports a control character left inside a trimmed name or group
// (a line break inside a quoted cell, a tab), which would break table rows and
// exported sheets.
func hasControl(s string) (rune, bool) {
	for _, r := range s {
		if unicode.IsControl(r) {
			return r, true
		}
	}
	return 0, false
}
