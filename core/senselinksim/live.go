package senselinksim

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
)

// LiveConfig tunes RunLive.
type LiveConfig struct {
	// Interval is the mean time between recognitions (each wait is jittered
	// to 50–150 % of it). Default 5 s.
	Interval time.Duration
	// StrangerShare is the share of recognitions of unregistered faces.
	// 0 means the default 0.05; a negative value means none.
	StrangerShare float64
	// OfflineDevice is the LDID of a terminal that goes offline every
	// OfflineEvery (default 2 min) for OfflineFor (default 30 s), storing its
	// recognitions, then uploads them. "" for none.
	OfflineDevice string
	OfflineEvery  time.Duration
	OfflineFor    time.Duration
	// Logf, when set, is told about each recognition and network change.
	Logf func(format string, args ...any)
}

func (lc LiveConfig) withDefaults() LiveConfig {
	if lc.Interval <= 0 {
		lc.Interval = 5 * time.Second
	}
	switch {
	case lc.StrangerShare == 0:
		lc.StrangerShare = 0.05
	case lc.StrangerShare < 0:
		lc.StrangerShare = 0
	}
	if lc.OfflineEvery <= 0 {
		lc.OfflineEvery = 2 * time.Minute
	}
	if lc.OfflineFor <= 0 {
		lc.OfflineFor = 30 * time.Second
	}
	if lc.Logf == nil {
		lc.Logf = func(string, ...any) {}
	}
	return lc
}

// RunLive makes recognitions happen until ctx ends, as a busy office would:
// one every Interval (jittered) of a random roster member on a random
// terminal, with realistic temperatures and mask flags and the odd stranger.
// An offline terminal's recognitions wait on it until it comes back online.
// It uses the roster and terminals as they are when it starts, and needs at
// least one of each. It returns nil when ctx ends; a terminal offline at that
// moment stays offline with its stored records.
func (s *Server) RunLive(ctx context.Context, lc LiveConfig) error {
	lc = lc.withDefaults()
	people, devices := s.People(), s.Devices()
	if len(people) == 0 {
		return errors.New("run live: the roster is empty")
	}
	if len(devices) == 0 {
		return errors.New("run live: there are no devices")
	}
	if lc.OfflineDevice != "" && !hasDevice(devices, lc.OfflineDevice) {
		return fmt.Errorf("run live: offline device %q is not registered", lc.OfflineDevice)
	}

	next := time.NewTimer(s.jitter(lc.Interval))
	defer next.Stop()
	var network <-chan time.Time // nil, so never ready, without an offline terminal
	var networkTimer *time.Timer
	if lc.OfflineDevice != "" {
		networkTimer = time.NewTimer(lc.OfflineEvery)
		defer networkTimer.Stop()
		network = networkTimer.C
	}
	offline := false
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-network:
			offline = !offline
			if offline {
				s.setOffline(lc.OfflineDevice, true)
				lc.Logf("%s terminal %s went offline; its recognitions wait on it", s.clock(), lc.OfflineDevice)
				networkTimer.Reset(lc.OfflineFor)
			} else {
				n := s.setOffline(lc.OfflineDevice, false)
				lc.Logf("%s terminal %s is back online and uploaded %d stored recognitions", s.clock(), lc.OfflineDevice, n)
				networkTimer.Reset(lc.OfflineEvery)
			}
		case <-next.C:
			rec, err := s.liveRecognition(people, devices, lc.StrangerShare)
			if err != nil {
				return fmt.Errorf("run live: %w", err)
			}
			lc.Logf("%s", describe(rec, s.loc))
			next.Reset(s.jitter(lc.Interval))
		}
	}
}

// clock is the cloud's time of day in the account zone, for log lines.
func (s *Server) clock() string { return s.now().In(s.loc).Format("15:04:05") }

func hasDevice(devices []Device, ldid string) bool {
	for _, d := range devices {
		if d.LDID == ldid {
			return true
		}
	}
	return false
}

func (s *Server) jitter(d time.Duration) time.Duration {
	s.genMu.Lock()
	defer s.genMu.Unlock()
	return time.Duration(float64(d) * (0.5 + s.genRNG.Float64()))
}

// liveRecognition picks a face and a terminal; terminals that are offline
// still recognize people, they just keep the records.
func (s *Server) liveRecognition(people []Person, devices []Device, strangerShare float64) (Record, error) {
	now := s.now().Round(0)
	s.genMu.Lock()
	rng := s.genRNG
	d := devices[rng.IntN(len(devices))]
	var rec Record
	if rng.Float64() < strangerShare {
		rec = strangerRecord(rng, d, now)
	} else {
		p := people[rng.IntN(len(people))]
		rec = employeeRecord(p, d, now, drawTemperature(rng), maskPtr(drawMask(rng)), employeeScore(rng))
	}
	s.genMu.Unlock()
	return s.recognize(rec)
}

// TriggerRecognition makes one recognition happen right now: a random roster
// member on a random online terminal, so that it is visible at once.
func (s *Server) TriggerRecognition() (Record, error) {
	people := s.People()
	if len(people) == 0 {
		return Record{}, errors.New("trigger recognition: the roster is empty")
	}
	var online []Device
	for _, d := range s.Devices() {
		if !s.Offline(d.LDID) {
			online = append(online, d)
		}
	}
	if len(online) == 0 {
		return Record{}, errors.New("trigger recognition: no terminal is online")
	}
	now := s.now().Round(0)
	s.genMu.Lock()
	rng := s.genRNG
	p := people[rng.IntN(len(people))]
	d := online[rng.IntN(len(online))]
	rec := employeeRecord(p, d, now, drawTemperature(rng), maskPtr(drawMask(rng)), employeeScore(rng))
	s.genMu.Unlock()
	rec, err := s.recognize(rec)
	if err != nil {
		return Record{}, fmt.Errorf("trigger recognition: %w", err)
	}
	return rec, nil
}

// describe is a one-line account of a recognition for the command's log.
func describe(r Record, loc *time.Location) string {
	who := "stranger"
	if r.JobNumber != nil {
		who = fmt.Sprintf("%s (%s)", r.UserName, *r.JobNumber)
	}
	temp := "not measured"
	if r.BodyTemperature > 0 {
		temp = fmt.Sprintf("%.1f°C", r.BodyTemperature)
		if r.AbnormalType != 0 {
			temp += " HIGH"
		}
	}
	mask := "mask ?"
	if r.Mask != nil {
		mask = map[bool]string{true: "mask", false: "no mask"}[*r.Mask == 1]
	}
	state := fmt.Sprintf("#%d", r.ID)
	if r.ID == 0 {
		state = "stored on offline terminal"
	}
	return fmt.Sprintf("%s %s at %s, %s, %s [%s]",
		r.SignTime.In(loc).Format("15:04:05"), who, r.Device.Name, temp, mask, state)
}

// drawTemperature: about 5 % not measured (0.0), about 3 % feverish
// (37.6–38.4 °C), the rest around 36.5 °C within 35.9–37.3.
func drawTemperature(rng *rand.Rand) float64 {
	u := rng.Float64()
	switch {
	case u < 0.05:
		return 0
	case u < 0.08:
		return roundTo(37.6+0.8*rng.Float64(), 1)
	}
	t := 36.55 + 0.3*rng.NormFloat64()
	return roundTo(min(37.3, max(35.9, t)), 1)
}

// drawMask: about 8 % without a mask.
func drawMask(rng *rand.Rand) int {
	if rng.Float64() < 0.08 {
		return 0
	}
	return 1
}

func employeeScore(rng *rand.Rand) float64 {
	return roundTo(0.82+0.16*rng.Float64(), 3)
}

func strangerRecord(rng *rand.Rand, d Device, at time.Time) Record {
	temp := drawTemperature(rng)
	mask := maskPtr(drawMask(rng))
	return Record{
		SignTime:        at,
		UserType:        3,
		Device:          d,
		BodyTemperature: temp,
		AbnormalType:    abnormalFor(temp, mask),
		Mask:            mask,
		VerifyScore:     roundTo(0.25+0.35*rng.Float64(), 3),
		EntryMode:       1,
	}
}
