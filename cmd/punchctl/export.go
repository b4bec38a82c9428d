package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/punchdesk/punchdesk/core/site"
	"github.com/punchdesk/punchdesk/core/store"
)

func cmdExport(ctx context.Context, e *env, args []string) error {
	fs := e.flags("export", "export --month YYYY-MM --out FILE.xlsx [--group NAME [--staff-group]] [--per-staff] [--decimal-hours]")
	month := fs.String("month", "", "the month, YYYY-MM")
	out := fs.String("out", "", "the workbook to write (.xlsx)")
	group := fs.String("group", "", "only this location group: the staff who clocked in at its terminals")
	byStaff := fs.Bool("staff-group", false, "with --group: select the staff whose own group it is instead")
	perStaff := fs.Bool("per-staff", false, "add a time-card sheet per staff member")
	decimal := fs.Bool("decimal-hours", false, "write hours as decimal numbers instead of h:mm")
	if err := parse(fs, args); err != nil {
		return err
	}
	if _, _, err := site.ParseMonth(*month); err != nil {
		return usageError{"--month: " + err.Error()}
	}
	if *out == "" || !strings.EqualFold(filepath.Ext(*out), ".xlsx") {
		return usageError{"--out must name an .xlsx file"}
	}
	s, err := e.open(store.ReadOnly)
	if err != nil {
		return err
	}
	defer s.Close()
	err = s.Export(ctx, site.ExportRequest{Month: *month, Group: *group, ByStaffGroup: *byStaff, PerStaff: *perStaff, DecimalHours: *decimal, Path: *out}, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Wrote %s.\n", *out)
	return nil
}
