package senselinksim

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestReceiveOrdersByReceiveTime(t *testing.T) {
	clock := &fakeClock{t: time.Date(2025, 6, 9, 9, 0, 0, 0, jst)}
	s := New(Config{Now: clock.Now, FirstID: 1392500})
	d := DemoDevices()[0]
	first, err := s.Receive(Record{SignTime: clock.Now().Add(-time.Minute), Device: d})
	if err != nil {
		t.Fatal(err)
	}
	if first.ID != 1392500 || !first.ReceivedAt.Equal(clock.Now()) {
		t.Errorf("first record: id %d received %s; want FirstID, received now", first.ID, first.ReceivedAt)
	}
	if _, err := s.Receive(Record{SignTime: clock.Now(), ReceivedAt: clock.Now().Add(-time.Second), Device: d}); err == nil {
		t.Error("a record received before the last one was accepted")
	}
	if _, err := s.Receive(Record{ID: 1392500, SignTime: clock.Now(), Device: d}); err == nil {
		t.Error("a repeated id was accepted")
	}
	explicit, err := s.Receive(Record{ID: 1400000, SignTime: clock.Now(), Device: d})
	if err != nil || explicit.ID != 1400000 {
		t.Fatalf("explicit id: %v %v", explicit.ID, err)
	}
	next, err := s.Receive(Record{SignTime: clock.Now(), Device: d})
	if err != nil || next.ID != 1400001 {
		t.Errorf("after an explicit id the next is %d (%v), want 1400001", next.ID, err)
	}
	if _, err := s.Receive(Record{Device: d}); err == nil {
		t.Error("a record without a sign time was accepted")
	}
	if s.Len() != 3 {
		t.Errorf("Len = %d, want 3 (rejected records leave no trace)", s.Len())
	}

	// A caller changing its pointers afterwards does not change the cloud.
	jn := "1001"
	if _, err := s.Receive(Record{SignTime: clock.Now(), Device: d, JobNumber: &jn}); err != nil {
		t.Fatal(err)
	}
	jn = "9999"
	if got := *s.Records()[3].JobNumber; got != "1001" {
		t.Errorf("stored job number changed with the caller's variable: %q", got)
	}
}

func TestRunLiveProducesRecognitions(t *testing.T) {
	s := New(Config{Seed: 11})
	s.SetPeople(DemoPeople())
	s.SetDevices(DemoDevices())
	ctx, cancel := context.WithCancel(context.Background())
	var (
		logMu sync.Mutex
		logs  []string
	)
	done := make(chan error, 1)
	go func() {
		done <- s.RunLive(ctx, LiveConfig{Interval: 2 * time.Millisecond, Logf: func(f string, a ...any) {
			logMu.Lock()
			logs = append(logs, fmt.Sprintf(f, a...))
			logMu.Unlock()
		}})
	}()
	deadline := time.Now().Add(5 * time.Second)
	for s.Len() < 20 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("RunLive: %v", err)
	}
	if s.Len() < 20 {
		t.Fatalf("RunLive made %d recognitions in 5 s at a 2 ms interval", s.Len())
	}
	logMu.Lock()
	defer logMu.Unlock()
	if len(logs) < 20 || !strings.Contains(strings.Join(logs, "\n"), "本社") {
		t.Errorf("log lines = %d, first %q; want one per recognition naming the terminal", len(logs), logs[:min(1, len(logs))])
	}
}

func TestRunLiveOfflineTerminalUploadsLate(t *testing.T) {
	// The clock advances a second per reading so that a stored record's
	// delay shows in its receive time.
	var mu sync.Mutex
	tick := time.Date(2025, 6, 9, 9, 0, 0, 0, jst)
	now := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		tick = tick.Add(time.Second)
		return tick
	}
	s := New(Config{Seed: 5, Now: now})
	s.SetPeople(DemoPeople())
	s.SetDevices(DemoDevices())
	side := DemoDevices()[1].LDID
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- s.RunLive(ctx, LiveConfig{Interval: time.Millisecond, StrangerShare: -1,
			OfflineDevice: side, OfflineEvery: 10 * time.Millisecond, OfflineFor: 30 * time.Millisecond})
	}()
	late := func() (Record, bool) {
		for _, r := range s.Records() {
			if r.Device.LDID == side && r.ReceivedAt.Sub(r.SignTime) > 5*time.Second {
				return r, true
			}
		}
		return Record{}, false
	}
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if _, ok := late(); ok {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	r, ok := late()
	if !ok {
		t.Fatal("no late upload from the offline terminal within 5 s")
	}
	// Something received earlier (lower id) was recognized after it.
	overtaken := false
	for _, o := range s.Records() {
		if o.ID < r.ID && o.SignTime.After(r.SignTime) {
			overtaken = true
		}
	}
	if !overtaken {
		t.Errorf("late upload %d (signed %s, received %s) was not overtaken by any earlier id", r.ID, r.SignTime, r.ReceivedAt)
	}
	for _, o := range s.Records() {
		if o.UserID == 0 {
			t.Errorf("record %d is a stranger with StrangerShare < 0", o.ID)
		}
	}
}

func TestRunLiveRefusesWithoutRoster(t *testing.T) {
	s := New(Config{})
	s.SetDevices(DemoDevices())
	if err := s.RunLive(context.Background(), LiveConfig{}); err == nil || !strings.Contains(err.Error(), "roster") {
		t.Errorf("err = %v, want one about the empty roster", err)
	}
	s.SetPeople(DemoPeople())
	if err := s.RunLive(context.Background(), LiveConfig{OfflineDevice: "SPSE-nope"}); err == nil || !strings.Contains(err.Error(), "SPSE-nope") {
		t.Errorf("err = %v, want one naming the unknown terminal", err)
	}
}

func TestLiveRecognitionDistribution(t *testing.T) {
	s := New(Config{Seed: 42, Now: (&fakeClock{t: time.Date(2025, 6, 9, 9, 0, 0, 0, jst)}).Now})
	people, devices := DemoPeople(), DemoDevices()
	const n = 6000
	var strangers, high, unmeasured, noMask, badStranger, badHigh, outOfRange, badMask int
	for range n {
		r, err := s.liveRecognition(people, devices, 0.05)
		if err != nil {
			t.Fatal(err)
		}
		if r.UserID == 0 {
			strangers++
			if r.UserType != 3 || r.JobNumber != nil || r.UserName != "" {
				badStranger++
			}
		}
		switch t := r.BodyTemperature; {
		case t == 0:
			unmeasured++
		case t > 37.5:
			high++
			if r.AbnormalType != 40001 {
				badHigh++
			}
		case t < 35.9 || t > 37.3:
			outOfRange++
		}
		noMaskSeen := r.Mask != nil && *r.Mask == 0
		if noMaskSeen {
			noMask++
		}
		if r.BodyTemperature <= 37.5 && (r.AbnormalType == 50001) != noMaskSeen {
			badMask++
		}
	}
	share := func(k int) float64 { return float64(k) / n }
	checks := []struct {
		name     string
		got      float64
		low, top float64
	}{
		{"strangers", share(strangers), 0.03, 0.07},
		{"above 37.5 °C", share(high), 0.015, 0.045},
		{"not measured", share(unmeasured), 0.035, 0.065},
		{"without a mask", share(noMask), 0.06, 0.10},
	}
	for _, c := range checks {
		if c.got < c.low || c.got > c.top {
			t.Errorf("%s: %.3f of %d, want %.3f–%.3f", c.name, c.got, n, c.low, c.top)
		}
	}
	if badStranger+badHigh+outOfRange+badMask > 0 {
		t.Errorf("%d strangers with a name/number/type, %d high temperatures not flagged 40001, %d normal readings outside 35.9–37.3, %d mask flags disagreeing with 50001",
			badStranger, badHigh, outOfRange, badMask)
	}
}

func TestTriggerRecognitionUsesOnlineTerminals(t *testing.T) {
	s := New(Config{Seed: 1})
	if _, err := s.TriggerRecognition(); err == nil {
		t.Error("TriggerRecognition without a roster succeeded")
	}
	s.SetPeople(DemoPeople())
	s.SetDevices(DemoDevices())
	front, side := DemoDevices()[0], DemoDevices()[1]
	s.SetOffline(front.LDID, true)
	for range 20 {
		r, err := s.TriggerRecognition()
		if err != nil {
			t.Fatal(err)
		}
		if r.ID == 0 || r.Device.LDID != side.LDID || r.JobNumber == nil {
			t.Fatalf("triggered %+v; want an employee received at once on the online terminal", r)
		}
	}
	if s.Len() != 20 {
		t.Errorf("Len = %d, want 20 visible at once", s.Len())
	}
	s.SetOffline(side.LDID, true)
	if _, err := s.TriggerRecognition(); err == nil {
		t.Error("TriggerRecognition with every terminal offline succeeded")
	}
}

func TestGenerateDays(t *testing.T) {
	clock := &fakeClock{t: time.Date(2030, 1, 1, 0, 0, 0, 0, jst)}
	s := New(Config{Seed: 9, Now: clock.Now})
	people, devices := DemoPeople(), DemoDevices()
	from := time.Date(2025, 6, 1, 15, 0, 0, 0, jst) // only the date counts
	if err := s.GenerateDays(from, 3, people, devices, 4); err != nil {
		t.Fatal(err)
	}
	recs := s.Records()
	if len(recs) != 3*24*4 {
		t.Fatalf("generated %d records, want 3 days × 24 staff × 4 = 288", len(recs))
	}
	nightAfterMidnight := false
	for i, r := range recs {
		if r.ID != int64(i+1) {
			t.Fatalf("record %d has id %d", i, r.ID)
		}
		if i > 0 && r.ReceivedAt.Before(recs[i-1].ReceivedAt) {
			t.Fatalf("record %d received before record %d", r.ID, recs[i-1].ID)
		}
		if delay := r.ReceivedAt.Sub(r.SignTime); delay < time.Second || delay > 6*time.Second {
			t.Errorf("record %d received %s after it was signed, want 1–6 s", r.ID, delay)
		}
		local := r.SignTime.In(jst)
		if local.Before(time.Date(2025, 6, 1, 0, 0, 0, 0, jst)) {
			t.Errorf("record %d signed %s, before the first day", r.ID, local)
		}
		if r.GroupName == "製造部" && local.Hour() < 9 && local.Day() > 1 && r.UserName == "吉田 誠" {
			nightAfterMidnight = true
		}
	}
	if !nightAfterMidnight {
		t.Error("the night shift (吉田 誠) never left in the morning after midnight")
	}

	// History may not go back before what the cloud already received.
	if err := s.GenerateDays(from, 1, people, devices, 4); err == nil {
		t.Error("history before the last received record was accepted")
	}

	// Records the cloud cannot have received yet are left out.
	clock2 := &fakeClock{t: time.Date(2025, 6, 1, 12, 0, 0, 0, jst)}
	s2 := New(Config{Seed: 9, Now: clock2.Now})
	if err := s2.GenerateDays(from, 3, people, devices, 4); err != nil {
		t.Fatal(err)
	}
	recs2 := s2.Records()
	if len(recs2) == 0 || len(recs2) >= 24*2 {
		t.Errorf("history up to noon of the first day has %d records, want the mornings only", len(recs2))
	}
	for _, r := range recs2 {
		if r.ReceivedAt.After(clock2.Now()) {
			t.Errorf("record %d received %s, after now", r.ID, r.ReceivedAt)
		}
	}
}

func TestGenerateStaff(t *testing.T) {
	staff := GenerateStaff(1000)
	seenJob, seenName := map[string]bool{}, map[string]bool{}
	night := 0
	for i, p := range staff {
		if p.JobNumber != strconv.Itoa(1001+i) || seenJob[p.JobNumber] {
			t.Fatalf("staff %d has job number %q", i, p.JobNumber)
		}
		seenJob[p.JobNumber] = true
		seenName[p.Name] = true
		if isNightShift(p) {
			night++
		}
		if strconv.FormatInt(p.ID, 10) == p.JobNumber {
			t.Fatalf("staff %d: person id equals the job number; they must differ to catch mix-ups", i)
		}
	}
	if len(seenName) < 400 {
		t.Errorf("only %d different names among 1000 staff", len(seenName))
	}
	if night < 50 || night > 120 {
		t.Errorf("%d night-shift staff in 1000, want about one in twelve", night)
	}
	if demo := DemoPeople(); demo[0].Name != "佐藤 健太" || demo[1].Name != "鈴木 美咲" || len(demo) != 24 {
		t.Errorf("demo roster starts %v", demo[:2])
	}
}

// monthServer is 31 days of 1,000 staff × 6 recognitions = 186,000 records.
func monthServer(tb testing.TB) *Server {
	tb.Helper()
	s := New(Config{AppKey: testKey, AppSecret: testSecret, Seed: 1,
		Now: (&fakeClock{t: time.Date(2025, 8, 1, 12, 0, 0, 0, jst)}).Now})
	if err := s.GenerateDays(time.Date(2025, 6, 1, 0, 0, 0, 0, jst), 31, GenerateStaff(1000), DemoDevices(), 6); err != nil {
		tb.Fatal(err)
	}
	return s
}

func BenchmarkGenerateMonth(b *testing.B) {
	for b.Loop() {
		s := monthServer(b)
		if s.Len() != 186000 {
			b.Fatalf("generated %d records", s.Len())
		}
	}
	b.ReportMetric(186000, "records/op")
}

func BenchmarkServeRecordPage(b *testing.B) {
	s := monthServer(b)
	now := time.Date(2025, 8, 1, 12, 0, 0, 0, jst)
	// A page in the middle of a month-wide window, as a catch-up sync reads.
	u := signedURL("", "/api/v3/record/list", now, window("2025-06-01 00:00:00", "2025-07-02 23:59:59",
		"order", "1", "page", "900", "size", "100"))
	req := httptest.NewRequest(http.MethodGet, u, nil)
	var size int
	for b.Loop() {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("HTTP %d", w.Code)
		}
		size = w.Body.Len()
	}
	b.ReportMetric(float64(size), "bytes/page")
}

func TestServeRecordPageFromAMonth(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 186,000 records")
	}
	s := monthServer(t)
	hs := httptest.NewServer(s)
	defer hs.Close()
	now := time.Date(2025, 8, 1, 12, 0, 0, 0, jst)
	p, recs := listPage(t, hs.URL, now, window("2025-06-01 00:00:00", "2025-07-02 23:59:59", "order", "1", "page", "900", "size", "100"))
	if p.Total != 186000 || p.TotalPage != 1860 || len(recs) != 100 || recs[0].ID != 89901 || recs[99].ID != 90000 {
		t.Errorf("page 900 of the month: total %d pages %d, ids %d..%d", p.Total, p.TotalPage, recs[0].ID, recs[len(recs)-1].ID)
	}
	// One day's window holds exactly the records received that day.
	want := 0
	dayStart := time.Date(2025, 6, 15, 0, 0, 0, 0, jst)
	for _, r := range s.Records() {
		if !r.ReceivedAt.Before(dayStart) && r.ReceivedAt.Before(dayStart.AddDate(0, 0, 1)) {
			want++
		}
	}
	p, _ = listPage(t, hs.URL, now, window("2025-06-15 00:00:00", "2025-06-15 23:59:59", "size", "1"))
	if p.Total != want {
		t.Errorf("15 June window total %d, want %d received that day", p.Total, want)
	}
}
