package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// column is one column of a table of T: its title, its width and the text
// a row shows in it. text runs on every draw, so it only picks a field the
// row was formatted into (off the UI goroutine, once).
type column[T any] struct {
	titleKey string
	width    float32
	text     func(T) string
}

// newTable is a table with a header row showing rows() through cols;
// importance (nil: all alike) colours a row's text, e.g. Sundays and
// holidays in red. rows is read on the UI goroutine only.
func newTable[T any](cols []column[T], rows func() []T, importance func(T) widget.Importance) *widget.Table {
	t := &widget.Table{
		Length:     func() (int, int) { return len(rows()), len(cols) },
		CreateCell: newCellLabel,
		UpdateCell: func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			all := rows()
			if id.Row < 0 || id.Row >= len(all) {
				l.SetText("")
				return
			}
			if importance != nil {
				l.Importance = importance(all[id.Row])
			}
			l.SetText(cols[id.Col].text(all[id.Row]))
		},
	}
	setHeader(t, cols)
	return t
}

// setHeader gives t the bold header row and the widths of cols.
func setHeader[T any](t *widget.Table, cols []column[T]) {
	t.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		text := ""
		if id.Col >= 0 && id.Col < len(cols) {
			text = tr(cols[id.Col].titleKey)
		}
		o.(*widget.Label).SetText(text)
	}
	t.ShowHeaderRow = true
	t.ExtendBaseWidget(t)
	for i, c := range cols {
		t.SetColumnWidth(i, c.width)
	}
}

// newCellLabel is a table cell that cuts long text with an ellipsis. Its
// renderer is made at once: Fyne 2.7 applies a label's truncation only when
// the label is resized after its renderer exists, and a table sizes a new
// cell before drawing it, so a long group name ran into the next column.
func newCellLabel() fyne.CanvasObject { return cellLabel("") }

// cellLabel is newCellLabel holding text.
func cellLabel(text string) *widget.Label {
	l := &widget.Label{Text: text, Truncation: fyne.TextTruncateEllipsis}
	l.MinSize() // makes the renderer
	return l
}
