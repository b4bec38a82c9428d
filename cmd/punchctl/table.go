package main

import (
	"bytes"
	"io"
	"strings"

	"golang.org/x/text/width"
)

// table lays tab-separated rows out in columns padded by display width:
// a kanji or full-width character takes two terminal columns, which
// text/tabwriter (counting runes) gets wrong, so Japanese names misalign.
// Write it like a tabwriter, then Flush.
type table struct {
	out io.Writer
	buf bytes.Buffer
}

// newTable writes to out; columns are two spaces apart.
func newTable(out io.Writer) *table { return &table{out: out} }

func (t *table) Write(p []byte) (int, error) { return t.buf.Write(p) }

// Flush writes every row, columns padded to their widest cell.
func (t *table) Flush() error {
	text := strings.TrimSuffix(t.buf.String(), "\n")
	t.buf.Reset()
	if text == "" {
		return nil
	}
	var rows [][]string
	var widths []int
	for _, line := range strings.Split(text, "\n") {
		cells := strings.Split(line, "\t")
		for i, c := range cells {
			if i == len(cells)-1 {
				break // the last cell is not padded
			}
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(c))
		}
		rows = append(rows, cells)
	}
	var b strings.Builder
	for _, cells := range rows {
		for i, c := range cells {
			b.WriteString(c)
			if i < len(cells)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(c)+2))
			}
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(t.out, b.String())
	return err
}

// displayWidth is how many terminal columns s takes.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
