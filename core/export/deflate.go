package export

import (
	"bytes"
	"compress/flate"
	"io"
	"runtime"
	"sync"
)

// deflateBlock is how much of a zip entry one core compresses at a time:
// the 1,000-staff month's detail sheet (about 20 MB of XML) is twenty
// blocks, and each block's fresh dictionary costs well under 1 % of size.
const deflateBlock = 1 << 20

// blockDeflater is a deflate stream compressed in blocks on every core. A
// block is compressed on its own and ended with a sync flush (byte-aligned,
// not final) and the last with the final block, so the blocks' outputs
// joined in order are one valid deflate stream, as pigz makes them.
// Compressing a 1,000-staff month on one core was the last seventh of its
// export, with the other core idle.
type blockDeflater struct {
	out     io.Writer
	block   []byte
	pending []chan compressed // in order; the head is written first
	err     error
}

type compressed struct {
	data *bytes.Buffer
	err  error
}

var (
	deflaters = sync.Pool{New: func() any {
		w, _ := flate.NewWriter(nil, flate.BestSpeed) // only fails for a bad level
		return w
	}}
	deflateBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}
)

var blocks = sync.Pool{New: func() any { b := make([]byte, 0, deflateBlock); return &b }}

func getBlock() []byte { return (*blocks.Get().(*[]byte))[:0] }

func putBlock(b []byte) {
	if cap(b) == deflateBlock {
		b = b[:0]
		blocks.Put(&b)
	}
}

// newBlockDeflater starts an entry; its first block grows as written, so
// a small entry (most of a workbook's) never takes a whole block.
func newBlockDeflater(out io.Writer) *blockDeflater {
	return &blockDeflater{out: out}
}

func (d *blockDeflater) Write(p []byte) (int, error) {
	n := 0
	for len(p) > 0 {
		if d.err != nil {
			return n, d.err
		}
		if d.block == nil && len(p) >= deflateBlock {
			d.block = getBlock()
		}
		k := min(len(p), deflateBlock-len(d.block))
		d.block = append(d.block, p[:k]...)
		p, n = p[k:], n+k
		if len(d.block) == deflateBlock {
			d.start(false)
		}
	}
	return n, d.err
}

// start compresses the block filled so far beside the caller, keeping at
// most two blocks per core in flight.
func (d *blockDeflater) start(final bool) {
	block := d.block
	d.block = nil
	if !final {
		d.block = getBlock()
	}
	done := make(chan compressed, 1)
	d.pending = append(d.pending, done)
	go func() {
		done <- compress(block, final)
		putBlock(block)
	}()
	for len(d.pending) > 2*runtime.GOMAXPROCS(0) && d.err == nil {
		d.writeHead()
	}
}

func compress(block []byte, final bool) compressed {
	buf := deflateBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	buf.Grow(len(block) / 4) // XML deflates to about a tenth
	w := deflaters.Get().(*flate.Writer)
	defer deflaters.Put(w)
	w.Reset(buf)
	_, err := w.Write(block)
	if err == nil {
		if final {
			err = w.Close()
		} else {
			err = w.Flush()
		}
	}
	return compressed{buf, err}
}

// writeHead waits for the oldest block in flight and writes it out.
func (d *blockDeflater) writeHead() {
	c := <-d.pending[0]
	d.pending = d.pending[1:]
	if c.err != nil {
		d.err = c.err
	} else if _, err := d.out.Write(c.data.Bytes()); err != nil {
		d.err = err
	}
	deflateBuffers.Put(c.data)
}

// Close compresses the rest as the final block and writes out every block.
func (d *blockDeflater) Close() error {
	if d.err == nil {
		if len(d.pending) == 0 {
			// A small entry (most of a workbook's) is compressed right here.
			c := compress(d.block, true)
			d.err = c.err
			if d.err == nil {
				_, d.err = d.out.Write(c.data.Bytes())
			}
			deflateBuffers.Put(c.data)
		} else {
			d.start(true)
		}
	}
	for len(d.pending) > 0 {
		if d.err != nil {
			c := <-d.pending[0] // let every goroutine finish
			d.pending = d.pending[1:]
			deflateBuffers.Put(c.data)
			continue
		}
		d.writeHead()
	}
	return d.err
}
