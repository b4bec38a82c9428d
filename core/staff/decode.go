package staff

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/punchdesk/punchdesk/core/problem"
	"golang.org/x/text/encoding/japanese"
)

// Encoding names as they appear in messages to the administrator.
const (
	encUTF8  = "UTF-8"
	encCP932 = "Shift_JIS (CP932)"
)

// decodedText is a CSV file turned into UTF-8, with the physical lines
// (1-based) on which bytes could not be decoded. Line numbers survive
// decoding because '\n' is a single byte that never occurs inside a
// multi-byte character in either encoding.
type decodedText struct {
	text     string
	encoding string
	badLines []int // ascending, distinct
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// decodeCSV picks the encoding: a UTF-8 BOM or valid UTF-8 means UTF-8;
// anything else is what Japanese Excel writes ("CSV (コンマ区切り)"), CP932.
// One refinement: if a file that is not valid UTF-8 has fewer lines with
// undecodable bytes read as UTF-8 than read as CP932, it is a UTF-8 file with
// a few damaged bytes, and reporting those lines beats importing mojibake.
func decodeCSV(data []byte) (decodedText, error) {
	if err := notCSV(data); err != nil {
		return decodedText{}, err
	}
	// Excel for Mac's older "CSV (Macintosh)" ends lines with a lone CR;
	// encoding/csv only splits on LF.
	if bytes.IndexByte(data, '\n') < 0 && bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte{'\r'}, []byte{'\n'})
	}
	if rest, ok := bytes.CutPrefix(data, utf8BOM); ok {
		return decodeUTF8(rest), nil
	}
	if utf8.Valid(data) {
		return decodedText{text: string(data), encoding: encUTF8}, nil
	}
	sjis, err := decodeCP932(data)
	if err != nil {
		return decodedText{}, err
	}
	if u := decodeUTF8(data); len(u.badLines) < len(sjis.badLines) {
		return u, nil
	}
	return sjis, nil
}

// notCSV recognises files administrators pick by mistake, so the error says
// what to do instead of listing every line as undecodable.
func notCSV(data []byte) error {
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return problem.New(problem.CSVIsWorkbook, "Ext", ".xlsx")
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return problem.New(problem.CSVIsWorkbook, "Ext", ".xls")
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return problem.New(problem.CSVUTF16)
	}
	return nil
}

// decodeUTF8 copies data, replacing each invalid byte with U+FFFD and
// recording its line. Literal U+FFFD characters in the file are left alone
// and not reported: only the recorded lines count as undecodable.
func decodeUTF8(data []byte) decodedText {
	var b strings.Builder
	b.Grow(len(data))
	var bad []int
	line := 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size == 1 {
			if len(bad) == 0 || bad[len(bad)-1] != line {
				bad = append(bad, line)
			}
		} else if r == '\n' {
			line++
		}
		b.WriteRune(r)
		data = data[size:]
	}
	return decodedText{text: b.String(), encoding: encUTF8, badLines: bad}
}

// decodeCP932 decodes with x/text's ShiftJIS, which is the WHATWG
// Shift_JIS = Windows-31J/CP932 table, NEC row 13 (①, ㈱) and the IBM
// extensions (髙 FBFC, 﨑 FAB1) included. CP932 has no code for U+FFFD, so
// every U+FFFD in the output is a byte sequence that could not be decoded.
func decodeCP932(data []byte) (decodedText, error) {
	out, err := japanese.ShiftJIS.NewDecoder().Bytes(data)
	if err != nil {
		// The decoder reports bad input as U+FFFD, not as an error; an error
		// here is a bug in the transformer, not the file.
		return decodedText{}, fmt.Errorf("decode %s: %w", encCP932, err)
	}
	var bad []int
	line := 1
	for _, r := range string(out) {
		switch r {
		case '\n':
			line++
		case utf8.RuneError:
			if len(bad) == 0 || bad[len(bad)-1] != line {
				bad = append(bad, line)
			}
		}
	}
	return decodedText{text: string(out), encoding: encCP932, badLines: bad}, nil
}
