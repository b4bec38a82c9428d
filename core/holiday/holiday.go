// Package holiday knows Japan's national holidays (国民の祝日) as the Cabinet
// Office publishes them, for the payroll figures and the attendance book.
package holiday

import (
	_ "embed"
	"fmt"

	"github.com/punchdesk/punchdesk/core/staff"
)

// cabinetOffice is the Cabinet Office's list of national holidays and
// substitute holidays (内閣府「国民の祝日について」, syukujitsu.csv), 2024 to
// 2027, as it stood when this build was made; the 2027 dates were published
// in February 2026 with the equinoxes. Dates are facts, not code: a newer
// syukujitsu.csv imported by the administrator extends or replaces them.
//
//go:embed syukujitsu-2024-2027.csv
var cabinetOffice []byte

// Coverage is the range of years the embedded table covers.
const (
	FirstYear = 2024
	LastYear  = 2027
)

var national = mustParse()

func mustParse() map[string]string {
	rows, err := staff.ParseHolidayCSV(cabinetOffice)
	if err != nil {
		panic(fmt.Sprintf("embedded national holidays: %v", err)) // part of the build
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r.Date] = r.Name
	}
	return out
}

// National returns the embedded national holidays by date (YYYY-MM-DD).
// The map is a copy: callers may change it.
func National() map[string]string {
	out := make(map[string]string, len(national))
	for k, v := range national {
		out[k] = v
	}
	return out
}
