package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/punchdesk/punchdesk/core/recordsync"
	"github.com/punchdesk/punchdesk/core/rules"
	"github.com/punchdesk/punchdesk/core/senselinksim"
	"github.com/punchdesk/punchdesk/core/site"
)

// pendingSite links the harness and makes two pending punches: two staff
// members clocked in by IC card before their first face recognition.
func pendingSite(t *testing.T, h *harness) {
	t.Helper()
	ctx := context.Background()
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	now := time.Now().In(tokyo)
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, tokyo).AddDate(0, 0, -1)
	if err := h.site.Link(ctx, site.LinkRequest{Server: h.srv.URL, AppKey: testKey, AppSecret: testSecret, SyncFrom: day}); err != nil {
		t.Fatal(err)
	}
	if err := h.site.SetSetting(ctx, site.SettingPunchMode, string(rules.ModeUnapprovedFirst)); err != nil {
		t.Fatal(err)
	}
	for i, p := range h.sim.People()[:2] {
		if err := h.site.AddStaff(ctx, p.JobNumber, p.Name, ""); err != nil {
			t.Fatal(err)
		}
		card := day.Add(8*time.Hour + time.Duration(i)*time.Minute).Format("2006-01-02 15:04")
		if _, err := h.site.AddPunch(ctx, site.PunchRequest{StaffCode: p.JobNumber, Time: card, Source: "ic_card"}); err != nil {
			t.Fatal(err)
		}
		if _, err := h.sim.Recognize(p, h.sim.Devices()[0], day.Add(9*time.Hour+time.Duration(i)*time.Minute), 36.5, 1); err != nil {
			t.Fatal(err)
		}
	}
	syncer, err := h.site.Syncer(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := syncer.CatchUp(ctx, nil); err != nil {
		t.Fatal(err)
	}
}

func TestReviewQueueBulkRejectNeedsAReasonAndBulkApproveClearsIt(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	pendingSite(t, h)
	h.app.Start()
	h.eventually("the main screen", func() bool { return h.app.main != nil })
	m := h.app.main
	r := m.review
	h.eventually("two pending punches", func() bool { return len(r.rows) == 2 })
	if m.reviewItem.Text != tr("tab.review.n", map[string]any{"N": 2}) || !m.pendingBadge.Visible() {
		t.Errorf("pending count not shown: tab %q, badge visible %v", m.reviewItem.Text, m.pendingBadge.Visible())
	}
	if !r.approve.Disabled() {
		t.Error("approve is enabled with nothing selected")
	}
	test.Tap(r.all)
	if len(r.selectedIDs()) != 2 || r.approve.Disabled() {
		t.Fatalf("select all selected %d", len(r.selectedIDs()))
	}

	r.decide(r.selectedIDs(), rules.DecisionReject, "  ")
	h.eventually("the refusal", func() bool { return r.problem.Text != "" })
	if got, _ := h.site.PendingPunches(context.Background()); len(got) != 2 {
		t.Fatalf("a reject without reason changed the queue: %d left", len(got))
	}

	test.Tap(r.approve)
	h.eventually("an empty queue", func() bool { return len(r.rows) == 0 && r.empty.Visible() })
	if !m.toast.content.Visible() || m.toast.text.Text != tr("toast.approved", map[string]any{"N": 2}) {
		t.Errorf("after approving, the status line says %q (shown %v)", m.toast.text.Text, m.toast.content.Visible())
	}
	if m.pendingBadge.Visible() || m.reviewItem.Text != tr("tab.review") {
		t.Errorf("pending count still shown after the queue emptied")
	}
	audit, _ := h.site.AuditTrail(context.Background(), "", "", "")
	approvals := 0
	for _, e := range audit {
		if e.Action == "review.approve" {
			approvals++
		}
	}
	if approvals != 2 {
		t.Errorf("%d approvals in the audit trail, want 2", approvals)
	}
}

func TestReviewQueueBulkRejectWithReason(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	pendingSite(t, h)
	h.app.Start()
	h.eventually("the main screen", func() bool { return h.app.main != nil })
	r := h.app.main.review
	h.eventually("two pending punches", func() bool { return len(r.rows) == 2 })
	test.Tap(r.all)
	r.decide(r.selectedIDs(), rules.DecisionReject, "ICカードで出勤済み")
	h.eventually("an empty queue", func() bool { return len(r.rows) == 0 })
	if got := h.app.main.toast.text.Text; got != tr("toast.rejected", map[string]any{"N": 2}) {
		t.Errorf("after rejecting, the status line says %q", got)
	}
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	month := time.Now().In(tokyo).AddDate(0, 0, -1).Format("2006-01")
	punches, err := h.site.MonthPunches(context.Background(), month, "")
	if err != nil {
		t.Fatal(err)
	}
	rejected := 0
	for _, p := range punches {
		if p.Status == rules.StatusRejected {
			rejected++
		}
	}
	if rejected != 2 {
		t.Errorf("%d rejected punches, want 2", rejected)
	}
}

func TestReviewTabImportsPunchCSVAllOrNothing(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	pendingSite(t, h)
	h.app.Start()
	h.eventually("the main screen", func() bool { return h.app.main != nil })
	r := h.app.main.review
	ctx := context.Background()
	code := h.sim.People()[0].JobNumber
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	at := time.Now().In(tokyo).AddDate(0, 0, -1).Format("2006-01-02") + " 19:30"
	count := func() int {
		ps, _ := h.site.MonthPunches(ctx, at[:7], code)
		return len(ps)
	}
	before := count()
	r.importPunches(ctx, "bad.csv", []byte(code+","+at+",web\n9999,"+at+",web\n"), nil)
	h.eventually("the refusal", func() bool { return h.win.Canvas().Overlays().Top() != nil })
	if count() != before {
		t.Fatal("a bad punch CSV added punches")
	}
	h.win.Canvas().Overlays().Top().Hide()
	r.importPunches(ctx, "good.csv", []byte(code+","+at+",web,残業\n"), nil)
	h.eventually("the new punch", func() bool { return count() == before+1 })
}

func TestCtrlNumberSwitchesTabs(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	pendingSite(t, h)
	h.app.Start()
	h.eventually("the main screen", func() bool { return h.app.main != nil })
	m := h.app.main
	shortcut := &desktop.CustomShortcut{KeyName: fyne.Key3, Modifier: fyne.KeyModifierShortcutDefault}
	h.win.Canvas().(interface{ TypedShortcut(fyne.Shortcut) }).TypedShortcut(shortcut)
	if m.tabs.Selected() != m.reviewItem {
		t.Fatalf("Ctrl+3 selected %q, want the pending tab", m.tabs.Selected().Text)
	}
}

func TestSettingsCopiesDiagnosticsWithoutTheSecret(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	pendingSite(t, h)
	h.app.Start()
	h.eventually("the main screen", func() bool { return h.app.main != nil })
	st := h.app.main.settings
	st.copyDiagnostics()
	h.eventually("the copy", func() bool { return st.diagNote.Text != "" })
	report := h.app.fyneApp.Clipboard().Content()
	if !strings.Contains(report, "punch-mode = unapproved-first") || !strings.Contains(report, "pending punches 2") {
		t.Errorf("diagnostics = %q", report)
	}
	if strings.Contains(report, testSecret) {
		t.Error("diagnostics contain the secret")
	}
}

func TestFetchingCanBeStoppedAndResumed(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	pendingSite(t, h)
	h.app.Start()
	h.eventually("the main screen", func() bool { return h.app.main != nil })
	m := h.app.main
	h.eventually("a finished poll", func() bool { return m.status.current.State == recordsync.StateIdle })
	test.Tap(m.status.cancel)
	h.app.mu.Lock()
	stopped := h.app.stopW == nil
	h.app.mu.Unlock()
	if !stopped || m.status.state.Text != tr("status.paused") || !m.status.resume.Visible() {
		t.Fatalf("after stop: watcher stopped %v, state %q, resume shown %v", stopped, m.status.state.Text, m.status.resume.Visible())
	}
	test.Tap(m.status.resume)
	h.eventually("polling again", func() bool { return m.status.current.State == recordsync.StateIdle && !m.status.resume.Visible() })
}

func TestFaceCropIsFetchedWhenAskedAndAFailureSaysSo(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	pendingSite(t, h)
	h.app.Start()
	h.eventually("the main screen", func() bool { return h.app.main != nil })
	r := h.app.main.review
	h.eventually("two pending punches", func() bool { return len(r.rows) == 2 })
	if !r.face.Disabled() {
		t.Error("the face button is enabled with nothing chosen")
	}
	r.table.OnSelected(widget.TableCellID{Row: 0, Col: 1})
	if r.rows[0].recordID == 0 || r.face.Disabled() {
		t.Fatalf("one face punch chosen (record %d), face button disabled %t", r.rows[0].recordID, r.face.Disabled())
	}
	test.Tap(r.face)
	f := r.faceView
	h.eventually("the face crop", func() bool { return f.image.Visible() || f.problem.Visible() })
	if !f.image.Visible() || f.image.Resource == nil || len(f.image.Resource.Content()) == 0 {
		t.Fatalf("no image shown; problem %q", f.problem.Text)
	}
	f.dialog.Hide()

	// The server fails: the dialog says so, the queue is untouched.
	h.sim.SetFaults(senselinksim.Faults{ServerError: 1})
	test.Tap(r.face)
	f = r.faceView
	h.eventually("the failure", func() bool { return f.problem.Visible() })
	if f.image.Visible() || !strings.HasPrefix(f.problem.Text, strings.Split(tr("face.failed", map[string]any{"Text": ""}), "。")[0]) {
		t.Errorf("after a failed fetch: image shown %t, problem %q", f.image.Visible(), f.problem.Text)
	}
	if len(r.rows) != 2 || r.problem.Text != "" {
		t.Errorf("a failed face fetch touched the queue: %d rows, problem %q", len(r.rows), r.problem.Text)
	}
}

// addPunchForm finds the add-punch dialog's fields.
func addPunchForm(t *testing.T, h *harness) (day *dateEntry, clock *widget.Entry, submit *widget.Button, problem *widget.Label) {
	t.Helper()
	top := h.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog open")
	}
	for _, o := range test.LaidOutObjects(top) {
		switch w := o.(type) {
		case *dateEntry:
			day = w
		case *widget.Entry:
			if w.PlaceHolder == tr("punch.add.time.placeholder") {
				clock = w
			}
		case *widget.Button:
			if w.Text == tr("punch.add") {
				submit = w
			}
		case *widget.Label:
			if w.Importance == widget.DangerImportance {
				problem = w
			}
		}
	}
	if day == nil || clock == nil || submit == nil || problem == nil {
		t.Fatalf("the add-punch dialog lacks a field: %v %v %v %v", day, clock, submit, problem)
	}
	return day, clock, submit, problem
}

func TestAddPunchFormCannotTrap(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	pendingSite(t, h)
	h.app.Start()
	h.eventually("the main screen", func() bool { return h.app.main != nil })
	code := h.sim.People()[0].JobNumber
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	date := time.Now().In(tokyo).AddDate(0, 0, -1).Format(time.DateOnly)
	added := 0
	showAddPunchDialog(h.app, code, date, func() { added++ })
	day, clock, submit, problem := addPunchForm(t, h)
	var staffChoice *widget.Select
	for _, o := range test.LaidOutObjects(h.win.Canvas().Overlays().Top()) {
		if s, ok := o.(*widget.Select); ok && staffChoice == nil {
			staffChoice = s
		}
	}
	h.eventually("the staff member preset", func() bool { return strings.HasPrefix(staffChoice.Selected, code+" ") })
	if day.Date == nil || day.Date.Format(time.DateOnly) != date {
		t.Fatalf("the date is not preset from the book day: %v", day.Date)
	}

	// Only the date: a message, never a silent grey button.
	test.Tap(submit)
	if problem.Text != tr("punch.add.notime") || submit.Disabled() {
		t.Errorf("submitting without a time: problem %q, button disabled %v", problem.Text, submit.Disabled())
	}
	// A wrong time says so as it is typed, and goes away once right.
	test.Type(clock, "8:5x")
	if !strings.Contains(problem.Text, "8:5x") {
		t.Errorf("typing a wrong time shows %q", problem.Text)
	}
	clock.SetText("")
	test.Type(clock, "０８：５５") // full-width, as a Japanese IME types it
	if problem.Text != "" {
		t.Errorf("a right time still shows %q", problem.Text)
	}
	test.Tap(submit)
	h.eventually("the punch to be added", func() bool { return added == 1 })
	if got := h.app.main.toast.text.Text; got != tr("toast.punch.added") {
		t.Errorf("after adding, the status line says %q", got)
	}
	punches, _ := h.site.MonthPunches(context.Background(), date[:7], code)
	found := false
	for _, p := range punches {
		if p.Time.In(tokyo).Format("2006-01-02 15:04") == date+" 08:55" {
			found = true
		}
	}
	if !found {
		t.Errorf("no punch at %s 08:55 among %d", date, len(punches))
	}
}

func TestClockOf(t *testing.T) {
	cases := []struct {
		name, in, want string
		ok             bool
	}{
		{"two-digit hour", "09:05", "09:05", true},
		{"one-digit hour", "9:05", "09:05", true},
		{"with seconds", "09:05:30", "09:05", true},
		{"full-width", "０９：０５", "09:05", true},
		{"four digits", "0905", "09:05", true},
		{"spaces around", " 09:05 ", "09:05", true},
		{"hour too big", "25:00", "", false},
		{"letters", "9時5分", "", false},
		{"empty", "", "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := clockOf(c.in)
			if got != c.want || ok != c.ok {
				t.Errorf("clockOf(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
			}
		})
	}
}

func TestDemoRouteSaysItIsTheDemo(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	h.app.Start()
	h.eventually("the wizard", func() bool { return h.app.wizard != nil })
	w := h.app.wizard
	test.Tap(w.demoButton)
	h.eventually("step 3", func() bool { return w.step == 3 })
	if want := tr("wizard.step.demo", map[string]any{"N": 3, "Total": wizardSteps}); w.stepNo.Text != want {
		t.Errorf("step 3 after the demo says %q, want %q", w.stepNo.Text, want)
	}
	w.finished()
	shown := ""
	for _, o := range test.LaidOutObjects(w.body) {
		if l, ok := o.(*widget.Label); ok {
			shown += l.Text + "\n"
		}
	}
	if strings.Contains(shown, tr("wizard.done.heading")) || !strings.Contains(shown, tr("wizard.done.demo.heading")) {
		t.Errorf("the demo's last page says:\n%s", shown)
	}
	h.app.Stop()
}
