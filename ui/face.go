package ui

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/punchdesk/punchdesk/core/site"
)

// faceView is the dialog that shows a recognition's face crop.
type faceView struct {
	busy    *widget.Activity
	image   *canvas.Image
	problem *widget.Label
	dialog  *dialog.CustomDialog
}

// showFace fetches a recognition's face crop and shows it. The picture is
// held by the dialog only: nothing is written anywhere, and closing the
// dialog drops it.
func showFace(app *App, recordID int64, title string) *faceView {
	f := &faceView{
		busy:    widget.NewActivity(),
		image:   &canvas.Image{FillMode: canvas.ImageFillContain},
		problem: &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance},
	}
	f.image.SetMinSize(fyne.NewSize(240, 240))
	f.image.Hide()
	f.problem.Hide()
	f.busy.Start()
	f.dialog = dialog.NewCustom(title, tr("face.close"),
		container.NewStack(container.NewCenter(f.busy), f.image, container.NewCenter(f.problem)), app.win)
	f.dialog.Resize(fyne.NewSize(360, 360))
	f.dialog.Show()
	app.background(func(ctx context.Context) {
		img, err := app.site.FaceImage(ctx, recordID)
		app.do(func() { f.show(recordID, img, err) })
	})
	return f
}

func (f *faceView) show(recordID int64, img []byte, err error) {
	f.busy.Stop()
	f.busy.Hide()
	if err != nil {
		text := tr("face.failed", map[string]any{"Text": errorText(err)})
		if errors.Is(err, site.ErrNoFaceImage) {
			text = tr("face.none")
		}
		f.problem.SetText(text)
		f.problem.Show()
		return
	}
	f.image.Resource = fyne.NewStaticResource(fmt.Sprintf("face-%d", recordID), img)
	f.image.Show()
	f.image.Refresh()
}
