// Package rules turns one staff member's recognition records and other
// punches into typed punches and day summaries, exactly as SPEC §3–4 say.
// Everything here is a pure function: no clock, no I/O; callers pass now.
package rules

import "time"

// Mode is the site's punch option (打刻オプション).
type Mode string

const (
	ModeAll             Mode = "all"              // every kept face record is a punch
	ModeFirstLast       Mode = "first-last"       // only the day's first and last kept face record
	ModeUnapprovedFirst Mode = "unapproved-first" // first face record after an earlier other punch is pending
)

// Source is how a punch was made.
type Source string

const (
	SourceFace   Source = "face"
	SourceICCard Source = "ic_card"
	SourceWeb    Source = "web"
	SourceMobile Source = "mobile"
	SourceOther  Source = "other"
	SourceAdmin  Source = "admin"
)

// Status is what became of a punch.
type Status string

const (
	StatusCounted     Status = "counted"
	StatusPending     Status = "pending"      // 未承認打刻, waiting for the administrator
	StatusRejected    Status = "rejected"     // 却下
	StatusAutoDeleted Status = "auto_deleted" // between first and last in first-last mode
	StatusDeleted     Status = "deleted"      // deleted by the administrator
	StatusDuplicate   Status = "duplicate"    // within the duplicate window of the previous kept face record
)

// Kind is a counted punch's type by position.
type Kind string

const (
	KindNone       Kind = ""
	KindClockIn    Kind = "clock_in"    // 出勤
	KindBreakStart Kind = "break_start" // 休憩開始
	KindBreakEnd   Kind = "break_end"   // 休憩終了
	KindClockOut   Kind = "clock_out"   // 退勤
)

// Remark is a note on a face punch (打刻備考).
type Remark string

const (
	RemarkAbnormalTemperature Remark = "abnormal_temperature" // 異常体温
	RemarkNoMask              Remark = "no_mask"              // マスクなし
)

// Decision is the administrator's verdict on a pending face punch.
type Decision string

const (
	DecisionApprove Decision = "approve"
	DecisionReject  Decision = "reject"
)

// Settings are the site's rules.
type Settings struct {
	Mode                 Mode
	DuplicateWindow      time.Duration // 0 disables
	DayChange            time.Duration // business day starts this long after local midnight, 0 ≤ x < 24h
	Location             *time.Location
	TemperatureCheck     bool
	TemperatureThreshold float64 // °C; above it is abnormal
	MaskCheck            bool
}

// Face is one recognition record of the staff member.
type Face struct {
	RecordID    int64
	Time        time.Time
	Temperature float64 // °C; 0 = not measured
	Abnormal    bool    // SenseLink flagged it (abnormal_type ≠ 0)
	Mask        *int    // 1 worn, 0 not, nil unknown
	// The terminal it was made on (serial and name), passed through to the
	// punch so that every reader can say where a punch was made.
	TerminalID, Terminal string
}

// Other is a punch from another method or an administrator's correction.
type Other struct {
	ID     string // stable, unique among all punches (not of the form FaceID)
	Time   time.Time
	Source Source
	Note   string
}

// Input is everything about one staff member the rules read.
type Input struct {
	Faces     []Face
	Others    []Other
	Decisions map[int64]Decision // by record id
	Deleted   map[string]bool    // by punch id (FaceID(record) or Other.ID)
}

// Punch is one face record or other punch with what it became.
type Punch struct {
	ID           string // FaceID(record id) for face punches, Other.ID otherwise
	BusinessDate string // YYYY-MM-DD
	Time         time.Time
	Source       Source
	RecordID     int64 // face punches only
	Status       Status
	Kind         Kind // only when counted
	Remarks      []Remark
	Note         string
	// PendingBecause is the other punch that made this face punch pending.
	PendingBecause string
	// TerminalID and Terminal are the face record's terminal; "" otherwise.
	TerminalID, Terminal string
}

// Day is one business day of one staff member.
type Day struct {
	Date            string  // YYYY-MM-DD
	Punches         []Punch // every punch of the day, by time then id
	ClockIn         *time.Time
	ClockOut        *time.Time
	WorkMinutes     int
	BreakMinutes    int
	Counted         int
	MissingClockOut bool // odd number of counted punches on a finished day
	Pending         bool // a punch waits for a decision
	Remarks         []Remark
}
