package senselinksim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"time"
)

// Script is a fixed scenario: a roster, terminals and the exact records the
// cloud received, for tests and demos that need the same data every run.
type Script struct {
	People  []ScriptPerson `json:"people"`
	Devices []ScriptDevice `json:"devices"`
	Records []ScriptRecord `json:"records"`
}

// ScriptPerson is a roster entry of a Script.
type ScriptPerson struct {
	ID        int64    `json:"id"`
	Name      string   `json:"name"`
	JobNumber string   `json:"job_number"`
	ICNumber  string   `json:"ic_number,omitempty"`
	Groups    []string `json:"groups,omitempty"`
}

// ScriptDevice is a terminal of a Script.
type ScriptDevice struct {
	ID        int64  `json:"id"`
	LDID      string `json:"ldid"`
	Name      string `json:"name"`
	Location  string `json:"location"`
	TypeID    int    `json:"type_id"`
	Direction int    `json:"direction,omitempty"`
}

// ScriptRecord is one received record of a Script. Times are RFC 3339.
// ReceivedAt defaults to SignTime; a later one is a late upload.
// When UserID is 0 and JobNumber names a person of the script, the person's
// id, name and group fill in. UserType defaults to 1 with a job number and
// 3 (stranger) without. AbnormalType defaults to 40001 above 37.5 °C.
// A missing mask is sent as null.
type ScriptRecord struct {
	ID              *int64   `json:"id,omitempty"`
	SignTime        string   `json:"sign_time"`
	ReceivedAt      string   `json:"received_at,omitempty"`
	JobNumber       *string  `json:"job_number"`
	UserName        string   `json:"user_name"`
	UserID          int64    `json:"user_id"`
	UserType        int      `json:"user_type"`
	DeviceLDID      string   `json:"device_ldid"`
	BodyTemperature float64  `json:"body_temperature"`
	Mask            *int     `json:"mask"`
	AbnormalType    *int     `json:"abnormal_type,omitempty"`
	VerifyScore     *float64 `json:"verify_score,omitempty"`
	GroupName       string   `json:"group_name,omitempty"`
}

// LoadScript reads and checks a Script. Errors name the entry and the field,
// e.g. `records[3].sign_time: ...`.
func LoadScript(r io.Reader) (Script, error) {
	var raw struct {
		People  []json.RawMessage `json:"people"`
		Devices []json.RawMessage `json:"devices"`
		Records []json.RawMessage `json:"records"`
	}
	if err := decodeStrict(r, &raw); err != nil {
		return Script{}, fmt.Errorf("load script: %s", describeJSONError(err, ""))
	}
	var sc Script
	sc.People = make([]ScriptPerson, len(raw.People))
	for i, m := range raw.People {
		if err := decodeStrict(bytes.NewReader(m), &sc.People[i]); err != nil {
			return Script{}, fmt.Errorf("load script: %s", describeJSONError(err, fmt.Sprintf("people[%d]", i)))
		}
	}
	sc.Devices = make([]ScriptDevice, len(raw.Devices))
	for i, m := range raw.Devices {
		if err := decodeStrict(bytes.NewReader(m), &sc.Devices[i]); err != nil {
			return Script{}, fmt.Errorf("load script: %s", describeJSONError(err, fmt.Sprintf("devices[%d]", i)))
		}
	}
	sc.Records = make([]ScriptRecord, len(raw.Records))
	for i, m := range raw.Records {
		if err := decodeStrict(bytes.NewReader(m), &sc.Records[i]); err != nil {
			return Script{}, fmt.Errorf("load script: %s", describeJSONError(err, fmt.Sprintf("records[%d]", i)))
		}
	}
	var known []Device
	if len(sc.Devices) > 0 {
		known = sc.scriptDevices()
	}
	if _, _, err := sc.build(known, known == nil); err != nil {
		return Script{}, fmt.Errorf("load script: %w", err)
	}
	return sc, nil
}

func decodeStrict(r io.Reader, v any) error {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("unexpected data after the JSON value")
	}
	return nil
}

// describeJSONError puts the entry and field in front of a decoding error.
func describeJSONError(err error, entry string) string {
	prefix := entry
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field != "" {
		if prefix != "" {
			prefix += "."
		}
		return fmt.Sprintf("%s%s: want %s, got JSON %s", prefix, typeErr.Field, typeErr.Type, typeErr.Value)
	}
	if prefix == "" {
		return err.Error()
	}
	return prefix + ": " + err.Error()
}

func (sc Script) scriptDevices() []Device {
	devices := make([]Device, len(sc.Devices))
	for i, d := range sc.Devices {
		devices[i] = Device(d)
		if devices[i].ID == 0 {
			devices[i].ID = int64(i + 1)
		}
	}
	return devices
}

func (sc Script) scriptPeople() []Person {
	people := make([]Person, len(sc.People))
	for i, p := range sc.People {
		people[i] = Person{ID: p.ID, Name: p.Name, JobNumber: p.JobNumber, ICNumber: p.ICNumber, Groups: p.Groups}
	}
	return people
}

// build checks the script and turns its records into Records in receive
// order, with the index each had in the script. devices are the terminals
// records may name; with anyDevice the device check is left to Apply, which
// knows the server's terminals.
func (sc Script) build(devices []Device, anyDevice bool) ([]Record, []int, error) {
	ids := map[int64]bool{}
	jobs := map[string]int{}
	for i, p := range sc.People {
		switch {
		case p.ID <= 0:
			return nil, nil, fmt.Errorf("people[%d].id: must be a positive person id", i)
		case ids[p.ID]:
			return nil, nil, fmt.Errorf("people[%d].id: %d is used twice", i, p.ID)
		case p.Name == "":
			return nil, nil, fmt.Errorf("people[%d].name: is empty", i)
		case len(p.JobNumber) > 45:
			return nil, nil, fmt.Errorf("people[%d].job_number: longer than SenseLink's 45 characters", i)
		}
		if j, dup := jobs[p.JobNumber]; dup {
			return nil, nil, fmt.Errorf("people[%d].job_number: %q is also people[%d]'s", i, p.JobNumber, j)
		}
		ids[p.ID] = true
		if p.JobNumber != "" {
			jobs[p.JobNumber] = i
		}
	}
	ldids := map[string]bool{}
	for i, d := range sc.Devices {
		switch {
		case d.LDID == "":
			return nil, nil, fmt.Errorf("devices[%d].ldid: is empty", i)
		case ldids[d.LDID]:
			return nil, nil, fmt.Errorf("devices[%d].ldid: %q is used twice", i, d.LDID)
		}
		ldids[d.LDID] = true
	}
	byLDID := map[string]Device{}
	for _, d := range devices {
		byLDID[d.LDID] = d
	}

	recs := make([]Record, len(sc.Records))
	for i, sr := range sc.Records {
		rec, err := sc.buildRecord(sr, jobs, byLDID, anyDevice)
		if err != nil {
			return nil, nil, fmt.Errorf("records[%d].%w", i, err)
		}
		recs[i] = rec
	}
	order := make([]int, len(recs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return recs[a].ReceivedAt.Compare(recs[b].ReceivedAt) })
	sorted := make([]Record, len(recs))
	var lastID int64
	lastIdx := -1
	for k, i := range order {
		sorted[k] = recs[i]
		if id := recs[i].ID; id != 0 {
			if id <= lastID {
				return nil, nil, fmt.Errorf("records[%d].id: %d is not above records[%d]'s id %d, which the cloud received earlier or at the same time", i, id, lastIdx, lastID)
			}
			lastID, lastIdx = id, i
		}
	}
	return sorted, order, nil
}

// fieldError is a record error that starts with the field name, so that the
// caller's "records[i]." prefix reads as a path.
func fieldError(field, format string, args ...any) error {
	return fmt.Errorf("%s: %s", field, fmt.Sprintf(format, args...))
}

func (sc Script) buildRecord(sr ScriptRecord, jobs map[string]int, byLDID map[string]Device, anyDevice bool) (Record, error) {
	var rec Record
	if sr.SignTime == "" {
		return rec, fieldError("sign_time", "is required")
	}
	sign, err := time.Parse(time.RFC3339, sr.SignTime)
	if err != nil {
		return rec, fieldError("sign_time", "%q is not RFC 3339 (2025-06-09T08:47:12+09:00)", sr.SignTime)
	}
	recv := sign
	if sr.ReceivedAt != "" {
		recv, err = time.Parse(time.RFC3339, sr.ReceivedAt)
		if err != nil {
			return rec, fieldError("received_at", "%q is not RFC 3339 (2025-06-09T08:47:15+09:00)", sr.ReceivedAt)
		}
		if recv.Before(sign) {
			return rec, fieldError("received_at", "%s is before sign_time %s", sr.ReceivedAt, sr.SignTime)
		}
	}
	if sr.ID != nil && *sr.ID <= 0 {
		return rec, fieldError("id", "must be positive, got %d", *sr.ID)
	}
	if sr.DeviceLDID == "" {
		return rec, fieldError("device_ldid", "is required")
	}
	dev, known := byLDID[sr.DeviceLDID]
	if !known {
		if !anyDevice {
			return rec, fieldError("device_ldid", "%q is not a known terminal", sr.DeviceLDID)
		}
		dev = Device{LDID: sr.DeviceLDID}
	}
	if sr.Mask != nil && *sr.Mask != 0 && *sr.Mask != 1 {
		return rec, fieldError("mask", "must be 0, 1 or null, got %d", *sr.Mask)
	}
	if t := sr.BodyTemperature; t < 0 || t > 45 || math.IsNaN(t) {
		return rec, fieldError("body_temperature", "%v °C is not a body temperature (0 = not measured)", t)
	}
	userType := sr.UserType
	if userType == 0 {
		userType = 3
		if sr.JobNumber != nil {
			userType = 1
		}
	}
	if userType < 1 || userType > 3 {
		return rec, fieldError("user_type", "must be 1 (employee), 2 (visitor) or 3 (stranger), got %d", sr.UserType)
	}
	if sr.JobNumber == nil && sr.UserID != 0 {
		return rec, fieldError("job_number", "is null but user_id is %d; strangers have user_id 0", sr.UserID)
	}
	abnormal := abnormalFor(sr.BodyTemperature, sr.Mask)
	if sr.AbnormalType != nil {
		abnormal = *sr.AbnormalType
	}
	score := 0.9
	if sr.JobNumber == nil {
		score = 0.41
	}
	if sr.VerifyScore != nil {
		score = *sr.VerifyScore
	}
	rec = Record{
		SignTime:        sign,
		ReceivedAt:      recv,
		UserID:          sr.UserID,
		UserName:        sr.UserName,
		UserType:        userType,
		Device:          dev,
		BodyTemperature: sr.BodyTemperature,
		AbnormalType:    abnormal,
		Mask:            sr.Mask,
		VerifyScore:     score,
		EntryMode:       1,
		GroupName:       sr.GroupName,
	}
	if sr.ID != nil {
		rec.ID = *sr.ID
	}
	if sr.JobNumber != nil {
		jn := *sr.JobNumber
		rec.JobNumber = &jn
		if i, ok := jobs[jn]; ok && rec.UserID == 0 {
			p := sc.People[i]
			rec.UserID = p.ID
			if rec.UserName == "" {
				rec.UserName = p.Name
			}
			if rec.GroupName == "" && len(p.Groups) > 0 {
				rec.GroupName = p.Groups[0]
			}
		}
	}
	return cloneRecord(rec), nil
}

// Apply loads a script into the server: its people and devices replace the
// roster and terminals (when the script has any), then its records are
// received in received_at order. Nothing changes when it fails. The records
// must come after any record already received.
func (s *Server) Apply(sc Script) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	devices := s.devices
	if len(sc.Devices) > 0 {
		devices = sc.scriptDevices()
	}
	recs, index, err := sc.build(devices, false)
	if err != nil {
		return fmt.Errorf("apply script: %w", err)
	}
	// Check what receiving could refuse before changing anything.
	nextID, lastRecv := s.nextID, s.lastRecv
	for k, r := range recs {
		if r.ReceivedAt.Before(lastRecv) {
			return fmt.Errorf("apply script: records[%d].received_at: %s is before the last record the server received (%s)",
				index[k], r.ReceivedAt.Format(time.RFC3339), lastRecv.Format(time.RFC3339))
		}
		if r.ID != 0 && r.ID < nextID {
			return fmt.Errorf("apply script: records[%d].id: %d is not above the server's last id %d", index[k], r.ID, nextID-1)
		}
		if r.ID != 0 {
			nextID = r.ID
		}
		nextID++
		lastRecv = r.ReceivedAt
	}
	if len(sc.People) > 0 {
		s.setPeopleLocked(sc.scriptPeople())
	}
	s.devices = devices
	for _, r := range recs {
		if _, err := s.receiveLocked(r); err != nil {
			return fmt.Errorf("apply script: %w", err)
		}
	}
	return nil
}
