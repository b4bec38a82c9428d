package site

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/user"
	"slices"
	"strings"
	"time"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/problem"
	"github.com/punchdesk/punchdesk/core/rules"
	"github.com/punchdesk/punchdesk/core/staff"
	"github.com/punchdesk/punchdesk/core/store"
)

// osUser names the person at the keyboard for the audit trail.
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	for _, v := range []string{"USER", "USERNAME"} {
		if name := os.Getenv(v); name != "" {
			return name
		}
	}
	return "unknown"
}

// entry starts an audit entry for an action now.
func (s *Site) entry(action domain.AuditAction, target string) domain.AuditEntry {
	return domain.AuditEntry{At: s.now(), OSUser: osUser(), Action: action, Target: target}
}

// OtherSources are the sources an administrator may give a punch.
var OtherSources = []rules.Source{rules.SourceICCard, rules.SourceWeb, rules.SourceMobile, rules.SourceOther, rules.SourceAdmin}

// ParseSource checks a source name.
func ParseSource(v string) (rules.Source, error) {
	src := rules.Source(strings.ToLower(strings.TrimSpace(v)))
	if slices.Contains(OtherSources, src) {
		return src, nil
	}
	names := make([]string, len(OtherSources))
	for i, o := range OtherSources {
		names[i] = string(o)
	}
	return "", problem.New(problem.PunchSourceUnknown, "Source", v, "Known", strings.Join(names, ", "))
}

// futureSlack is how far ahead of now a punch may be: clocks differ a little.
const futureSlack = time.Minute

// PunchRequest is one punch to add.
type PunchRequest struct {
	StaffCode string
	Time      string // "YYYY-MM-DD HH:MM[:SS]" in the site time zone
	Source    string
	Note      string
}

// checkPunch validates a request against the staff list and the clock.
func (s *Site) checkPunch(ctx context.Context, req PunchRequest, known map[string]bool) (store.OtherPunch, error) {
	code := strings.TrimSpace(req.StaffCode)
	if !known[code] {
		return store.OtherPunch{}, problem.New(problem.StaffUnknown, "Code", code)
	}
	at, err := s.parsePunchTime(ctx, req.Time)
	if err != nil {
		return store.OtherPunch{}, err
	}
	src, err := ParseSource(req.Source)
	if err != nil {
		return store.OtherPunch{}, err
	}
	return store.OtherPunch{StaffCode: code, Time: at, Source: src, Note: strings.TrimSpace(req.Note)}, nil
}

// parsePunchTime reads a wall-clock time in the site zone, refusing times
// that do not exist (2026-02-30, a skipped DST hour) and the future.
func (s *Site) parsePunchTime(ctx context.Context, text string) (time.Time, error) {
	loc, err := s.Location(ctx)
	if err != nil {
		return time.Time{}, err
	}
	// Spaces as people type them (a prefilled date, then " 08:55").
	text = strings.Join(strings.Fields(text), " ")
	for _, layout := range []string{time.DateTime, "2006-01-02 15:04", "2006/01/02 15:04:05", "2006/01/02 15:04"} {
		t, err := time.ParseInLocation(layout, text, loc)
		if err != nil {
			continue
		}
		// A wall time the zone skips (a daylight-saving gap) comes back
		// moved; the clock as written is the same parse in UTC.
		if wall, _ := time.Parse(layout, text); t.Format(layout) != wall.Format(layout) {
			return time.Time{}, problem.New(problem.TimeNonexistent, "Text", text, "Zone", loc.String())
		}
		if t.After(s.now().Add(futureSlack)) {
			return time.Time{}, problem.New(problem.TimeFuture, "Text", text)
		}
		return t, nil
	}
	return time.Time{}, problem.New(problem.TimeFormat, "Text", text)
}

func (s *Site) staffCodes(ctx context.Context) (map[string]bool, error) {
	members, err := s.db.ListStaff(ctx)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, m := range members {
		known[m.Code] = true
	}
	return known, nil
}

// AddPunch adds a punch by another method for a staff member.
func (s *Site) AddPunch(ctx context.Context, req PunchRequest) (string, error) {
	known, err := s.staffCodes(ctx)
	if err != nil {
		return "", err
	}
	p, err := s.checkPunch(ctx, req, known)
	if err != nil {
		return "", err
	}
	var ids []string
	err = s.db.Update(ctx, "add punch", func(tx *store.Tx) error {
		ids, err = s.addPunches(tx, []store.OtherPunch{p}, domain.AuditPunchAdd, "")
		return err
	})
	if err != nil {
		return "", err
	}
	s.settle(ctx)
	return ids[0], nil
}

// addPunches stores punches with their audit entries and marks the days
// they fall on stale, in the caller's transaction.
func (s *Site) addPunches(tx *store.Tx, ps []store.OtherPunch, action domain.AuditAction, reason string) ([]string, error) {
	settings, err := ruleSettings(tx)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		if err := checkOpen(tx, rules.BusinessDate(p.Time, settings.For(p.StaffCode))); err != nil {
			return nil, err
		}
	}
	ids, err := tx.AddOtherPunches(ps, s.now())
	if err != nil {
		return nil, err
	}
	stale := newStaleSet()
	entries := make([]domain.AuditEntry, len(ps))
	for i, p := range ps {
		e := s.entry(action, ids[i])
		e.StaffCode = p.StaffCode
		e.BusinessDate = rules.BusinessDate(p.Time, settings.For(p.StaffCode))
		e.After = fmt.Sprintf("%s %s %s", p.Time.In(settings.site.Location).Format(time.DateTime), p.Source, p.Note)
		e.Reason = reason
		entries[i] = e
		stale.touch(p.StaffCode, p.Time, settings.For(p.StaffCode))
	}
	if err := tx.Audit(entries...); err != nil {
		return nil, err
	}
	return ids, tx.MarkStale(stale.list()...)
}

// markPunchDay marks the day of punch p (and the day after) stale.
func markPunchDay(tx *store.Tx, p domain.StaffPunch, settings *rulebook) error {
	stale := newStaleSet()
	stale.touch(p.StaffCode, p.Time, settings.For(p.StaffCode))
	return tx.MarkStale(stale.list()...)
}

// DeletePunch deletes a punch (face or other) with a reason; it stays
// visible with status deleted.
func (s *Site) DeletePunch(ctx context.Context, id, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return problem.New(problem.PunchReasonDelete)
	}
	err := s.db.Update(ctx, "delete punch", func(tx *store.Tx) error {
		settings, err := ruleSettings(tx)
		if err != nil {
			return err
		}
		p, err := s.punchIn(tx, settings, id)
		if err != nil {
			return s.noPunch(id, err)
		}
		if p.Status == rules.StatusDeleted {
			return problem.New(problem.PunchDeletedAlready, "ID", id)
		}
		if err := checkOpen(tx, p.BusinessDate); err != nil {
			return err
		}
		if err := tx.DeletePunch(id, p.StaffCode, reason, s.now()); err != nil {
			return err
		}
		e := s.entry(domain.AuditPunchDelete, id)
		e.StaffCode, e.BusinessDate, e.Before, e.After, e.Reason = p.StaffCode, p.BusinessDate, string(p.Status), string(rules.StatusDeleted), reason
		if err := tx.Audit(e); err != nil {
			return err
		}
		return markPunchDay(tx, p, settings)
	})
	if err != nil {
		return err
	}
	s.settle(ctx)
	return nil
}

// RestorePunch undoes a deletion. Restoring a face punch that first-last
// mode auto-deleted adds an administrator punch at its time — what the
// vendor makes the administrator do by hand. Either is one transaction.
func (s *Site) RestorePunch(ctx context.Context, id string) (string, error) {
	restored := id
	err := s.db.Update(ctx, "restore punch", func(tx *store.Tx) error {
		settings, err := ruleSettings(tx)
		if err != nil {
			return err
		}
		p, err := s.punchIn(tx, settings, id)
		if err != nil {
			return s.noPunch(id, err)
		}
		if err := checkOpen(tx, p.BusinessDate); err != nil {
			return err
		}
		switch p.Status {
		case rules.StatusDeleted:
			if err := tx.RestorePunch(id); err != nil {
				return err
			}
			e := s.entry(domain.AuditPunchRestore, id)
			e.StaffCode, e.BusinessDate, e.Before = p.StaffCode, p.BusinessDate, string(rules.StatusDeleted)
			if err := tx.Audit(e); err != nil {
				return err
			}
			if err := markPunchDay(tx, p, settings); err != nil {
				return err
			}
			// What it is now, read back through this transaction.
			after, err := s.punchIn(tx, settings, id)
			if err != nil || after.Status != rules.StatusAutoDeleted {
				return err
			}
			restored, err = s.restoreAutoDeleted(tx, after)
			return err
		case rules.StatusAutoDeleted:
			restored, err = s.restoreAutoDeleted(tx, p)
			return err
		}
		return problem.New(problem.PunchNotDeleted, "ID", id, "Status", string(p.Status))
	})
	if err != nil {
		return "", err
	}
	s.settle(ctx)
	return restored, nil
}

func (s *Site) restoreAutoDeleted(tx *store.Tx, p domain.StaffPunch) (string, error) {
	ids, err := s.addPunches(tx, []store.OtherPunch{{StaffCode: p.StaffCode, Time: p.Time, Source: rules.SourceAdmin,
		Note: "restored " + p.ID}}, "punch.restore", "restore of auto-deleted "+p.ID)
	if err != nil {
		return "", err
	}
	return ids[0], nil
}

func (s *Site) noPunch(id string, err error) error {
	if errors.Is(err, store.ErrNoPunch) {
		return problem.New(problem.PunchMissing, "ID", id)
	}
	return err
}

// PendingPunches is the review queue (未承認打刻), newest first.
func (s *Site) PendingPunches(ctx context.Context) ([]domain.StaffPunch, error) {
	var out []domain.StaffPunch
	err := s.view(ctx, func(tx *store.Tx, settings *rulebook) error {
		var err error
		out, err = s.pendingIn(tx, settings)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.withPlaces(ctx, out)
}

// pendingIn is the queue in tx's snapshot.
func (s *Site) pendingIn(tx *store.Tx, settings *rulebook) ([]domain.StaffPunch, error) {
	stored, err := tx.PendingPunches()
	if err != nil {
		return nil, err
	}
	return s.punchesWhere(tx, settings, stored, func(p *rules.Punch) bool { return p.Status == rules.StatusPending })
}

// DecidedPunches are the punches an administrator approved or rejected
// that the decision still applies to, newest first: findable, with their
// decision and reason, so that a decision can be changed.
func (s *Site) DecidedPunches(ctx context.Context) ([]domain.StaffPunch, error) {
	var out []domain.StaffPunch
	err := s.view(ctx, func(tx *store.Tx, settings *rulebook) error {
		stored, err := tx.DecidedPunches()
		if err != nil {
			return err
		}
		out, err = s.punchesWhere(tx, settings, stored, func(p *rules.Punch) bool { return p.Decision != "" })
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.withPlaces(ctx, out)
}

// punchesWhere is a query over all punches in tx's snapshot: the stored
// punches it selected (stored) of days no mark covers, and the punches keep
// selects among what the rules give for marked ones; newest first.
func (s *Site) punchesWhere(tx *store.Tx, settings *rulebook, stored []domain.StaffPunch, keep func(*rules.Punch) bool) ([]domain.StaffPunch, error) {
	stale, err := staleIn(tx, settings)
	if err != nil {
		return nil, err
	}
	// A closed month's punches can no longer be decided: they are not
	// listed.
	closed, err := tx.ClosedMonths()
	if err != nil {
		return nil, err
	}
	var out []domain.StaffPunch
	for _, p := range stored {
		if !stale.covers(p.StaffCode, p.BusinessDate) && !closedMonthOf(closed, p.BusinessDate) {
			out = append(out, p)
		}
	}
	computed, err := s.computeDays(tx, stale, settings)
	if err != nil {
		return nil, err
	}
	for code, days := range computed {
		for _, d := range days {
			if closedMonthOf(closed, d.Date) {
				continue
			}
			for i := range d.Punches {
				if keep(&d.Punches[i]) {
					out = append(out, domain.StaffPunch{StaffCode: code, Punch: d.Punches[i]})
				}
			}
		}
	}
	// Newest first, across staff: the queue's order.
	slices.SortFunc(out, func(a, b domain.StaffPunch) int {
		if c := b.Time.Compare(a.Time); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
	return out, nil
}

// CountPending counts the review queue.
func (s *Site) CountPending(ctx context.Context) (int, error) {
	var n int
	err := s.view(ctx, func(tx *store.Tx, settings *rulebook) error {
		stale, err := staleIn(tx, settings)
		if err != nil {
			return err
		}
		if stale.empty() {
			n, err = tx.CountPending()
			return err
		}
		ps, err := s.pendingIn(tx, settings)
		n = len(ps)
		return err
	})
	return n, err
}

// Decide approves or rejects face punches by id; a rejection needs a
// reason. A decision may be changed later; each change is audited. All
// the decisions are one transaction.
func (s *Site) Decide(ctx context.Context, ids []string, d rules.Decision, reason string) error {
	reason = strings.TrimSpace(reason)
	if d == rules.DecisionReject && reason == "" {
		return problem.New(problem.PunchReasonReject)
	}
	if len(ids) == 0 {
		return problem.New(problem.PunchNoneChosen)
	}
	action, ok := domain.DecisionAudit[d]
	if !ok {
		return fmt.Errorf("decide: unknown decision %q", d)
	}
	err := s.db.Update(ctx, "store decisions", func(tx *store.Tx) error {
		settings, err := ruleSettings(tx)
		if err != nil {
			return err
		}
		var recordIDs []int64
		var audit []domain.AuditEntry
		stale := newStaleSet()
		for _, id := range ids {
			p, err := s.punchIn(tx, settings, id)
			if err != nil {
				return s.noPunch(id, err)
			}
			if p.Source != rules.SourceFace {
				return problem.New(problem.PunchNotFace, "ID", id)
			}
			if err := checkOpen(tx, p.BusinessDate); err != nil {
				return err
			}
			before, err := tx.Decision(p.RecordID)
			if err != nil {
				return err
			}
			e := s.entry(action, id)
			e.StaffCode, e.BusinessDate, e.Reason = p.StaffCode, p.BusinessDate, reason
			e.Before, e.After = string(p.Status)+" "+string(before), string(d)
			recordIDs, audit = append(recordIDs, p.RecordID), append(audit, e)
			stale.touch(p.StaffCode, p.Time, settings.For(p.StaffCode))
		}
		if err := tx.SetDecisions(recordIDs, d, reason, s.now()); err != nil {
			return err
		}
		if err := tx.Audit(audit...); err != nil {
			return err
		}
		return tx.MarkStale(stale.list()...)
	})
	if err != nil {
		return err
	}
	s.settle(ctx)
	return nil
}

// AuditTrail returns the audit entries for a staff member and date range
// (YYYY-MM-DD, inclusive, site zone); empty values are unbounded.
func (s *Site) AuditTrail(ctx context.Context, code, fromDate, toDate string) ([]domain.AuditEntry, error) {
	f := store.AuditFilter{StaffCode: code}
	if fromDate != "" {
		r, err := s.DayFilter(ctx, fromDate)
		if err != nil {
			return nil, err
		}
		f.From = r.From
	}
	if toDate != "" {
		r, err := s.DayFilter(ctx, toDate)
		if err != nil {
			return nil, err
		}
		f.To = r.To
	}
	return s.db.AuditEntries(ctx, f)
}

// ImportPunches reads an other-method punch CSV (staff code, date-time,
// source[, note]; UTF-8 or Shift_JIS) and adds every row in one
// transaction, or none when any row is bad; each bad row is named by line.
func (s *Site) ImportPunches(ctx context.Context, data []byte) ([]string, error) {
	rows, err := staff.ParsePunchCSV(data)
	if err != nil {
		return nil, err
	}
	known, err := s.staffCodes(ctx)
	if err != nil {
		return nil, err
	}
	problems := &staff.ImportError{What: "punch CSV"}
	var punches []store.OtherPunch
	for _, row := range rows {
		p, err := s.checkPunch(ctx, PunchRequest{StaffCode: row.StaffCode, Time: row.Time, Source: row.Source, Note: row.Note}, known)
		if err != nil {
			problems.Problems = append(problems.Problems, staff.Problem{Line: row.Line, Code: row.StaffCode, What: problem.Of(err)})
			continue
		}
		punches = append(punches, p)
	}
	if len(problems.Problems) > 0 {
		return nil, problems
	}
	var ids []string
	err = s.db.Update(ctx, "import punches", func(tx *store.Tx) error {
		ids, err = s.addPunches(tx, punches, domain.AuditPunchImport, "")
		return err
	})
	if err != nil {
		return nil, err
	}
	s.settle(ctx)
	return ids, nil
}

// Punch returns one punch by id, as the rules give it now.
func (s *Site) Punch(ctx context.Context, id string) (domain.StaffPunch, error) {
	var p domain.StaffPunch
	err := s.view(ctx, func(tx *store.Tx, settings *rulebook) error {
		var err error
		p, err = s.punchIn(tx, settings, id)
		return err
	})
	if err != nil {
		return p, s.noPunch(id, err)
	}
	return p, nil
}
