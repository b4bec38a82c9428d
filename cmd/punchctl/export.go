package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/punchdesk/punchdesk/core/problem"
	"github.com/punchdesk/punchdesk/core/site"
	"github.com/punchdesk/punchdesk/core/store"
)

func cmdExport(ctx context.Context, e *env, args []string) error {
	fs := e.flags("export", "export --month YYYY-MM|last (--out FILE.xlsx | --out-dir DIR) [--group NAME [--staff-group]] [--per-staff] [--decimal-hours]")
	month := fs.String("month", "", "the month, YYYY-MM, or last for the month before this one (site time zone)")
	out := fs.String("out", "", "the workbook to write (.xlsx)")
	outDir := fs.String("out-dir", "", "write 出勤簿_YYYY-MM.xlsx (出勤簿_YYYY-MM_GROUP.xlsx with --group) into this folder, made if missing")
	group := fs.String("group", "", "only this location group: the staff who clocked in at its terminals")
	byStaff := fs.Bool("staff-group", false, "with --group: select the staff whose own group it is instead")
	perStaff := fs.Bool("per-staff", false, "add a time-card sheet per staff member")
	decimal := fs.Bool("decimal-hours", false, "write hours as decimal numbers instead of h:mm")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *month != "last" {
		if _, _, err := site.ParseMonth(*month); err != nil {
			return usage("cli.usage.flag", "Flag", "--month", "Text", explain(err))
		}
	}
	switch {
	case *out != "" && *outDir != "":
		return usage("cli.usage.outboth")
	case *outDir != "":
	case *out == "" || !strings.EqualFold(filepath.Ext(*out), ".xlsx"):
		return usage("cli.usage.outxlsx")
	}
	s, err := e.open(store.ReadOnly)
	if err != nil {
		return err
	}
	defer s.Close()
	if *month == "last" {
		if *month, err = s.LastMonth(ctx); err != nil {
			return err
		}
	}
	if *outDir != "" {
		if err := os.MkdirAll(*outDir, 0o755); err != nil {
			return problem.Wrap(problem.FolderNotMade, err, "Path", *outDir)
		}
		*out = filepath.Join(*outDir, site.DefaultExportFileName(*month, *group))
	}
	err = s.Export(ctx, site.ExportRequest{Month: *month, Group: *group, ByStaffGroup: *byStaff, PerStaff: *perStaff, DecimalHours: *decimal, Path: *out}, nil)
	if err != nil {
		return err
	}
	say(e.stdout, "cli.exported", "File", *out)
	return nil
}
