package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"

	"github.com/punchdesk/punchdesk/core/senselinksim"
	"github.com/punchdesk/punchdesk/core/site"
)

func TestAuditTrailShowsStoredValuesAsWords(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	ctx := context.Background()
	if err := h.site.SetSetting(ctx, site.SettingPunchMode, "first-last"); err != nil {
		t.Fatal(err)
	}
	if err := h.site.SetSetting(ctx, site.SettingMaskCheck, "off"); err != nil {
		t.Fatal(err)
	}
	if err := h.site.SetSetting(ctx, site.SettingGroupDayChange, "夜勤=12:00"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := h.site.ImportStaff(ctx, []byte("code,name\n1001,山田 太郎\n1002,佐藤 花子\n")); err != nil {
		t.Fatal(err)
	}
	id, err := h.site.AddPunch(ctx, site.PunchRequest{StaffCode: "1001", Time: "2026-11-02 09:00", Source: "web"})
	if err != nil {
		t.Fatal(err)
	}
	a := newAuditTab(h.app)
	h.win.SetContent(a.content)
	a.refresh()
	h.eventually("the trail", func() bool { return len(a.rows) >= 5 })

	all := ""
	for _, r := range a.rows {
		for _, c := range auditColumns {
			all += c.text(r) + " | "
		}
		all += "\n"
	}
	for _, want := range []string{"打刻オプション", "最初と最後", "全ての顔認証", "マスク検知", "オフ", "オン", "2 行", "2 人追加・0 人更新", "Web", "グループ別の日替わり時刻（夜勤）"} {
		if !strings.Contains(all, want) {
			t.Errorf("the trail lacks %q:\n%s", want, all)
		}
	}
	for _, english := range []string{"first-last", "mask-check", " rows", "added,", "punch-mode", "group-day-change"} {
		if strings.Contains(all, english) {
			t.Errorf("the trail shows %q as stored:\n%s", english, all)
		}
	}

	// The newest entry (the punch) chosen: its id is there whole.
	a.table.Select(widget.TableCellID{Row: 0, Col: 3})
	if !strings.Contains(a.detail.Text, id) || !a.detail.Selectable {
		t.Errorf("detail = %q (selectable %v), want the whole id %s", a.detail.Text, a.detail.Selectable, id)
	}
}

func TestAuditWordsTheDemosReason(t *testing.T) {
	if got := auditValueText(site.DemoReason); got != "デモ" {
		t.Errorf("the demo's reason reads %q, want デモ", got)
	}
}
