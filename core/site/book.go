package site

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/rules"
	"github.com/punchdesk/punchdesk/core/store"
)

// ParseMonth reads "YYYY-MM" and returns its first and last calendar dates.
func ParseMonth(month string) (first, last time.Time, err error) {
	first, err = time.Parse("2006-01", month)
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("%q is not a month like 2026-11", month)
	}
	return first, first.AddDate(0, 1, -1), nil
}

// Book returns one row per calendar day of month for a staff member, days
// without punches included.
func (s *Site) Book(ctx context.Context, code, month string) ([]rules.Day, error) {
	books, err := s.monthBooks(ctx, month, []string{code})
	return books[code], err
}

// sharedReadFrom is how many staff members make readMonth read on
// several connections, up to maxSharedReaders (the read pool holds four).
// monthChunk is how many members a reader lays out at a time: small enough
// that a workbook's first rows are written early, large enough that the
// statements per chunk cost little.
const (
	sharedReadFrom   = 64
	maxSharedReaders = 4
	monthChunk       = 50
)

// monthBooks is the month's attendance book of the given staff members
// (nil: all), read in one snapshot.
func (s *Site) monthBooks(ctx context.Context, month string, codes []string) (map[string][]rules.Day, error) {
	books := map[string][]rules.Day{}
	err := s.readMonth(ctx, month, codes, nil, func(code string, book []rules.Day) error {
		books[code] = book
		return nil
	})
	return books, err
}

// readMonth reads the month's attendance book of the given staff members
// (nil: all) in one snapshot and hands each member's book to each, in the
// order of codes and on the calling goroutine, while later members are
// still being read on other connections. sized, when not nil, is given
// every member's days of the month without their punches first (their
// remarks and flags are all a workbook needs before its first row).
func (s *Site) readMonth(ctx context.Context, month string, codes []string,
	sized func(days map[string][]rules.Day) error, each func(code string, book []rules.Day) error) error {
	first, last, err := ParseMonth(month)
	if err != nil {
		return err
	}
	// Weekly overtime needs the week the month starts in.
	from := first.AddDate(0, 0, -6)
	fromDate, firstDate, lastDate := from.Format(time.DateOnly), first.Format(time.DateOnly), last.Format(time.DateOnly)
	holidays, err := s.holidayNames(ctx, fromDate, lastDate)
	if err != nil {
		return err
	}
	readers := 1
	if codes == nil || len(codes) >= sharedReadFrom {
		readers = min(runtime.GOMAXPROCS(0), maxSharedReaders)
	}
	return s.db.ViewShared(ctx, readers, func(txs []*store.Tx) error {
		settings, err := ruleSettings(txs[0])
		if err != nil {
			return err
		}
		if codes == nil {
			members, err := txs[0].ListStaff()
			if err != nil {
				return err
			}
			for _, m := range members {
				codes = append(codes, m.Code)
			}
		}
		// Each reader takes every len(txs)-th chunk of the staff on its own
		// connection (one snapshot for all) and lays its members out with
		// their payroll figures, a pure function of their days; the chunks
		// are handed on in order as they are done.
		type chunk struct {
			stored map[string][]rules.Day // its members' days read for the sizing
			rows   [][]rules.Day
			err    error
			done   chan struct{}
		}
		chunks := make([]chunk, (len(codes)+monthChunk-1)/monthChunk)
		for c := range chunks {
			chunks[c].done = make(chan struct{})
		}
		// For a sizing, the stored days are read once, without their
		// punches: the sizing needs only the days' own fields, and each
		// chunk then reads just its members' punches onto them.
		var unpunched map[string][]rules.Day
		if sized != nil {
			var stored map[string][]rules.Day
			if stored, unpunched, err = s.daysWithoutPunches(txs, settings, codes, fromDate, firstDate, lastDate); err != nil {
				return err
			}
			// By chunk, so that each chunk's days, punches and all, are
			// let go once it is laid out.
			for c := range chunks {
				chunks[c].stored = map[string][]rules.Day{}
				for _, code := range codes[c*monthChunk : min((c+1)*monthChunk, len(codes))] {
					if days, ok := stored[code]; ok {
						chunks[c].stored[code] = days
					}
				}
			}
		}
		stop := make(chan struct{})
		var wg sync.WaitGroup
		defer wg.Wait()
		defer close(stop)
		for r, tx := range txs {
			wg.Go(func() {
				for c := r; c < len(chunks); c += len(txs) {
					select {
					case <-stop:
						return
					default:
					}
					share := codes[c*monthChunk : min((c+1)*monthChunk, len(codes))]
					ch := &chunks[c]
					var days map[string][]rules.Day
					var err error
					if ch.stored != nil {
						days, err = s.punchDays(tx, settings, share, ch.stored, fromDate, firstDate, lastDate)
						ch.stored = nil
					} else {
						days, err = s.daysIn(tx, settings, share, fromDate, lastDate, firstDate)
					}
					if err != nil {
						ch.err = err
						close(ch.done)
						return // the caller stops at this chunk
					}
					ch.rows = make([][]rules.Day, len(share))
					for i, code := range share {
						ch.rows[i] = bookRows(days[code], first, last, settings.PayrollFor(code), settings.For(code), holidays, settings.PlaceOf)
					}
					close(ch.done)
				}
			})
		}
		// The sizing (a workbook setting out its sheets) runs beside the
		// first chunks' reading.
		if sized != nil {
			err := sized(unpunched)
			unpunched = nil
			if err != nil {
				return err
			}
		}
		for c := range chunks {
			ch := &chunks[c]
			<-ch.done
			if ch.err != nil {
				return ch.err
			}
			for i, code := range codes[c*monthChunk : min((c+1)*monthChunk, len(codes))] {
				if err := each(code, ch.rows[i]); err != nil {
					return err
				}
			}
			ch.rows = nil
		}
		return nil
	})
}

// daysWithoutPunches reads the stored days of codes from fromDate (the
// week before the month) to lastDate without their punches, in shares on
// the connections of txs. stored is what was read, for punchDays; sized is
// every member's derived days of the month (firstDate on) as daysIn gives
// them, without punches.
func (s *Site) daysWithoutPunches(txs []*store.Tx, settings *rulebook, codes []string, fromDate, firstDate, lastDate string) (
	stored, sized map[string][]rules.Day, err error) {
	// A day after the range: no punches are read.
	noPunches := "9999-99-99"
	type part struct{ stored, sized map[string][]rules.Day }
	parts := make([]part, len(txs))
	errs := make([]error, len(txs))
	var wg sync.WaitGroup
	for r, tx := range txs {
		wg.Go(func() {
			share := codes[r*len(codes)/len(txs) : (r+1)*len(codes)/len(txs)]
			if len(share) == 0 {
				return
			}
			read, err := tx.StoredDays(share, fromDate, lastDate, noPunches)
			if err != nil {
				errs[r] = err
				return
			}
			// The sizing settles a copy: punchDays later settles the days
			// read, with their punches, on another goroutine.
			copied := make(map[string][]rules.Day, len(read))
			for code, days := range read {
				copied[code] = slices.Clone(days)
			}
			settled, err := s.settleDays(tx, settings, share, fromDate, lastDate, noPunches, copied)
			if err != nil {
				errs[r] = err
				return
			}
			for code, days := range settled {
				settled[code] = slices.DeleteFunc(days, func(d rules.Day) bool { return d.Date < firstDate })
			}
			parts[r] = part{read, settled}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	stored, sized = map[string][]rules.Day{}, map[string][]rules.Day{}
	for _, p := range parts {
		maps.Copy(stored, p.stored)
		maps.Copy(sized, p.sized)
	}
	return stored, sized, nil
}

// punchDays is daysIn(tx, settings, share, fromDate, lastDate, firstDate)
// for days of share read already without their punches
// (daysWithoutPunches): only the punches are read, onto days, which is
// changed and returned.
func (s *Site) punchDays(tx *store.Tx, settings *rulebook, share []string, days map[string][]rules.Day,
	fromDate, firstDate, lastDate string) (map[string][]rules.Day, error) {
	if err := tx.StoredPunches(days, share, firstDate, lastDate); err != nil {
		return nil, err
	}
	return s.settleDays(tx, settings, share, fromDate, lastDate, firstDate, days)
}

// bookRows lays a staff member's derived days (AsOf now) out on the
// calendar, one day per date of the month (days without punches carry their
// date and holiday), with their payroll figures and work by place; derived
// may start up to a week before first, for the weekly overtime.
func bookRows(derived []rules.Day, first, last time.Time, payroll rules.PayrollSettings, settings rules.Settings,
	holidays map[string]string, placeOf func(*rules.Punch) string) []rules.Day {
	if !slices.IsSortedFunc(derived, func(a, b rules.Day) int { return strings.Compare(a.Date, b.Date) }) {
		derived = slices.SortedFunc(slices.Values(derived), func(a, b rules.Day) int { return strings.Compare(a.Date, b.Date) })
	}
	pays := rules.PayOf(derived, settings, payroll, holidays) // pays[i] is derived[i]'s
	out := make([]rules.Day, 0, last.Day())
	j := 0
	for day := first; !day.After(last); day = day.AddDate(0, 0, 1) {
		date := day.Format(time.DateOnly)
		for j < len(derived) && derived[j].Date < date {
			j++
		}
		if j == len(derived) || derived[j].Date != date {
			out = append(out, rules.Day{Date: date,
				Pay: rules.Pay{Date: date, Holiday: holidays[date], LegalHoliday: day.Weekday() == payroll.LegalHoliday}})
			continue
		}
		row := derived[j]
		row.Pay = pays[j]
		if !row.Open {
			row.PlaceMinutes = placeMinutes(&row, placeOf)
		}
		out = append(out, row)
	}
	return out
}

// placeMinutes is a day's work by the place of each pair's clock-in,
// floored once per place as the day's work time is; nil without work.
func placeMinutes(d *rules.Day, placeOf func(*rules.Punch) string) map[string]int {
	type placeWork struct {
		place string
		work  time.Duration
	}
	var at []placeWork // a day has a place or two: a slice beats a map
	for _, w := range rules.WorkPairs(d) {
		place, dur := placeOf(w.In), w.Out.Time.Sub(w.In.Time)
		k := slices.IndexFunc(at, func(p placeWork) bool { return p.place == place })
		if k < 0 {
			at = append(at, placeWork{place, 0})
			k = len(at) - 1
		}
		at[k].work += dur
	}
	if len(at) == 0 {
		return nil
	}
	out := make(map[string]int, len(at))
	for _, p := range at {
		out[p.place] = int(p.work / time.Minute)
	}
	return out
}

// MonthPunches returns every punch of the month (by business date), of one
// staff member or of everyone when code is "".
func (s *Site) MonthPunches(ctx context.Context, month, code string) ([]domain.StaffPunch, error) {
	first, last, err := ParseMonth(month)
	if err != nil {
		return nil, err
	}
	return s.punchesBetween(ctx, code, first.Format(time.DateOnly), last.Format(time.DateOnly))
}

// DayPunches returns every punch of one staff member's business day (出入詳細).
func (s *Site) DayPunches(ctx context.Context, code, date string) ([]domain.StaffPunch, error) {
	return s.punchesBetween(ctx, code, date, date)
}

func (s *Site) punchesBetween(ctx context.Context, code, fromDate, toDate string) ([]domain.StaffPunch, error) {
	var codes []string
	if code != "" {
		codes = []string{code}
	}
	var out []domain.StaffPunch
	err := s.view(ctx, func(tx *store.Tx, settings *rulebook) error {
		days, err := s.daysIn(tx, settings, codes, fromDate, toDate, "")
		if err != nil {
			return err
		}
		out = flattenPunches(days)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.withPlaces(ctx, out)
}

// flattenPunches lists the punches of days by staff code, business date,
// time and id.
func flattenPunches(days map[string][]rules.Day) []domain.StaffPunch {
	n := 0
	for _, ds := range days {
		for _, d := range ds {
			n += len(d.Punches)
		}
	}
	out := make([]domain.StaffPunch, 0, n)
	for _, code := range slices.Sorted(maps.Keys(days)) {
		for _, d := range days[code] {
			for _, p := range d.Punches {
				out = append(out, domain.StaffPunch{StaffCode: code, Punch: p})
			}
		}
	}
	return out
}

// withPlaces fills in each face punch's location group from the terminal
// it was made on (terminal-group setting, by terminal serial or name).
func (s *Site) withPlaces(ctx context.Context, ps []domain.StaffPunch) ([]domain.StaffPunch, error) {
	_, groups, err := s.Settings(ctx)
	if err != nil || len(groups) == 0 {
		return ps, err
	}
	for i := range ps {
		if g, ok := groups[ps[i].TerminalID]; ok && ps[i].TerminalID != "" {
			ps[i].Place = g
		} else if g, ok := groups[ps[i].Terminal]; ok && ps[i].Terminal != "" {
			ps[i].Place = g
		}
	}
	return ps, nil
}

// LogRows returns a page of the live log with what each record became: the
// stored outcome, or for a record whose day a mark covers, what the rules
// give for it now (read in the same snapshot).
func (s *Site) LogRows(ctx context.Context, f domain.RecordFilter, offset, limit int) ([]domain.LogRow, error) {
	var out []domain.LogRow
	err := s.view(ctx, func(tx *store.Tx, settings *rulebook) error {
		f.Remarks = remarkChecks(settings.site)
		rows, err := tx.LogRows(f, offset, limit)
		if err != nil {
			return err
		}
		stale, err := staleIn(tx, settings)
		if err != nil {
			return err
		}
		closed, err := tx.ClosedMonths()
		if err != nil {
			return err
		}
		redo := newStaleSet()
		for _, r := range rows {
			if r.StaffCode == "" || closedMonthOf(closed, rules.BusinessDate(r.SignTime, settings.For(r.StaffCode))) {
				continue
			}
			if date := rules.BusinessDate(r.SignTime, settings.For(r.StaffCode)); stale.covers(r.StaffCode, date) {
				redo.addDay(r.StaffCode, date)
			}
		}
		if err := frozenOutcomes(tx, rows, settings); err != nil {
			return err
		}
		if !redo.empty() {
			computed, err := s.computeDays(tx, redo, settings)
			if err != nil {
				return err
			}
			became := map[string]rules.Punch{}
			for _, days := range computed {
				for _, d := range days {
					for _, p := range d.Punches {
						if p.Source == rules.SourceFace {
							became[p.ID] = p
						}
					}
				}
			}
			for i := range rows {
				r := &rows[i]
				if r.StaffCode == "" || !redo.covers(r.StaffCode, rules.BusinessDate(r.SignTime, settings.For(r.StaffCode))) {
					continue
				}
				p := became[rules.FaceID(r.ID)]
				r.Status, r.Kind, r.Remarks = p.Status, p.Kind, p.Remarks
			}
		}
		out = rows
		return nil
	})
	return out, err
}

// remarkChecks are the remark rules of SPEC §4 for the log's remarks-only
// filter, which reads them off the records themselves so that it needs no
// derived row.
func remarkChecks(s rules.Settings) domain.RemarkChecks {
	return domain.RemarkChecks{Temperature: s.TemperatureCheck, Threshold: s.TemperatureThreshold, Mask: s.MaskCheck}
}

// StaffSummary is one staff member's month, as the workbook's 集計 sheet
// and `punchctl summary` show it.
type StaffSummary struct {
	Code, Name, Group string
	rules.MonthTotals
}

// Summary totals the month per staff member, by code.
func (s *Site) Summary(ctx context.Context, month string) ([]StaffSummary, error) {
	members, err := s.db.ListStaff(ctx)
	if err != nil {
		return nil, err
	}
	books, err := s.monthBooks(ctx, month, nil)
	if err != nil {
		return nil, err
	}
	out := make([]StaffSummary, len(members))
	for i, m := range members {
		out[i] = StaffSummary{Code: m.Code, Name: m.Name, Group: m.Group, MonthTotals: rules.Totals(books[m.Code])}
	}
	return out, nil
}

// frozenOutcomes gives the log's records of closed months what they became
// when the month was closed; one that arrived later is not a punch.
func frozenOutcomes(tx *store.Tx, rows []domain.LogRow, settings *rulebook) error {
	closed, err := tx.ClosedMonths()
	if err != nil || len(closed) == 0 {
		return err
	}
	var ids []string
	var at []int
	for i := range rows {
		r := &rows[i]
		if r.StaffCode != "" && closedMonthOf(closed, rules.BusinessDate(r.SignTime, settings.For(r.StaffCode))) {
			ids, at = append(ids, rules.FaceID(r.ID)), append(at, i)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	frozen, err := tx.ClosedPunches(ids)
	if err != nil {
		return err
	}
	for k, i := range at {
		p := frozen[ids[k]]
		rows[i].Status, rows[i].Kind, rows[i].Remarks = p.Status, p.Kind, p.Remarks
	}
	return nil
}
