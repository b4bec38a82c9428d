package ui

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/punchdesk/punchdesk/core/senselinksim"
	uitheme "github.com/punchdesk/punchdesk/ui/theme"
)

// TestRegisterStaffInSenseLinkFromTheMapping registers the staff SenseLink
// lacks from the mapping's "register all" button: one with a photo, one
// without, one whose photo is refused before anything is sent. Each row
// shows its own result and the lists move them to "matched".
func TestRegisterStaffInSenseLinkFromTheMapping(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	linkStandIn(t, h)
	ctx := context.Background()
	for _, s := range [][2]string{{"9001", "新人 一郎"}, {"9002", "新人 二郎"}, {"9003", "新人 三郎"}} {
		if err := h.site.AddStaff(ctx, s[0], s[1], ""); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	var face bytes.Buffer
	if err := jpeg.Encode(&face, image.NewRGBA(image.Rect(0, 0, 16, 16)), nil); err != nil {
		t.Fatal(err)
	}
	good, notImage := filepath.Join(dir, "9002.jpg"), filepath.Join(dir, "9003.png")
	os.WriteFile(good, face.Bytes(), 0o600)
	os.WriteFile(notImage, []byte("%PDF-1.4 not a face"), 0o600)

	v := newMappingView(h.app)
	h.win.SetContent(container.NewVScroll(v.content))
	v.refresh()
	h.eventually("the mapping", func() bool { return !v.busy.Visible() && len(v.staffOnly.rows) == 3 })
	if !v.pushAll.Visible() {
		t.Fatal("no register-all button for three staff SenseLink lacks")
	}
	test.Tap(v.pushAll)
	p := v.pushing
	if p == nil || len(p.people) != 3 {
		t.Fatalf("the dialog lists %v", p)
	}
	p.people[1].photo = good
	p.people[2].photo = notImage
	before := len(h.sim.People())
	test.Tap(p.send)
	h.eventually("the results", func() bool { return p.summary.Visible() })

	want := []string{tr("push.done.nophoto"), tr("push.done.photo"), tr("push.photo.nottype")}
	for i, w := range want {
		if got := p.people[i].result.Text; got != w || !p.people[i].result.Visible() {
			t.Errorf("row %d result %q, want %q", i, got, w)
		}
	}
	if got := len(h.sim.People()); got != before+2 {
		t.Errorf("SenseLink has %d more people, want 2", got-before)
	}
	if !strings.Contains(p.summary.Text, "2") || p.send.Visible() || p.cancel.Text != tr("push.close") {
		t.Errorf("after registering: summary %q, send shown %t, cancel %q", p.summary.Text, p.send.Visible(), p.cancel.Text)
	}
	h.eventually("the lists after registering", func() bool { return !v.busy.Visible() && len(v.staffOnly.rows) == 1 })
	if v.staffOnly.rows[0][0] != "9003" {
		t.Errorf("still not in SenseLink: %v", v.staffOnly.rows)
	}
	entries, err := h.site.AuditTrail(ctx, "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	pushed := 0
	for _, e := range entries {
		if e.Action == "staff.push" {
			pushed++
		}
	}
	if pushed != 2 {
		t.Errorf("%d staff.push audit entries, want 2", pushed)
	}
}

func TestThemeChoiceAppliesAtOnceAndIsKept(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	c := newThemeChooser(h.app)
	if c.choice.Selected != tr("settings.theme.auto") {
		t.Fatalf("a new user's theme is %q, want automatic", c.choice.Selected)
	}
	c.choice.SetSelected(tr("settings.theme.dark"))
	app := h.app.fyneApp
	bg := app.Settings().Theme().Color(fynetheme.ColorNameBackground, fynetheme.VariantLight)
	if want := uitheme.New().Color(fynetheme.ColorNameBackground, fynetheme.VariantDark); bg != want {
		t.Errorf("after choosing dark the background is %v, want %v", bg, want)
	}
	if got := app.Preferences().String(uitheme.Preference); got != uitheme.VariantDark {
		t.Errorf("stored preference %q", got)
	}
	if again := newThemeChooser(h.app); again.choice.Selected != tr("settings.theme.dark") {
		t.Errorf("reopened settings show %q", again.choice.Selected)
	}
}

func TestSavedNoticeGoesWithTheNextEdit(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	linkStandIn(t, h)
	f := newSettingsForm(h.app)
	f.load()
	h.eventually("the settings", func() bool { return f.dayChange.Text != "" })
	f.save(true, nil)
	h.eventually("the saved notice", func() bool { return f.saved.Text == tr("settings.saved") })
	f.dayChange.Text = "" // unset without an edit event, to see the reload land
	f.load()              // filling the form from the store is no edit
	h.eventually("the reload", func() bool { return f.dayChange.Text != "" })
	if f.saved.Text == "" {
		t.Error("reloading the saved values cleared the notice")
	}
	f.dayChange.SetText("04:00")
	if f.saved.Text != "" {
		t.Errorf("after an edit the form still says %q", f.saved.Text)
	}
}
