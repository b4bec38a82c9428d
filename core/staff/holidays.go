package staff

import (
	"strings"
	"time"

	"github.com/punchdesk/punchdesk/core/problem"
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
	seen := map[string]int{}
	var rows []HolidayRow
	first := true
	err := eachRecord(data, "holiday CSV", func(line int, rec []string) *problem.Problem {
		date, ok := holidayDate(rec[0])
		wasFirst := first
		first = false
		switch {
		case !ok && wasFirst:
			return nil // a header row
		case !ok:
			return problem.New(problem.CSVHolidayDate, "Text", strings.TrimSpace(rec[0]))
		}
		name := ""
		if len(rec) > 1 {
			name = strings.TrimSpace(rec[1])
		}
		if name == "" {
			return problem.New(problem.CSVHolidayName)
		}
		if prev, dup := seen[date]; dup {
			return problem.New(problem.CSVHolidayTwice, "Date", date, "First", prev)
		}
		seen[date] = line
		rows = append(rows, HolidayRow{Line: line, Date: date, Name: name})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, problem.New(problem.CSVNoHolidays)
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
