// Package senselink is a client for the SenseLink Cloud Open Platform API
// (see shared/senselink-api.md). It is deliberately tolerant of the variants
// public servers are known to send: numbers as strings, missing totals, rows
// under different keys, and nulls almost everywhere.
package senselink

import (
	"encoding/json"
	"time"
)

// Record is one recognition (認証レコード) as SenseLink reported it.
// Pointer fields are nil when the server sent null or left the field out,
// so that "not sent" stays distinguishable from zero.
type Record struct {
	ID               int64
	SignTime         time.Time // the recognition instant; from sign_time (Unix seconds)
	SignTimeZone     string    // e.g. "GMT+09:00"
	SignDate         string    // "YYYY-MM-DD" in the terminal's zone
	UserID           int64     // 0 for an unregistered person
	UserName         string
	UserType         int     // 1 employee, 2 visitor, 3 stranger (observed)
	JobNumber        *string // employee number (従業員番号); nil for strangers
	DeviceLDID       string
	DeviceName       string
	Location         string
	BodyTemperature  *float64 // °C; 0 means "not measured"
	AbnormalType     int      // 0 normal; 40001 abnormal temperature, 50001 no mask, others see senselink-api.md
	Mask             *int     // 1 mask worn, 0 no mask
	Direction        *int
	EntryMode        *int
	VerifyScore      *float64
	CapturePicture   string
	CaptureBgPicture string
	GroupID          *int64
	GroupName        string
	Groups           json.RawMessage // kept as sent; its shape varies
	Raw              json.RawMessage // the record exactly as received
	// ReceivedBy is not from the API: the end of the receive window
	// PunchDesk read the record in (the cloud had it by then), set by the
	// sync; zero when unknown.
	ReceivedBy time.Time
}

// IsStranger reports whether the record is of a person SenseLink does not know.
func (r Record) IsStranger() bool {
	return r.UserID == 0 && (r.JobNumber == nil || *r.JobNumber == "")
}

// RecordQuery selects one page of records in [From, To] (received or
// recognised then: the sources disagree, see shared/senselink-api.md).
// From and To are sent at second precision in the client's Location.
type RecordQuery struct {
	From, To time.Time
	// StartID, when positive, asks only for records with an id of at
	// least StartID (start_record_id). Ids increase in receive order, so
	// this finds a late upload whatever the window selects by — on a
	// server that honours it, which the caller must check.
	StartID int64
	Page    int // from 1
	Size    int // at most MaxPageSize
}

// MaxPageSize is the largest page the record list serves.
const MaxPageSize = 100

// RecordPage is one page of the record list.
type RecordPage struct {
	Records []Record
	// Bad are the rows that could not be read as records (no usable id,
	// not an object); the rest of the page is still good.
	Bad   []BadRow
	Total int // -1 when the server did not say
}

// Rows is how many rows the page had, good and bad: what decides whether
// it was a full page.
func (p RecordPage) Rows() int { return len(p.Records) + len(p.Bad) }

// BadRow is a row of the record list that could not be read as a record,
// kept exactly as sent so that a later version can read it again.
type BadRow struct {
	Raw    json.RawMessage
	Reason string // what was wrong, in English, for diagnostics
}

// Employee is a person registered in SenseLink as an employee.
type Employee struct {
	ID        int64
	Name      string
	JobNumber string // employee number (従業員番号), "" when unset
	ICNumber  string
	Mobile    string
	Groups    []string
	Raw       json.RawMessage
}

// Terminal is a device registered in SenseLink.
type Terminal struct {
	ID       int64
	Name     string
	LDID     string
	Location string
	TypeID   int // 19 SenseThunder-Mini, 20 SenseThunder-E
	TypeName string
	Raw      json.RawMessage
}
