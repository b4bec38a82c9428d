package ui

import (
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/punchdesk/punchdesk/core/recordsync"
	"github.com/punchdesk/punchdesk/core/secret"
	"github.com/punchdesk/punchdesk/core/senselink"
	"github.com/punchdesk/punchdesk/core/site"
	"github.com/punchdesk/punchdesk/core/store"
)

// tr looks a UI text up in assets/translations. Every key passed to it must
// exist in both ja.json and en.json; a test reads the sources to check.
func tr(key string, data ...any) string {
	return lang.L(key, data...)
}

// errorMessageKey names the translation that tells an administrator what to
// do about err. Each cause the link can fail with has its own wording,
// because each is fixed in a different place.
func errorMessageKey(err error) string {
	var input *site.InputError
	if errors.As(err, &input) {
		switch input.Field {
		case site.FieldAppKey:
			return "error.input.appkey"
		case site.FieldAppSecret:
			return "error.input.appsecret"
		}
		return "error.input.server"
	}
	var unavailable *secret.UnavailableError
	if errors.As(err, &unavailable) {
		return "error.keychain"
	}
	var inUse *store.InUseError
	if errors.As(err, &inUse) {
		return "error.inuse"
	}
	var file *store.FileProblem
	if errors.As(err, &file) {
		return fileProblemKey(file.Kind)
	}
	if errors.Is(err, site.ErrDemoElsewhere) {
		return "error.demo.elsewhere"
	}
	if errors.Is(err, recordsync.ErrNoStartPoint) {
		return "error.nostart"
	}
	var implausible *recordsync.ImplausibleError
	if errors.As(err, &implausible) {
		return "error.implausible"
	}
	switch senselink.KindOf(err) {
	case senselink.KindAuth:
		return "error.auth"
	case senselink.KindClockSkew:
		return "error.clockskew"
	case senselink.KindPermission:
		return "error.permission"
	case senselink.KindNetwork:
		return "error.network"
	case senselink.KindTLS:
		return "error.tls"
	case senselink.KindServer:
		return "error.server"
	case senselink.KindDecode:
		return "error.decode"
	}
	return "error.unknown"
}

func fileProblemKey(k store.FileProblemKind) string {
	switch k {
	case store.FileDamaged:
		return "error.db.damaged"
	case store.FileReadOnly:
		return "error.db.readonly"
	case store.FileFull:
		return "error.db.full"
	}
	return "error.db.cannotopen"
}

// FileProblemText is the administrator's sentence for a database file
// problem, or "" when err is none; the app's start screen uses it.
func FileProblemText(err error) string {
	var file *store.FileProblem
	if !errors.As(err, &file) {
		return ""
	}
	return tr(fileProblemKey(file.Kind), map[string]any{"Path": file.Path})
}

// errorText is the administrator's sentence for err; the technical detail
// goes on a second line for support.
func errorText(err error) string {
	data := map[string]any{}
	var file *store.FileProblem
	if errors.As(err, &file) {
		data["Path"] = file.Path
	}
	var apiErr *senselink.Error
	if errors.As(err, &apiErr) && apiErr.Kind == senselink.KindClockSkew && apiErr.Skew != 0 {
		data["Skew"] = formatSkew(apiErr.Skew)
	} else {
		data["Skew"] = tr("error.clockskew.unknown")
	}
	var implausible *recordsync.ImplausibleError
	if errors.As(err, &implausible) {
		loc := implausible.Location
		if loc == nil {
			loc = time.Local
		}
		data["N"], data["Staff"], data["Limit"] = implausible.Records, implausible.People, implausible.Limit
		data["From"] = implausible.From.In(loc).Format("2006-01-02 15:04 MST")
		data["To"] = implausible.To.In(loc).Format("2006-01-02 15:04 MST")
	}
	return tr(errorMessageKey(err), data)
}

// errorForPerson wraps err for dialog.ShowError with both lines.
func errorForPerson(err error) error {
	return fmt.Errorf("%s\n\n%s", errorText(err), err.Error())
}

func formatSkew(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	d = d.Round(time.Minute)
	h, m := int(d.Hours()), int(d.Minutes())%60
	if h > 0 {
		return tr("duration.hours.minutes", map[string]any{"H": h, "M": m})
	}
	return tr("duration.minutes", map[string]any{"M": m})
}
