package export

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// styles are the workbook's cell style ids.
type styles struct {
	title, note, header       int
	text, center, flag, count int
	date, weekday, saturday   int
	sunday, clock, hours      int
	totalText, totalHours     int
	totalCount                int
}

const (
	gridColor   = "BFBFBF"
	headerFill  = "DDEBF7"
	totalFill   = "F2F2F2"
	flagColor   = "C00000"
	sundayColor = "C00000"
	satColor    = "1F4E79"
)

func newStyles(f *excelize.File, decimalHours bool) (styles, error) {
	grid := []excelize.Border{
		{Type: "left", Color: gridColor, Style: 1}, {Type: "right", Color: gridColor, Style: 1},
		{Type: "top", Color: gridColor, Style: 1}, {Type: "bottom", Color: gridColor, Style: 1},
	}
	totalGrid := []excelize.Border{
		{Type: "left", Color: gridColor, Style: 1}, {Type: "right", Color: gridColor, Style: 1},
		{Type: "top", Color: "000000", Style: 6}, {Type: "bottom", Color: gridColor, Style: 1},
	}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center"}
	hoursFmt := fmtDuration
	if decimalHours {
		hoursFmt = fmtDecimal
	}
	var st styles
	var err error
	add := func(id *int, s *excelize.Style) {
		if err != nil {
			return
		}
		*id, err = f.NewStyle(s)
	}
	add(&st.title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	add(&st.note, &excelize.Style{Font: &excelize.Font{Color: "595959"}})
	add(&st.header, &excelize.Style{
		Font: &excelize.Font{Bold: true}, Border: grid, Alignment: center,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{headerFill}},
	})
	add(&st.text, &excelize.Style{Border: grid})
	add(&st.center, &excelize.Style{Border: grid, Alignment: center})
	add(&st.flag, &excelize.Style{Border: grid, Font: &excelize.Font{Color: flagColor}})
	add(&st.count, &excelize.Style{Border: grid, NumFmt: 1})
	add(&st.date, &excelize.Style{Border: grid, CustomNumFmt: ptr(fmtDate)})
	add(&st.weekday, &excelize.Style{Border: grid, Alignment: center})
	add(&st.saturday, &excelize.Style{Border: grid, Alignment: center, Font: &excelize.Font{Color: satColor}})
	add(&st.sunday, &excelize.Style{Border: grid, Alignment: center, Font: &excelize.Font{Color: sundayColor}})
	add(&st.clock, &excelize.Style{Border: grid, CustomNumFmt: ptr(fmtClock)})
	add(&st.hours, &excelize.Style{Border: grid, CustomNumFmt: ptr(hoursFmt)})
	totalFont := &excelize.Font{Bold: true}
	totalBg := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{totalFill}}
	add(&st.totalText, &excelize.Style{Border: totalGrid, Font: totalFont, Fill: totalBg})
	add(&st.totalHours, &excelize.Style{Border: totalGrid, Font: totalFont, Fill: totalBg, CustomNumFmt: ptr(hoursFmt)})
	add(&st.totalCount, &excelize.Style{Border: totalGrid, Font: totalFont, Fill: totalBg, NumFmt: 1})
	if err != nil {
		return st, fmt.Errorf("cell styles: %w", err)
	}
	return st, nil
}
