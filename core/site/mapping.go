package site

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/problem"
	"github.com/punchdesk/punchdesk/core/staff"
	"github.com/punchdesk/punchdesk/core/store"
)

// MatchedStaff is a staff member whose code SenseLink knows.
type MatchedStaff struct {
	Staff domain.StaffMember
	// SenseLinkName is the name SenseLink has for the employee number.
	SenseLinkName string
}

// UnmatchedEmployee is an employee number SenseLink has (in its employee
// list or in recognition records) that no staff member's code matches.
type UnmatchedEmployee struct {
	Number  string
	Name    string
	Records int  // recognitions stored under it, waiting for a staff member
	InList  bool // in SenseLink's employee list (else only seen in records)
}

// Mapping is wizard step 3 and the Staff tab's three lists.
type Mapping struct {
	Matched               []MatchedStaff
	StaffWithoutEmployee  []domain.StaffMember // register these in SenseLink
	EmployeesWithoutStaff []UnmatchedEmployee  // add these here
	Hints                 []staff.Hint         // likely matches that differ in form
	// EmployeeListError says why SenseLink's employee list could not be
	// read; the lists are then built from stored records alone.
	EmployeeListError error
}

// Mapping compares PunchDesk's staff with SenseLink's employees: those in
// the employee list and every employee number seen in records.
func (s *Site) Mapping(ctx context.Context) (Mapping, error) {
	var m Mapping
	members, err := s.db.ListStaff(ctx)
	if err != nil {
		return m, err
	}
	names := map[string]string{} // employee number → SenseLink name
	inList := map[string]bool{}
	if client, err := s.Client(ctx); err != nil {
		m.EmployeeListError = err
	} else if employees, err := client.Employees(ctx); err != nil {
		m.EmployeeListError = err
	} else {
		for _, e := range employees {
			if key := staff.MatchKey(e.JobNumber); key != "" {
				names[key], inList[key] = e.Name, true
			}
		}
	}
	unmatched, err := s.db.UnmatchedEmployees(ctx)
	if err != nil {
		return m, err
	}
	seenCount := map[string]int{}
	for _, u := range unmatched {
		seenCount[u.Number] = u.Records
		if names[u.Number] == "" {
			names[u.Number] = u.Name
		}
	}
	seenAsStaff, err := s.db.StaffCodesWithActivity(ctx)
	if err != nil {
		return m, err
	}
	codes := map[string]bool{}
	for _, member := range members {
		codes[member.Code] = true
		known := inList[member.Code] || slices.Contains(seenAsStaff, member.Code)
		if known {
			m.Matched = append(m.Matched, MatchedStaff{Staff: member, SenseLinkName: names[member.Code]})
		} else {
			m.StaffWithoutEmployee = append(m.StaffWithoutEmployee, member)
		}
	}
	var numbers []string
	for number := range names {
		if codes[number] {
			continue
		}
		numbers = append(numbers, number)
	}
	slices.Sort(numbers)
	for _, number := range numbers {
		m.EmployeesWithoutStaff = append(m.EmployeesWithoutStaff, UnmatchedEmployee{
			Number: number, Name: names[number], Records: seenCount[number], InList: inList[number]})
	}
	var staffCodes []string
	for _, member := range m.StaffWithoutEmployee {
		staffCodes = append(staffCodes, member.Code)
	}
	m.Hints = staff.Suggest(staffCodes, numbers)
	return m, nil
}

// ApplyHint fixes a near match on PunchDesk's side: the staff member's code
// becomes the employee number SenseLink uses, and their records turn into
// punches at once.
func (s *Site) ApplyHint(ctx context.Context, h staff.Hint) error {
	if err := staff.ValidateCode(h.EmployeeNumber); err != nil {
		return err
	}
	to := strings.TrimSpace(h.EmployeeNumber)
	err := s.db.Update(ctx, "rename staff", func(tx *store.Tx) error {
		if err := tx.RenameStaff(h.StaffCode, to); err != nil {
			return err
		}
		e := s.entry(domain.AuditStaffRename, h.StaffCode)
		e.StaffCode, e.Before, e.After, e.Reason = to, h.StaffCode, to, "matched to SenseLink employee number"
		return tx.Audit(e)
	})
	if errors.Is(err, store.ErrStaffExists) {
		return problem.New(problem.StaffCodeTaken, "Code", h.EmployeeNumber)
	}
	if err != nil {
		return err
	}
	s.settle(ctx)
	return nil
}
