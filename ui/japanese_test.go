package ui

import (
	"context"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"github.com/punchdesk/punchdesk/core/problem"
	"github.com/punchdesk/punchdesk/core/recordsync"
	"github.com/punchdesk/punchdesk/core/senselink"
	"github.com/punchdesk/punchdesk/core/senselinksim"
)

// notEnglish are the Latin-letter words a Japanese screen shows on purpose:
// product and API names from the vendor guide, file types, units, and the
// stand-in's own data (terminal models, sample server names).
var notEnglish = map[string]bool{
	"SenseLink": true, "SenseThunder": true, "Cloud": true, "AppKey": true, "AppSecret": true, "PunchDesk": true,
	"punchctl": true, "Jobcan": true, "CSV": true, "UTF": true, "Excel": true, "OK": true, "ID": true, "IC": true,
	"API": true, "TLS": true, "https": true, "http": true, "link": true, "japancv": true, "co": true, "jp": true,
	"Asia": true, "Tokyo": true, "PUNCHDESK": true, "APP": true, "SECRET": true, "DB": true, "Windows": true,
	"Linux": true, "GNOME": true, "OS": true, "JPEG": true, "PNG": true, "MB": true, "GROUP": true, "xlsx": true,
	"db": true, "json": true, "Shift": true, "JIS": true, "NUM": true, "Web": true, "Lite": true, "Pro": true,
	"SenseLinkのみ": true, "Documents": true, "tmp": true, "root": true, "home": true, "demo": true, "jpg": true,
	"png": true, "csv": true, "www": true, "localhost": true, "Appキー": true, "Appシークレット": true,
	"App": true, "Super": true, "Admin": true, "ON": true, "OFF": true, "URL": true, // SenseLink Cloud's own labels (the vendor guide)
	"code": true, "name": true, "group": true, // the English CSV headers PunchDesk reads
	"JST": true, "UTC": true, // zone abbreviations in sync messages
	"check": true, "sync": true, "from": true, "records": true, "book": true, "export": true, // punchctl commands named in hints
}

var latinWord = regexp.MustCompile(`[A-Za-z][A-Za-z]{2,}`)

// englishIn lists the English words drawn in o: what the screen shows,
// whichever widget drew it. Paths and addresses are skipped whole.
func englishIn(o fyne.CanvasObject) []string {
	var out []string
	for _, obj := range test.LaidOutObjects(o) {
		text, ok := obj.(*canvas.Text)
		if !ok || !text.Visible() {
			continue
		}
		for _, field := range strings.Fields(text.Text) {
			field = strings.TrimRight(field, ".,;:!?)）」")
			if strings.ContainsAny(field, `/\:@.-_=`) {
				continue // a path, a file name, an address, a key someone typed
			}
			for _, w := range latinWord.FindAllString(field, -1) {
				if !notEnglish[w] {
					out = append(out, w+" in "+strings.TrimSpace(text.Text))
				}
			}
		}
	}
	return out
}

// englishSeen collects, across the whole test run, the English a Japanese
// screen showed; TestMain fails the run on any.
var englishSeen = struct {
	sync.Mutex
	words map[string]string // word → the test that saw it
}{words: map[string]string{}}

// checkJapanese scans the window and every dialog open on it.
func (h *harness) checkJapanese() {
	c := h.win.Canvas()
	objects := append([]fyne.CanvasObject{c.Content()}, c.Overlays().List()...)
	for _, o := range objects {
		for _, w := range englishIn(o) {
			englishSeen.Lock()
			if _, seen := englishSeen.words[w]; !seen {
				englishSeen.words[w] = h.t.Name()
			}
			englishSeen.Unlock()
		}
	}
}

// englishReport is the failure text for TestMain, or "".
func englishReport() string {
	englishSeen.Lock()
	defer englishSeen.Unlock()
	var lines []string
	for w, test := range englishSeen.words {
		lines = append(lines, "  "+w+"   ("+test+")")
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func TestEnglishIsFoundOnAScreen(t *testing.T) {
	o := canvas.NewText("保存しました Saved.", nil)
	o.Resize(fyne.NewSize(200, 20))
	if got := englishIn(o); len(got) != 1 || !strings.HasPrefix(got[0], "Saved") {
		t.Errorf("englishIn = %q, want Saved", got)
	}
	if got := englishIn(canvas.NewText("SenseLink の AppKey（C:\\Users\\x\\punchdesk.db）", nil)); len(got) != 0 {
		t.Errorf("names and paths counted as English: %q", got)
	}
}

// lockedBuffer is a log destination tests and Fyne write to at once.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var notFoundLine = regexp.MustCompile(`message "?([^"\s]+)"? not found in language "?ja"?`)

// missingTranslations lists the keys Fyne logged as missing in Japanese.
func missingTranslations(log string) string {
	seen := map[string]bool{}
	var keys []string
	for _, m := range notFoundLine.FindAllStringSubmatch(log, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			keys = append(keys, "  "+m[1])
		}
	}
	sort.Strings(keys)
	return strings.Join(keys, "\n")
}

func TestMissingTranslationsAreReadFromFynesLog(t *testing.T) {
	log := "2026/12/01 Fyne error:  Translation failure\n  Cause: message \"Yes\" not found in language \"ja\"\n"
	if got := missingTranslations(log); got != "  Yes" {
		t.Errorf("missingTranslations = %q", got)
	}
}

// TestEveryDialogIsJapanese opens the dialogs no other test leaves open long
// enough to be looked at — confirmations, reason forms, Fyne's own file and
// folder choosers, the sync-stopped and error dialogs — and fails on any
// English word in them.
func TestEveryDialogIsJapanese(t *testing.T) {
	h := newHarness(t, senselinksim.Config{}, nil)
	pendingSite(t, h)
	h.app.Start()
	h.eventually("the main screen", func() bool { return h.app.main != nil })
	m := h.app.main
	h.eventually("the month to check", func() bool { return !m.check.closeMonth.Disabled() })
	dialogs := []struct {
		name string
		open func()
	}{
		{"close the month", m.check.askClose},
		{"reopen the month", m.check.askReopen},
		{"reject with a reason", func() { askRejectReason(h.app, 2, func(string) {}) }},
		{"add a punch", func() { showAddPunchDialog(h.app, "", "", nil) }},
		{"choose a CSV file", func() { chooseCSVFile(h.app, func() {}, func(context.Context, string, []byte, error) {}) }},
		{"choose the export folder", m.export.chooseFolder},
		{"an error", func() { h.app.showError(problem.New(problem.Network)) }},
		{"sync stopped", func() {
			m.onSyncStatus(recordsync.Status{State: recordsync.StateStopped, LastError: &senselink.Error{Kind: senselink.KindAuth}})
		}},
		{"sync stopped, implausible", func() {
			m.onSyncStatus(recordsync.Status{State: recordsync.StateStopped, LastError: &recordsync.ImplausibleError{Records: 12_000, Limit: 10_000, People: 24}})
		}},
	}
	for _, d := range dialogs {
		t.Run(d.name, func(t *testing.T) {
			d.open()
			h.eventually("the dialog", func() bool { return h.win.Canvas().Overlays().Top() != nil })
			top := h.win.Canvas().Overlays().Top()
			if english := englishIn(top); len(english) > 0 {
				t.Errorf("English in the dialog: %q", english)
			}
			for h.win.Canvas().Overlays().Top() != nil {
				h.win.Canvas().Overlays().Top().Hide()
				h.win.Canvas().Overlays().Remove(h.win.Canvas().Overlays().Top())
			}
		})
	}
}
