// Package domain is the vocabulary the layers share: the staff members,
// punches, log rows, audit entries and filters that the store keeps, the
// site hands out and the screens and punchctl show. It holds types and the
// words they are made of, no behaviour beyond what a value says of itself.
// Punches and days themselves are rules' (rules.Punch, rules.Day): the
// rules compute them and own their figures.
package domain

import (
	"time"

	"github.com/punchdesk/punchdesk/core/rules"
	"github.com/punchdesk/punchdesk/core/senselink"
)

// StaffMember is one person PunchDesk keeps attendance for. A SenseLink
// recognition belongs to the member whose Code equals the match key of
// the record's employee number (staff.MatchKey).
type StaffMember struct {
	Code      string // スタッフコード (Jobcan's staff code)
	Name      string
	Group     string // location group, "" for none
	Active    bool
	CreatedAt time.Time // zero until stored
}

// StaffPunch is a derived punch with the staff member it belongs to.
type StaffPunch struct {
	StaffCode string
	rules.Punch
	// Place is the terminal's location group (the terminal-group setting),
	// filled in by the site; "" when the terminal has none.
	Place string
}

// LogRow is a record with what it became, for the live log and
// `punchctl records`.
type LogRow struct {
	senselink.Record
	StaffCode string       // "" when no staff member matches
	Status    rules.Status // "" when the record is not a punch (unlinked, stranger, not yet derived)
	Kind      rules.Kind
	Remarks   []rules.Remark
}

// Outcome is what a recognition record became, in the log's last column
// and in `punchctl records --json`.
type Outcome string

const (
	OutcomeNone     Outcome = ""         // not derived yet
	OutcomeUnlinked Outcome = "unlinked" // no staff member has its employee number
	OutcomeStranger Outcome = "stranger" // SenseLink does not know the person
	// A counted punch is its kind and any other punch its status:
	// OutcomeOfKind and OutcomeOfStatus.
)

// OutcomeOfKind is the outcome of a counted punch of kind k.
func OutcomeOfKind(k rules.Kind) Outcome { return Outcome(k) }

// OutcomeOfStatus is the outcome of a punch that does not count (pending,
// rejected, a duplicate…).
func OutcomeOfStatus(s rules.Status) Outcome { return Outcome(s) }

// Outcome is what r became: its punch kind when counted, else its status;
// unlinked when no staff member matches; stranger for unregistered people.
func (r LogRow) Outcome() Outcome {
	switch {
	case r.StaffCode == "" && r.IsStranger():
		return OutcomeStranger
	case r.StaffCode == "":
		return OutcomeUnlinked
	case r.Status == rules.StatusCounted:
		return OutcomeOfKind(r.Kind)
	}
	return OutcomeOfStatus(r.Status)
}

// AuditEntry is one line of the audit trail.
type AuditEntry struct {
	ID           int64
	At           time.Time
	OSUser       string
	Action       AuditAction
	Target       string
	StaffCode    string
	BusinessDate string
	Before       string
	After        string
	Reason       string
}

// AuditAction is what an audit entry records. The values are stored in
// the audit trail and shown by `punchctl audit`: never renamed.
type AuditAction string

const (
	AuditLink         AuditAction = "link"
	AuditUnlink       AuditAction = "unlink"
	AuditStaffAdd     AuditAction = "staff.add"
	AuditStaffImport  AuditAction = "staff.import"
	AuditStaffRename  AuditAction = "staff.rename"
	AuditStaffPush    AuditAction = "staff.push"
	AuditPunchAdd     AuditAction = "punch.add"
	AuditPunchImport  AuditAction = "punch.import"
	AuditPunchDelete  AuditAction = "punch.delete"
	AuditPunchRestore AuditAction = "punch.restore"
	AuditApprove      AuditAction = "review.approve"
	AuditReject       AuditAction = "review.reject"
	AuditMonthClose   AuditAction = "month.close"
	AuditMonthReopen  AuditAction = "month.reopen"
	AuditHolidayAdd   AuditAction = "holiday.add"
	AuditHolidayDel   AuditAction = "holiday.delete"
	AuditHolidayCSV   AuditAction = "holiday.import"
	// AuditSettingsSet's target is the stored key (a terminal's settings
	// carry it after a colon).
	AuditSettingsSet AuditAction = "settings.set"
)

// DecisionAudit is the audit action of each review decision.
var DecisionAudit = map[rules.Decision]AuditAction{
	rules.DecisionApprove: AuditApprove,
	rules.DecisionReject:  AuditReject,
}

// RecordFilter selects records by sign time in [From, To) (a zero bound is
// unbounded) and, for the live log, by what they became.
type RecordFilter struct {
	From, To     time.Time
	StaffCode    string // only records matched to this staff member
	RemarksOnly  bool   // only staff members' records with a remark (異常体温, マスクなし) under Remarks
	Remarks      RemarkChecks
	UnlinkedOnly bool  // only records whose employee number matches no staff member
	AfterID      int64 // only records with a higher id (what arrived since)
}

// RemarkChecks are the site's remark rules (SPEC §4), for RemarksOnly.
type RemarkChecks struct {
	Temperature bool    // abnormal temperature: abnormal type set, or above Threshold
	Threshold   float64 // °C
	Mask        bool    // no mask: mask flag 0
}
