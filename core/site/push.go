package site

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/senselink"
	"github.com/punchdesk/punchdesk/core/staff"
	"github.com/punchdesk/punchdesk/core/store"
)

// PushOutcome is what became of one staff member sent to SenseLink.
type PushOutcome int

const (
	// PushRegistered: SenseLink has them now.
	PushRegistered PushOutcome = iota + 1
	// PushAlreadyThere: SenseLink's employee list already had the number;
	// nothing was sent.
	PushAlreadyThere
	// PushFailed: see PushResult.Err; nothing changed in SenseLink.
	PushFailed
)

// PushPerson is a staff member to register in SenseLink, with an optional
// face photo file.
type PushPerson struct {
	Code      string
	PhotoPath string // "" for none
}

// PushResult is the outcome for one person.
type PushResult struct {
	Code, Name  string
	Outcome     PushOutcome
	WithPhoto   bool
	SenseLinkID int64 // the new person's id in SenseLink
	Err         error
}

// PhotoError is a face photo PunchDesk refused before sending anything.
type PhotoError struct {
	Path string
	Err  error // *senselink.PhotoProblem, or the file could not be read
}

func (e *PhotoError) Error() string { return fmt.Sprintf("photo %s: %v", e.Path, e.Err) }
func (e *PhotoError) Unwrap() error { return e.Err }

// StaffNotFoundError is a code that is no staff member's.
type StaffNotFoundError struct{ Code string }

func (e *StaffNotFoundError) Error() string {
	return fmt.Sprintf("no staff member has the code %q", e.Code)
}

// PushStaff registers staff members in SenseLink (SPEC §2 step 3): name and
// employee number (the staff code), and a face photo when given. Each person
// is one call and has a result of their own; one failing stops nobody else.
// Those SenseLink already lists are skipped. The registrations are audited
// in one transaction afterwards. progress, when set, is called after each
// person.
func (s *Site) PushStaff(ctx context.Context, people []PushPerson, progress func(done, total int)) ([]PushResult, error) {
	members, err := s.db.ListStaff(ctx)
	if err != nil {
		return nil, err
	}
	byCode := make(map[string]domain.StaffMember, len(members))
	for _, m := range members {
		byCode[m.Code] = m
	}
	client, err := s.Client(ctx)
	if err != nil {
		return nil, err
	}
	// An AppKey limited to chosen APIs may not read the list; SenseLink
	// then refuses a duplicate number itself.
	listed := map[string]bool{}
	if employees, err := client.Employees(ctx); err == nil {
		for _, e := range employees {
			listed[staff.MatchKey(e.JobNumber)] = true
		}
	}

	results := make([]PushResult, 0, len(people))
	for i, p := range people {
		if err := ctx.Err(); err != nil {
			return results, err
		}
		results = append(results, s.pushOne(ctx, client, byCode, listed, p))
		if progress != nil {
			progress(i+1, len(people))
		}
	}

	var registered []PushResult
	for _, r := range results {
		if r.Outcome == PushRegistered {
			registered = append(registered, r)
		}
	}
	if len(registered) == 0 {
		return results, nil
	}
	err = s.db.Update(ctx, "record staff registered in SenseLink", func(tx *store.Tx) error {
		for _, r := range registered {
			e := s.entry(domain.AuditStaffPush, r.Code)
			e.StaffCode = r.Code
			e.After = fmt.Sprintf("SenseLink id %d, without a photo", r.SenseLinkID)
			if r.WithPhoto {
				e.After = fmt.Sprintf("SenseLink id %d, with a photo", r.SenseLinkID)
			}
			if err := tx.Audit(e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		// SenseLink has them; only the trail is missing. Say so rather
		// than pretend the registration failed.
		return results, fmt.Errorf("registered in SenseLink, but the audit trail could not be written: %w", err)
	}
	return results, nil
}

func (s *Site) pushOne(ctx context.Context, client *senselink.Client, byCode map[string]domain.StaffMember, listed map[string]bool, p PushPerson) PushResult {
	code := staff.MatchKey(p.Code)
	m, ok := byCode[code]
	if !ok {
		return PushResult{Code: code, Outcome: PushFailed, Err: &StaffNotFoundError{Code: code}}
	}
	r := PushResult{Code: m.Code, Name: m.Name}
	if listed[m.Code] {
		r.Outcome = PushAlreadyThere
		return r
	}
	e := senselink.NewEmployee{Name: m.Name, JobNumber: m.Code}
	if p.PhotoPath != "" {
		photo, err := readPhoto(p.PhotoPath)
		if err != nil {
			r.Outcome, r.Err = PushFailed, err
			return r
		}
		e.Photo, e.PhotoName, r.WithPhoto = photo, filepath.Base(p.PhotoPath), true
	}
	got, err := client.CreateEmployee(ctx, e)
	if err != nil {
		r.Outcome, r.Err, r.WithPhoto = PushFailed, err, false
		return r
	}
	r.Outcome, r.SenseLinkID = PushRegistered, got.ID
	listed[m.Code] = true
	return r
}

// readPhoto reads and checks a face photo, refusing a large file before
// reading it whole.
func readPhoto(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, &PhotoError{Path: path, Err: err}
	}
	if fi.Size() > senselink.MaxPhotoBytes {
		return nil, &PhotoError{Path: path, Err: &senselink.PhotoProblem{Size: int(min(fi.Size(), 1<<40))}}
	}
	photo, err := os.ReadFile(path)
	if err != nil {
		return nil, &PhotoError{Path: path, Err: err}
	}
	if err := senselink.CheckPhoto(photo); err != nil {
		return nil, &PhotoError{Path: path, Err: err}
	}
	return photo, nil
}

// photoExtensions are the file names PhotoIn looks for, in order.
var photoExtensions = []string{".jpg", ".jpeg", ".png", ".JPG", ".JPEG", ".PNG"}

// PhotoIn finds the face photo of a staff member in dir: CODE.jpg, .jpeg
// or .png. It returns "" when there is none.
func PhotoIn(dir, code string) string {
	for _, ext := range photoExtensions {
		p := filepath.Join(dir, code+ext)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p
		}
	}
	return ""
}

// StaffNotInSenseLink lists the codes of the staff the mapping found
// without a SenseLink employee: who "push all" registers. Staff whose code
// nearly matches an employee number SenseLink has (0012 and 12) are most
// likely that person and are left out, returned as hints to fix instead.
func (s *Site) StaffNotInSenseLink(ctx context.Context) (codes []string, nearMatches []staff.Hint, err error) {
	m, err := s.Mapping(ctx)
	if err != nil {
		return nil, nil, err
	}
	if m.EmployeeListError != nil {
		// Without the list, "not in SenseLink" would be a guess from the
		// records alone; the caller names people explicitly instead.
		return nil, nil, fmt.Errorf("SenseLink's employee list cannot be read (%w): name the staff codes to register", m.EmployeeListError)
	}
	hinted := map[string]bool{}
	for _, h := range m.Hints {
		hinted[h.StaffCode] = true
	}
	for _, member := range m.StaffWithoutEmployee {
		if !hinted[member.Code] {
			codes = append(codes, strings.TrimSpace(member.Code))
		}
	}
	return codes, m.Hints, nil
}

// CheckPhotoFile checks a face photo file as PushStaff will, so that a form
// can name a refused file when it is chosen.
func CheckPhotoFile(path string) error {
	_, err := readPhoto(path)
	return err
}

// PhotoProblemOf returns what SenseLink would refuse in a photo, or nil when
// err is no such refusal.
func PhotoProblemOf(err error) *senselink.PhotoProblem {
	var problem *senselink.PhotoProblem
	if errors.As(err, &problem) {
		return problem
	}
	return nil
}
