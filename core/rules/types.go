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
	StatusSuspectTime Status = "suspect_time" // 時刻異常: the terminal's clock is off; never a punch
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

// Flag marks a day that needs a look (要確認, SPEC §3).
type Flag string

const (
	FlagMissingClockOut   Flag = "missing_clock_out"  // odd count on a finished day (退勤打刻なし)
	FlagPending           Flag = "pending"            // a punch waits for a decision
	FlagLongDay           Flag = "long_day"           // first to last counted punch longer than Settings.LongDay
	FlagCrossingSuspected Flag = "crossing_suspected" // the day before is open and this day starts just after the day change
	FlagSuspectTime       Flag = "suspect_time"       // a record of the day has a suspect time
	// FlagArrivedAfterClose marks a day of a closed month that records
	// reached after the close; they change nothing until it is reopened.
	FlagArrivedAfterClose Flag = "arrived_after_close"
)

// AbnormalType values SenseLink sends that become remarks (JCV's list).
const (
	AbnormalTemperature = 40001 // 異常体温
	AbnormalNoMask      = 50001 // マスクなし
)

// How far a terminal's clock may be off before its record is suspect
// (SPEC §3): ahead of the receive window it arrived in, or behind it.
const (
	SuspectAhead  = 10 * time.Minute
	SuspectBehind = 60 * 24 * time.Hour
)

// CrossingWindow is how soon after the day change a first punch makes the
// crossing_suspected flag when the day before is open.
const CrossingWindow = 3 * time.Hour

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
	// LongDay is the first-to-last span above which a day is flagged
	// long_day; 0 disables the flag.
	LongDay time.Duration
}

// Face is one recognition record of the staff member.
type Face struct {
	RecordID     int64
	Time         time.Time
	Temperature  float64 // °C; 0 = not measured
	AbnormalType int     // SenseLink's abnormal_type; 0 normal
	Mask         *int    // 1 worn, 0 not, nil unknown
	// ReceivedBy is the end of the receive window the record arrived in;
	// zero when unknown (then its time is not checked).
	ReceivedBy time.Time
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
	// The administrator's reasons, shown on the punches they apply to.
	DecisionReasons map[int64]string  // by record id
	DeleteReasons   map[string]string // by punch id
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
	// Decision is the administrator's verdict where one applies to this
	// punch (it needed one); Reason is that verdict's reason, or the
	// deletion reason of a deleted punch.
	Decision Decision
	Reason   string
	// Provisional marks the last counted punch of a day that is still
	// open: what it is can change with the next punch (AsOf sets it).
	Provisional bool
	// TerminalID and Terminal are the face record's terminal; "" otherwise.
	TerminalID, Terminal string
}

// Day is one business day of one staff member.
type Day struct {
	Date         string  // YYYY-MM-DD
	Punches      []Punch // every punch of the day, by time then id
	ClockIn      *time.Time
	ClockOut     *time.Time
	WorkMinutes  int // 0 while the day is open
	BreakMinutes int // 0 while the day is open
	Counted      int
	// Remarks are those of every face record of the day, whatever it
	// became: a fever reading never disappears (SPEC §4).
	Remarks []Remark
	// FeverReadings and NoMaskReadings count the day's face records with
	// each remark, whatever they became.
	FeverReadings, NoMaskReadings int
	// Flags say why the day needs a look, in the order of the Flag list.
	Flags []Flag
	// Open is true while the business day has not ended (set by AsOf).
	Open bool
	// Pay is the day's payroll figures (PayOf) for the attendance book
	// and the workbook; its Holiday and LegalHoliday are set on days
	// without punches too. Never stored.
	Pay Pay
	// PlaceMinutes is the day's work by location group, each in→out pair
	// counted at the place of its clock-in ("" for no place: another punch
	// method or a terminal without a group), for the book and 打刻場所別.
	// Never stored.
	PlaceMinutes map[string]int
}

// Has reports whether the day carries flag f.
func (d *Day) Has(f Flag) bool {
	for _, g := range d.Flags {
		if g == f {
			return true
		}
	}
	return false
}
