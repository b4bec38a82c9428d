package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/widget"

	"github.com/punchdesk/punchdesk/core/rules"
	"github.com/punchdesk/punchdesk/core/senselinksim"
)

func TestCheckTabListsFlaggedDaysAndOpensThem(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	month := seedMonth(t, h)
	b := newBookTab(h.app)
	c := newCheckTab(h.app)
	c.openDay = b.openDetails
	counted := -1
	c.onCount = func(n int) { counted = n }
	h.win.SetContent(c.content)
	c.showMonth(month)
	fourteenth := month.AddDate(0, 0, 13)
	// The 14th has a clock-in only: its clock-out is missing.
	h.eventually("the flagged 14th", func() bool { return len(c.rows) == 1 && counted == 1 })
	if c.rows[0].date != dateText(fourteenth) || !strings.Contains(c.rows[0].staff, h.sim.People()[0].Name) || c.rows[0].flags != "退勤打刻なし" {
		t.Errorf("要確認 row = %q; want the 14th, its staff member and 退勤打刻なし", c.rows[0])
	}
	if c.empty.Visible() {
		t.Error("the empty note shows over a list")
	}
	c.table.Select(widget.TableCellID{Row: 0, Col: 1})
	h.eventually("the 14th's details", func() bool { return b.details != nil && b.details.date == fourteenth.Format(time.DateOnly) })
	if len(b.details.rows) != 1 || b.details.rows[0].kind != "出勤" {
		t.Errorf("details of the 14th = %q", b.details.rows)
	}
	// The month before has nothing to look at.
	c.showMonth(month.AddDate(0, -1, 0))
	h.eventually("an empty month", func() bool { return len(c.rows) == 0 && counted == 0 && c.empty.Visible() })
}

func TestDecisionsAreShownAndChangedFromTheDecidedListAndTheDayDetails(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	pendingSite(t, h)
	r := newReviewTab(h.app)
	h.win.SetContent(r.content)
	r.refresh()
	h.eventually("the queue", func() bool { return len(r.rows) == 2 })
	first := r.rows[0].id
	r.decide([]string{first}, rules.DecisionApprove, "")
	h.eventually("the queue after approving", func() bool { return len(r.rows) == 1 })

	r.show.SetSelected(tr("review.show.decided"))
	h.eventually("the decided list", func() bool { return r.decided && len(r.rows) == 1 && r.rows[0].id == first })
	if got := r.rows[0].decision; got != "承認" {
		t.Errorf("decision column = %q, want 承認", got)
	}
	// Changed: rejected after all, with a reason.
	r.decide([]string{first}, rules.DecisionReject, "別人の顔")
	h.eventually("the changed decision", func() bool { return len(r.rows) == 1 && r.rows[0].decision == "却下：別人の顔" })

	// And back, from the day's details.
	p, err := h.site.Punch(context.Background(), first)
	if err != nil {
		t.Fatal(err)
	}
	b := newBookTab(h.app)
	b.openDetails(p.StaffCode, "", p.BusinessDate)
	h.eventually("the day details", func() bool { return b.details != nil })
	d := b.details
	for i, id := range d.ids {
		if id == first {
			d.selected = i
		}
	}
	b.updateDetailButtons(d)
	if d.approve.Disabled() || !d.reject.Disabled() {
		t.Fatalf("for a rejected punch the details offer approve %v, reject %v; want approve only", !d.approve.Disabled(), !d.reject.Disabled())
	}
	if got := d.rows[d.selected].reason; got != "却下：別人の顔" {
		t.Errorf("the details' decision column = %q", got)
	}
	b.decide(d, rules.DecisionApprove, "")
	h.eventually("the details after approving", func() bool {
		if b.details == d {
			return false
		}
		for i, id := range b.details.ids {
			if id == first {
				return b.details.statuses[i] == rules.StatusCounted && b.details.rows[i].reason == "承認"
			}
		}
		return false
	})
	trail, err := h.site.AuditTrail(context.Background(), p.StaffCode, "", "")
	if err != nil {
		t.Fatal(err)
	}
	var decisions []string
	for _, e := range trail {
		if e.Target == first {
			decisions = append(decisions, string(e.Action))
		}
	}
	if strings.Join(decisions, ",") != "review.approve,review.reject,review.approve" {
		t.Errorf("audit trail of %s = %v", first, decisions)
	}
}

func TestCheckTabClosesAndReopensTheMonth(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	month := seedMonth(t, h)
	c := newCheckTab(h.app)
	changed := 0
	h.app.onPunchesChanged = func() { changed++; c.refresh() } // as the main screen answers
	h.win.SetContent(c.content)
	c.showMonth(month)
	h.eventually("an open month", func() bool { return len(c.rows) == 1 && c.closeMonth.Visible() && !c.reopen.Visible() })
	c.run(func(ctx context.Context) error { return h.site.CloseMonth(ctx, month.Format("2006-01"), true) })
	h.eventually("a closed month", func() bool { return c.reopen.Visible() && !c.closeMonth.Visible() && changed == 1 })
	if c.state.Text != tr("check.closed") {
		t.Errorf("state = %q", c.state.Text)
	}
	// A correction into it is refused, in Japanese.
	err := h.site.DeletePunch(context.Background(), "r1", "x")
	if err == nil || !strings.Contains(errorText(err)+err.Error(), "締め済み") {
		t.Errorf("a deletion in a closed month = %v", err)
	}
	c.run(func(ctx context.Context) error {
		return h.site.ReopenMonth(ctx, month.Format("2006-01"), "訂正のため")
	})
	h.eventually("the reopened month", func() bool { return c.closeMonth.Visible() && changed == 2 })
}
