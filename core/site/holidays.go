package site

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/holiday"
	"github.com/punchdesk/punchdesk/core/problem"
	"github.com/punchdesk/punchdesk/core/staff"
	"github.com/punchdesk/punchdesk/core/store"
)

// Holiday is a national or company holiday.
type Holiday struct {
	Date    string // YYYY-MM-DD
	Name    string
	Company bool
}

// Holidays lists the holidays between two dates (inclusive; "" unbounded):
// the embedded national table, corrected or extended by an imported
// syukujitsu.csv, and the site's company holidays; by date.
func (s *Site) Holidays(ctx context.Context, fromDate, toDate string) ([]Holiday, error) {
	national := holiday.National()
	stored, err := s.db.Holidays(ctx, fromDate, toDate)
	if err != nil {
		return nil, err
	}
	var out []Holiday
	for _, h := range stored {
		if h.Kind == store.HolidayNational {
			national[h.Date] = h.Name
		} else {
			out = append(out, Holiday{Date: h.Date, Name: h.Name, Company: true})
		}
	}
	for date, name := range national {
		if (fromDate == "" || date >= fromDate) && (toDate == "" || date <= toDate) {
			out = append(out, Holiday{Date: date, Name: name})
		}
	}
	slices.SortFunc(out, func(a, b Holiday) int {
		if c := strings.Compare(a.Date, b.Date); c != 0 {
			return c
		}
		if a.Company == b.Company {
			return 0
		}
		if a.Company {
			return 1
		}
		return -1
	})
	return out, nil
}

// holidayNames names each holiday date between two dates; a date that is
// both a national and a company holiday carries both names.
func (s *Site) holidayNames(ctx context.Context, fromDate, toDate string) (map[string]string, error) {
	hs, err := s.Holidays(ctx, fromDate, toDate)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, h := range hs {
		if prev, ok := out[h.Date]; ok {
			out[h.Date] = prev + "・" + h.Name
		} else {
			out[h.Date] = h.Name
		}
	}
	return out, nil
}

// HolidayError is a refused holiday entry: Kind says what is wrong
// (HolidayBadDate, HolidayNoName, HolidayNotFound), Date with what.
type HolidayError struct {
	Kind HolidayProblem
	Date string
}

// HolidayProblem is what is wrong with a holiday entry.
type HolidayProblem int

const (
	HolidayBadDate  HolidayProblem = iota // not a date like 2026-12-29
	HolidayNoName                         // no name given
	HolidayNotFound                       // no company holiday on that date
)

func (e *HolidayError) Error() string { return e.Problem().Error() }

// Problem words the refusal.
func (e *HolidayError) Problem() *problem.Problem {
	code := map[HolidayProblem]problem.Code{HolidayBadDate: problem.HolidayDate, HolidayNoName: problem.HolidayName,
		HolidayNotFound: problem.HolidayMissing}[e.Kind]
	return problem.New(code, "Date", e.Date)
}

// AddHoliday adds (or renames) a company holiday, with its audit entry.
func (s *Site) AddHoliday(ctx context.Context, date, name string) error {
	d, err := time.Parse(time.DateOnly, strings.TrimSpace(date))
	if err != nil {
		return &HolidayError{Kind: HolidayBadDate, Date: date}
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return &HolidayError{Kind: HolidayNoName}
	}
	date = d.Format(time.DateOnly)
	return s.db.Update(ctx, "add holiday", func(tx *store.Tx) error {
		if err := tx.SaveHolidays(store.Holiday{Date: date, Kind: store.HolidayCompany, Name: name}); err != nil {
			return err
		}
		e := s.entry(domain.AuditHolidayAdd, date)
		e.After = name
		return tx.Audit(e)
	})
}

// DeleteHoliday removes a company holiday, with its audit entry.
func (s *Site) DeleteHoliday(ctx context.Context, date string) error {
	d, err := time.Parse(time.DateOnly, strings.TrimSpace(date))
	if err != nil {
		return &HolidayError{Kind: HolidayBadDate, Date: date}
	}
	date = d.Format(time.DateOnly)
	return s.db.Update(ctx, "delete holiday", func(tx *store.Tx) error {
		found, err := tx.DeleteHoliday(date, store.HolidayCompany)
		if err != nil {
			return err
		}
		if !found {
			return &HolidayError{Kind: HolidayNotFound, Date: date}
		}
		return tx.Audit(s.entry(domain.AuditHolidayDel, date))
	})
}

// ImportHolidays reads a holiday CSV — the Cabinet Office's syukujitsu.csv
// for national holidays, or the same two columns for company holidays —
// and stores every row with one audit entry, or nothing when any row is
// bad. It returns how many holidays it stored.
func (s *Site) ImportHolidays(ctx context.Context, data []byte, company bool) (int, error) {
	rows, err := staff.ParseHolidayCSV(data)
	if err != nil {
		return 0, err
	}
	kind := store.HolidayNational
	if company {
		kind = store.HolidayCompany
	}
	hs := make([]store.Holiday, len(rows))
	years := map[string]bool{}
	for i, r := range rows {
		hs[i] = store.Holiday{Date: r.Date, Kind: kind, Name: r.Name}
		years[r.Date[:4]] = true
	}
	err = s.db.Update(ctx, "import holidays", func(tx *store.Tx) error {
		if err := tx.SaveHolidays(hs...); err != nil {
			return err
		}
		e := s.entry(domain.AuditHolidayCSV, string(kind))
		e.After = fmt.Sprintf("%d holidays (%s)", len(hs), strings.Join(slices.Sorted(maps.Keys(years)), ", "))
		return tx.Audit(e)
	})
	if err != nil {
		return 0, err
	}
	return len(hs), nil
}
