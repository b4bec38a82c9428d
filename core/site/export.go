package site

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/export"
	"github.com/punchdesk/punchdesk/core/problem"
	"github.com/punchdesk/punchdesk/core/rules"
)

// ExportRequest is one monthly workbook to write.
type ExportRequest struct {
	Month string // YYYY-MM
	// Group limits the workbook to one location group, "" for everyone:
	// the staff who worked there (a pair clocked in at one of its
	// terminals), and 打刻場所別 to that place — or, with ByStaffGroup, the
	// staff whose own group it is.
	Group        string
	ByStaffGroup bool
	PerStaff     bool   // add a time-card sheet per staff member
	DecimalHours bool   // hours as decimal numbers instead of [h]:mm
	Path         string // the .xlsx file to write
}

// Export writes the month's attendance workbook (SPEC §8). It only reads
// the database, so it may run beside the app. The file appears whole or not
// at all: it is written next to the target and renamed into place.
func (s *Site) Export(ctx context.Context, req ExportRequest, progress func(done, total int)) error {
	first, last, err := ParseMonth(req.Month)
	if err != nil {
		return err
	}
	settings, err := s.RuleSettings(ctx)
	if err != nil {
		return err
	}
	members, err := s.db.ListStaff(ctx)
	if err != nil {
		return err
	}
	opt := export.Options{DecimalHours: req.DecimalHours, PerStaffSheets: req.PerStaff, Group: req.Group,
		GeneratedAt: s.now(), Location: settings.Location}
	if !req.ByStaffGroup {
		opt.Place = req.Group
	}
	closed, err := s.db.ClosedMonths(ctx)
	if err != nil {
		return err
	}
	_, opt.Closed = closed[req.Month]
	var chosen []domain.StaffMember
	codes := []string{} // not nil: nil would mean everyone
	for _, m := range members {
		if req.Group == "" || !req.ByStaffGroup || m.Group == req.Group {
			chosen = append(chosen, m)
			codes = append(codes, m.Code)
		}
	}
	month := export.Month{Year: first.Year(), Month: first.Month()}
	if req.Group != "" && !req.ByStaffGroup {
		// Who is listed depends on where they worked: the whole month is
		// read before the workbook starts.
		books, err := s.monthBooks(ctx, req.Month, codes)
		if err != nil {
			return err
		}
		for _, m := range chosen {
			if book := books[m.Code]; workedAt(book, req.Group) {
				month.Staff = append(month.Staff, export.StaffMonth{Code: m.Code, Name: m.Name, Group: m.Group, Days: book})
			}
		}
		return writeAtomically(req.Path, func(f *os.File) error { return export.Write(f, month, opt, progress) })
	}
	// Otherwise the workbook is written while the month is read: its
	// columns are sized from the days alone, then each member's rows follow
	// as soon as they are laid out.
	return writeAtomically(req.Path, func(f *os.File) error {
		var st *export.Stream
		sized := func(days map[string][]rules.Day) error {
			firstDate, lastDate := first.Format(time.DateOnly), last.Format(time.DateOnly)
			for _, m := range chosen {
				inMonth := make([]rules.Day, 0, len(days[m.Code]))
				for _, d := range days[m.Code] {
					if d.Date >= firstDate && d.Date <= lastDate {
						inMonth = append(inMonth, d)
					}
				}
				month.Staff = append(month.Staff, export.StaffMonth{Code: m.Code, Name: m.Name, Group: m.Group, Days: inMonth})
			}
			var err error
			st, err = export.NewStream(f, month, opt, progress)
			return err
		}
		next := 0
		add := func(code string, book []rules.Day) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			m := chosen[next]
			next++
			return st.Add(export.StaffMonth{Code: code, Name: m.Name, Group: m.Group, Days: book})
		}
		err := s.readMonth(ctx, req.Month, codes, sized, add)
		if st == nil {
			return err
		}
		if err != nil {
			st.Close()
			return err
		}
		return st.Close()
	})
}

// workedAt reports whether a month has work clocked in at a place.
func workedAt(book []rules.Day, place string) bool {
	for _, d := range book {
		if d.PlaceMinutes[place] > 0 {
			return true
		}
	}
	return false
}

// LastMonth is the month before the current one in the site's zone, as
// YYYY-MM: what a monthly job run on the 1st exports.
func (s *Site) LastMonth(ctx context.Context) (string, error) {
	loc, err := s.Location(ctx)
	if err != nil {
		return "", err
	}
	now := s.now().In(loc)
	return time.Date(now.Year(), now.Month()-1, 1, 0, 0, 0, 0, loc).Format("2006-01"), nil
}

// DefaultExportFileName is the workbook's name when only a folder is given:
// 出勤簿_2026-11.xlsx, or 出勤簿_2026-11_本社.xlsx for one group. Characters
// Windows forbids in file names are replaced.
func DefaultExportFileName(month, group string) string {
	name := "出勤簿_" + month
	if g := strings.TrimSpace(group); g != "" {
		name += "_" + strings.Map(func(r rune) rune {
			if strings.ContainsRune(`<>:"/\|?*`, r) || r < 0x20 {
				return '_'
			}
			return r
		}, g)
	}
	return name + ".xlsx"
}

// leftoverAge is how long a temporary export file must have gone unwritten
// before it counts as left over by a killed export; an export still running
// in another process writes more often than that.
const leftoverAge = time.Minute

// removeLeftoverTemps removes the hidden temporary files a killed export of
// path left behind (a crash skips the deferred removal). Failing to remove
// one is no reason to fail this export.
func removeLeftoverTemps(path string) {
	dir := filepath.Dir(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := "." + filepath.Base(path) + "."
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, ".tmp") {
			continue
		}
		if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > leftoverAge {
			os.Remove(filepath.Join(dir, name))
		}
	}
}

// namingTarget rewrites a failure that names the hidden temporary file so
// that it names the workbook the person asked for instead.
func namingTarget(err error, tmp, target string) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Path == tmp {
		return &fs.PathError{Op: pe.Op, Path: target, Err: pe.Err}
	}
	if msg := err.Error(); strings.Contains(msg, tmp) {
		return &renamedError{msg: strings.ReplaceAll(msg, tmp, target), err: err}
	}
	return err
}

// renamedError replaces an error's text, keeping its chain.
type renamedError struct {
	msg string
	err error
}

func (e *renamedError) Error() string { return e.msg }
func (e *renamedError) Unwrap() error { return e.err }

// writeAtomically writes through a temporary file in the target's folder
// and renames it into place, so a failure never leaves a half-written file
// and never destroys the previous one.
func writeAtomically(path string, write func(*os.File) error) error {
	dir := filepath.Dir(path)
	removeLeftoverTemps(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		// The system's error names the hidden temporary file; the person
		// asked for the workbook.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return problem.Wrap(problem.ExportCannotWrite, err, "File", filepath.Base(path), "Dir", dir, "Why", problem.OSReason(err))
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	// CreateTemp makes the file private; a workbook is for sharing, and a
	// replaced one keeps its permissions.
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return problem.Wrap(problem.ExportWrite, err, "Path", path, "Why", problem.OSReason(err))
	}
	if err := write(tmp); err != nil {
		tmp.Close()
		return namingTarget(err, tmp.Name(), path)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return problem.Wrap(problem.ExportWrite, namingTarget(err, tmp.Name(), path), "Path", path, "Why", problem.OSReason(err))
	}
	if err := tmp.Close(); err != nil {
		return problem.Wrap(problem.ExportWrite, namingTarget(err, tmp.Name(), path), "Path", path, "Why", problem.OSReason(err))
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		// On Windows this is what a workbook open in Excel looks like.
		return problem.Wrap(problem.ExportReplace, err, "Path", path)
	}
	return nil
}
