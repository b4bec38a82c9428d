package staff

import (
	"sort"
	"strings"
	"unicode"
)

// Reason says why a staff code and an employee number probably name the same
// person although they do not match. It is a set of flags: a hint carries
// every difference that had to be ignored to pair the two, so "００12" vs "12"
// is ReasonFullWidth|ReasonLeadingZeros.
type Reason uint8

const (
	// ReasonLeadingZeros: they differ in leading zeros ("0012" vs "12").
	ReasonLeadingZeros Reason = 1 << iota
	// ReasonFullWidth: they differ in full-width and ASCII forms of the same
	// letters, digits or spaces ("０１２" vs "012"), as a Japanese IME types.
	ReasonFullWidth
	// ReasonSpaces: they differ in spaces or other blanks inside the value
	// ("A 12" vs "A12"); surrounding spaces never need a hint, MatchKey
	// already removes them.
	ReasonSpaces
)

// allReasons is every normalisation Suggest applies.
const allReasons = ReasonLeadingZeros | ReasonFullWidth | ReasonSpaces

// Has reports whether r includes x.
func (r Reason) Has(x Reason) bool { return r&x != 0 }

// String lists the reasons in English for logs and the CLI; the GUI words
// them itself from the flags.
func (r Reason) String() string {
	var parts []string
	if r.Has(ReasonLeadingZeros) {
		parts = append(parts, "leading zeros")
	}
	if r.Has(ReasonFullWidth) {
		parts = append(parts, "full-width characters")
	}
	if r.Has(ReasonSpaces) {
		parts = append(parts, "spaces inside")
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// Hint proposes that a staff code and a SenseLink employee number belong
// together. Both are in their MatchKey form. A hint is only a suggestion:
// matching itself stays exact, so acting on it means changing the code on
// one side.
type Hint struct {
	StaffCode      string
	EmployeeNumber string
	Reason         Reason
}

// Suggest proposes likely pairs between staff codes and employee numbers that
// do not match exactly: those equal once full-width forms are folded to ASCII,
// blanks removed and leading zeros stripped. Values are compared after
// MatchKey; empty values and duplicates are ignored. A value that already has
// an exact partner on the other side gets no hint, since it is matched.
// Hints are ordered by staff code, then employee number (byte order). The
// work is linear in the inputs (plus the hints returned): staff codes are
// indexed by their normalised form.
func Suggest(staffCodes, employeeNumbers []string) []Hint {
	staff := keySet(staffCodes)
	numbers := keySet(employeeNumbers)

	index := make(map[string][]string)
	for code := range staff {
		if _, exact := numbers[code]; exact {
			continue
		}
		if k := normalize(code, allReasons); k != "" {
			index[k] = append(index[k], code)
		}
	}
	var hints []Hint
	for num := range numbers {
		if _, exact := staff[num]; exact {
			continue
		}
		k := normalize(num, allReasons)
		if k == "" {
			continue
		}
		for _, code := range index[k] {
			hints = append(hints, Hint{StaffCode: code, EmployeeNumber: num, Reason: reasonsFor(code, num)})
		}
	}
	sort.Slice(hints, func(i, j int) bool {
		if hints[i].StaffCode != hints[j].StaffCode {
			return hints[i].StaffCode < hints[j].StaffCode
		}
		return hints[i].EmployeeNumber < hints[j].EmployeeNumber
	})
	return hints
}

func keySet(values []string) map[string]struct{} {
	set := make(map[string]struct{}, len(values))
	for _, v := range values {
		if k := MatchKey(v); k != "" {
			set[k] = struct{}{}
		}
	}
	return set
}

// normalize applies the chosen steps in a fixed order: width first, so that
// full-width spaces and zeros are then removed like ASCII ones.
func normalize(s string, steps Reason) string {
	if steps.Has(ReasonFullWidth) {
		s = foldWidth(s)
	}
	if steps.Has(ReasonSpaces) {
		s = strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1
			}
			return r
		}, s)
	}
	if steps.Has(ReasonLeadingZeros) {
		if t := strings.TrimLeft(s, "0"); t != "" {
			s = t
		} else if s != "" {
			s = "0" // "000" and "0" are the same number
		}
	}
	return s
}

// reasonsFor names the differences between a and b, whose fully normalised
// forms are equal: a step is a reason when leaving it out keeps them apart.
func reasonsFor(a, b string) Reason {
	var r Reason
	steps := []Reason{ReasonLeadingZeros, ReasonFullWidth, ReasonSpaces}
	for _, x := range steps {
		if normalize(a, allReasons&^x) != normalize(b, allReasons&^x) {
			r |= x
		}
	}
	if r == 0 {
		// Each difference alone was redundant with another; name every
		// step that changed either side rather than none.
		for _, x := range steps {
			if normalize(a, x) != a || normalize(b, x) != b {
				r |= x
			}
		}
	}
	return r
}

// foldWidth maps full-width ASCII (U+FF01–U+FF5E) and the ideographic space
// to their ASCII forms. Half-width katakana are left alone: staff codes are
// letters and digits.
func foldWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '\uFF01' && r <= '\uFF5E':
			return r - 0xFEE0
		case r == '\u3000':
			return ' '
		}
		return r
	}, s)
}
