package holiday

import (
	"testing"
	"time"
)

func TestTheEmbeddedTableCoversItsYears(t *testing.T) {
	n := National()
	for _, c := range []struct{ date, name string }{
		{"2024-02-12", "休日"}, {"2025-11-24", "休日"}, {"2026-09-22", "休日"}, {"2026-11-23", "勤労感謝の日"},
		{"2027-03-22", "休日"}, {"2027-01-01", "元日"},
	} {
		if n[c.date] != c.name {
			t.Errorf("%s = %q, want %q", c.date, n[c.date], c.name)
		}
	}
	perYear := map[int]int{}
	for date := range n {
		d, err := time.Parse(time.DateOnly, date)
		if err != nil {
			t.Fatal(err)
		}
		perYear[d.Year()]++
	}
	for y := FirstYear; y <= LastYear; y++ {
		// 16 national holidays a year, and 0–5 substitute holidays.
		if perYear[y] < 16 || perYear[y] > 21 {
			t.Errorf("%d has %d holidays", y, perYear[y])
		}
	}
	n["2026-01-01"] = "changed"
	if National()["2026-01-01"] != "元日" {
		t.Error("National returned the table itself, not a copy")
	}
}
