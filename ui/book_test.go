package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/widget"

	"github.com/punchdesk/punchdesk/core/rules"
	"github.com/punchdesk/punchdesk/core/senselinksim"
	"github.com/punchdesk/punchdesk/core/site"
)

// linkStandIn links the harness site to its stand-in, syncing from an hour
// ago: records recognised long before but received now are still read.
func linkStandIn(t *testing.T, h *harness) {
	t.Helper()
	if err := h.site.Link(context.Background(), site.LinkRequest{Server: h.srv.URL, AppKey: testKey, AppSecret: testSecret,
		SyncFrom: time.Now().Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
}

// catchUp fetches everything the stand-in received and turns it into punches.
func catchUp(t *testing.T, h *harness) {
	t.Helper()
	ctx := context.Background()
	syncer, err := h.site.Syncer(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := syncer.CatchUp(ctx, nil); err != nil {
		t.Fatal(err)
	}
}

// seedMonth gives staff member 1001 (the stand-in's first person) a month
// last month with a day with a break and remarks (the 10th), a night shift
// from the 12th into the 13th under a 05:00 day change, and a day without
// clock-out (the 14th). It returns the month's first day (UTC date).
func seedMonth(t *testing.T, h *harness) time.Time {
	t.Helper()
	ctx := context.Background()
	linkStandIn(t, h)
	if err := h.site.SetSetting(ctx, "day-change", "05:00"); err != nil {
		t.Fatal(err)
	}
	person, terminal := h.sim.People()[0], h.sim.Devices()[0]
	if err := h.site.AddStaff(ctx, person.JobNumber, person.Name, "営業部"); err != nil {
		t.Fatal(err)
	}
	loc, err := h.site.Location(ctx)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().In(loc)
	month := time.Date(now.Year(), now.Month()-1, 1, 0, 0, 0, 0, loc)
	at := func(day, hour int) time.Time { return month.AddDate(0, 0, day-1).Add(time.Duration(hour) * time.Hour) }
	for _, r := range []struct {
		at          time.Time
		temperature float64
		mask        int
	}{
		{at(10, 9), 36.4, 1},
		{at(10, 12), 36.5, 1},
		{at(10, 13), 37.9, 1}, // above 37.5: 異常体温
		{at(10, 18), 36.4, 0}, // no mask
		{at(12, 22), 36.4, 1},
		{at(13, 4), 36.4, 1}, // before 05:00: still the 12th's business day
		{at(14, 9), 36.4, 1},
	} {
		if _, err := h.sim.Recognize(person, terminal, r.at, r.temperature, r.mask); err != nil {
			t.Fatal(err)
		}
	}
	catchUp(t, h)
	return time.Date(month.Year(), month.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// openBook shows the book tab in the window on month once it has loaded.
func openBook(h *harness, month time.Time) *bookTab {
	b := newBookTab(h.app)
	h.win.SetContent(b.content)
	b.refresh()
	h.eventually("the staff chooser", func() bool { return b.code != "" && len(b.rows) > 0 })
	b.showMonth(month)
	want := dateText(month)
	h.eventually("the chosen month", func() bool { return len(b.rows) > 0 && b.rows[0].date == want })
	return b
}

func TestBookShowsEveryDayWithNightShiftOnItsBusinessDay(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	month := seedMonth(t, h)
	b := openBook(h, month)

	if days := month.AddDate(0, 1, -1).Day(); len(b.rows) != days {
		t.Fatalf("book has %d rows, want one per day of the month (%d)", len(b.rows), days)
	}
	if b.month.Text != fmt.Sprintf("%d年%d月", month.Year(), month.Month()) {
		t.Errorf("month label = %q", b.month.Text)
	}
	if want := "1001 " + h.sim.People()[0].Name; b.staff.Selected != want {
		t.Errorf("staff chooser shows %q, want %q", b.staff.Selected, want)
	}
	weekday := []rune("日月火水木金土")[month.AddDate(0, 0, 9).Weekday()]
	cases := []struct {
		name string
		day  int
		want bookRow
	}{
		{"day with a lunch break, fever and no mask", 10,
			bookRow{date: fmt.Sprintf("%d/10 (%c)", month.Month(), weekday), in: "09:00", out: "18:00", breaks: "1:00", work: "8:00", count: "4"}},
		{"night shift ends the next morning", 12, bookRow{in: "22:00", out: "翌04:00", breaks: "0:00", work: "6:00", count: "2"}},
		{"morning after the night shift is empty", 13, bookRow{}},
		{"day without clock-out is flagged", 14, bookRow{in: "09:00", breaks: "0:00", work: "0:00", count: "1", flags: "退勤打刻なし"}},
		{"day without punches is blank", 20, bookRow{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := b.rows[c.day-1]
			for col, column := range bookColumns {
				if col == 0 || col == 6 {
					continue // the date below; remarks are checked further down
				}
				if column.text(got) != column.text(c.want) {
					t.Errorf("%s = %q, want %q (row %+v)", tr(column.titleKey), column.text(got), column.text(c.want), got)
				}
			}
			if c.want.date != "" && got.date != c.want.date {
				t.Errorf("date = %q, want %q", got.date, c.want.date)
			}
		})
	}
	if remarks := b.rows[9].remarks; !strings.Contains(remarks, "異常体温") || !strings.Contains(remarks, "マスクなし") {
		t.Errorf("remarks of the 10th = %q, want 異常体温 and マスクなし", remarks)
	}
	if b.rows[11].remarks != "" {
		t.Errorf("a normal day has remarks %q", b.rows[11].remarks)
	}
	for _, want := range []string{"3日", "14:00", "1:00", "退勤打刻なし 1日"} {
		if !strings.Contains(b.totals.Text, want) {
			t.Errorf("totals %q lack %q", b.totals.Text, want)
		}
	}

	b.showMonth(month.AddDate(0, 1, 0))
	h.eventually("the next month", func() bool { return b.rows[0].date == dateText(month.AddDate(0, 1, 0)) })
	if b.rows[9].in != "" {
		t.Errorf("the next month shows last month's punches: %+v", b.rows[9])
	}
}

func TestBookDayOpensItsPunches(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	month := seedMonth(t, h)
	b := openBook(h, month)

	b.table.Select(widget.TableCellID{Row: 11, Col: 2}) // the 12th, night shift
	h.eventually("the day details", func() bool { return b.details != nil })
	if b.details.date != month.AddDate(0, 0, 11).Format(time.DateOnly) {
		t.Errorf("details opened for %s, want the 12th", b.details.date)
	}
	want := []detailRow{
		{"22:00:00", "顔認証", "打刻", "出勤", "", "", "本社 正面入口"},
		{"翌04:00:00", "顔認証", "打刻", "退勤", "", "", "本社 正面入口"},
	}
	if fmt.Sprint(b.details.rows) != fmt.Sprint(want) {
		t.Errorf("details of the 12th = %q, want %q", b.details.rows, want)
	}
	if top := h.win.Canvas().Overlays().Top(); top == nil {
		t.Error("no dialog shows the day details")
	}
	b.details.dialog.Hide()

	// Tapping another day, then the 10th, opens the 10th with its remarks.
	b.table.Select(widget.TableCellID{Row: 9, Col: 0})
	h.eventually("the 10th's details", func() bool { return b.details.date == month.AddDate(0, 0, 9).Format(time.DateOnly) })
	rows := b.details.rows
	if len(rows) != 4 || rows[1].kind != "休憩開始" || rows[2].kind != "休憩終了" || rows[2].remarks != "異常体温" || rows[3].remarks != "マスクなし" {
		t.Errorf("details of the 10th = %q, want 4 punches with break and remarks", rows)
	}
}

func TestBookWithoutStaffPointsToTheStaffTab(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	b := newBookTab(h.app)
	h.win.SetContent(b.content)
	b.refresh()
	h.eventually("the empty state", func() bool { return b.empty.Visible() })
	if b.body.Visible() {
		t.Error("the book shows its table with no staff")
	}
	if err := h.site.AddStaff(context.Background(), "1001", "佐藤 健太", ""); err != nil {
		t.Fatal(err)
	}
	b.refresh()
	h.eventually("the book", func() bool { return b.body.Visible() && len(b.rows) > 27 })
	if b.empty.Visible() {
		t.Error("the empty state stays over the book")
	}
}

func TestBookDayDeletesAndRestoresAPunch(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	month := seedMonth(t, h)
	b := openBook(h, month)
	tenth := month.AddDate(0, 0, 9).Format(time.DateOnly)
	b.table.Select(widget.TableCellID{Row: 9, Col: 0})
	h.eventually("the 10th's details", func() bool { return b.details != nil && b.details.date == tenth })
	d := b.details
	if !d.delete.Disabled() || !d.restore.Disabled() {
		t.Fatal("delete or restore offered before a punch is chosen")
	}
	d.selected = 1 // the 12:00 break start
	b.updateDetailButtons(d)
	if d.delete.Disabled() {
		t.Fatal("delete not offered for a counted punch")
	}
	deleted := d.ids[1]
	b.deletePunch(d, deleted, "休憩ではなく外出")
	h.eventually("the details to show the deletion", func() bool {
		return b.details != d && len(b.details.statuses) == 4 && b.details.statuses[1] == rules.StatusDeleted
	})
	// The remaining three punches are retyped: in, break start(13:00)… and
	// the day is worked out again.
	if b.details.rows[2].kind != "休憩開始" {
		t.Errorf("after deleting the 12:00 punch the 13:00 one is %q, want 休憩開始", b.details.rows[2].kind)
	}
	d = b.details
	d.selected = 1
	b.updateDetailButtons(d)
	if d.restore.Disabled() || !d.delete.Disabled() {
		t.Fatal("a deleted punch should offer restore only")
	}
	b.restorePunch(d)
	h.eventually("the restored punch", func() bool {
		return b.details != d && len(b.details.statuses) == 4 && b.details.statuses[1] == rules.StatusCounted
	})
	audit, err := h.site.AuditTrail(context.Background(), h.sim.People()[0].JobNumber, "", "")
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range audit {
		actions = append(actions, string(e.Action))
	}
	if !strings.Contains(strings.Join(actions, ","), "punch.delete,punch.restore") {
		t.Errorf("audit trail = %v; want the delete and the restore", actions)
	}
}

func TestBookOpensOnSomeoneWithPunches(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	seedMonth(t, h)
	// Sorted first, and nothing to show.
	if err := h.site.AddStaff(context.Background(), "0000", "空 太郎", ""); err != nil {
		t.Fatal(err)
	}
	b := newBookTab(h.app)
	h.win.SetContent(b.content)
	b.refresh()
	h.eventually("the staff list", func() bool { return len(b.staff.Options) == 2 })
	if want := h.sim.People()[0].JobNumber; b.code != want {
		t.Errorf("the book opened on %q, want %s who has punches", b.code, want)
	}
}
