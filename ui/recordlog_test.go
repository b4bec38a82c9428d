package ui

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/punchdesk/punchdesk/core/senselinksim"
	"github.com/punchdesk/punchdesk/core/site"
)

// TestLargeLogReadsOnlyThePagesOnScreen fills the log with many records
// and checks that the table knows them all but holds only a few pages, and
// that scrolling to the end reads the last page.
func TestLargeLogReadsOnlyThePagesOnScreen(t *testing.T) {
	if testing.Short() {
		t.Skip("stores 20,000 records")
	}
	h := newHarness(t, senselinksim.Config{}, nil)
	ctx := context.Background()
	start := time.Now().Add(-30 * 24 * time.Hour)
	people, devices := h.sim.People(), h.sim.Devices()
	const total = 20_000
	for i := 0; i < total; i++ {
		at := start.Add(time.Duration(i) * 2 * time.Minute)
		if _, err := h.sim.Recognize(people[i%len(people)], devices[i%2], at, 36.5, 1); err != nil {
			t.Fatal(err)
		}
	}
	if err := h.site.Link(ctx, site.LinkRequest{Server: h.srv.URL, AppKey: testKey, AppSecret: testSecret, SyncFrom: start.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	syncer, err := h.site.Syncer(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := syncer.CatchUp(ctx, nil); err != nil {
		t.Fatal(err)
	}
	h.app.Start()
	h.eventually("the main screen", func() bool { return h.app.main != nil })
	l := h.app.main.log
	h.eventually("the full count", func() bool { return l.total == total })
	h.win.Resize(fyne.NewSize(1100, 700))
	l.table.ScrollToBottom()
	h.eventually("the last page", func() bool {
		rows, ok := l.pages[(total-1)/logPageSize]
		return ok && len(rows) > 0
	})
	if len(l.pages) > logPagesKept {
		t.Errorf("%d pages held, want at most %d", len(l.pages), logPagesKept)
	}
	last := l.pages[(total-1)/logPageSize]
	oldest := last[len(last)-1]
	if want := start.In(l.loc).Format("2006-01-02 15:04"); oldest.time[:16] != want {
		t.Errorf("last row is %q, want the oldest record at %s", oldest.time, want)
	}
	l.table.ScrollTo(widget.TableCellID{Row: total / 2, Col: 0})
	h.eventually("a middle page", func() bool { _, ok := l.pages[(total/2)/logPageSize]; return ok })
	if len(l.pages) > 4 {
		t.Errorf("scrolling to three places holds %d pages; pages are read only when shown", len(l.pages))
	}
}
