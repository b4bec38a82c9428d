package site_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/punchdesk/punchdesk/core/internal/benchdata"
	"github.com/punchdesk/punchdesk/core/secret"
	"github.com/punchdesk/punchdesk/core/site"
	"github.com/punchdesk/punchdesk/core/store"
)

// exportMonth is the month the year benchmarks export: a full month deep
// in the year, as a payroll run at the start of the next month does.
const exportMonth = "2026-10"

func yearSite(b *testing.B) *site.Site {
	b.Helper()
	path, err := benchdata.YearDB(b.Logf)
	if err != nil {
		b.Fatal(err)
	}
	s, err := site.Open(path, store.ReadOnly, secret.NewMemory())
	if err != nil {
		b.Fatal(err)
	}
	s.Now = func() time.Time { return benchdata.Now }
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkExportYearDB is the whole export use-case for one month of the
// site-year database: reading the month's days and punches, the payroll
// figures, and the workbook written to a file.
func BenchmarkExportYearDB(b *testing.B) {
	s := yearSite(b)
	ctx := context.Background()
	out := filepath.Join(b.TempDir(), "出勤簿.xlsx")
	for b.Loop() {
		if err := s.Export(ctx, site.ExportRequest{Month: exportMonth, Path: out}, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExportAnchor is BenchmarkExportYearDB's floor: a bare excelize
// StreamWriter program writing the same cells (read back from the
// workbook the export wrote) into the same sheets, with no styles and no
// database.
func BenchmarkExportAnchor(b *testing.B) {
	s := yearSite(b)
	ctx := context.Background()
	written := filepath.Join(b.TempDir(), "出勤簿.xlsx")
	if err := s.Export(ctx, site.ExportRequest{Month: exportMonth, Path: written}, nil); err != nil {
		b.Fatal(err)
	}
	sheets := readCells(b, written)
	out := filepath.Join(b.TempDir(), "anchor.xlsx")
	for b.Loop() {
		writeAnchor(b, sheets, out)
	}
}

// BenchmarkExportYearDBVsAnchor runs the two benchmarks above in turns and
// reports their ratio: run one after the other, they meet different
// moments of a shared machine whose speed swings by a quarter within a
// minute, and the ratio is what the target is about.
func BenchmarkExportYearDBVsAnchor(b *testing.B) {
	s := yearSite(b)
	ctx := context.Background()
	dir := b.TempDir()
	exported, anchored := filepath.Join(dir, "出勤簿.xlsx"), filepath.Join(dir, "anchor.xlsx")
	if err := s.Export(ctx, site.ExportRequest{Month: exportMonth, Path: exported}, nil); err != nil {
		b.Fatal(err)
	}
	sheets := readCells(b, exported)
	var inExport, inAnchor time.Duration
	export := func() {
		t := time.Now()
		if err := s.Export(ctx, site.ExportRequest{Month: exportMonth, Path: exported}, nil); err != nil {
			b.Fatal(err)
		}
		inExport += time.Since(t)
	}
	anchor := func() {
		t := time.Now()
		writeAnchor(b, sheets, anchored)
		inAnchor += time.Since(t)
	}
	turn := 0
	for b.Loop() {
		if turn%2 == 0 {
			export()
			anchor()
		} else {
			anchor()
			export()
		}
		turn++
	}
	b.ReportMetric(inExport.Seconds()/float64(turn), "export-s/op")
	b.ReportMetric(inAnchor.Seconds()/float64(turn), "anchor-s/op")
	b.ReportMetric(float64(inExport)/float64(inAnchor), "ratio")
}

func writeAnchor(b *testing.B, sheets []sheetCells, out string) {
	f := excelize.NewFile()
	defer f.Close()
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.name); err != nil {
				b.Fatal(err)
			}
		} else if _, err := f.NewSheet(sh.name); err != nil {
			b.Fatal(err)
		}
		sw, err := f.NewStreamWriter(sh.name)
		if err != nil {
			b.Fatal(err)
		}
		for r, row := range sh.rows {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := sw.SetRow(cell, row); err != nil {
				b.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			b.Fatal(err)
		}
	}
	if err := f.SaveAs(out); err != nil {
		b.Fatal(err)
	}
}

type sheetCells struct {
	name string
	rows [][]any
}

func readCells(b *testing.B, path string) []sheetCells {
	b.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var out []sheetCells
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name)
		if err != nil {
			b.Fatal(err)
		}
		sc := sheetCells{name: name}
		for _, r := range rows {
			row := make([]any, len(r))
			for i, v := range r {
				row[i] = v
			}
			sc.rows = append(sc.rows, row)
		}
		out = append(out, sc)
	}
	return out
}
