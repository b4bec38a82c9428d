package ui

import (
	"testing"

	"github.com/punchdesk/punchdesk/core/senselinksim"
)

// TestScreensFitTheDefaultWindow keeps every screen's minimum size within
// the default 1100×700 window, which itself fits a 1366×768 laptop with the
// Windows taskbar (about 1366×728 usable, minus the title bar): nothing, the
// wizard's 次へ included, may be pushed out of reach.
func TestScreensFitTheDefaultWindow(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	linkStandIn(t, h)
	h.app.Start()
	h.eventually("the main screen", func() bool { return h.app.main != nil })
	check := func(what string) {
		t.Helper()
		if m := h.win.Content().MinSize(); m.Width > 1100 || m.Height > 700 {
			t.Errorf("%s needs %.0f×%.0f, more than the 1100×700 window", what, m.Width, m.Height)
		}
	}
	for i := range h.app.main.tabs.Items {
		h.app.main.tabs.SelectIndex(i)
		check("tab " + h.app.main.tabs.Items[i].Text)
	}
	h.app.showWizard()
	for step := 1; step <= 5; step++ {
		h.app.wizard.show(step)
		check("wizard step " + string(rune('0'+step)))
	}
}
