package export

import (
	"bytes"
	"compress/flate"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestBlockDeflaterIsOneDeflateStream(t *testing.T) {
	text := func(n int) []byte {
		return []byte(strings.Repeat(`<row r="1"><c r="A1" s="3" t="inlineStr"><is><t>佐藤 健太</t></is></c></row>`, n/80+1)[:n])
	}
	noise := func(n int) []byte {
		b := make([]byte, n)
		r := rand.New(rand.NewPCG(1, 2))
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		return b
	}
	for _, tc := range []struct {
		name  string
		data  []byte
		write int // bytes per Write call
	}{
		{"empty entry", nil, 1},
		{"one byte", []byte("x"), 1},
		{"a small entry, one write", text(5000), 5000},
		{"one byte short of a block", text(deflateBlock - 1), 4096},
		{"exactly one block", text(deflateBlock), 4096},
		{"exactly three blocks", text(3 * deflateBlock), 1 << 16},
		{"three and a half blocks in odd writes", text(3*deflateBlock + deflateBlock/2), 7919},
		{"more blocks than are kept in flight", text(9*deflateBlock + 17), 1 << 20},
		{"incompressible data over two blocks", noise(2*deflateBlock + 3), 1 << 15},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			d := newBlockDeflater(&out)
			for rest := tc.data; len(rest) > 0; {
				n := min(tc.write, len(rest))
				if k, err := d.Write(rest[:n]); err != nil || k != n {
					t.Fatalf("Write = %d, %v", k, err)
				}
				rest = rest[n:]
			}
			if err := d.Close(); err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(flate.NewReader(&out))
			if err != nil {
				t.Fatalf("the output is not one deflate stream: %v", err)
			}
			if !bytes.Equal(got, tc.data) {
				t.Fatalf("inflated %d bytes, want the %d written", len(got), len(tc.data))
			}
		})
	}
}

type failingWriter struct{ after int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.after <= 0 {
		return 0, errors.New("disk full")
	}
	w.after--
	return len(p), nil
}

func TestBlockDeflaterReportsAFailedWrite(t *testing.T) {
	for _, after := range []int{0, 1, 3} {
		d := newBlockDeflater(&failingWriter{after: after})
		var werr error
		for range 12 {
			if _, werr = d.Write(bytes.Repeat([]byte("abc"), deflateBlock/3+1)); werr != nil {
				break
			}
		}
		if err := d.Close(); err == nil || err.Error() != "disk full" {
			t.Errorf("after %d good writes: Close = %v (last Write %v), want the writer's failure", after, err, werr)
		}
	}
}
