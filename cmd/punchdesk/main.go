// Command punchdesk is the PunchDesk desktop app: the composition root that
// finds the database, opens it as the single writer, and starts the UI.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/punchdesk/punchdesk/assets"
	"github.com/punchdesk/punchdesk/core/applog"
	"github.com/punchdesk/punchdesk/core/instance"
	"github.com/punchdesk/punchdesk/core/secret"
	"github.com/punchdesk/punchdesk/core/site"
	"github.com/punchdesk/punchdesk/core/store"
	"github.com/punchdesk/punchdesk/ui"
	"github.com/punchdesk/punchdesk/ui/theme"
)

// version is set by the release builds (-X main.version=…) that do not go
// through `fyne package`, which would otherwise write it from FyneApp.toml.
var version = ""

// ensureMetadata gives a build made without `fyne package` (the Windows
// build, `make run`) the metadata FyneApp.toml holds, so that the settings
// and the support report show a version.
func ensureMetadata() {
	if version == "" {
		return
	}
	app.SetMetadata(fyne.AppMetadata{ID: "jp.punchdesk.app", Name: "PunchDesk", Version: version, Build: 1,
		Release: true, Migrations: map[string]bool{"fyneDo": true}})
}

func main() {
	ensureMetadata()
	dbFlag := flag.String("db", "", "database file (default: $PUNCHDESK_DB, else the user's config directory)")
	flag.Parse()
	closeLog := openLog()
	defer closeLog()

	a := app.NewWithID("jp.punchdesk.app")
	if err := ui.LoadTranslations(a.Preferences().StringWithFallback(ui.LanguagePreference, ui.LanguageAuto)); err != nil {
		fmt.Fprintln(os.Stderr, "punchdesk: translations:", err)
	}
	if err := checkOpenGL(); err != nil {
		log.Printf("cannot start: no usable OpenGL: %v", err)
		showNativeError("PunchDesk", lang.L("fatal.opengl", map[string]any{"Error": err.Error()}))
		closeLog()
		os.Exit(1)
	}
	a.SetIcon(assets.Icon())
	a.Settings().SetTheme(theme.WithVariant(a.Preferences().StringWithFallback(theme.Preference, theme.VariantAuto)))

	path, err := store.ResolvePath(*dbFlag)
	var s *site.Site
	if err == nil {
		s, err = site.Open(path, store.ReadWrite, secret.Default())
	}
	var inUse *store.InUseError
	if errors.As(err, &inUse) && instance.AskToShow(path) == nil {
		// The running PunchDesk came forward; a second window would only be
		// a second writer.
		fmt.Fprintf(os.Stderr, "punchdesk: already running (%s); brought its window forward\n", inUse.Holder)
		closeLog()
		os.Exit(0)
	}
	if err != nil {
		log.Printf("cannot open the database: %v", err)
		showFatal(a, err)
		closeLog()
		os.Exit(1)
	}
	log.Printf("database %s", path)

	w := a.NewWindow("PunchDesk")
	w.Resize(fyne.NewSize(1100, 700))
	w.SetMaster()
	u := ui.New(a, w, s)
	u.Start()
	if l, err := instance.Listen(path, func() {
		fyne.Do(func() {
			w.Show()
			w.RequestFocus()
		})
	}); err != nil {
		log.Printf("a second start will not find this one: %v", err)
	} else {
		defer l.Close()
	}
	w.ShowAndRun()
	u.Stop()
	if err := s.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "punchdesk: close database:", err)
	}
}

// openLog sends the standard logger to the rotating log file in the config
// directory as well as stderr; without a writable config directory the app
// still runs, logging to stderr only.
func openLog() func() {
	path, err := applog.DefaultPath()
	if err != nil {
		log.Printf("no log file: %v", err)
		return func() {}
	}
	f, err := applog.Open(path, 0, 0)
	if err != nil {
		log.Printf("no log file: %v", err)
		return func() {}
	}
	log.SetOutput(io.MultiWriter(os.Stderr, f))
	log.Printf("PunchDesk starting (pid %d)", os.Getpid())
	return func() {
		log.Printf("PunchDesk stopped")
		log.SetOutput(os.Stderr)
		f.Close()
	}
}

// showFatal tells someone who started the app from a menu, with no terminal
// to read, why it cannot start.
func showFatal(a fyne.App, err error) {
	w := a.NewWindow("PunchDesk")
	msg := lang.L("fatal.open", map[string]any{"Error": err.Error()})
	var inUse *store.InUseError
	if errors.As(err, &inUse) {
		msg = lang.L("fatal.inuse", map[string]any{"Holder": inUse.Holder})
	} else if text := ui.FileProblemText(err); text != "" {
		msg = lang.L("fatal.db", map[string]any{"Text": text, "Error": err.Error()})
	}
	text := &widget.Label{Text: msg, Wrapping: fyne.TextWrapWord}
	w.SetContent(container.NewPadded(container.NewBorder(nil,
		container.NewCenter(widget.NewButton(lang.L("fatal.close"), a.Quit)), nil, nil, text)))
	w.Resize(fyne.NewSize(480, 200))
	w.ShowAndRun()
}
