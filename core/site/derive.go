package site

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/rules"
	"github.com/punchdesk/punchdesk/core/store"
)

// Derived state (SPEC §3): the punches and days every screen, export and
// command shows are rules(inputs) for the stored inputs, whatever crashed
// before. The mechanism is a cache with stale marks:
//
//   - Every use-case that changes an input writes, in the same transaction
//     as the change and its audit entry, what the change makes stale (see
//     store/derived.go for the three kinds of mark).
//   - Derive rewrites stale rows and clears their marks in one transaction
//     per batch, reading the inputs inside that transaction, so no other
//     writer can slip in between read and write.
//   - Readers (daysIn, LogRows, the pending queue) read stored rows and marks
//     in one snapshot and compute the marked pairs in memory from the inputs
//     (the rules are pure and fast) instead of showing the stored rows.
//
// So a crash, a kill or a failed derivation can only leave work undone,
// never a wrong figure, and no reader depends on a later sync or on any
// derivation having run. Marks are chosen over recomputing on every read
// because a clean database then reads stored rows only, at the speed of a
// plain query.

// deriveBudget bounds the records one derivation transaction reads, so
// that a full rebuild of a year holds neither the writer nor memory for
// long; a month of a 1,000-staff site (≈186,000 records) fits in one.
const deriveBudget = 400_000

// deriveEveryRecords is how many new records a catch-up lets pile up
// before it derives them: by amount, not by wall time, so a slow machine
// does not do more passes than a fast one.
const deriveEveryRecords = 50_000

// afterWindow is the sync's hook: derive when caught up, and during a long
// catch-up whenever enough new records wait. Counting what the windows
// stored is enough to pace it; the marks, not this count, say what is
// stale.
func (s *Site) afterWindow(ctx context.Context, inserted int, caughtUp bool) error {
	if s.waiting.Add(int64(inserted)) < deriveEveryRecords && !caughtUp {
		return nil
	}
	return s.Derive(ctx)
}

// Derive rewrites every stale derived row, one transaction per batch. It
// only makes reads faster: readers are right without it.
func (s *Site) Derive(ctx context.Context) error {
	s.deriveMu.Lock()
	defer s.deriveMu.Unlock()
	s.waiting.Store(0)
	for {
		more, err := s.deriveStep(ctx)
		if err != nil || !more {
			return err
		}
	}
}

// settle derives after a use-case committed its change. The change stands
// whatever happens here, and readers do not need it, so a failure is only
// logged.
func (s *Site) settle(ctx context.Context) {
	if err := s.Derive(ctx); err != nil && ctx.Err() == nil {
		s.logf("derive punches after a change: %v", err)
	}
}

// deriveStep derives one batch: new records and stale days first (they
// are small and recent), then whole staff members. It reports whether it
// found anything to do.
func (s *Site) deriveStep(ctx context.Context) (more bool, err error) {
	err = s.db.Update(ctx, "derive punches", func(tx *store.Tx) error {
		more = false
		settings, err := ruleSettings(tx)
		if err != nil {
			return err
		}
		state, err := tx.DeriveState()
		if err != nil {
			return err
		}
		whole, err := tx.StaleStaff()
		if err != nil {
			return err
		}
		recs, maxID, err := tx.UnderivedRecords(state.DerivedThrough, deriveBudget/2)
		if err != nil {
			return err
		}
		marked, err := tx.StaleDays(10_000)
		if err != nil {
			return err
		}
		if maxID > state.DerivedThrough || len(marked) > 0 {
			more = true
			// A member stale as a whole is rebuilt below; their marks and
			// records are covered by that.
			pairs := newStaleSet()
			for _, r := range recs {
				if !whole[r.StaffCode] {
					pairs.touch(r.StaffCode, r.SignTime, settings.For(r.StaffCode))
				}
			}
			d := store.Derived{Through: maxID}
			for _, m := range marked {
				if whole[m.StaffCode] {
					d.Days = append(d.Days, m)
				} else {
					pairs.addDay(m.StaffCode, m.Date)
				}
			}
			if d.Rows, err = s.computeDays(tx, pairs, settings); err != nil {
				return err
			}
			d.Days = append(d.Days, pairs.list()...)
			if maxID == state.DerivedThrough {
				d.Through = 0
			}
			return tx.SaveDerived(d)
		}
		if len(whole) == 0 {
			return nil
		}
		more = true
		counts, err := tx.StaffRecordCounts()
		if err != nil {
			return err
		}
		batch, sum := []string{}, 0
		for _, code := range slices.Sorted(maps.Keys(whole)) {
			if len(batch) > 0 && sum+counts[code] > deriveBudget {
				break
			}
			batch, sum = append(batch, code), sum+counts[code]
		}
		set := newStaleSet()
		for _, code := range batch {
			set.whole[code] = true
		}
		rows, err := s.computeDays(tx, set, settings)
		if err != nil {
			return err
		}
		return tx.SaveDerived(store.Derived{RulesGen: state.RulesGen, Whole: batch, Rows: rows})
	})
	return more, err
}

// staleSet is what a snapshot's marks say is stale: staff members as a
// whole, and single days of others.
type staleSet struct {
	whole map[string]bool
	days  map[string]map[string]bool
}

func newStaleSet() *staleSet {
	return &staleSet{whole: map[string]bool{}, days: map[string]map[string]bool{}}
}

func (s *staleSet) addDay(code, date string) {
	if s.whole[code] {
		return
	}
	if s.days[code] == nil {
		s.days[code] = map[string]bool{}
	}
	s.days[code][date] = true
}

// touch marks the business day of a punch at t and the day after it: the
// next day's crossing flag reads whether this one is open. settings are
// the staff member's.
func (s *staleSet) touch(code string, t time.Time, settings rules.Settings) {
	date := rules.BusinessDate(t, settings)
	s.addDay(code, date)
	s.addDay(code, nextDate(date))
}

func (s *staleSet) covers(code, date string) bool {
	return s.whole[code] || s.days[code][date]
}

func (s *staleSet) empty() bool { return len(s.whole) == 0 && len(s.days) == 0 }

// list returns the single days, by staff and date.
func (s *staleSet) list() []store.StaffDay {
	var out []store.StaffDay
	for _, code := range slices.Sorted(maps.Keys(s.days)) {
		for _, date := range slices.Sorted(maps.Keys(s.days[code])) {
			out = append(out, store.StaffDay{StaffCode: code, Date: date})
		}
	}
	return out
}

func nextDate(date string) string {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return d.AddDate(0, 0, 1).Format(time.DateOnly)
}

func prevDate(date string) string {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return d.AddDate(0, 0, -1).Format(time.DateOnly)
}

// staleIn reads the marks of tx's snapshot: staff members stale as a
// whole, marked days, and the days new records touch.
func staleIn(tx *store.Tx, settings *rulebook) (*staleSet, error) {
	set := newStaleSet()
	whole, err := tx.StaleStaff()
	if err != nil {
		return nil, err
	}
	set.whole = whole
	marked, err := tx.StaleDays(0)
	if err != nil {
		return nil, err
	}
	for _, m := range marked {
		set.addDay(m.StaffCode, m.Date)
	}
	state, err := tx.DeriveState()
	if err != nil {
		return nil, err
	}
	recs, _, err := tx.UnderivedRecords(state.DerivedThrough, 0)
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		set.touch(r.StaffCode, r.SignTime, settings.For(r.StaffCode))
	}
	return set, nil
}

// computeDays runs the rules for what set names: every day of its whole
// members, and its single days, as DaysOf gives them (for any instant:
// readers apply AsOf). Inputs are read in one pass for all of them, from a
// day before the earliest single day (the crossing flag reads the day
// before; a group's day change moves days by up to a day more).
func (s *Site) computeDays(tx *store.Tx, set *staleSet, settings *rulebook) (map[string][]rules.Day, error) {
	out := map[string][]rules.Day{}
	if set.empty() {
		return out, nil
	}
	if len(set.whole) > 0 {
		ins, err := tx.Inputs(slices.Sorted(maps.Keys(set.whole)), time.Time{}, time.Time{})
		if err != nil {
			return nil, err
		}
		for code, in := range ins {
			if days := rules.DaysOf(*in, settings.For(code), nil); len(days) > 0 {
				out[code] = days
			}
		}
	}
	if len(set.days) == 0 {
		return out, nil
	}
	first, last := "", ""
	for _, dates := range set.days {
		for d := range dates {
			if first == "" || d < first {
				first = d
			}
			if d > last {
				last = d
			}
		}
	}
	from, to, err := inputBounds(first, last, settings.site)
	if err != nil {
		return nil, err
	}
	ins, err := tx.Inputs(slices.Sorted(maps.Keys(set.days)), from, to)
	if err != nil {
		return nil, err
	}
	for code, in := range ins {
		if days := rules.DaysOf(*in, settings.For(code), set.days[code]); len(days) > 0 {
			out[code] = days
		}
	}
	return out, nil
}

// inputBounds is the time range whose inputs decide the business days
// first to last ("" unbounded) under any day change: from the day before
// first, a day wider on each side.
func inputBounds(first, last string, site rules.Settings) (from, to time.Time, err error) {
	if first != "" {
		if from, _, err = rules.DayBounds(prevDate(first), site); err != nil {
			return from, to, err
		}
		from = from.Add(-24 * time.Hour)
	}
	if last != "" {
		if _, to, err = rules.DayBounds(last, site); err != nil {
			return from, to, err
		}
		to = to.Add(24 * time.Hour)
	}
	return from, to, nil
}

// daysIn returns the derived days (with punches) of the given staff
// members (nil: all) between two business dates, inclusive, exactly as the
// rules give them for the inputs in tx's snapshot: stored rows where no
// mark says otherwise, computed ones where a mark does.
//
// Days before punchesFrom ("": none) come without their punches, as
// store's StoredDays reads them; days computed afresh keep theirs.
func (s *Site) daysIn(tx *store.Tx, settings *rulebook, codes []string, fromDate, toDate, punchesFrom string) (map[string][]rules.Day, error) {
	stored, err := tx.StoredDays(codes, fromDate, toDate, punchesFrom)
	if err != nil {
		return nil, err
	}
	return s.settleDays(tx, settings, codes, fromDate, toDate, punchesFrom, stored)
}

// settleDays is the second half of daysIn: out is what tx.StoredDays
// returned for the same arguments (it is changed and returned).
func (s *Site) settleDays(tx *store.Tx, settings *rulebook, codes []string, fromDate, toDate, punchesFrom string,
	out map[string][]rules.Day) (map[string][]rules.Day, error) {
	stale, err := staleIn(tx, settings)
	if err != nil {
		return nil, err
	}
	wanted := func(code string) bool { return codes == nil || slices.Contains(codes, code) }
	// Within the range, a member with any stale day is computed for the
	// whole range: simpler than splicing, and as fast for a month.
	redo := newStaleSet()
	for code := range stale.whole {
		if wanted(code) {
			redo.whole[code] = true
		}
	}
	for code, dates := range stale.days {
		if !wanted(code) || redo.whole[code] {
			continue
		}
		for d := range dates {
			if (fromDate == "" || d >= fromDate) && (toDate == "" || d <= toDate) {
				redo.whole[code] = true
				break
			}
		}
	}
	if !redo.empty() {
		computed, err := s.computeRange(tx, slices.Sorted(maps.Keys(redo.whole)), fromDate, toDate, settings)
		if err != nil {
			return nil, err
		}
		for code := range redo.whole {
			delete(out, code)
			if days := computed[code]; len(days) > 0 {
				out[code] = days
			}
		}
	}
	if out, err = closedIn(tx, out, codes, fromDate, toDate, punchesFrom); err != nil {
		return nil, err
	}
	now := s.now()
	for code, days := range out {
		rules.AsOf(days, settings.For(code), now)
	}
	return out, nil
}

// computeRange runs the rules for whole staff members between two business
// dates ("" unbounded).
func (s *Site) computeRange(tx *store.Tx, codes []string, fromDate, toDate string, settings *rulebook) (map[string][]rules.Day, error) {
	from, to, err := inputBounds(fromDate, toDate, settings.site)
	if err != nil {
		return nil, err
	}
	ins, err := tx.Inputs(codes, from, to)
	if err != nil {
		return nil, err
	}
	out := map[string][]rules.Day{}
	for code, in := range ins {
		var kept []rules.Day
		for _, d := range rules.DaysOf(*in, settings.For(code), nil) {
			if (fromDate == "" || d.Date >= fromDate) && (toDate == "" || d.Date <= toDate) {
				kept = append(kept, d)
			}
		}
		if len(kept) > 0 {
			out[code] = kept
		}
	}
	return out, nil
}

// view runs fn on one consistent snapshot with the rule settings in it.
func (s *Site) view(ctx context.Context, fn func(tx *store.Tx, settings *rulebook) error) error {
	return s.db.View(ctx, func(tx *store.Tx) error {
		settings, err := ruleSettings(tx)
		if err != nil {
			return err
		}
		return fn(tx, settings)
	})
}

// punchIn finds one punch by id in tx's snapshot, from its inputs: a face
// punch's record or an other punch's row gives the staff member and the
// day, and that day's derived punches give what it became.
func (s *Site) punchIn(tx *store.Tx, settings *rulebook, id string) (domain.StaffPunch, error) {
	var code string
	var at time.Time
	if rec, ok := faceRecordID(id); ok {
		owner, sign, err := tx.RecordOwner(rec)
		if err != nil {
			return domain.StaffPunch{}, err
		}
		code, at = owner, sign
	} else {
		o, err := tx.OtherPunch(id)
		if err != nil {
			return domain.StaffPunch{}, err
		}
		code, at = o.StaffCode, o.Time
	}
	date := rules.BusinessDate(at, settings.For(code))
	days, err := s.daysIn(tx, settings, []string{code}, date, date, "")
	if err != nil {
		return domain.StaffPunch{}, err
	}
	for _, d := range days[code] {
		for _, p := range d.Punches {
			if p.ID == id {
				return domain.StaffPunch{StaffCode: code, Punch: p}, nil
			}
		}
	}
	return domain.StaffPunch{}, store.ErrNoPunch
}

// faceRecordID reads a face punch id ("r1234").
func faceRecordID(id string) (int64, bool) {
	digits, ok := strings.CutPrefix(id, "r")
	if !ok || digits == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	return n, err == nil
}
