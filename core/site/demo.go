package site

import (
	"context"
	cryptorand "crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"time"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/rules"
	"github.com/punchdesk/punchdesk/core/senselink"
	"github.com/punchdesk/punchdesk/core/senselinksim"
	"github.com/punchdesk/punchdesk/core/store"
)

// DemoServer is what the link row says for the built-in stand-in; it is not
// a URL because the stand-in's port changes every time the app starts.
const DemoServer = "demo:senselink-sim"

// demo is the in-process stand-in that lets someone without a SenseLink
// account try the whole app. Its credentials are made up at start and never
// stored: they protect nothing.
type demo struct {
	sim    *senselinksim.Server
	srv    *http.Server
	url    string
	key    string
	secret string
	cancel context.CancelFunc
	done   chan struct{}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = cryptorand.Read(b) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b)
}

func startDemo(loc *time.Location, now time.Time) (*demo, error) {
	d := &demo{key: "demo-" + randomHex(4), secret: randomHex(16), done: make(chan struct{})}
	d.sim = senselinksim.New(senselinksim.Config{
		AppKey: d.key, AppSecret: d.secret, Location: loc,
		// Ids must keep growing across app restarts, or new demo records
		// would collide with stored ones.
		FirstID: now.UnixMilli(),
		Seed:    now.UnixNano(),
	})
	d.sim.SetPeople(senselinksim.DemoPeople())
	d.sim.SetDevices(senselinksim.DemoDevices())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("start the demo stand-in: %w", err)
	}
	d.url = "http://" + ln.Addr().String()
	d.srv = &http.Server{Handler: d.sim, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = d.srv.Serve(ln) }()
	ctx, cancel := context.WithCancel(context.Background())
	d.cancel = cancel
	go func() {
		defer close(d.done)
		_ = d.sim.RunLive(ctx, senselinksim.LiveConfig{
			Interval:      6 * time.Second,
			OfflineDevice: senselinksim.DemoDevices()[1].LDID,
			OfflineEvery:  3 * time.Minute,
			OfflineFor:    time.Minute,
		})
	}()
	return d, nil
}

func (d *demo) stop() {
	d.cancel()
	<-d.done
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = d.srv.Shutdown(ctx)
}

func (d *demo) client(loc *time.Location, now func() time.Time) (*senselink.Client, error) {
	return senselink.New(senselink.Config{BaseURL: d.url, AppKey: d.key, AppSecret: d.secret, Location: loc, Now: now})
}

// backfill makes the demo's yesterday and today so far: day staff arrive
// around 8:30, go to lunch and come back, leave in the evening; the night
// shift comes in the evening and leaves the next morning. Only what has
// happened by now is recorded, so the first sync has real days to show at
// any hour.
func (d *demo) backfill(loc *time.Location, now time.Time) error {
	local := now.In(loc)
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	rng := rand.New(rand.NewPCG(uint64(now.UnixNano()), 7))
	minutes := func(from, spread int) time.Duration {
		return time.Duration(from+rng.IntN(spread)) * time.Minute
	}
	devices := d.sim.Devices()
	for _, p := range d.sim.People() {
		var times []time.Time
		for _, day := range []time.Time{today.AddDate(0, 0, -1), today} {
			if slices.Contains(p.Groups, senselinksim.NightShiftGroup) {
				times = append(times, day.Add(6*time.Hour+minutes(0, 40)), day.Add(21*time.Hour+minutes(30, 30)))
				continue
			}
			lunch := day.Add(12*time.Hour + minutes(0, 20))
			times = append(times, day.Add(8*time.Hour+minutes(20, 60)), lunch, lunch.Add(minutes(45, 15)), day.Add(17*time.Hour+minutes(30, 120)))
		}
		for _, at := range times {
			if at.After(now) {
				break
			}
			temp := 36.0 + float64(rng.IntN(110))/100
			if rng.IntN(30) == 0 {
				temp = 37.6 + float64(rng.IntN(8))/10
			}
			mask := 1
			if rng.IntN(12) == 0 {
				mask = 0
			}
			if _, err := d.sim.Recognize(p, devices[rng.IntN(len(devices))], at, temp, mask); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Site) runningDemo() *demo {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.demo
}

func (s *Site) stopDemo() {
	s.mu.Lock()
	d := s.demo
	s.demo = nil
	s.mu.Unlock()
	if d != nil {
		d.stop()
	}
}

// StartDemo starts the built-in stand-in when the site is linked to it, so
// that the app can poll it. It does nothing for a real link.
func (s *Site) StartDemo(ctx context.Context) error {
	link, ok, err := s.db.Link(ctx)
	if err != nil || !ok || !link.Demo {
		return err
	}
	_, err = s.ensureDemo(ctx)
	return err
}

func (s *Site) ensureDemo(ctx context.Context) (d *demo, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.demo != nil {
		return s.demo, nil
	}
	loc, err := s.Location(ctx)
	if err != nil {
		return nil, err
	}
	if s.demo, err = startDemo(loc, s.now()); err != nil {
		return nil, err
	}
	return s.demo, nil
}

// LinkDemo links the site to the built-in stand-in, with today's morning
// already recorded and new recognitions every few seconds.
func (s *Site) LinkDemo(ctx context.Context) error {
	d, err := s.ensureDemo(ctx)
	if err != nil {
		return err
	}
	loc, err := s.Location(ctx)
	if err != nil {
		return err
	}
	c, err := d.client(loc, s.now)
	if err != nil {
		return err
	}
	if err := verify(ctx, c, s.now()); err != nil {
		return fmt.Errorf("the demo stand-in did not answer: %w", err)
	}
	link, hadLink, err := s.db.Link(ctx)
	if err != nil {
		return err
	}
	if !hadLink || !link.Demo {
		if err := d.backfill(loc, s.now()); err != nil {
			return err
		}
		if err := s.addDemoStaff(ctx, d); err != nil {
			return err
		}
		if err := s.configureDemo(ctx, d, loc); err != nil {
			return err
		}
	}
	return s.saveLink(ctx, store.Link{Server: DemoServer, AppKey: "demo", Demo: true, LinkedAt: s.now()}, time.Time{},
		s.entry(domain.AuditLink, DemoServer))
}

// addDemoStaff registers the demo office's staff so that punches appear at
// once — all but the newest hire, whose recognitions stay unlinked, and one
// typed with a leading zero, so that the staff screen has a near match to fix.
func (s *Site) addDemoStaff(ctx context.Context, d *demo) error {
	existing, err := s.db.ListStaff(ctx)
	if err != nil || len(existing) > 0 {
		return err
	}
	people := d.sim.People()
	var rows []domain.StaffMember
	for i, p := range people[:len(people)-1] {
		code := p.JobNumber
		if i == 2 {
			code = "0" + code
		}
		group := ""
		if len(p.Groups) > 0 {
			group = p.Groups[0]
		}
		if slices.Contains(p.Groups, senselinksim.NightShiftGroup) {
			group = senselinksim.NightShiftGroup // its own day change
		}
		rows = append(rows, domain.StaffMember{Code: code, Name: p.Name, Group: group, Active: true, CreatedAt: s.now()})
	}
	_, _, err = s.importStaff(ctx, rows, DemoReason)
	return err
}

// DemoReason is the reason the audit trail gives for what the demo set up
// (the screens word it).
const DemoReason = "demo"

// configureDemo sets the demo office up as a site that also uses IC cards
// and runs a night shift: the punch option for both punch methods, a 05:00
// day change for the office and 12:00 for the night group (its shift runs
// 22:00–06:30, so it pairs and shows 翌), a location group per terminal,
// standard hours for 営業部, and two staff members who clocked
// in by card yesterday before the face terminal saw them — their first face
// punches wait in the pending queue, and their days in 要確認.
func (s *Site) configureDemo(ctx context.Context, d *demo, loc *time.Location) error {
	devices := d.sim.Devices()
	if err := s.SetSettings(ctx, [][2]string{
		{SettingPunchMode, string(rules.ModeUnapprovedFirst)},
		{SettingDayChange, "05:00"},
		{SettingGroupDayChange, senselinksim.NightShiftGroup + "=12:00"},
		// Two places, so that the workbook's 打刻場所別 has something to
		// split, and standard hours for one group (遅刻・早退).
		{SettingTerminalGroup, devices[0].Name + "=本社"},
		{SettingTerminalGroup, devices[len(devices)-1].Name + "=通用口"},
		{SettingGroupHours, "営業部=09:00-18:00"},
	}); err != nil {
		return err
	}
	now := s.now().In(loc)
	yesterday := time.Date(now.Year(), now.Month(), now.Day()-1, 8, 5, 0, 0, loc)
	var punches []store.OtherPunch
	for i, p := range d.sim.People()[:2] {
		punches = append(punches, store.OtherPunch{StaffCode: p.JobNumber, Time: yesterday.Add(time.Duration(i) * 7 * time.Minute),
			Source: rules.SourceICCard, Note: "ICカード"})
	}
	return s.db.Update(ctx, "add demo punches", func(tx *store.Tx) error {
		_, err := s.addPunches(tx, punches, domain.AuditPunchAdd, DemoReason)
		return err
	})
}

// DemoRecognition makes someone walk up to a demo terminal now.
func (s *Site) DemoRecognition() (senselink.Record, error) {
	d := s.runningDemo()
	if d == nil {
		return senselink.Record{}, errors.New("the demo stand-in is not running")
	}
	r, err := d.sim.TriggerRecognition()
	if err != nil {
		return senselink.Record{}, err
	}
	job := r.JobNumber
	return senselink.Record{ID: r.ID, SignTime: r.SignTime, UserName: r.UserName, JobNumber: job, DeviceName: r.Device.Name}, nil
}
