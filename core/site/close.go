package site

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/problem"
	"github.com/punchdesk/punchdesk/core/rules"
	"github.com/punchdesk/punchdesk/core/store"
)

// closedMonth refuses a change that would alter a closed month.
func closedMonth(month string) *problem.Problem { return monthProblem(problem.MonthClosed, month) }

// monthProblem names a month as YYYY-MM and as its year and month numbers,
// so a sentence can say 2026年11月.
func monthProblem(code problem.Code, month string, more ...any) *problem.Problem {
	m, _ := time.Parse("2006-01", month)
	return problem.New(code, append([]any{"Month", month, "Y", m.Year(), "M", int(m.Month())}, more...)...)
}

// CloseMonth closes a month (締め, SPEC §7): its days and punches are
// frozen as the rules give them now. The month must be over; with days that
// still need a look it closes only when forced. One transaction, audited.
func (s *Site) CloseMonth(ctx context.Context, month string, force bool) error {
	first, last, err := ParseMonth(month)
	if err != nil {
		return err
	}
	flagged, err := s.NeedsLook(ctx, month)
	if err != nil {
		return err
	}
	if len(flagged) > 0 && !force {
		return monthProblem(problem.MonthFlagged, month, "N", len(flagged))
	}
	return s.db.Update(ctx, "close month", func(tx *store.Tx) error {
		settings, err := ruleSettings(tx)
		if err != nil {
			return err
		}
		closed, err := tx.ClosedMonths()
		if err != nil {
			return err
		}
		if _, ok := closed[month]; ok {
			return monthProblem(problem.MonthClosedAlready, month)
		}
		// Over for everyone: the last business day has ended under the
		// site's day change and every group's.
		for _, change := range append(slices.Collect(maps.Values(settings.dayChange)), settings.site.DayChange) {
			rs := settings.site
			rs.DayChange = change
			if _, end, err := rules.DayBounds(last.Format(time.DateOnly), rs); err != nil {
				return err
			} else if s.now().Before(end) {
				return monthProblem(problem.MonthNotOver, month)
			}
		}
		days, err := s.daysIn(tx, settings, nil, first.Format(time.DateOnly), last.Format(time.DateOnly), "")
		if err != nil {
			return err
		}
		if err := tx.CloseMonth(store.ClosedMonth{Month: month, ClosedAt: s.now(), Forced: len(flagged) > 0}, days); err != nil {
			return err
		}
		e := s.entry(domain.AuditMonthClose, month)
		e.After = fmt.Sprintf("closed, %d days needing a look", len(flagged))
		return tx.Audit(e)
	})
}

// ReopenMonth reopens a closed month; a reason is required. Its days show
// what the rules give for the stored inputs again, records that arrived
// after the close included.
func (s *Site) ReopenMonth(ctx context.Context, month, reason string) error {
	if _, _, err := ParseMonth(month); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return problem.New(problem.MonthReasonReopen)
	}
	return s.db.Update(ctx, "reopen month", func(tx *store.Tx) error {
		found, err := tx.ReopenMonth(month)
		if err != nil {
			return err
		}
		if !found {
			return monthProblem(problem.MonthNotClosed, month)
		}
		e := s.entry(domain.AuditMonthReopen, month)
		e.Reason = reason
		return tx.Audit(e)
	})
}

// IsClosed reports whether a month (YYYY-MM) is closed.
func (s *Site) IsClosed(ctx context.Context, month string) (bool, error) {
	closed, err := s.db.ClosedMonths(ctx)
	_, ok := closed[month]
	return ok, err
}

// checkOpen refuses a change to a business date of a closed month.
func checkOpen(tx *store.Tx, dates ...string) error {
	closed, err := tx.ClosedMonths()
	if err != nil || len(closed) == 0 {
		return err
	}
	for _, d := range dates {
		if len(d) >= 7 {
			if _, ok := closed[d[:7]]; ok {
				return closedMonth(d[:7])
			}
		}
	}
	return nil
}

// closedIn overlays the frozen copy of closed months on days read for the
// range: a closed month's days are exactly what was frozen.
func closedIn(tx *store.Tx, days map[string][]rules.Day, codes []string, fromDate, toDate, punchesFrom string) (map[string][]rules.Day, error) {
	closed, err := tx.ClosedMonths()
	if err != nil || len(closed) == 0 {
		return days, err
	}
	frozen := map[string]bool{}
	lo, hi := "", ""
	for m := range closed {
		first, last := m+"-01", m+"-31"
		if (toDate != "" && first > toDate) || (fromDate != "" && last < fromDate) {
			continue
		}
		frozen[m] = true
		if lo == "" || first < lo {
			lo = first
		}
		if last > hi {
			hi = last
		}
	}
	if len(frozen) == 0 {
		return days, nil
	}
	if fromDate > lo {
		lo = fromDate
	}
	if toDate != "" && toDate < hi {
		hi = toDate
	}
	copies, err := tx.ClosedDays(codes, lo, hi, punchesFrom)
	if err != nil {
		return nil, err
	}
	for code, ds := range days {
		kept := ds[:0]
		for _, d := range ds {
			if !frozen[d.Date[:7]] {
				kept = append(kept, d)
			}
		}
		days[code] = kept
	}
	for code, ds := range copies {
		for _, d := range ds {
			if frozen[d.Date[:7]] {
				days[code] = append(days[code], d)
			}
		}
	}
	for code, ds := range days {
		slices.SortFunc(ds, func(a, b rules.Day) int { return strings.Compare(a.Date, b.Date) })
		if len(ds) == 0 {
			delete(days, code)
		}
	}
	return days, nil
}

// closedMonthOf reports whether a business date is in a closed month.
func closedMonthOf(closed map[string]store.ClosedMonth, date string) bool {
	_, ok := closed[date[:min(7, len(date))]]
	return ok
}
