package site_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/punchdesk/punchdesk/core/export"
	"github.com/punchdesk/punchdesk/core/senselinksim"
	"github.com/punchdesk/punchdesk/core/site"
	"github.com/xuri/excelize/v2"
)

// TestTheStreamedWorkbookIsTheOneWrittenFromWholeBooks exports a month of
// 130 staff (three chunks over two readers) as the app does, while it is
// still being read, and compares every sheet's cells and column widths
// with the workbook written from each member's whole book read first: with
// members left stale (computed at read time), a closed month in the week
// before, fevers, missing masks and missing clock-outs.
func TestTheStreamedWorkbookIsTheOneWrittenFromWholeBooks(t *testing.T) {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	start := time.Date(2026, 9, 24, 0, 0, 0, 0, tokyo)
	now := time.Date(2026, 11, 2, 12, 0, 0, 0, tokyo)
	clock := func() time.Time { return now }
	sim := senselinksim.New(senselinksim.Config{AppKey: key, AppSecret: secret1, Location: tokyo, Now: clock})
	people := senselinksim.GenerateStaff(130)
	// Five recognitions a day (the later days) leave a day without its
	// clock-out.
	if err := sim.GenerateDays(start, 12, people, senselinksim.DemoDevices(), 6); err != nil {
		t.Fatal(err)
	}
	if err := sim.GenerateDays(start.AddDate(0, 0, 12), 4, people, senselinksim.DemoDevices(), 5); err != nil {
		t.Fatal(err)
	}
	s, path := linkedSite(t, sim, start, clock)
	ctx := context.Background()
	var csv strings.Builder
	csv.WriteString("code,name,group\n")
	for i, p := range people {
		fmt.Fprintf(&csv, "%s,%s,%s\n", p.JobNumber, p.Name, []string{"本社", "倉庫", ""}[i%3])
	}
	if _, _, err := s.ImportStaff(ctx, []byte(csv.String())); err != nil {
		t.Fatal(err)
	}
	catchUp(t, s)
	if err := s.CloseMonth(ctx, "2026-09", true); err != nil {
		t.Fatal(err)
	}
	stale := []string{people[3].JobNumber, people[70].JobNumber, people[129].JobNumber}
	rawSQL(t, path, "DELETE FROM punches WHERE staff_code IN ('"+strings.Join(stale, "','")+"')",
		"DELETE FROM days WHERE staff_code IN ('"+strings.Join(stale, "','")+"')",
		"UPDATE staff SET derived_gen = 0 WHERE code IN ('"+strings.Join(stale, "','")+"')")

	t.Run("cancelled while it is written", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "cancelled.xlsx")
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		written := 0
		err := s.Export(cctx, site.ExportRequest{Month: "2026-10", Path: out}, func(done, total int) {
			if written = done; done == 60 {
				cancel()
			}
		})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Export = %v after %d staff, want it cancelled", err, written)
		}
		if written != 60 {
			t.Errorf("%d staff were written after the cancel at 60", written)
		}
		if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 0 {
			t.Errorf("the cancelled export left %v", entries)
		}
	})
	for _, perStaff := range []bool{false, true} {
		t.Run(fmt.Sprintf("time cards %v", perStaff), func(t *testing.T) {
			streamed := filepath.Join(t.TempDir(), "streamed.xlsx")
			if err := s.Export(ctx, site.ExportRequest{Month: "2026-10", Path: streamed, PerStaff: perStaff}, nil); err != nil {
				t.Fatal(err)
			}
			members, err := s.Staff(ctx)
			if err != nil {
				t.Fatal(err)
			}
			month := export.Month{Year: 2026, Month: time.October}
			for _, m := range members {
				book, err := s.Book(ctx, m.Code, "2026-10")
				if err != nil {
					t.Fatal(err)
				}
				month.Staff = append(month.Staff, export.StaffMonth{Code: m.Code, Name: m.Name, Group: m.Group, Days: book})
			}
			whole := filepath.Join(t.TempDir(), "whole.xlsx")
			f, err := os.Create(whole)
			if err != nil {
				t.Fatal(err)
			}
			err = export.Write(f, month, export.Options{GeneratedAt: now, Location: tokyo, PerStaffSheets: perStaff}, nil)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				t.Fatal(err)
			}
			got, want := workbookContent(t, streamed), workbookContent(t, whole)
			if len(got) != len(want) {
				t.Fatalf("streamed workbook has %d sheets, the whole-book one %d", len(got), len(want))
			}
			for name, w := range want {
				if g := got[name]; !reflect.DeepEqual(g, w) {
					t.Errorf("sheet %s differs:\nstreamed %.400v\nwhole    %.400v", name, g, w)
				}
			}
			detail := want[export.DetailSheet]
			for _, mark := range []string{"退勤打刻なし", "異常体温", "マスクなし"} {
				if !strings.Contains(fmt.Sprint(detail.rows), mark) {
					t.Errorf("the month has no %s to size the columns by", mark)
				}
			}
		})
	}
}

type sheetContent struct {
	rows   [][]string
	widths []float64
}

func workbookContent(t *testing.T, path string) map[string]sheetContent {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]sheetContent{}
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name)
		if err != nil {
			t.Fatal(err)
		}
		c := sheetContent{rows: rows}
		for col := 1; col <= 16; col++ {
			letter, _ := excelize.ColumnNumberToName(col)
			w, err := f.GetColWidth(name, letter)
			if err != nil {
				t.Fatal(err)
			}
			c.widths = append(c.widths, w)
		}
		out[name] = c
	}
	return out
}
