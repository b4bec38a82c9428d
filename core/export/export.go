// Package export writes the monthly attendance workbook of SPEC §8: a 集計
// summary, the 出勤簿 detail with one row per staff member and calendar day,
// and, when asked, one time-card sheet per staff member.
//
// It is a pure writer: the caller gathers the month (core/site does) and
// passes it in; nothing here touches the database. Dates, clock times and
// durations are written as Excel serial numbers with number formats, so
// that sorting, filtering and sums work in Excel; text is always written as
// an inline string, so a name such as "=HYPERLINK(…)" can never become a
// formula.
package export

import (
	"archive/zip"
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/punchdesk/punchdesk/core/rules"
)

// Sheet names of the workbook; time-card sheets follow them, named after
// their staff member.
const (
	SummarySheet = "集計"
	DetailSheet  = "出勤簿"
	PlaceSheet   = "打刻場所別"
)

// Options shape the workbook.
type Options struct {
	// DecimalHours writes work and break times as decimal hours (8.50, format
	// 0.00) instead of Excel durations (8:30, format [h]:mm), on every sheet.
	DecimalHours bool
	// PerStaffSheets adds one time-card sheet per staff member after the
	// detail sheet.
	PerStaffSheets bool
	// Group is the location group the month was filtered to, shown in the
	// titles and the document description; "" means every staff member.
	Group string
	// Place, when set, limits the 打刻場所別 sheet to one location group
	// (the month was filtered to the staff who worked there).
	Place string
	// Closed says the month was closed (締め済み), in every title.
	Closed bool
	// GeneratedAt is when the export was made, shown on the summary and
	// stored as the document's creation time; zero means now.
	GeneratedAt time.Time
	// Location is the site's time zone, in which punch instants become
	// clock times (rules.Settings.Location); nil means time.Local.
	Location *time.Location
}

// StaffMonth is one staff member's month. Days may leave out days without
// punches; every calendar day gets a row regardless.
type StaffMonth struct {
	Code, Name, Group string
	Days              []rules.Day
}

// Month is everything one workbook shows, staff in the order to list them.
type Month struct {
	Year  int
	Month time.Month
	Staff []StaffMonth
}

// Write renders m as an .xlsx workbook to w. progress, when not nil, is
// called after each staff member's rows with the number done and the total
// (the number of staff); compressing the workbook follows the last call.
func Write(w io.Writer, m Month, opt Options, progress func(done, total int)) error {
	st, err := NewStream(w, m, opt, progress)
	if err != nil {
		return err
	}
	for _, s := range m.Staff {
		if err := st.Add(s); err != nil {
			st.Close()
			return err
		}
	}
	return st.Close()
}

// A Stream writes a workbook one staff member at a time, so that the month
// can still be read while the first members are written (core/site reads it
// on the other cores meanwhile). Write is a Stream fed from a whole Month.
type Stream struct {
	w     io.Writer
	x     *writer
	added int
	err   error // the first failure; every later call returns it
}

// NewStream starts the workbook of m's staff, in m's order. Their days only
// size the columns sized by content (remarks and flags) and may come without
// their punches; each member's whole month follows through Add, and Close
// writes the workbook to w.
func NewStream(w io.Writer, m Month, opt Options, progress func(done, total int)) (*Stream, error) {
	if err := checkMonth(m); err != nil {
		return nil, err
	}
	days := daysInMonth(m)
	staff := make([]staffRows, len(m.Staff))
	for i := range m.Staff {
		var err error
		if staff[i], err = arrange(m, &m.Staff[i], days); err != nil {
			return nil, err
		}
	}
	if opt.Location == nil {
		opt.Location = time.Local
	}
	if opt.GeneratedAt.IsZero() {
		opt.GeneratedAt = time.Now()
	}
	f := excelize.NewFile()
	f.SetZipWriter(fastZip)
	x := &writer{
		f:        f,
		opt:      opt,
		first:    time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, time.UTC),
		days:     days,
		staff:    staff,
		title:    fmt.Sprintf("出勤簿 %d年%d月", m.Year, int(m.Month)),
		progress: progress,
	}
	if opt.Closed {
		x.title += "（締め済み）"
	}
	if err := x.begin(); err != nil {
		f.Close()
		return nil, fmt.Errorf("export %d-%02d: %w", m.Year, int(m.Month), err)
	}
	return &Stream{w: w, x: x}, nil
}

// Add writes the next staff member's month: the member NewStream's month
// lists next, with all their days and punches.
func (s *Stream) Add(sm StaffMonth) error {
	if s.err != nil {
		return s.err
	}
	x := s.x
	fail := func(err error) error {
		s.err = fmt.Errorf("export %d-%02d: %w", x.first.Year(), int(x.first.Month()), err)
		return s.err
	}
	if s.added == len(x.staff) {
		return fail(fmt.Errorf("staff %q added after the last of %d", sm.Code, len(x.staff)))
	}
	if want := x.staff[s.added].Code; sm.Code != want {
		return fail(fmt.Errorf("staff %q added where %q comes next", sm.Code, want))
	}
	m := Month{Year: x.first.Year(), Month: x.first.Month()}
	rows, err := arrange(m, &sm, x.days)
	if err != nil {
		return fail(err)
	}
	rows.sheet = x.staff[s.added].sheet
	x.staff[s.added] = rows
	if err := x.add(s.added); err != nil {
		return fail(err)
	}
	// Only 打刻場所別 is left to write, from the places: the days and
	// punches are let go, so that a month's export holds one chunk of
	// them at a time, not all of them (the collector then has much less
	// to go through).
	written := &x.staff[s.added]
	written.places = placeMinutes(written.days)
	written.StaffMonth = &StaffMonth{Code: sm.Code, Name: sm.Name, Group: sm.Group}
	written.days = nil
	s.added++
	return nil
}

// Close finishes the workbook and writes it to w once every staff member
// has been added, and releases the stream's temporary files in any case.
func (s *Stream) Close() error {
	x := s.x
	defer x.f.Close() // removes the stream writers' temporary files
	if s.err != nil {
		return s.err
	}
	s.err = fmt.Errorf("export %d-%02d: the workbook was closed already", x.first.Year(), int(x.first.Month()))
	if s.added < len(x.staff) {
		return fmt.Errorf("export %d-%02d: closed after %d of %d staff", x.first.Year(), int(x.first.Month()), s.added, len(x.staff))
	}
	if err := x.finish(); err != nil {
		return fmt.Errorf("export %d-%02d: %w", x.first.Year(), int(x.first.Month()), err)
	}
	if err := x.f.Write(s.w); err != nil {
		return fmt.Errorf("export %d-%02d: write workbook: %w", x.first.Year(), int(x.first.Month()), err)
	}
	return nil
}

// fastZip compresses the workbook at deflate's fastest level instead of
// the default, in blocks on every core (blockDeflater): compression was half
// of a 1,000-staff month's writing (0.28 s of 0.56 s at the default level,
// 0.13 s at the fastest), for a file about 40 % larger (3.2 MB instead of
// 2.3 MB; BENCHMARKS.md).
func fastZip(w io.Writer) excelize.ZipWriter {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return newBlockDeflater(out), nil
	})
	return zw
}

// staffRows is one staff member with the month laid out by calendar day.
type staffRows struct {
	*StaffMonth
	days  []*rules.Day // index 0 is the 1st; nil for days without data
	total rules.MonthTotals
	sheet string // time-card sheet name
	// places is the month's work minutes by location group, kept for
	// 打刻場所別 once the days are written and let go.
	places map[string]int
}

// checkMonth checks that m's month can be written.
func checkMonth(m Month) error {
	if m.Month < time.January || m.Month > time.December {
		return fmt.Errorf("export: month %d is not 1-12", int(m.Month))
	}
	// Excel's serial dates are only right from 1900-03-01 on.
	if m.Year < 1901 || m.Year > 9999 {
		return fmt.Errorf("export: year %d is out of Excel's range", m.Year)
	}
	return nil
}

func daysInMonth(m Month) int { return time.Date(m.Year, m.Month+1, 0, 0, 0, 0, 0, time.UTC).Day() }

// arrange lays a staff member's days of m's month out by calendar day.
func arrange(m Month, s *StaffMonth, days int) (staffRows, error) {
	r := staffRows{StaffMonth: s, days: make([]*rules.Day, days)}
	for j := range s.Days {
		d := &s.Days[j]
		y, mo, day := d.Calendar().Date()
		if y != m.Year || mo != m.Month {
			return staffRows{}, fmt.Errorf("export %d-%02d: staff %q has a day %s outside the month", m.Year, int(m.Month), s.Code, d.Date)
		}
		if r.days[day-1] != nil {
			return staffRows{}, fmt.Errorf("export %d-%02d: staff %q has %s twice", m.Year, int(m.Month), s.Code, d.Date)
		}
		r.days[day-1] = d
		r.total.Add(d)
	}
	return r, nil
}
