package export

import (
	"fmt"
	"io"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/punchdesk/punchdesk/core/rules"
)

// bigMonth is December 2026 for n staff, every day worked: day shifts,
// some night shifts past midnight, a pending punch or a remark now and
// then, payroll figures, and work at two places a day.
func bigMonth(n int) Month {
	m := Month{Year: 2026, Month: time.December, Staff: make([]StaffMonth, n)}
	for i := range m.Staff {
		s := StaffMonth{Code: fmt.Sprintf("%04d", 1000+i), Name: fmt.Sprintf("佐藤 健太%d", i), Group: "本社", Days: make([]rules.Day, 31)}
		for d := range 31 {
			in := time.Date(2026, 12, d+1, 9, i%60, 0, 0, jst)
			out := in.Add(9 * time.Hour)
			if (i+d)%7 == 0 {
				in = time.Date(2026, 12, d+1, 22, 0, 0, 0, jst)
				out = in.Add(6 * time.Hour)
			}
			day := rules.Day{Date: time.Date(2026, 12, d+1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly), ClockIn: &in, ClockOut: &out,
				WorkMinutes: 480, BreakMinutes: 60, Counted: 4,
				Pay:          rules.Pay{OvertimeMinutes: 30, LateNightMinutes: (i + d) % 7 * 60},
				PlaceMinutes: map[string]int{"本社": 300, fmt.Sprintf("倉庫%d", i%4): 180}}
			if d == 22 {
				day.Pay.Holiday = "天皇誕生日"
			}
			if (i+d)%11 == 0 {
				day.Flags, day.Punches = []rules.Flag{rules.FlagPending}, []rules.Punch{{Status: rules.StatusPending}}
			}
			if (i+d)%13 == 0 {
				day.Remarks, day.NoMaskReadings = []rules.Remark{rules.RemarkNoMask}, 1
			}
			s.Days[d] = day
		}
		m.Staff[i] = s
	}
	return m
}

// peakMemory samples the heap and the memory the Go runtime holds from the
// OS while running, without stopping the world as ReadMemStats would.
type peakMemory struct {
	stop     chan struct{}
	done     sync.WaitGroup
	heap, os uint64
}

func startPeakMemory() *peakMemory {
	p := &peakMemory{stop: make(chan struct{})}
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/total:bytes"}}
	read := func() {
		metrics.Read(samples)
		p.heap = max(p.heap, samples[0].Value.Uint64())
		p.os = max(p.os, samples[1].Value.Uint64())
	}
	p.done.Add(1)
	go func() {
		defer p.done.Done()
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			read()
			select {
			case <-p.stop:
				read()
				return
			case <-tick.C:
			}
		}
	}()
	return p
}

func (p *peakMemory) end() (heap, os uint64) {
	close(p.stop)
	p.done.Wait()
	return p.heap, p.os
}

func benchmarkExport(b *testing.B, opt Options) {
	m := bigMonth(1000)
	opt.Location, opt.GeneratedAt = jst, time.Date(2027, 1, 1, 9, 0, 0, 0, jst)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	peak := startPeakMemory()
	var size int64
	b.ResetTimer()
	for b.Loop() {
		w := &countingWriter{}
		if err := Write(w, m, opt, nil); err != nil {
			b.Fatal(err)
		}
		size = w.n
	}
	b.StopTimer()
	heap, os := peak.end()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(heap)/1e6, "peak-heap-MB")
	b.ReportMetric(float64(os)/1e6, "peak-runtime-MB")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/1e6, "alloc-MB/op")
	b.ReportMetric(float64(size)/1e6, "xlsx-MB")
}

// BenchmarkExportMonth1000Staff is a big site's month: 1,000 staff × 31
// days, 31,000 detail rows and the summary. Target ≤ 1.5 s, ≤ 300 MB.
func BenchmarkExportMonth1000Staff(b *testing.B) { benchmarkExport(b, Options{}) }

// BenchmarkExportMonth1000StaffTimeCards adds 1,000 time-card sheets.
func BenchmarkExportMonth1000StaffTimeCards(b *testing.B) {
	benchmarkExport(b, Options{PerStaffSheets: true})
}

type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}

var _ io.Writer = (*countingWriter)(nil)
