// Package senselinksim is a stand-in for the SenseLink Cloud Open Platform API
// (see shared/senselink-api.md) that PunchDesk's tests, benchmarks and demos
// talk to instead of a real account.
//
// It reproduces what matters to a polling client: the signed query string and
// its error codes, the record list selected by the time the cloud received a
// record (so that a terminal that was offline uploads old recognitions into a
// later window), the page size cap, both orders, strangers, temperatures, mask
// flags, nullable fields, and injectable faults (HTTP 5xx, slow answers,
// malformed JSON, connection resets).
//
// It encodes the protocol on its own, without importing core/senselink, so that
// a misreading of the API in the client is not silently shared by the server
// it is tested against.
package senselinksim

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"time"
	_ "time/tzdata" // the account zone must load on machines without a zone database (Windows)
)

// Config sets up a Server. The zero value of every field but the credentials
// has a working default.
type Config struct {
	AppKey, AppSecret string
	// Location is the account's time zone: date_time_from/date_time_to are read
	// in it, and sign_date/sign_time_zone are written in it. Default Asia/Tokyo.
	Location *time.Location
	// Now is the cloud's clock; tests pass a fake one. Default time.Now.
	Now func() time.Time
	// MaxSkew is how far a request's timestamp may be from Now. Default 30 min.
	MaxSkew time.Duration
	Faults  Faults
	// Seed makes faults and generated recognitions repeatable.
	Seed int64
	// FirstID is the id given to the first received record. Default 1.
	FirstID int64
	// DeniedPaths answer 30005, as for an AppKey limited to some APIs.
	DeniedPaths []string
	// Version is what the version endpoints report. Default "sim-1.0".
	Version string
	// WindowBy is what date_time_from/to select by: WindowByReceive (the
	// default, as one source documents) or WindowBySign (the recognition
	// time, the other reading). PunchDesk must lose nothing under either.
	WindowBy string
	// IgnoreStartRecordID makes the record list ignore start_record_id and
	// end_record_id, as a server that does not know them would.
	IgnoreStartRecordID bool
	// RowShape is how a record page is laid out; see the RowShape constants.
	RowShape string
	// BadRows adds one row that is not a readable record (its id is text)
	// to every non-empty record page.
	BadRows bool
	// Flood makes every record list request first receive two pages of new
	// records: a server that never stops sending.
	Flood bool
}

// Readings of the record list's date window.
const (
	WindowByReceive = "receive"
	WindowBySign    = "sign"
)

// Record page layouts public clients have met.
const (
	RowShapeList     = "list"      // data.list with page_num, page_size, total, total_page
	RowShapeDataData = "data-data" // data.data with the same paging fields
	RowShapeNested   = "nested"    // data.data.record_list, paging fields inside data.data
	RowShapeV5       = "v5"        // data.list with page_num and page_size only; an empty page has no list
)

// RowShapes lists every layout, for flags and tests that cover them all.
var RowShapes = []string{RowShapeList, RowShapeDataData, RowShapeNested, RowShapeV5}

// Faults are the shares (0..1) of requests that fail in each way. They are
// decided per request, in this order, from one draw: the shares add up.
type Faults struct {
	ServerError float64 // HTTP 500/502/503 with a short body
	Reset       float64 // the connection is closed without a response
	Slow        float64 // the answer comes after SlowDelay
	Malformed   float64 // HTTP 200 with a body that is not valid JSON
	SlowDelay   time.Duration
}

// Person is someone registered in SenseLink.
type Person struct {
	ID        int64 // SenseLink's person id (user_id), not the employee number
	Name      string
	JobNumber string // employee number (従業員番号)
	ICNumber  string
	Groups    []string // the first one is reported as the record's group
	// Avatar is the registered face photo's image id, "" without a photo
	// (such a person is never recognised).
	Avatar string
}

// Device is a face recognition terminal.
type Device struct {
	ID        int64
	LDID      string // serial, e.g. "SPSE-" + 32 hex digits
	Name      string
	Location  string
	TypeID    int // 19 SenseThunder-Mini, 20 SenseThunder-E
	Direction int
}

// Record is one recognition as the cloud holds it.
type Record struct {
	ID              int64     // 0 until the cloud received it
	SignTime        time.Time // when the face was recognized on the terminal
	ReceivedAt      time.Time // when the cloud received it; selects the record list window
	UserID          int64     // 0 for a stranger
	UserName        string
	UserType        int     // 1 employee, 2 visitor, 3 stranger
	JobNumber       *string // nil is sent as null (strangers)
	Device          Device
	BodyTemperature float64 // °C, 0 = not measured
	AbnormalType    int     // 0 normal, 40001 high temperature
	Mask            *int    // 1 worn, 0 not worn, nil sent as null
	VerifyScore     float64
	EntryMode       int
	GroupName       string
}

// Server is the stand-in cloud: an http.Handler over an in-memory record log.
// All methods are safe for concurrent use.
type Server struct {
	loc     *time.Location
	now     func() time.Time
	appKey  string
	secret  string
	maxSkew time.Duration
	version string
	denied  map[string]bool

	windowBySign  bool
	ignoreStartID bool
	rowShape      string
	badRows       bool
	flood         bool

	faultMu  sync.Mutex
	faults   Faults
	faultRNG *rand.Rand

	genMu  sync.Mutex // taken before mu when both are needed
	genRNG *rand.Rand

	mu            sync.RWMutex
	people        []Person
	peopleUpdated int64 // Unix ms, reported as update_at
	devices       []Device
	groups        map[string]int64
	recs          []stored // in id order, which is also receive order
	nextID        int64
	lastRecv      time.Time
	offline       map[string]bool
	buffered      map[string][]Record
	slab          []byte // backing store for the records' JSON
}

// stored is a received record with what serving it needs precomputed.
type stored struct {
	rec     Record
	recvSec int64  // ReceivedAt in Unix seconds: windows are second precision
	json    []byte // the record's JSON object, encoded once on receipt
}

const maxSlab = 1 << 20

// New makes a Server with the defaults of Config filled in.
func New(cfg Config) *Server {
	s := &Server{
		loc:      cfg.Location,
		now:      cfg.Now,
		appKey:   cfg.AppKey,
		secret:   cfg.AppSecret,
		maxSkew:  cfg.MaxSkew,
		version:  cfg.Version,
		denied:   make(map[string]bool, len(cfg.DeniedPaths)),
		faultRNG: rand.New(rand.NewPCG(uint64(cfg.Seed), 0x5e45e11)),
		genRNG:   rand.New(rand.NewPCG(uint64(cfg.Seed), 0x9e3779b9)),
		groups:   make(map[string]int64),
		nextID:   cfg.FirstID,
		offline:  make(map[string]bool),
		buffered: make(map[string][]Record),

		windowBySign:  cfg.WindowBy == WindowBySign,
		ignoreStartID: cfg.IgnoreStartRecordID,
		rowShape:      cfg.RowShape,
		badRows:       cfg.BadRows,
		flood:         cfg.Flood,
	}
	if s.rowShape == "" {
		s.rowShape = RowShapeList
	}
	if s.loc == nil {
		s.loc = defaultLocation()
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.maxSkew <= 0 {
		s.maxSkew = 30 * time.Minute
	}
	if s.version == "" {
		s.version = "sim-1.0"
	}
	if s.nextID <= 0 {
		s.nextID = 1
	}
	for _, p := range cfg.DeniedPaths {
		s.denied[p] = true
	}
	s.faults = withFaultDefaults(cfg.Faults)
	s.peopleUpdated = s.now().UnixMilli()
	return s
}

func defaultLocation() *time.Location {
	loc, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		// Unreachable with time/tzdata linked in; JST has had no DST since 1951.
		return time.FixedZone("JST", 9*60*60)
	}
	return loc
}

func withFaultDefaults(f Faults) Faults {
	if f.SlowDelay <= 0 {
		f.SlowDelay = 3 * time.Second
	}
	return f
}

// SetFaults changes the fault shares for the requests that follow.
func (s *Server) SetFaults(f Faults) {
	s.faultMu.Lock()
	s.faults = withFaultDefaults(f)
	s.faultMu.Unlock()
}

// Deny makes the paths answer "no permission", as for an AppKey limited to
// some APIs. A path ending in "/" denies everything under it.
func (s *Server) Deny(paths ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range paths {
		s.denied[p] = true
	}
}

// Location is the account time zone the server reads and writes dates in.
func (s *Server) Location() *time.Location { return s.loc }

// SetPeople replaces the roster served by /api/v1/user/list and used by the
// generators.
func (s *Server) SetPeople(people []Person) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setPeopleLocked(people)
}

func (s *Server) setPeopleLocked(people []Person) {
	s.people = clonePeople(people)
	for _, p := range s.people {
		for _, g := range p.Groups {
			s.groupIDLocked(g)
		}
	}
	s.peopleUpdated = s.now().UnixMilli()
}

// People returns a copy of the roster.
func (s *Server) People() []Person {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return clonePeople(s.people)
}

func clonePeople(people []Person) []Person {
	out := make([]Person, len(people))
	for i, p := range people {
		p.Groups = append([]string(nil), p.Groups...)
		out[i] = p
	}
	return out
}

// SetDevices replaces the terminals served by /api/v1/device.
func (s *Server) SetDevices(devices []Device) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.devices = append([]Device(nil), devices...)
}

// Devices returns a copy of the terminal list.
func (s *Server) Devices() []Device {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]Device(nil), s.devices...)
}

// groupIDLocked gives each group name a stable id, so that user/list and the
// records agree on it.
func (s *Server) groupIDLocked(name string) int64 {
	if name == "" {
		return 0
	}
	id, ok := s.groups[name]
	if !ok {
		id = int64(len(s.groups) + 1)
		s.groups[name] = id
	}
	return id
}

// Receive is the cloud receiving a record from a terminal. It assigns the next
// id (or checks an explicit one is above every id so far) and, when ReceivedAt
// is zero, receives it now. Records must arrive in receive order: an explicit
// ReceivedAt before the last received record's is an error.
func (s *Server) Receive(r Record) (Record, error) {
	r = cloneRecord(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.receiveLocked(r)
}

func (s *Server) receiveLocked(r Record) (Record, error) {
	if err := checkRecord(r); err != nil {
		return Record{}, err
	}
	if r.ReceivedAt.IsZero() {
		r.ReceivedAt = s.now().Round(0)
		if r.ReceivedAt.Before(s.lastRecv) {
			r.ReceivedAt = s.lastRecv
		}
	} else if r.ReceivedAt.Before(s.lastRecv) {
		return Record{}, fmt.Errorf("receive record: received at %s, before the last received record (%s)",
			r.ReceivedAt.Format(time.RFC3339Nano), s.lastRecv.Format(time.RFC3339Nano))
	}
	switch {
	case r.ID == 0:
		r.ID = s.nextID
	case r.ID < s.nextID:
		return Record{}, fmt.Errorf("receive record: id %d is not above the last id %d", r.ID, s.nextID-1)
	}
	s.nextID = r.ID + 1
	s.lastRecv = r.ReceivedAt
	s.appendStoredLocked(r)
	return r, nil
}

func (s *Server) appendStoredLocked(r Record) {
	gid := s.groupIDLocked(r.GroupName)
	if cap(s.slab)-len(s.slab) < 2048 {
		// Chunks grow so that a test server with a few records stays small.
		s.slab = make([]byte, 0, min(maxSlab, max(16<<10, 2*cap(s.slab))))
	}
	// A record longer than the room left makes append move the slab; the
	// records before keep pointing into the old one, which stays valid.
	start := len(s.slab)
	s.slab = s.appendRecordJSON(s.slab, &r, gid)
	js := s.slab[start:len(s.slab):len(s.slab)]
	s.recs = append(s.recs, stored{rec: r, recvSec: r.ReceivedAt.Unix(), json: js})
}

func checkRecord(r Record) error {
	if r.SignTime.IsZero() {
		return errors.New("receive record: sign time is missing")
	}
	if math.IsNaN(r.BodyTemperature) || math.IsInf(r.BodyTemperature, 0) {
		return errors.New("receive record: body temperature is not a number")
	}
	if math.IsNaN(r.VerifyScore) || math.IsInf(r.VerifyScore, 0) {
		return errors.New("receive record: verify score is not a number")
	}
	return nil
}

// cloneRecord detaches the pointer fields, so that a caller changing its
// values later cannot change what the cloud holds.
func cloneRecord(r Record) Record {
	if r.JobNumber != nil {
		jn := *r.JobNumber
		r.JobNumber = &jn
	}
	if r.Mask != nil {
		m := *r.Mask
		r.Mask = &m
	}
	return r
}

// Records returns a snapshot of the received records in id order.
func (s *Server) Records() []Record {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]Record, len(s.recs))
	for i := range s.recs {
		out[i] = cloneRecord(s.recs[i].rec)
	}
	return out
}

// Len is the number of received records.
func (s *Server) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.recs)
}

// Recognize is a face recognition of p on terminal d at the given time. When
// d is offline the record stays on the terminal (returned with ID 0) until
// SetOffline(d.LDID, false); otherwise the cloud receives it at once, at the
// later of at and Now. mask is 1 worn, 0 not worn, negative for not reported.
// A temperature above 37.5 °C is flagged with abnormal_type 40001.
func (s *Server) Recognize(p Person, d Device, at time.Time, temperature float64, mask int) (Record, error) {
	s.genMu.Lock()
	score := employeeScore(s.genRNG)
	s.genMu.Unlock()
	return s.recognize(employeeRecord(p, d, at, temperature, maskPtr(mask), score))
}

// RecognizeStranger is a face on terminal d that matches nobody registered:
// user_id 0, user_type 3, job_number null, empty name.
func (s *Server) RecognizeStranger(d Device, at time.Time) (Record, error) {
	s.genMu.Lock()
	rec := strangerRecord(s.genRNG, d, at)
	s.genMu.Unlock()
	return s.recognize(rec)
}

func employeeRecord(p Person, d Device, at time.Time, temperature float64, mask *int, score float64) Record {
	jn := p.JobNumber
	rec := Record{
		SignTime:        at,
		UserID:          p.ID,
		UserName:        p.Name,
		UserType:        1,
		JobNumber:       &jn,
		Device:          d,
		BodyTemperature: roundTo(temperature, 1),
		AbnormalType:    abnormalFor(temperature, mask),
		Mask:            mask,
		VerifyScore:     score,
		EntryMode:       1,
	}
	if len(p.Groups) > 0 {
		rec.GroupName = p.Groups[0]
	}
	return rec
}

func (s *Server) recognize(rec Record) (Record, error) {
	if err := checkRecord(rec); err != nil {
		return Record{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.offline[rec.Device.LDID] {
		s.buffered[rec.Device.LDID] = append(s.buffered[rec.Device.LDID], rec)
		return rec, nil
	}
	recv := s.now().Round(0)
	if rec.SignTime.After(recv) {
		recv = rec.SignTime
	}
	if recv.Before(s.lastRecv) {
		recv = s.lastRecv
	}
	rec.ReceivedAt = recv
	return s.receiveLocked(rec)
}

// SetOffline takes a terminal off the network or brings it back. While it is
// offline its recognitions are stored on the terminal; coming back online
// uploads them: old sign times, received now, new ids.
func (s *Server) SetOffline(ldid string, offline bool) {
	s.setOffline(ldid, offline)
}

// setOffline returns how many stored records the terminal uploaded.
func (s *Server) setOffline(ldid string, offline bool) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if offline {
		s.offline[ldid] = true
		return 0
	}
	delete(s.offline, ldid)
	pending := s.buffered[ldid]
	delete(s.buffered, ldid)
	for _, rec := range pending {
		rec.ReceivedAt = time.Time{}
		// Cannot fail: the record was checked when buffered and the receive
		// time defaults to now.
		if _, err := s.receiveLocked(rec); err != nil {
			panic(fmt.Sprintf("senselinksim: upload of a checked record failed: %v", err))
		}
	}
	return len(pending)
}

// Offline reports whether the terminal is offline.
func (s *Server) Offline(ldid string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.offline[ldid]
}

// Buffered is how many recognitions an offline terminal holds for upload.
func (s *Server) Buffered(ldid string) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.buffered[ldid])
}

var maskValues = [2]int{0, 1}

// maskPtr maps 0/1 to shared pointers (no allocation per generated record)
// and a negative value to nil.
func maskPtr(mask int) *int {
	switch {
	case mask < 0:
		return nil
	case mask <= 1:
		return &maskValues[mask]
	}
	m := mask
	return &m
}

// abnormalFor is what a terminal reports in abnormal_type: 40001 for a high
// temperature, else 50001 when it saw no mask (JCV's codes).
func abnormalFor(temperature float64, mask *int) int {
	switch {
	case temperature > 37.5:
		return 40001
	case mask != nil && *mask == 0:
		return 50001
	}
	return 0
}

func roundTo(v float64, decimals int) float64 {
	p := math.Pow10(decimals)
	return math.Round(v*p) / p
}

// floodPage receives n recognitions now, of the roster's first person on the
// first terminal (or a stranger on a made-up one): Flood's endless supply.
func (s *Server) floodPage(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := Device{ID: 1, LDID: "SPSE-flood", Name: "flood"}
	if len(s.devices) > 0 {
		d = s.devices[0]
	}
	now := s.now().Round(0)
	for range n {
		rec := Record{SignTime: now, UserType: 3, Device: d, VerifyScore: 0.4, EntryMode: 1}
		if len(s.people) > 0 {
			rec = employeeRecord(s.people[0], d, now, 36.5, nil, 0.9)
		}
		if _, err := s.receiveLocked(rec); err != nil {
			panic(fmt.Sprintf("senselinksim: flood record refused: %v", err))
		}
	}
}

// Amend changes a received record in place — what a server that serves an id
// again with other content looks like to a client. It reports whether the
// id was found.
func (s *Server) Amend(id int64, change func(*Record)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.recs {
		if s.recs[i].rec.ID != id {
			continue
		}
		r := cloneRecord(s.recs[i].rec)
		change(&r)
		r.ID, r.ReceivedAt = id, s.recs[i].rec.ReceivedAt
		s.recs[i].rec = r
		s.recs[i].json = s.appendRecordJSON(nil, &r, s.groupIDLocked(r.GroupName))
		return true
	}
	return false
}

// NextID is the id the next received record gets: where a stand-in that
// continues this one's history starts (Config.FirstID).
func (s *Server) NextID() int64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.nextID <= 0 {
		return 1
	}
	return s.nextID
}
