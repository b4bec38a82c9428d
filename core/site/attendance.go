package site

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/punchdesk/punchdesk/core/rules"
	"github.com/punchdesk/punchdesk/core/staff"
	"github.com/punchdesk/punchdesk/core/store"
)

// settingFullRecompute marks a recomputation of every punch as started
// and not yet finished, so that a crash in the middle is finished on the
// next start instead of leaving some staff with no punches.
const settingFullRecompute = "derive-all-pending"

// deriveBatch is how many new records are turned into punches at a time.
// Large, so that a catch-up recomputes each (staff, day) once rather than
// once per batch that touches it.
const deriveBatch = 200_000

// deriveEvery is how often a long catch-up turns what it has stored so far
// into punches; deriving after every one-hour window would recompute the
// same days again and again.
const deriveEvery = 10 * time.Second

// afterWindow is the sync's hook: derive when caught up, and now and then
// during a catch-up so that punches appear as it goes.
func (s *Site) afterWindow(ctx context.Context, caughtUp bool) error {
	if !caughtUp && time.Since(s.lastDerive) < deriveEvery {
		return nil
	}
	s.lastDerive = time.Now()
	return s.Derive(ctx)
}

// Derivation runs from the sync goroutine and from the administrator's
// actions at the same time. deriveMu keeps Derive and RecomputeAll whole
// (their settings must not change half-way); recomputeMu makes each staff
// member's read-compute-write one step, so a later writer has always read
// later inputs. Lock order: deriveMu, then recomputeMu.

// Derive turns records stored since the last call into punches: it
// recomputes only the (staff, business day) pairs the new records touch.
func (s *Site) Derive(ctx context.Context) error {
	s.deriveMu.Lock()
	defer s.deriveMu.Unlock()
	return s.derive(ctx)
}

func (s *Site) derive(ctx context.Context) error {
	if _, pending, err := s.db.Setting(ctx, settingFullRecompute); err != nil {
		return err
	} else if pending {
		return s.recomputeAll(ctx)
	}
	settings, err := s.RuleSettings(ctx)
	if err != nil {
		return err
	}
	through, err := s.db.DerivedThrough(ctx)
	if err != nil {
		return err
	}
	for {
		matched, maxID, err := s.db.MatchedRecordsAfter(ctx, through, deriveBatch)
		if err != nil {
			return err
		}
		if maxID == through {
			return nil
		}
		touched := map[string]map[string]bool{}
		for _, m := range matched {
			addTouched(touched, m.StaffCode, m.SignTime, settings)
		}
		for _, code := range slices.Sorted(maps.Keys(touched)) {
			if err := s.recompute(ctx, code, touched[code], settings); err != nil {
				return err
			}
		}
		if err := s.db.SetDerivedThrough(ctx, maxID); err != nil {
			return err
		}
		through = maxID
	}
}

// addTouched marks the business day of t and the day after it: the
// duplicate window chains across the day change, so the next day's first
// record may depend on this one.
func addTouched(touched map[string]map[string]bool, code string, t time.Time, s rules.Settings) {
	if touched[code] == nil {
		touched[code] = map[string]bool{}
	}
	date := rules.BusinessDate(t, s)
	touched[code][date] = true
	if next, err := nextDate(date); err == nil {
		touched[code][next] = true
	}
}

func nextDate(date string) (string, error) {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return "", err
	}
	return d.AddDate(0, 0, 1).Format(time.DateOnly), nil
}

// recompute rewrites the listed business days of one staff member.
func (s *Site) recompute(ctx context.Context, code string, dates map[string]bool, settings rules.Settings) error {
	if len(dates) == 0 {
		return nil
	}
	s.recomputeMu.Lock()
	defer s.recomputeMu.Unlock()
	sorted := slices.Sorted(maps.Keys(dates))
	first, err := time.Parse(time.DateOnly, sorted[0])
	if err != nil {
		return err
	}
	// The day before is read too, for the duplicate chain into the first day.
	from, _, err := rules.DayBounds(first.AddDate(0, 0, -1).Format(time.DateOnly), settings)
	if err != nil {
		return err
	}
	_, to, err := rules.DayBounds(sorted[len(sorted)-1], settings)
	if err != nil {
		return err
	}
	in, err := s.db.StaffInput(ctx, code, from, to)
	if err != nil {
		return err
	}
	days := rules.ComputeDays(in, settings, s.now(), dates)
	return s.db.ReplaceDays(ctx, code, sorted, days)
}

// recomputeStaff rewrites every day a staff member has activity on.
func (s *Site) recomputeStaff(ctx context.Context, code string, settings rules.Settings) error {
	times, err := s.db.StaffActivity(ctx, code)
	if err != nil {
		return err
	}
	touched := map[string]map[string]bool{}
	for _, t := range times {
		addTouched(touched, code, t, settings)
	}
	return s.recompute(ctx, code, touched[code], settings)
}

// RecomputeAll rebuilds every punch, after a settings change that can move
// punches between days or change what they became.
func (s *Site) RecomputeAll(ctx context.Context) error {
	s.deriveMu.Lock()
	defer s.deriveMu.Unlock()
	return s.recomputeAll(ctx)
}

func (s *Site) recomputeAll(ctx context.Context) error {
	settings, err := s.RuleSettings(ctx)
	if err != nil {
		return err
	}
	if err := s.db.SetSetting(ctx, settingFullRecompute, "1"); err != nil {
		return err
	}
	maxID, err := s.db.MaxRecordID(ctx)
	if err != nil {
		return err
	}
	if err := s.db.ClearDerived(ctx); err != nil {
		return err
	}
	codes, err := s.db.StaffCodesWithActivity(ctx)
	if err != nil {
		return err
	}
	for _, code := range codes {
		if err := s.recomputeStaff(ctx, code, settings); err != nil {
			return err
		}
	}
	if err := s.db.SetDerivedThrough(ctx, maxID); err != nil {
		return err
	}
	if err := s.db.DeleteSetting(ctx, settingFullRecompute); err != nil {
		return err
	}
	// Records stored while this ran are picked up as new ones.
	return s.derive(ctx)
}

// StaffInputError is a staff entry that cannot be stored.
type StaffInputError struct {
	Field, Problem string
}

func (e *StaffInputError) Error() string { return e.Field + ": " + e.Problem }

// AddStaff adds one staff member; records already stored under the same
// employee number become punches at once.
func (s *Site) AddStaff(ctx context.Context, code, name, group string) error {
	code, name, group = staff.MatchKey(code), strings.TrimSpace(name), strings.TrimSpace(group)
	if err := staff.ValidateCode(code); err != nil {
		return &StaffInputError{Field: "code", Problem: err.Error()}
	}
	if name == "" {
		return &StaffInputError{Field: "name", Problem: "enter the staff member's name"}
	}
	err := s.db.AddStaff(ctx, store.StaffMember{Code: code, Name: name, Group: group, Active: true, CreatedAt: s.now()})
	if errors.Is(err, store.ErrStaffExists) {
		return &StaffInputError{Field: "code", Problem: fmt.Sprintf("staff code %q is already registered", code)}
	}
	if err != nil {
		return err
	}
	e := s.entry("staff.add", code)
	e.StaffCode, e.After = code, strings.TrimSpace(name+" "+group)
	if err := s.db.Audit(ctx, e); err != nil {
		return err
	}
	settings, err := s.RuleSettings(ctx)
	if err != nil {
		return err
	}
	return s.recomputeStaff(ctx, code, settings)
}

// ImportStaff reads a staff CSV (UTF-8 or Shift_JIS) and stores every row
// in one transaction, or nothing when any row is bad.
func (s *Site) ImportStaff(ctx context.Context, data []byte) (added, updated int, err error) {
	members, err := staff.ParseCSV(data)
	if err != nil {
		return 0, 0, err
	}
	rows := make([]store.StaffMember, len(members))
	for i, m := range members {
		rows[i] = store.StaffMember{Code: m.Code, Name: m.Name, Group: m.Group, Active: m.Active, CreatedAt: s.now()}
	}
	if added, updated, err = s.db.ImportStaff(ctx, rows); err != nil {
		return 0, 0, err
	}
	entries := []store.AuditEntry{s.entry("staff.import", fmt.Sprintf("%d rows", len(rows)))}
	entries[0].After = fmt.Sprintf("%d added, %d updated", added, updated)
	for _, m := range rows {
		e := s.entry("staff.import", m.Code)
		e.StaffCode, e.After = m.Code, strings.TrimSpace(m.Name+" "+m.Group)
		entries = append(entries, e)
	}
	if err := s.db.Audit(ctx, entries...); err != nil {
		return added, updated, err
	}
	settings, err := s.RuleSettings(ctx)
	if err != nil {
		return added, updated, err
	}
	for _, m := range members {
		if err := s.recomputeStaff(ctx, m.Code, settings); err != nil {
			return added, updated, err
		}
	}
	return added, updated, nil
}

// Staff lists every staff member by code.
func (s *Site) Staff(ctx context.Context) ([]store.StaffMember, error) {
	return s.db.ListStaff(ctx)
}

// HasStaff reports whether a staff member with code exists.
func (s *Site) HasStaff(ctx context.Context, code string) bool {
	members, err := s.db.ListStaff(ctx)
	if err != nil {
		return false
	}
	for _, m := range members {
		if m.Code == code {
			return true
		}
	}
	return false
}
