package staff

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/punchdesk/punchdesk/core/problem"
)

// PunchRow is one row of an other-method punch CSV, as text: the site checks
// the staff code, time and source against its staff list and time zone.
type PunchRow struct {
	Line      int // physical line of the row, for messages
	StaffCode string
	Time      string
	Source    string
	Note      string
}

// punchHeaderWords are first cells that mark a header row.
var punchHeaderWords = map[string]bool{"code": true, "staff": true, "staff_code": true, "スタッフコード": true}

// ParsePunchCSV reads punches from other methods (IC card, web, …) as
// "staff code, date-time, source[, note]" rows, UTF-8 or Shift_JIS, with an
// optional header row. Rows with too few or too many fields, or bytes that
// cannot be decoded, are reported by line in an *ImportError with no rows.
func ParsePunchCSV(data []byte) ([]PunchRow, error) {
	var rows []PunchRow
	first := true
	err := eachRecord(data, "punch CSV", func(line int, rec []string) *problem.Problem {
		if first {
			first = false
			if punchHeaderWords[strings.ToLower(trimText(rec[0]))] {
				return nil
			}
		}
		if len(rec) < 3 || len(rec) > 4 {
			return problem.New(problem.CSVPunchRow, "N", len(rec))
		}
		row := PunchRow{Line: line, StaffCode: MatchKey(rec[0]), Time: trimText(rec[1]), Source: trimText(rec[2])}
		if len(rec) == 4 {
			row.Note = trimText(rec[3])
		}
		rows = append(rows, row)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, problem.New(problem.CSVNoPunches)
	}
	return rows, nil
}

// eachRecord decodes a small CSV (UTF-8 or Shift_JIS) and calls row for
// every record that is not blank, with its line; row returns a problem with
// it, or "". Any problem — a broken quote, undecodable bytes, what row said
// — makes it return an *ImportError naming every one by line.
func eachRecord(data []byte, what string, row func(line int, rec []string) *problem.Problem) error {
	if len(data) > MaxFileSize {
		return fmt.Errorf("%s: %w", what, ErrTooLarge)
	}
	dec, err := decodeCSV(data)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	bad := map[int]bool{}
	for _, l := range dec.badLines {
		bad[l] = true
	}
	r := csv.NewReader(strings.NewReader(dec.text))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	ie := &ImportError{What: what}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			unreadable := problem.Wrap(problem.CSVUnreadable, err, "Noticed", 0)
			if pe != nil {
				unreadable = quoteProblem(pe)
			}
			ie.Problems = append(ie.Problems, Problem{Line: line, What: unreadable})
			break
		}
		if blankRecord(rec) {
			continue
		}
		if bad[line] {
			ie.Problems = append(ie.Problems, Problem{Line: line, What: problem.New(problem.CSVEncoding, "Encoding", "UTF-8 / Shift_JIS")})
			continue
		}
		if bad := row(line, rec); bad != nil {
			ie.Problems = append(ie.Problems, Problem{Line: line, What: bad})
		}
	}
	if len(ie.Problems) > 0 {
		return ie
	}
	return nil
}

func blankRecord(rec []string) bool {
	for _, f := range rec {
		if trimText(f) != "" {
			return false
		}
	}
	return true
}
