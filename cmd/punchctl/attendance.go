package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/problem"
	"github.com/punchdesk/punchdesk/core/rules"
	"github.com/punchdesk/punchdesk/core/site"
	"github.com/punchdesk/punchdesk/core/staff"
	"github.com/punchdesk/punchdesk/core/store"
)

// maxCSVSize bounds what `staff import` reads; staff.ParseCSV refuses more.
const maxCSVSize = 10 << 20

func cmdStaffImport(ctx context.Context, e *env, args []string) error {
	return importCSV(ctx, e, "staff import", args, func(s *site.Site, name string, data []byte) (string, error) {
		added, updated, err := s.ImportStaff(ctx, data)
		return words.Text("cli.staff.imported", map[string]any{"File": name, "Added": added, "Updated": updated}), err
	})
}

// importCSV runs an all-or-nothing CSV import of the one file named in args.
func importCSV(ctx context.Context, e *env, command string, args []string,
	importData func(s *site.Site, name string, data []byte) (string, error)) error {
	fs := e.flags(command, command+" FILE.csv")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() != 1 {
		return usage("cli.usage.onecsv", "Command", command)
	}
	name := fs.Arg(0)
	data, err := readFileLimited(name, maxCSVSize)
	if err != nil {
		return err
	}
	s, err := e.open(store.ReadWrite)
	if err != nil {
		return err
	}
	defer s.Close()
	done, err := importData(s, name, data)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	fmt.Fprintln(e.stdout, done)
	return nil
}

func cmdStaffAdd(ctx context.Context, e *env, args []string) error {
	fs := e.flags("staff add", "staff add --code CODE --name NAME [--group GROUP]")
	code := fs.String("code", "", "staff code (スタッフコード), the SenseLink employee number")
	name := fs.String("name", "", "name")
	group := fs.String("group", "", "location group")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *code == "" || *name == "" {
		return usage("cli.usage.codename")
	}
	s, err := e.open(store.ReadWrite)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.AddStaff(ctx, *code, *name, *group); err != nil {
		return err
	}
	say(e.stdout, "cli.staff.added", "Code", strings.TrimSpace(*code), "Name", strings.TrimSpace(*name))
	return nil
}

func cmdStaffList(ctx context.Context, e *env, args []string) error {
	fs := e.flags("staff list", "staff list [--json]")
	asJSON := fs.Bool("json", false, "print JSON")
	s, err := e.parseOpen(fs, args, store.ReadOnly)
	if err != nil {
		return err
	}
	defer s.Close()
	members, err := s.Staff(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		type staffJSON struct {
			Code   string `json:"code"`
			Name   string `json:"name"`
			Group  string `json:"group"`
			Active bool   `json:"active"`
		}
		out := make([]staffJSON, len(members))
		for i, m := range members {
			out[i] = staffJSON{m.Code, m.Name, m.Group, m.Active}
		}
		return writeJSON(e.stdout, out)
	}
	tw := newTable(e.stdout)
	fmt.Fprintln(tw, words.Text("cli.head.staff", nil))
	for _, m := range members {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", m.Code, m.Name, orDash(m.Group), word(fmt.Sprint(m.Active)))
	}
	return tw.Flush()
}

func readFileLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if int64(len(data)) > limit {
		return nil, errors.New(words.Text("cli.file.toolarge", map[string]any{"Path": path, "MB": limit >> 20}))
	}
	return data, nil
}

func cmdSettingsGet(ctx context.Context, e *env, args []string) error {
	fs := e.flags("settings get", "settings get [--json]")
	asJSON := fs.Bool("json", false, "print JSON")
	s, err := e.parseOpen(fs, args, store.ReadOnly)
	if err != nil {
		return err
	}
	defer s.Close()
	values, groups, err := s.Settings(ctx)
	if err != nil {
		return err
	}
	dayChanges, err := s.GroupDayChanges(ctx)
	if err != nil {
		return err
	}
	hours, err := s.GroupHours(ctx)
	if err != nil {
		return err
	}
	named := map[string]map[string]string{site.SettingTerminalGroup: groups, site.SettingGroupDayChange: dayChanges,
		site.SettingGroupHours: hours}
	if *asJSON {
		out := map[string]any{}
		for k, v := range values {
			out[k] = v
		}
		for k, v := range named {
			out[k] = v
		}
		return writeJSON(e.stdout, out)
	}
	tw := newTable(e.stdout)
	for _, spec := range site.SettingSpecs {
		if m, ok := named[spec.Key]; ok {
			for _, name := range site.SortedTerminals(m) {
				fmt.Fprintf(tw, "%s\t%s=%s\n", spec.Key, name, m[name])
			}
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t(%s)\n", spec.Key, values[spec.Key], spec.Values)
	}
	return tw.Flush()
}

func cmdSettingsSet(ctx context.Context, e *env, args []string) error {
	fs := e.flags("settings set", "settings set KEY VALUE")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() != 2 {
		return usage("cli.usage.keyvalue")
	}
	s, err := e.open(store.ReadWrite)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.SetSetting(ctx, fs.Arg(0), fs.Arg(1)); err != nil {
		return err
	}
	say(e.stdout, "cli.settings.set", "Key", fs.Arg(0))
	return nil
}

type punchJSON struct {
	ID           string   `json:"id"`
	StaffCode    string   `json:"staff_code"`
	BusinessDate string   `json:"business_date"`
	Time         string   `json:"time"`
	Source       string   `json:"source"`
	RecordID     *int64   `json:"record_id,omitempty"`
	Status       string   `json:"status"`
	Kind         string   `json:"kind"`
	Remarks      []string `json:"remarks"`
	Note         string   `json:"note,omitempty"`
	Terminal     string   `json:"terminal,omitempty"`
	Place        string   `json:"location_group,omitempty"`
	PendingAfter string   `json:"pending_because,omitempty"`
	Decision     string   `json:"decision,omitempty"`    // approve or reject, where one applies
	Reason       string   `json:"reason,omitempty"`      // the decision's or the deletion's
	Provisional  bool     `json:"provisional,omitempty"` // the last punch of a day still open
}

func toPunchJSON(p domain.StaffPunch, loc *time.Location) punchJSON {
	out := punchJSON{ID: p.ID, StaffCode: p.StaffCode, BusinessDate: p.BusinessDate, Time: p.Time.In(loc).Format(time.RFC3339),
		Source: string(p.Source), Status: string(p.Status), Kind: string(p.Kind), Remarks: remarkStrings(p.Remarks),
		Note: p.Note, PendingAfter: p.PendingBecause, Terminal: p.Terminal, Place: p.Place,
		Decision: string(p.Decision), Reason: p.Reason, Provisional: p.Provisional}
	if p.Source == rules.SourceFace {
		id := p.RecordID
		out.RecordID = &id
	}
	return out
}

func remarkStrings(rs []rules.Remark) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r)
	}
	return out
}

func cmdPunches(ctx context.Context, e *env, args []string) error {
	fs := e.flags("punches", "punches --month YYYY-MM [--staff CODE] --json")
	month := fs.String("month", "", "the month, YYYY-MM")
	code := fs.String("staff", "", "only this staff member")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if _, _, err := site.ParseMonth(*month); err != nil {
		return usage("cli.usage.flag", "Flag", "--month", "Text", explain(err))
	}
	s, loc, err := e.openReader(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	punches, err := s.MonthPunches(ctx, *month, *code)
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]punchJSON, len(punches))
		for i, p := range punches {
			out[i] = toPunchJSON(p, loc)
		}
		return writeJSON(e.stdout, out)
	}
	tw := newTable(e.stdout)
	fmt.Fprintln(tw, words.Text("cli.head.punches", nil))
	for _, p := range punches {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", p.StaffCode, p.BusinessDate, p.Time.In(loc).Format(time.TimeOnly),
			word(string(p.Source)), word(string(p.Status)), orDash(word(string(p.Kind))), orDash(strings.Join(wordsOf(remarkStrings(p.Remarks)), ",")), p.ID)
	}
	return tw.Flush()
}

type bookDayJSON struct {
	Date         string   `json:"date"`
	ClockIn      *string  `json:"clock_in"`
	ClockOut     *string  `json:"clock_out"`
	NextDay      bool     `json:"clock_out_next_day"`
	WorkMinutes  int      `json:"work_minutes"`
	BreakMinutes int      `json:"break_minutes"`
	Punches      int      `json:"punches"`
	Flags        []string `json:"flags"`
	Remarks      []string `json:"remarks"`
	// Readings with a remark that day, whatever they became.
	FeverReadings  int  `json:"fever_readings"`
	NoMaskReadings int  `json:"no_mask_readings"`
	Open           bool `json:"open"` // the business day has not ended: no work time yet
	// Payroll figures (労働基準法 §32, §35, §37).
	OvertimeMinutes     int     `json:"overtime_minutes"`
	LateNightMinutes    int     `json:"late_night_minutes"`
	Holiday             *string `json:"holiday"` // the national or company holiday's name
	LegalHoliday        bool    `json:"legal_holiday"`
	LegalHolidayMinutes int     `json:"legal_holiday_minutes"`
	HolidayMinutes      int     `json:"holiday_minutes"`
	LateMinutes         int     `json:"late_minutes"`
	EarlyLeaveMinutes   int     `json:"early_leave_minutes"`
}

func flagStrings(fs []rules.Flag) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, string(f))
	}
	return out
}

func cmdBook(ctx context.Context, e *env, args []string) error {
	fs := e.flags("book", "book --month YYYY-MM --staff CODE [--json]")
	month := fs.String("month", "", "the month, YYYY-MM")
	code := fs.String("staff", "", "the staff member")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if _, _, err := site.ParseMonth(*month); err != nil {
		return usage("cli.usage.flag", "Flag", "--month", "Text", explain(err))
	}
	if *code == "" {
		return usage("cli.usage.required", "Flag", "--staff")
	}
	s, loc, err := e.openReader(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	if !s.HasStaff(ctx, *code) {
		return problem.New(problem.StaffUnknown, "Code", *code)
	}
	days, err := s.Book(ctx, *code, *month)
	if err != nil {
		return err
	}
	stamp := func(t *time.Time) *string {
		if t == nil {
			return nil
		}
		v := t.In(loc).Format(time.RFC3339)
		return &v
	}
	if *asJSON {
		out := make([]bookDayJSON, len(days))
		for i, d := range days {
			out[i] = bookDayJSON{Date: d.Date, ClockIn: stamp(d.ClockIn), ClockOut: stamp(d.ClockOut),
				NextDay: d.ClockOutNextDay(loc), WorkMinutes: d.WorkMinutes, BreakMinutes: d.BreakMinutes, Punches: d.Counted,
				Flags: flagStrings(d.Flags), Remarks: remarkStrings(d.Remarks), Open: d.Open,
				FeverReadings: d.FeverReadings, NoMaskReadings: d.NoMaskReadings,
				OvertimeMinutes: d.Pay.OvertimeMinutes, LateNightMinutes: d.Pay.LateNightMinutes, LegalHoliday: d.Pay.LegalHoliday,
				LegalHolidayMinutes: d.Pay.LegalHolidayMinutes, HolidayMinutes: d.Pay.HolidayMinutes,
				LateMinutes: d.Pay.LateMinutes, EarlyLeaveMinutes: d.Pay.EarlyLeaveMinutes}
			if d.Pay.Holiday != "" {
				name := d.Pay.Holiday
				out[i].Holiday = &name
			}
		}
		return writeJSON(e.stdout, out)
	}
	tw := newTable(e.stdout)
	fmt.Fprintln(tw, words.Text("cli.head.book", nil))
	hm := func(t *time.Time, nextDay bool) string {
		if t == nil {
			return "-"
		}
		s := t.In(loc).Format("15:04")
		if nextDay {
			s += " (+1)"
		}
		return s
	}
	for _, d := range days {
		flags := flagStrings(d.Flags)
		if d.Open && d.Counted > 0 {
			flags = append(flags, "open")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", d.Date+" "+words.Text("book.weekday."+strings.ToLower(d.Calendar().Format("Mon")), nil), hm(d.ClockIn, false),
			hm(d.ClockOut, d.ClockOutNextDay(loc)), minutes(d.BreakMinutes), minutes(d.WorkMinutes), d.Counted,
			orDash(strings.Join(wordsOf(flags), ", ")), orDash(strings.Join(wordsOf(remarkStrings(d.Remarks)), ",")))
	}
	return tw.Flush()
}

func minutes(m int) string {
	if m == 0 {
		return "-"
	}
	return fmt.Sprintf("%d:%02d", m/60, m%60)
}

func cmdSuggestDayChange(ctx context.Context, e *env, args []string) error {
	fs := e.flags("settings suggest-day-change", "settings suggest-day-change [--json]")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	s, _, err := e.openReader(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	suggestions, err := s.SuggestDayChanges(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		type suggestionJSON struct {
			Group     string  `json:"group"`
			Suggested *string `json:"suggested"`
			Current   string  `json:"current"`
			Records   int     `json:"records"`
		}
		out := make([]suggestionJSON, len(suggestions))
		for i, sg := range suggestions {
			out[i] = suggestionJSON{Group: sg.Group, Current: sg.Current, Records: sg.Records}
			if sg.Suggested != "" {
				v := sg.Suggested
				out[i].Suggested = &v
			}
		}
		return writeJSON(e.stdout, out)
	}
	tw := newTable(e.stdout)
	fmt.Fprintln(tw, words.Text("cli.head.suggest", nil))
	for _, sg := range suggestions {
		group := sg.Group
		if group == "" {
			group = "(site: day-change)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\n", group, orDash(sg.Suggested), sg.Current, sg.Records)
	}
	return tw.Flush()
}

// monthReport parses `NAME --month YYYY-MM [--json]` and opens the
// database read-only for a command that reports on one month.
func (e *env) monthReport(ctx context.Context, name string, args []string) (s *site.Site, month string, asJSON bool, err error) {
	fs := e.flags(name, name+" --month YYYY-MM [--json]")
	m := fs.String("month", "", "the month, YYYY-MM")
	j := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return nil, "", false, err
	}
	if *m == "" {
		return nil, "", false, usage("cli.usage.month", "Command", name)
	}
	s, _, err = e.openReader(ctx)
	return s, *m, *j, err
}

func cmdCheck(ctx context.Context, e *env, args []string) error {
	s, month, asJSON, err := e.monthReport(ctx, "check", args)
	if err != nil {
		return err
	}
	defer s.Close()
	days, err := s.NeedsLook(ctx, month)
	if err != nil {
		return err
	}
	if asJSON {
		type flaggedJSON struct {
			StaffCode string   `json:"staff_code"`
			Name      string   `json:"name"`
			Date      string   `json:"date"`
			Flags     []string `json:"flags"`
		}
		out := make([]flaggedJSON, len(days))
		for i, d := range days {
			out[i] = flaggedJSON{StaffCode: d.StaffCode, Name: d.Name, Date: d.Date, Flags: flagStrings(d.Flags)}
		}
		return writeJSON(e.stdout, out)
	}
	if len(days) == 0 {
		say(e.stdout, "cli.check.none", "Month", month)
		return nil
	}
	tw := newTable(e.stdout)
	fmt.Fprintln(tw, words.Text("cli.head.check", nil))
	for _, d := range days {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", d.Date, d.StaffCode, d.Name, strings.Join(wordsOf(flagStrings(d.Flags)), ", "))
	}
	return tw.Flush()
}

func cmdSummary(ctx context.Context, e *env, args []string) error {
	s, month, asJSON, err := e.monthReport(ctx, "summary", args)
	if err != nil {
		return err
	}
	defer s.Close()
	rows, err := s.Summary(ctx, month)
	if err != nil {
		return err
	}
	if asJSON {
		type summaryJSON struct {
			StaffCode           string `json:"staff_code"`
			Name                string `json:"name"`
			Group               string `json:"group"`
			DaysWorked          int    `json:"days_worked"`
			WorkMinutes         int    `json:"work_minutes"`
			BreakMinutes        int    `json:"break_minutes"`
			OvertimeMinutes     int    `json:"overtime_minutes"`
			LateNightMinutes    int    `json:"late_night_minutes"`
			LegalHolidayMinutes int    `json:"legal_holiday_minutes"`
			HolidayMinutes      int    `json:"holiday_minutes"`
			LateMinutes         int    `json:"late_minutes"`
			LateCount           int    `json:"late_count"`
			EarlyLeaveMinutes   int    `json:"early_leave_minutes"`
			EarlyLeaveCount     int    `json:"early_leave_count"`
			FeverReadings       int    `json:"fever_readings"`
			NoMaskReadings      int    `json:"no_mask_readings"`
			PendingPunches      int    `json:"pending_punches"`
			MissingClockOuts    int    `json:"missing_clock_outs"`
			FlaggedDays         int    `json:"flagged_days"`
		}
		out := make([]summaryJSON, len(rows))
		for i, r := range rows {
			out[i] = summaryJSON{r.Code, r.Name, r.Group, r.DaysWorked, r.WorkMinutes, r.BreakMinutes, r.OvertimeMinutes,
				r.LateNightMinutes, r.LegalHolidayMinutes, r.HolidayMinutes, r.LateMinutes, r.LateCount, r.EarlyLeaveMinutes,
				r.EarlyLeaveCount, r.FeverReadings, r.NoMaskReadings, r.PendingPunches, r.MissingClockOuts, r.FlaggedDays}
		}
		return writeJSON(e.stdout, out)
	}
	tw := newTable(e.stdout)
	fmt.Fprintln(tw, words.Text("cli.head.summary", nil))
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\n", r.Code, r.Name, r.DaysWorked,
			minutes(r.WorkMinutes), minutes(r.BreakMinutes), minutes(r.OvertimeMinutes), minutes(r.LateNightMinutes),
			minutes(r.LegalHolidayMinutes), minutes(r.HolidayMinutes), r.LateCount, r.EarlyLeaveCount, r.FeverReadings,
			r.NoMaskReadings, r.FlaggedDays)
	}
	return tw.Flush()
}

func cmdHolidayList(ctx context.Context, e *env, args []string) error {
	fs := e.flags("holiday list", "holiday list [--year YYYY] [--json]")
	year := fs.String("year", "", "only this year")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	s, _, err := e.openReader(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	from, to := "", ""
	if *year != "" {
		from, to = *year+"-01-01", *year+"-12-31"
	}
	hs, err := s.Holidays(ctx, from, to)
	if err != nil {
		return err
	}
	if *asJSON {
		type holidayJSON struct {
			Date    string `json:"date"`
			Name    string `json:"name"`
			Company bool   `json:"company"`
		}
		out := make([]holidayJSON, len(hs))
		for i, h := range hs {
			out[i] = holidayJSON{h.Date, h.Name, h.Company}
		}
		return writeJSON(e.stdout, out)
	}
	tw := newTable(e.stdout)
	fmt.Fprintln(tw, words.Text("cli.head.holidays", nil))
	for _, h := range hs {
		kind := "national"
		if h.Company {
			kind = "company"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", h.Date, h.Name, word(kind))
	}
	return tw.Flush()
}

// leadingArg takes a command's positional argument before its flags.
func leadingArg(args []string) (string, []string) {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return args[0], args[1:]
	}
	return "", args
}

// holidayWrite parses `holiday VERB ARG [flags]` and opens the database
// for writing.
func (e *env) holidayWrite(fs *flag.FlagSet, verb string, args []string) (*site.Site, string, error) {
	arg, rest := leadingArg(args)
	if err := parse(fs, rest); err != nil {
		return nil, "", err
	}
	if arg == "" {
		return nil, "", usage("cli.usage.holiday." + verb)
	}
	s, err := e.open(store.ReadWrite)
	return s, arg, err
}

func cmdHolidayAdd(ctx context.Context, e *env, args []string) error {
	fs := e.flags("holiday add", "holiday add YYYY-MM-DD --name NAME")
	name := fs.String("name", "", "the holiday's name, e.g. 年末休暇")
	s, date, err := e.holidayWrite(fs, "add", args)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.AddHoliday(ctx, date, *name); err != nil {
		return err
	}
	say(e.stdout, "cli.holiday.added", "Date", date, "Name", *name)
	return nil
}

func cmdHolidayDelete(ctx context.Context, e *env, args []string) error {
	s, date, err := e.holidayWrite(e.flags("holiday delete", "holiday delete YYYY-MM-DD"), "delete", args)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.DeleteHoliday(ctx, date); err != nil {
		return err
	}
	say(e.stdout, "cli.holiday.deleted", "Date", date)
	return nil
}

func cmdHolidayImport(ctx context.Context, e *env, args []string) error {
	fs := e.flags("holiday import", "holiday import FILE.csv [--company]")
	company := fs.Bool("company", false, "the file lists company holidays (default: the Cabinet Office's syukujitsu.csv)")
	s, file, err := e.holidayWrite(fs, "import", args)
	if err != nil {
		return err
	}
	defer s.Close()
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	n, err := s.ImportHolidays(ctx, data, *company)
	if err != nil {
		return err
	}
	say(e.stdout, "cli.holiday.imported", "File", file, "N", n)
	return nil
}

// monthChange parses a command's --month (required) and other flags, then
// runs change on the database opened for writing.
func (e *env) monthChange(fs *flag.FlagSet, name string, args []string, change func(s *site.Site, month string) error) error {
	month := fs.String("month", "", "the month, YYYY-MM")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *month == "" {
		return usage("cli.usage.month", "Command", name)
	}
	s, err := e.open(store.ReadWrite)
	if err != nil {
		return err
	}
	defer s.Close()
	return change(s, *month)
}

func cmdClose(ctx context.Context, e *env, args []string) error {
	fs := e.flags("close", "close --month YYYY-MM [--force]")
	force := fs.Bool("force", false, "close even though some days still need a look (要確認)")
	return e.monthChange(fs, "close", args, func(s *site.Site, month string) error {
		if err := s.CloseMonth(ctx, month, *force); err != nil {
			return err
		}
		say(e.stdout, "cli.month.closed", "Month", month)
		return nil
	})
}

func cmdReopen(ctx context.Context, e *env, args []string) error {
	fs := e.flags("reopen", "reopen --month YYYY-MM --reason TEXT")
	reason := fs.String("reason", "", "why it is reopened (required; kept in the audit trail)")
	return e.monthChange(fs, "reopen", args, func(s *site.Site, month string) error {
		if err := s.ReopenMonth(ctx, month, *reason); err != nil {
			return err
		}
		say(e.stdout, "cli.month.reopened", "Month", month)
		return nil
	})
}

func cmdStaffPush(ctx context.Context, e *env, args []string) error {
	fs := e.flags("staff push", "staff push [CODE...] [--photo-dir DIR]")
	photoDir := fs.String("photo-dir", "", "folder of face photos named CODE.jpg, CODE.jpeg or CODE.png (JPEG/PNG, at most 4 MB)")
	codes, rest := splitArgs(args, "photo-dir")
	if err := parse(fs, rest); err != nil {
		return err
	}
	if *photoDir != "" {
		if fi, err := os.Stat(*photoDir); err != nil || !fi.IsDir() {
			return usage("cli.usage.notfolder", "Flag", "--photo-dir", "Path", *photoDir)
		}
	}
	s, err := e.open(store.ReadWrite)
	if err != nil {
		return err
	}
	defer s.Close()
	if len(codes) == 0 {
		var near []staff.Hint
		if codes, near, err = s.StaffNotInSenseLink(ctx); err != nil {
			return err
		}
		for _, h := range near {
			say(e.stderr, "cli.push.skipped", "Code", h.StaffCode, "Number", h.EmployeeNumber)
		}
		if len(codes) == 0 {
			say(e.stdout, "cli.push.none")
			return nil
		}
	}
	people := make([]site.PushPerson, len(codes))
	for i, c := range codes {
		people[i] = site.PushPerson{Code: c}
		if *photoDir != "" {
			people[i].PhotoPath = site.PhotoIn(*photoDir, strings.TrimSpace(c))
		}
	}
	results, err := s.PushStaff(ctx, people, nil)
	failed := 0
	tw := newTable(e.stdout)
	fmt.Fprintln(tw, words.Text("cli.head.push", nil))
	for _, r := range results {
		var outcome string
		switch r.Outcome {
		case site.PushRegistered:
			outcome = "registered, with a photo"
			if !r.WithPhoto {
				outcome = "registered without a photo: add a face in SenseLink before they can be recognised"
			}
		case site.PushAlreadyThere:
			outcome = "already in SenseLink"
		default:
			failed++
			outcome = "failed: " + explain(r.Err)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.Code, r.Name, outcome)
	}
	if werr := tw.Flush(); werr != nil {
		return werr
	}
	if err != nil {
		return err
	}
	if failed > 0 {
		return errors.New(words.Text("cli.push.failed", map[string]any{"N": failed, "Total": len(results)}))
	}
	return nil
}
