package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// toastFor is how long a done message stays: long enough to read a
// sentence, short enough not to be mistaken for the state of things.
const toastFor = 6 * time.Second

// toastLine is the "done" message in the status line after an action
// (approved, rejected, corrected, added): a dialog closing is not enough
// for someone to trust that the change was made.
type toastLine struct {
	text    *widget.Label
	content *fyne.Container
	shown   int // generation, so an older timer does not hide a newer message
}

func newToastLine() *toastLine {
	t := &toastLine{text: &widget.Label{Importance: widget.SuccessImportance, Truncation: fyne.TextTruncateEllipsis}}
	t.content = container.NewBorder(nil, nil, widget.NewIcon(theme.ConfirmIcon()), nil, t.text)
	t.content.Hide()
	return t
}

// toast says that an action finished, in the main screen's status line;
// in the wizard (no status line) there is nothing to say it in, and the
// wizard's own steps show their results.
func (u *App) toast(text string) {
	if u.main == nil {
		return
	}
	t := u.main.toast
	t.shown++
	gen := t.shown
	t.text.SetText(text)
	t.content.Show()
	u.background(func(ctx context.Context) {
		select {
		case <-time.After(toastFor):
		case <-ctx.Done():
			return
		}
		u.do(func() {
			if t.shown == gen {
				t.content.Hide()
			}
		})
	})
}
