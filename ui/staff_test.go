package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/punchdesk/punchdesk/core/senselinksim"
)

// openStaffTab shows the staff tab once its list and mapping have loaded,
// counting the change notifications it sends.
func openStaffTab(h *harness) (*staffTab, *int) {
	st := newStaffTab(h.app)
	changes := 0
	h.app.onPunchesChanged = func() { changes++ }
	h.win.SetContent(st.content)
	st.refresh()
	h.eventually("the staff tab", func() bool { return st.count.Text != "" && !st.mapping.busy.Visible() })
	return st, &changes
}

// untilPrefix is the translation of key up to its first parameter.
func untilPrefix(key string) string {
	return strings.Split(tr(key, map[string]any{"Code": "\x00", "Max": "\x00", "N": "\x00", "Line": "\x00"}), "\x00")[0]
}

func TestStaffFormAddsAndExplainsRefusals(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	st, changes := openStaffTab(h)
	f := st.form
	if !st.mapping.note.Visible() {
		t.Error("an unlinked site's mapping does not say the employee list is missing")
	}

	submit := func(code, name string) {
		t.Helper()
		f.code.SetText(code)
		f.name.SetText(name)
		test.Tap(f.add)
		h.eventually("the add to finish", func() bool { return !f.add.Disabled() })
	}
	refusals := []struct {
		name, code, person, wantKey string
	}{
		{"empty code", "  ", "山田 花子", "error.staff.code.empty"},
		{"code longer than 45 characters", strings.Repeat("1", 46), "山田 花子", "error.staff.code.long"},
		{"empty name", "2001", "", "error.staff.name.empty"},
	}
	for _, c := range refusals {
		t.Run(c.name, func(t *testing.T) {
			submit(c.code, c.person)
			if !f.problem.Visible() || !strings.HasPrefix(f.problem.Text, untilPrefix(c.wantKey)) {
				t.Errorf("problem = %q (visible %v), want %s", f.problem.Text, f.problem.Visible(), c.wantKey)
			}
			if f.code.Text != c.code {
				t.Error("a refused entry was cleared instead of kept for fixing")
			}
		})
	}
	if members, err := h.site.Staff(context.Background()); err != nil || len(members) != 0 {
		t.Fatalf("refused entries stored %v, %v", members, err)
	}

	// Enter in the last field submits, like the 追加 button.
	f.code.SetText("2001")
	f.name.SetText("山田 花子")
	test.Type(f.group, "本社")
	f.group.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.eventually("the new staff member in the list", func() bool { return len(st.rows) == 1 })
	if st.rows[0] != (staffRow{"2001", "山田 花子", "本社", "有効"}) {
		t.Errorf("list row = %q", st.rows[0])
	}
	if f.problem.Visible() || f.code.Text != "" || f.name.Text != "" {
		t.Errorf("after adding, the form shows %q / %q / problem %q", f.code.Text, f.name.Text, f.problem.Text)
	}
	if *changes == 0 {
		t.Error("adding staff did not tell the other screens")
	}
	h.eventually("the mapping to list the new staff member", func() bool { return len(st.mapping.staffOnly.rows) == 1 })

	submit("2001", "別の人")
	if !strings.HasPrefix(f.problem.Text, untilPrefix("error.staff.code.taken")) {
		t.Errorf("a taken code is worded %q", f.problem.Text)
	}
}

func TestStaffCSVImportAddsAllOrNothing(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	st, changes := openStaffTab(h)
	dir := t.TempDir()
	importFile := func(name, content string) {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		st.importTitle = ""
		st.importCSV(name, data)
		h.eventually("the import result", func() bool { return st.importTitle != "" && !st.importer.Disabled() })
	}

	importFile("good.csv", "スタッフコード,氏名,グループ\n3001,佐藤 健太,営業部\n3002,鈴木 美咲,総務部\n")
	if st.importTitle != tr("staff.import.done.title") {
		t.Fatalf("good file: %s\n%s", st.importTitle, st.importText)
	}
	if want := tr("staff.import.done", map[string]any{"File": "good.csv", "Added": 2, "Updated": 0}); st.importText != want {
		t.Errorf("result = %q, want %q", st.importText, want)
	}
	h.eventually("the imported rows", func() bool { return len(st.rows) == 2 })
	if st.rows[1] != (staffRow{"3002", "鈴木 美咲", "総務部", "有効"}) {
		t.Errorf("second row = %q", st.rows[1])
	}
	if *changes == 0 {
		t.Error("importing did not tell the other screens")
	}

	importFile("bad.csv", "code,name\n4001,高橋 翔太\n,田中 陽子\n4003,\n")
	if st.importTitle != tr("staff.import.failed.title") {
		t.Fatalf("bad file was accepted: %s", st.importText)
	}
	for _, line := range []string{"3行目: ", "4行目: "} {
		if !strings.Contains(st.importText, line) {
			t.Errorf("problems %q do not name %q", st.importText, line)
		}
	}
	if strings.Contains(st.importText, "2行目") {
		t.Errorf("the good line 2 is reported: %q", st.importText)
	}
	members, err := h.site.Staff(context.Background())
	if err != nil || len(members) != 2 {
		t.Errorf("after a bad file the site has %d staff (%v), want the 2 from before", len(members), err)
	}
}

func TestMappingListsUnknownNumbersAndFixesHints(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	ctx := context.Background()
	yamada := senselinksim.Person{ID: 40012, Name: "山田 花子", JobNumber: "12", Groups: []string{"本社"}}
	h.sim.SetPeople(append(senselinksim.DemoPeople(), yamada))
	linkStandIn(t, h)
	sato, terminal := h.sim.People()[0], h.sim.Devices()[0]
	for _, p := range []senselinksim.Person{sato, yamada} {
		if _, err := h.sim.Recognize(p, terminal, time.Now().Add(-10*time.Minute), 36.4, 1); err != nil {
			t.Fatal(err)
		}
	}
	catchUp(t, h)
	if err := h.site.AddStaff(ctx, "0012", "山田 花子", ""); err != nil {
		t.Fatal(err)
	}

	v := newMappingView(h.app)
	changes := 0
	v.onChanged = func() { changes++ }
	// Standalone inside a scroll, as wizard step 3 may hold it.
	h.win.SetContent(container.NewVScroll(v.content))
	v.refresh()
	h.eventually("the mapping", func() bool { return !v.busy.Visible() && len(v.senseOnly.rows) > 0 })
	if v.note.Visible() {
		t.Errorf("the employee list was read, yet the view says %q", v.note.Text)
	}
	found := false
	for _, r := range v.senseOnly.rows {
		if r[0] == sato.JobNumber {
			found = true
			if r[1] != sato.Name || r[2] != "1" {
				t.Errorf("SenseLink-only row = %q, want %s %s with 1 record", r, sato.JobNumber, sato.Name)
			}
		}
	}
	if !found {
		t.Fatalf("employee %s, recognised without staff, is not listed: %q", sato.JobNumber, v.senseOnly.rows)
	}
	if len(v.staffOnly.rows) != 1 || v.staffOnly.rows[0][0] != "0012" {
		t.Errorf("staff-only rows = %q, want 0012", v.staffOnly.rows)
	}
	if len(v.hints.Objects) != 1 {
		t.Fatalf("%d hints shown, want 1", len(v.hints.Objects))
	}
	if v.tabs.Selected() != v.hintTab || len(v.tabs.Items) != 4 {
		t.Errorf("the view opens on %q of %d tabs, want the likely match first", v.tabs.Selected().Text, len(v.tabs.Items))
	}
	// No list scrolls inside something that scrolls too: each is a tab
	// that fills the view.
	for _, o := range test.LaidOutObjects(v.content) {
		if sc, ok := o.(*container.Scroll); ok {
			for _, inner := range test.LaidOutObjects(sc.Content) {
				if _, nested := inner.(*widget.Table); nested {
					t.Error("a mapping list scrolls inside a scroll")
				}
			}
		}
	}
	hintRow := v.hints.Objects[0].(*fyne.Container)
	var hintLabel *widget.Label
	var fix *widget.Button
	for _, o := range hintRow.Objects {
		switch o := o.(type) {
		case *widget.Label:
			hintLabel = o
		case *widget.Button:
			fix = o
		}
	}
	if want := "スタッフコード 0012 は従業員番号 12 と一致する可能性があります（先頭のゼロ）"; hintLabel.Text != want {
		t.Errorf("hint = %q, want %q", hintLabel.Text, want)
	}

	// The employee the hint names is not offered 追加 as well: that would
	// make 山田 花子 twice (0012 and 12).
	listed12 := false
	for i, r := range v.senseOnly.rows {
		if r[0] != "12" {
			continue
		}
		listed12 = true
		if !v.senseOnly.noAction[i] {
			t.Errorf("employee 12 is offered 追加 beside the 修正 for 0012")
		}
		v.openAdd(i)
		if v.adding != nil {
			t.Errorf("the add form opened for employee 12, which the hint covers")
		}
	}
	if !listed12 {
		t.Errorf("employee 12 is not among the SenseLink-only rows %q", v.senseOnly.rows)
	}

	test.Tap(fix)
	h.eventually("the fixed code among the matched", func() bool { return len(v.matched.rows) == 1 })
	if got := v.matched.rows[0]; got[0] != "12" || got[1] != "山田 花子" || got[2] != yamada.Name {
		t.Errorf("matched row = %q, want 12 山田 花子 with the SenseLink name", got)
	}
	if len(v.tabs.Items) != 3 {
		t.Errorf("the likely-match tab stays after the fix: %d tabs", len(v.tabs.Items))
	}
	if len(v.staffOnly.rows) != 0 || len(v.hints.Objects) != 0 || v.hintBox.Visible() {
		t.Errorf("after the fix: staff only %q, %d hints", v.staffOnly.rows, len(v.hints.Objects))
	}
	if changes != 1 {
		t.Errorf("the fix told others %d times, want once", changes)
	}

	// 追加 on a SenseLink-only employee opens the form prefilled.
	row := -1
	for i, r := range v.senseOnly.rows {
		if r[0] == sato.JobNumber {
			row = i
		}
	}
	v.openAdd(row)
	if v.adding.code.Text != sato.JobNumber || v.adding.name.Text != sato.Name {
		t.Fatalf("add form prefilled with %q %q", v.adding.code.Text, v.adding.name.Text)
	}
	test.Tap(v.adding.add)
	h.eventually("the added employee among the matched", func() bool { return len(v.matched.rows) == 2 })
	if v.matched.rows[0][0] != sato.JobNumber {
		t.Errorf("matched rows = %q, want %s first", v.matched.rows, sato.JobNumber)
	}
	if h.win.Canvas().Overlays().Top() != nil || changes != 2 {
		t.Errorf("after adding: dialog still open %v, %d change notices", h.win.Canvas().Overlays().Top() != nil, changes)
	}
}
