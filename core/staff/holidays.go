package staff

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// HolidayRow is one holiday read from a CSV.
type HolidayRow struct {
	Line int
	Date string // YYYY-MM-DD
	Name string
}

// holidayDateLayouts are the date forms holiday files use: the Cabinet
// Office's syukujitsu.csv writes 2026/1/1.
var holidayDateLayouts = []string{"2006/1/2", "2006-1-2", "2006年1月2日"}

// ParseHolidayCSV reads holidays as the Cabinet Office publishes them
// (syukujitsu.csv: 国民の祝日・休日月日,国民の祝日・休日名称, Shift_JIS) or the
// same two columns in UTF-8 with any header or none. Any bad row makes it
// return an *ImportError naming every problem by line, and no rows.
func ParseHolidayCSV(data []byte) ([]HolidayRow, error) {
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("holiday CSV: %w", ErrTooLarge)
	}
	dec, err := decodeCSV(data)
	if err != nil {
		return nil, fmt.Errorf("holiday CSV: %w", err)
	}
	bad := map[int]bool{}
	for _, l := range dec.badLines {
		bad[l] = true
	}
	r := csv.NewReader(strings.NewReader(dec.text))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	ie := &ImportError{What: "holiday CSV"}
	seen := map[string]int{}
	var rows []HolidayRow
	for first := true; ; first = false {
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
			ie.Problems = append(ie.Problems, Problem{Line: line, Message: "broken quoting: " + err.Error()})
			break
		}
		if allBlank(rec) {
			continue
		}
		if bad[line] {
			ie.Problems = append(ie.Problems, Problem{Line: line, Message: "the line has bytes that are neither UTF-8 nor Shift_JIS"})
			continue
		}
		date, ok := holidayDate(rec[0])
		if !ok && first {
			continue // a header row
		}
		if !ok {
			ie.Problems = append(ie.Problems, Problem{Line: line, Message: fmt.Sprintf("%q is not a date like 2026/1/1", strings.TrimSpace(rec[0]))})
			continue
		}
		name := ""
		if len(rec) > 1 {
			name = strings.TrimSpace(rec[1])
		}
		if name == "" {
			ie.Problems = append(ie.Problems, Problem{Line: line, Message: "the holiday has no name"})
			continue
		}
		if prev, dup := seen[date]; dup {
			ie.Problems = append(ie.Problems, Problem{Line: line, Message: fmt.Sprintf("%s is listed twice (first on line %d)", date, prev)})
			continue
		}
		seen[date] = line
		rows = append(rows, HolidayRow{Line: line, Date: date, Name: name})
	}
	if len(ie.Problems) > 0 {
		return nil, ie
	}
	if len(rows) == 0 {
		return nil, errors.New("holiday CSV: no holidays in the file")
	}
	return rows, nil
}

// holidayDate reads a date in any of the holiday files' forms.
func holidayDate(v string) (string, bool) {
	v = strings.TrimSpace(v)
	for _, layout := range holidayDateLayouts {
		if t, err := time.Parse(layout, v); err == nil {
			return t.Format(time.DateOnly), true
		}
	}
	return "", false
}
