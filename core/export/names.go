package export

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"

	"golang.org/x/text/width"
)

// maxSheetName is Excel's limit on a sheet name, counted in UTF-16 code
// units (so a name full of emoji holds fewer characters).
const maxSheetName = 31

// sheetNamer hands out sheet names that Excel accepts: no []:*?/\, no
// leading or trailing apostrophe, at most 31 characters, and unique without
// regard to case (Excel treats "Abc" and "ABC" as the same sheet).
type sheetNamer struct {
	taken map[string]bool
}

func newSheetNamer(reserved ...string) *sheetNamer {
	n := &sheetNamer{taken: map[string]bool{}}
	// Excel reserves "History" for its change-tracking sheet.
	n.taken[nameKey("History")] = true
	for _, r := range reserved {
		n.taken[nameKey(r)] = true
	}
	return n
}

func nameKey(name string) string { return strings.ToLower(name) }

// name returns a valid, unused sheet name for want, falling back to
// fallback when want has nothing usable left, and remembers it.
func (n *sheetNamer) name(want, fallback string) string {
	base := cleanSheetName(want)
	if base == "" {
		base = cleanSheetName(fallback)
	}
	if base == "" {
		base = "スタッフ"
	}
	name := base
	for i := 2; n.taken[nameKey(name)]; i++ {
		suffix := " (" + strconv.Itoa(i) + ")"
		name = trimSheetName(truncateUTF16(base, maxSheetName-utf16Len(suffix))) + suffix
	}
	n.taken[nameKey(name)] = true
	return name
}

// cleanSheetName drops the characters Excel forbids in sheet names (and
// control characters, which XML cannot carry), collapses runs of spaces and
// cuts the result to Excel's length limit.
func cleanSheetName(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r): // tabs and newlines too, before control characters
			space = true
			continue
		case strings.ContainsRune(`[]:*?/\`, r), unicode.IsControl(r), r == unicode.ReplacementChar:
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return trimSheetName(truncateUTF16(b.String(), maxSheetName))
}

// trimSheetName removes what may not start or end a sheet name: spaces
// (legal but invisible, so confusing) and apostrophes (illegal there).
func trimSheetName(s string) string {
	return strings.Trim(s, " '")
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// truncateUTF16 cuts s to at most limit UTF-16 code units without splitting
// a character.
func truncateUTF16(s string, limit int) string {
	n := 0
	for i, r := range s {
		n += utf16.RuneLen(r)
		if n > limit {
			return s[:i]
		}
	}
	return s
}

// displayWidth estimates how many columns of Excel's default width unit
// (one digit) s needs: East Asian wide and full-width characters, and the
// ambiguous ones that Japanese fonts draw wide (○, ・, Greek…), count 2.
func displayWidth(s string) int {
	w := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth, width.EastAsianAmbiguous:
			w += 2
		default:
			w++
		}
	}
	return w
}

// columnWidths tracks the widest content of each column to size columns
// before streaming (a stream writer needs widths before its first row).
type columnWidths []int

func (c columnWidths) fit(col int, s string) {
	if w := displayWidth(s); w > c[col] {
		c[col] = w
	}
}

// excel converts the estimates to Excel widths, with room for cell padding
// and, on header cells, the auto-filter button.
func (c columnWidths) excel(extra int) []float64 {
	out := make([]float64, len(c))
	for i, w := range c {
		out[i] = float64(min(max(w+extra, 6), 60))
	}
	return out
}
