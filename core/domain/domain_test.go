package domain

import (
	"testing"

	"github.com/punchdesk/punchdesk/core/rules"
	"github.com/punchdesk/punchdesk/core/senselink"
)

func TestOutcome(t *testing.T) {
	job := "0001"
	known := senselink.Record{UserID: 7, JobNumber: &job}
	for _, c := range []struct {
		name string
		row  LogRow
		want Outcome
	}{
		{"stranger", LogRow{}, OutcomeStranger},
		{"unlinked employee", LogRow{Record: known}, OutcomeUnlinked},
		{"counted punch is its kind", LogRow{Record: known, StaffCode: "0001", Status: rules.StatusCounted, Kind: rules.KindClockOut}, "clock_out"},
		{"pending punch is its status", LogRow{Record: known, StaffCode: "0001", Status: rules.StatusPending, Kind: rules.KindClockIn}, "pending"},
		{"not derived yet", LogRow{Record: known, StaffCode: "0001"}, OutcomeNone},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.row.Outcome(); got != c.want {
				t.Errorf("Outcome() = %q, want %q", got, c.want)
			}
		})
	}
}

func TestEveryDecisionHasAnAuditAction(t *testing.T) {
	for _, d := range []rules.Decision{rules.DecisionApprove, rules.DecisionReject} {
		if DecisionAudit[d] == "" {
			t.Errorf("decision %q has no audit action", d)
		}
	}
}
