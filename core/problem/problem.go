// Package problem is PunchDesk's one vocabulary of what can go wrong: a
// Problem names the kind (a Code) and carries the values its sentence needs.
// Core returns Problems, or errors that describe themselves as one; the GUI
// words them from the translation files in the user's language and punchctl
// in its own words from the same files. Nobody parses an error's prose.
package problem

import (
	"errors"
	"io/fs"

	"github.com/punchdesk/punchdesk/core/i18n"
)

// Code names one kind of problem. Its sentence is the translation
// "error.<code>"; punchctl prefers "cli.error.<code>" where the GUI's words
// point at a screen.
type Code string

// The codes. Each has its sentence in assets/translations (ja and en); a
// test checks that.
const (
	Unknown Code = "unknown"

	// SenseLink and the network.
	Auth       Code = "auth"
	ClockSkew  Code = "clockskew"
	Permission Code = "permission"
	Network    Code = "network"
	TLS        Code = "tls"
	Server     Code = "server"
	Decode     Code = "decode"

	// Linking.
	InputServer    Code = "input.server"
	InputAppKey    Code = "input.appkey"
	InputAppSecret Code = "input.appsecret"
	Keychain       Code = "keychain"
	DemoElsewhere  Code = "demo.elsewhere"
	NotLinked      Code = "notlinked"
	NoStartPoint   Code = "nostart"
	Implausible    Code = "implausible"

	// The database file.
	DatabaseInUse     Code = "inuse"
	DatabaseDamaged   Code = "db.damaged"
	DatabaseReadOnly  Code = "db.readonly"
	DatabaseFull      Code = "db.full"
	DatabaseCannotOpn Code = "db.cannotopen"
	DatabaseTooNew    Code = "db.toonew"

	// Files the operating system refused.
	FilePermission Code = "file.permission" // Path
	FileMissing    Code = "file.missing"    // Path
	FileExists     Code = "file.exists"     // Path
	FolderNotMade  Code = "folder.notmade"  // Path

	// The monthly workbook.
	ExportCannotWrite Code = "export.cannotwrite" // File, Dir, Why (an OSReason)
	ExportWrite       Code = "export.write"       // Path, Why
	ExportReplace     Code = "export.replace"     // Path

	// Times people type.
	TimeFormat      Code = "time.format"      // Text
	TimeNonexistent Code = "time.nonexistent" // Text, Zone
	TimeFuture      Code = "time.future"      // Text

	// Staff.
	StaffCodeEmpty     Code = "staff.code.empty"
	StaffCodeNotText   Code = "staff.code.nottext"
	StaffCodeSpaces    Code = "staff.code.spaces"    // Code
	StaffCodeTooLong   Code = "staff.code.long"      // Code, N, Max
	StaffCodeControl   Code = "staff.code.control"   // Code, Char
	StaffCodeInvisible Code = "staff.code.invisible" // Code, Char
	StaffCodeTaken     Code = "staff.code.taken"     // Code
	StaffNameEmpty     Code = "staff.name.empty"
	StaffUnknown       Code = "staff.unknown" // Code

	// CSV files (staff, punches, holidays).
	CSVTooLarge     Code = "csv.toolarge"
	CSVIsWorkbook   Code = "csv.workbook" // Ext
	CSVUTF16        Code = "csv.utf16"
	CSVEmpty        Code = "csv.empty"
	CSVNoRows       Code = "csv.norows" // Line (of the header)
	CSVNoPunches    Code = "csv.nopunches"
	CSVNoHolidays   Code = "csv.noholidays"
	CSVEncoding     Code = "csv.encoding"     // Encoding
	CSVBareQuote    Code = "csv.barequote"    // Noticed (a later line, or 0)
	CSVOpenQuote    Code = "csv.openquote"    // Noticed
	CSVUnreadable   Code = "csv.unreadable"   // Noticed
	CSVHeaderTwice  Code = "csv.header.twice" // Text, First, Second (column letters)
	CSVHeader       Code = "csv.header"       // NeedCode, NeedName (name|family|given|""), Found, Columns, Separators
	CSVRowShort     Code = "csv.row.short"    // N, Label, Column
	CSVRowLong      Code = "csv.row.long"     // N, Header
	CSVCodeTwice    Code = "csv.code.twice"   // Code, First
	CSVNameEmpty    Code = "csv.name.empty"
	CSVControl      Code = "csv.control"      // Label, Value, Char
	CSVActive       Code = "csv.active"       // Label, Value
	CSVPunchRow     Code = "csv.punch.row"    // N
	CSVHolidayDate  Code = "csv.holiday.date" // Text
	CSVHolidayName  Code = "csv.holiday.name"
	CSVHolidayTwice Code = "csv.holiday.twice" // Date, First

	// Punches and their review.
	PunchSourceUnknown  Code = "punch.source" // Source, Known
	PunchReasonDelete   Code = "punch.reason.delete"
	PunchReasonReject   Code = "punch.reason.reject"
	PunchNoneChosen     Code = "punch.none"
	PunchMissing        Code = "punch.missing"    // ID
	PunchDeletedAlready Code = "punch.deleted"    // ID
	PunchNotDeleted     Code = "punch.notdeleted" // ID
	PunchNotFace        Code = "punch.notface"    // ID

	// Month close.
	MonthClosed        Code = "month.closed"        // Month (YYYY-MM)
	MonthClosedAlready Code = "month.closedalready" // Month
	MonthNotOver       Code = "month.notover"       // Month
	MonthNotClosed     Code = "month.notclosed"     // Month
	MonthFlagged       Code = "month.flagged"       // Month, N
	MonthReasonReopen  Code = "month.reason.reopen"

	// Company holidays.
	HolidayDate    Code = "holiday.date" // Date
	HolidayName    Code = "holiday.name"
	HolidayMissing Code = "holiday.missing" // Date

	// Settings.
	SettingUnknown Code = "setting.unknown" // Key, Known
	SettingInvalid Code = "setting.invalid" // Key, Setting, Value, Why
	// What a setting's value must be (SettingInvalid's Why).
	SettingHours       Code = "setting.hours"
	SettingOneOf       Code = "setting.oneof" // Values
	SettingRange       Code = "setting.range" // Min, Max
	SettingClock       Code = "setting.clock"
	SettingZone        Code = "setting.zone" // Value
	SettingTemperature Code = "setting.temperature"
	SettingPair        Code = "setting.pair" // Form (NAME=VALUE)
)

// Problem is one thing that went wrong, with the values its sentence
// names. Err, when set, is the underlying cause, kept for logs and support.
type Problem struct {
	Code Code
	Args map[string]any
	Err  error
}

// New makes a Problem; args alternate names and values.
func New(code Code, args ...any) *Problem {
	return &Problem{Code: code, Args: pairs(args)}
}

// Wrap makes a Problem caused by err.
func Wrap(code Code, err error, args ...any) *Problem {
	return &Problem{Code: code, Args: pairs(args), Err: err}
}

func pairs(args []any) map[string]any {
	if len(args) == 0 {
		return nil
	}
	m := make(map[string]any, len(args)/2)
	for i := 0; i+1 < len(args); i += 2 {
		m[args[i].(string)] = args[i+1]
	}
	return m
}

// Key is the translation key of the problem's sentence.
func (p *Problem) Key() string { return "error." + string(p.Code) }

// Arg is one named value, or nil.
func (p *Problem) Arg(name string) any { return p.Args[name] }

// Error is the English sentence, and the cause after it when there is one:
// what logs and English-speaking callers read.
func (p *Problem) Error() string {
	text := i18n.For(i18n.English).Text(p.Key(), p.Args)
	if p.Err != nil {
		return text + ": " + p.Err.Error()
	}
	return text
}

func (p *Problem) Unwrap() error { return p.Err }

// Is makes errors.Is(err, problem.New(code)) true for any Problem of the
// same code, whatever its arguments.
func (p *Problem) Is(target error) bool {
	t, ok := target.(*Problem)
	return ok && t.Code == p.Code && t.Args == nil && t.Err == nil
}

// Describer is an error that is one of the problems: typed errors that
// carry more than the sentence needs (SenseLink's code, a file's path).
type Describer interface {
	error
	Problem() *Problem
}

// Of classifies err: the first Problem or Describer in its chain, else
// Unknown with err as the cause. Of(nil) is nil.
func Of(err error) *Problem {
	if err == nil {
		return nil
	}
	var p *Problem
	var d Describer
	for e := err; e != nil; e = errors.Unwrap(e) {
		if q, ok := e.(*Problem); ok {
			p = q
			break
		}
		if q, ok := e.(Describer); ok {
			d = q
			break
		}
	}
	switch {
	case p != nil:
		return p
	case d != nil:
		return d.Problem()
	}
	// Joined errors and other multi-wrappers.
	if errors.As(err, &p) {
		return p
	}
	if errors.As(err, &d) {
		return d.Problem()
	}
	return osProblem(err)
}

// osProblem words what the operating system said about a file; the
// system's own text is English on every Windows.
func osProblem(err error) *Problem {
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		return &Problem{Code: Unknown, Err: err}
	}
	code := Unknown
	switch {
	case errors.Is(err, fs.ErrPermission):
		code = FilePermission
	case errors.Is(err, fs.ErrNotExist):
		code = FileMissing
	case errors.Is(err, fs.ErrExist):
		code = FileExists
	}
	return &Problem{Code: code, Args: map[string]any{"Path": pe.Path}, Err: err}
}

// Is reports whether err is a problem of code.
func Is(err error, code Code) bool {
	p := Of(err)
	return p != nil && p.Code == code
}

// Text words err in a catalogue's language; the cause is not added (callers
// that show it put it on a line of its own).
func Text(c *i18n.Catalogue, err error) string {
	p := Of(err)
	if p == nil {
		return ""
	}
	return c.Text(p.Key(), p.Args)
}

// OSReason words why the operating system refused a file operation, for a
// sentence's Why: the system's own text is English on every Windows.
func OSReason(err error) i18n.Message {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return i18n.Message{Key: "error.why.permission"}
	case errors.Is(err, fs.ErrNotExist):
		return i18n.Message{Key: "error.why.missing"}
	case isNotFolder(err):
		return i18n.Message{Key: "error.why.notfolder"}
	case isDiskFull(err):
		return i18n.Message{Key: "error.why.full"}
	}
	return i18n.Message{Key: "error.why.other"}
}
