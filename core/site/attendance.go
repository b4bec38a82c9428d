package site

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/problem"
	"github.com/punchdesk/punchdesk/core/staff"
	"github.com/punchdesk/punchdesk/core/store"
)

// AddStaff adds one staff member, with its audit entry, in one
// transaction; records already stored under the same employee number
// become punches at once (a new member starts stale, see derive.go).
func (s *Site) AddStaff(ctx context.Context, code, name, group string) error {
	code, name, group = staff.MatchKey(code), strings.TrimSpace(name), strings.TrimSpace(group)
	if err := staff.ValidateCode(code); err != nil {
		return err
	}
	if name == "" {
		return problem.New(problem.StaffNameEmpty)
	}
	err := s.db.Update(ctx, "add staff", func(tx *store.Tx) error {
		if err := tx.AddStaff(domain.StaffMember{Code: code, Name: name, Group: group, Active: true, CreatedAt: s.now()}); err != nil {
			return err
		}
		e := s.entry(domain.AuditStaffAdd, code)
		e.StaffCode, e.After = code, strings.TrimSpace(name+" "+group)
		return tx.Audit(e)
	})
	if errors.Is(err, store.ErrStaffExists) {
		return problem.New(problem.StaffCodeTaken, "Code", code)
	}
	if err != nil {
		return err
	}
	s.settle(ctx)
	return nil
}

// ImportStaff reads a staff CSV (UTF-8 or Shift_JIS) and stores every row
// with its audit entries in one transaction, or nothing when any row is bad.
func (s *Site) ImportStaff(ctx context.Context, data []byte) (added, updated int, err error) {
	members, err := staff.ParseCSV(data)
	if err != nil {
		return 0, 0, err
	}
	for i := range members {
		members[i].CreatedAt = s.now()
	}
	added, updated, err = s.importStaff(ctx, members, "")
	if err != nil {
		return 0, 0, err
	}
	s.settle(ctx)
	return added, updated, nil
}

// importStaff stores members with one audit entry for the import and one
// per member, in one transaction.
func (s *Site) importStaff(ctx context.Context, rows []domain.StaffMember, reason string) (added, updated int, err error) {
	err = s.db.Update(ctx, "import staff", func(tx *store.Tx) error {
		if added, updated, err = tx.ImportStaff(rows); err != nil {
			return err
		}
		entries := []domain.AuditEntry{s.entry(domain.AuditStaffImport, fmt.Sprintf("%d rows", len(rows)))}
		entries[0].After, entries[0].Reason = fmt.Sprintf("%d added, %d updated", added, updated), reason
		for _, m := range rows {
			e := s.entry(domain.AuditStaffImport, m.Code)
			e.StaffCode, e.After, e.Reason = m.Code, strings.TrimSpace(m.Name+" "+m.Group), reason
			entries = append(entries, e)
		}
		return tx.Audit(entries...)
	})
	return added, updated, err
}

// Staff lists every staff member by code.
func (s *Site) Staff(ctx context.Context) ([]domain.StaffMember, error) {
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

// staffCount is how many staff the site has: what the sync's bound on a
// plausible number of records is made from.
func (s *Site) staffCount(ctx context.Context) (int, error) {
	members, err := s.db.ListStaff(ctx)
	return len(members), err
}

// StaffWithActivity lists, by code, the staff members who have recognitions
// or other punches: the book opens on one of them rather than on someone
// with nothing to show.
func (s *Site) StaffWithActivity(ctx context.Context) ([]string, error) {
	return s.db.StaffCodesWithActivity(ctx)
}
