package ui

import (
	"errors"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/punchdesk/punchdesk/core/i18n"
	"github.com/punchdesk/punchdesk/core/problem"
)

// tr looks a UI text up in assets/translations. Every key passed to it must
// exist in both ja.json and en.json; a test reads the sources to check.
func tr(key string, data ...any) string {
	return lang.L(key, data...)
}

// errorText is the administrator's sentence for err, from core's problem
// vocabulary (core/problem) in the UI's language. Only an error core does
// not know gets its technical text on a second line: it is all there is to
// go on. Known problems keep theirs out of the window (it is English and
// says nothing an administrator can act on); it goes to the log.
func errorText(err error) string {
	p := problem.Of(err)
	if p == nil {
		return ""
	}
	text := tr(p.Key(), i18n.Resolve(p.Args, translate))
	if p.Code == problem.Unknown && p.Err != nil {
		text += "\n" + p.Err.Error()
	}
	return text
}

// translate is tr in the form i18n.Resolve calls.
func translate(key string, args map[string]any) string { return tr(key, args) }

// FileProblemText is the administrator's sentence for a database file
// problem, or "" when err is none; the app's start screen uses it.
func FileProblemText(err error) string {
	if err == nil {
		return ""
	}
	switch problem.Of(err).Code {
	case problem.DatabaseDamaged, problem.DatabaseReadOnly, problem.DatabaseFull, problem.DatabaseCannotOpn, problem.DatabaseTooNew:
		return errorText(err)
	}
	return ""
}

// errorForPerson wraps err for dialog.ShowError.
func errorForPerson(err error) error {
	return errors.New(errorText(err))
}

// newSelect is widget.NewSelect with its placeholder in the UI's language:
// Fyne's own, "(Select one)", is not translated.
func newSelect(options []string, changed func(string)) *widget.Select {
	s := widget.NewSelect(options, changed)
	s.PlaceHolder = tr("common.select")
	return s
}
