package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/i18n"
	"github.com/punchdesk/punchdesk/core/problem"
	"github.com/punchdesk/punchdesk/core/recordsync"
	"github.com/punchdesk/punchdesk/core/secret"
	"github.com/punchdesk/punchdesk/core/senselink"
	"github.com/punchdesk/punchdesk/core/site"
	"github.com/punchdesk/punchdesk/core/staff"
	"github.com/punchdesk/punchdesk/core/store"
)

func cmdLink(ctx context.Context, e *env, args []string) error {
	fs := e.flags("link", "link --server URL --app-key KEY  (AppSecret on standard input)")
	server := fs.String("server", site.DefaultServer, "SenseLink server address")
	appKey := fs.String("app-key", "", "the AppKey issued in SenseLink Cloud (オープンプラットフォーム)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *appKey == "" {
		return usage("cli.usage.required", "Flag", "--app-key")
	}
	// A scheduled job or a CI runner without a keychain supplies the
	// secret in the environment; it is then never read from stdin nor stored.
	secretText, fromEnv := os.LookupEnv(secret.EnvVar)
	if !fromEnv || secretText == "" {
		if f, ok := e.stdin.(*os.File); ok {
			if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
				fmt.Fprint(e.stderr, words.Text("cli.secret.prompt", nil))
			}
		}
		var err error
		if secretText, err = readSecret(e.stdin); err != nil {
			return err
		}
	}
	s, err := e.open(store.ReadWrite)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Link(ctx, site.LinkRequest{Server: *server, AppKey: *appKey, AppSecret: secretText}); err != nil {
		return err
	}
	st, err := s.Status(ctx)
	if err != nil {
		return err
	}
	say(e.stdout, "cli.linked", "Server", st.Server, "Key", st.AppKey)
	if st.SecretFromEnv {
		say(e.stdout, "cli.secret.env")
	} else {
		say(e.stdout, "cli.secret.keychain")
	}
	say(e.stdout, "cli.firstsync", "Time", formatLocal(ctx, s, st.Sync.Cursor))
	return nil
}

// secretHint says how to hand punchctl the AppSecret on this system.
func secretHint(goos string) string {
	if goos == "windows" {
		return `in PowerShell: $env:` + secret.EnvVar + ` = "…"; punchctl link …  — or in cmd: set ` + secret.EnvVar + `=… then punchctl link …`
	}
	return `e.g. printf '%s' "$SECRET" | punchctl link …, or set ` + secret.EnvVar
}

// readSecret takes the first line of r; the secret never travels on the
// command line, where other users could see it in the process list.
func readSecret(r io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the AppSecret from standard input: %w", err)
	}
	line = strings.TrimSpace(line)
	if line == "" {
		return "", usage("cli.usage.nosecret", "Hint", secretHint(runtime.GOOS))
	}
	return line, nil
}

func cmdUnlink(ctx context.Context, e *env, args []string) error {
	fs := e.flags("unlink", "unlink")
	s, err := e.parseOpen(fs, args, store.ReadWrite)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Unlink(ctx); err != nil {
		return err
	}
	say(e.stdout, "cli.unlinked")
	return nil
}

type statusJSON struct {
	Linked        bool    `json:"linked"`
	Server        string  `json:"server,omitempty"`
	AppKey        string  `json:"app_key,omitempty"`
	Demo          bool    `json:"demo"`
	LinkedAt      *string `json:"linked_at"`
	SecretFromEnv bool    `json:"secret_from_env"`
	Cursor        *string `json:"cursor"`
	LastSuccess   *string `json:"last_sync"`
	LastError     *string `json:"last_error"`
	LastErrorKind *string `json:"last_error_kind"`
	LastErrorAt   *string `json:"last_error_at"`
	Records       int     `json:"records"`
	// The id sweep's position and what is kept aside (SPEC §6).
	RecordIDCursor int64  `json:"record_id_cursor"`
	StartIDIgnored bool   `json:"start_record_id_ignored"`
	BadRows        int    `json:"unreadable_rows"`
	Conflicts      int    `json:"conflicting_records"`
	Database       string `json:"database"`
}

func cmdStatus(ctx context.Context, e *env, args []string) error {
	fs := e.flags("status", "status [--json]")
	asJSON := fs.Bool("json", false, "print JSON")
	s, err := e.parseOpen(fs, args, store.ReadOnly)
	if err != nil {
		return err
	}
	defer s.Close()
	st, err := s.Status(ctx)
	if err != nil {
		return err
	}
	loc, err := s.Location(ctx)
	if err != nil {
		return err
	}
	stamp := func(t time.Time) *string {
		if t.IsZero() {
			return nil
		}
		v := t.In(loc).Format(time.RFC3339)
		return &v
	}
	text := func(v string) *string {
		if v == "" {
			return nil
		}
		return &v
	}
	if *asJSON {
		return writeJSON(e.stdout, statusJSON{
			Linked: st.Linked, Server: st.Server, AppKey: st.AppKey, Demo: st.Demo, LinkedAt: stamp(st.LinkedAt),
			SecretFromEnv: st.SecretFromEnv, Cursor: stamp(st.Sync.Cursor), LastSuccess: stamp(st.Sync.LastSuccess),
			LastError: text(st.Sync.LastError), LastErrorKind: text(st.Sync.LastErrorKind), LastErrorAt: stamp(st.Sync.LastErrorAt),
			Records: st.Records, RecordIDCursor: st.Sync.RecordIDCursor, StartIDIgnored: st.Sync.StartIDIgnored,
			BadRows: st.Sync.BadRows, Conflicts: st.Sync.Conflicts, Database: s.Path(),
		})
	}
	tw := newTable(e.stdout)
	line := func(label, key string, args ...any) {
		fmt.Fprintf(tw, "%s\t%s\n", words.Text("cli.status."+label, nil), words.Text(key, argMap(args)))
	}
	orNever := func(t time.Time) string {
		if t.IsZero() {
			return words.Text("cli.status.never", nil)
		}
		return t.In(loc).Format(time.DateTime)
	}
	switch {
	case !st.Linked:
		line("link", "cli.status.notlinked")
	case st.Demo:
		line("link", "cli.status.demo")
	default:
		line("link", "cli.status.linked", "Server", st.Server, "Key", st.AppKey, "Since", orNever(st.LinkedAt))
		source := "cli.status.secret.keychain"
		if st.SecretFromEnv {
			source = "cli.status.secret.env"
		}
		line("secret", source)
	}
	line("cursor", "cli.status.value", "V", orNever(st.Sync.Cursor))
	line("lastsync", "cli.status.value", "V", orNever(st.Sync.LastSuccess))
	if st.Sync.LastError != "" {
		line("lasterror", "cli.status.error", "Text", st.Sync.LastError, "At", orNever(st.Sync.LastErrorAt))
	}
	line("records", "cli.status.value", "V", st.Records)
	if st.Sync.RecordIDCursor > 0 {
		line("ids", "cli.status.ids.value", "N", st.Sync.RecordIDCursor)
	}
	if st.Sync.StartIDIgnored {
		line("warning", "cli.status.startid")
	}
	if st.Sync.BadRows > 0 || st.Sync.Conflicts > 0 {
		line("aside", "cli.status.aside.value", "Bad", st.Sync.BadRows, "Conflicts", st.Sync.Conflicts)
	}
	line("database", "cli.status.value", "V", s.Path())
	return tw.Flush()
}

func cmdSync(ctx context.Context, e *env, args []string) error {
	fs := e.flags("sync", `sync [--from "YYYY-MM-DD HH:MM:SS"] [--watch]`)
	from := fs.String("from", "", "read again every record from this time on (site time zone); default: where the last sync stopped")
	watch := fs.Bool("watch", false, "keep polling until interrupted")
	s, err := e.parseOpen(fs, args, store.ReadWrite)
	if err != nil {
		return err
	}
	defer s.Close()
	if *from != "" {
		t, err := s.ParseLocalTime(ctx, *from)
		if err != nil {
			return usage("cli.usage.flag", "Flag", "--from", "Text", explain(err))
		}
		if err := s.SetSyncStart(ctx, t); err != nil {
			return err
		}
	}
	syncer, err := s.Syncer(ctx)
	if err != nil {
		return err
	}
	loc, err := s.Location(ctx)
	if err != nil {
		return err
	}
	if *watch {
		return watchLoop(ctx, e, s, syncer, loc)
	}
	return syncOnce(ctx, e, syncer, loc)
}

// syncOnce runs one pass. The pass rides out passing faults itself (it ends
// only after a run of failures with nothing read between them), so a
// scheduled job survives a flaky network without a loop of its own.
func syncOnce(ctx context.Context, e *env, syncer *recordsync.Syncer, loc *time.Location) error {
	lastShown := time.Time{}
	show := func(p recordsync.Progress) {
		if p.Retrying != nil {
			say(e.stderr, "cli.retrying", "Text", explain(p.Retrying), "Time", p.RetryAt.In(loc).Format(time.TimeOnly), "N", p.Failures)
			return
		}
		if time.Since(lastShown) < time.Second {
			return
		}
		lastShown = time.Now()
		say(e.stderr, "cli.syncing", "Time", p.To.In(loc).Format(time.DateTime), "Percent", fmt.Sprintf("%3.0f", p.Fraction()*100),
			"N", p.Fetched, "New", p.Inserted)
	}
	res, err := syncer.CatchUp(ctx, show)
	if err != nil {
		return err
	}
	say(e.stdout, "cli.caughtup", "Time", res.Cursor.In(loc).Format(time.DateTime), "N", res.Fetched, "New", res.Inserted)
	reportKeptAside(e, res)
	return nil
}

// reportKeptAside warns about rows the pass kept aside and about a server
// that ignores start_record_id.
func reportKeptAside(e *env, res recordsync.Result) {
	if res.BadRows > 0 {
		say(e.stderr, "cli.warn.badrows", "N", res.BadRows)
	}
	if res.Conflicts > 0 {
		say(e.stderr, "cli.warn.conflicts", "N", res.Conflicts)
	}
}

func watchLoop(ctx context.Context, e *env, s *site.Site, syncer *recordsync.Syncer, loc *time.Location) error {
	var last recordsync.State = -1
	w := recordsync.NewWatcher(syncer, func() time.Duration { return s.PollInterval(ctx) }, func(st recordsync.Status) {
		switch st.State {
		case recordsync.StateSyncing:
			if p := st.Progress; p != nil && p.Retrying != nil {
				say(e.stderr, "cli.watch.retrying", "Now", time.Now().In(loc).Format(time.TimeOnly),
					"Text", explain(p.Retrying), "Time", p.RetryAt.In(loc).Format(time.TimeOnly), "N", p.Failures)
			}
		case recordsync.StateIdle:
			if st.Result != nil {
				reportKeptAside(e, *st.Result)
			}
			if st.Result != nil && (st.Result.Inserted > 0 || last != recordsync.StateIdle) {
				say(e.stdout, "cli.watch.caughtup", "Now", time.Now().In(loc).Format(time.TimeOnly), "New", st.Result.Inserted,
					"Time", st.NextPoll.In(loc).Format(time.TimeOnly))
			}
		case recordsync.StateBackoff:
			say(e.stderr, "cli.watch.backoff", "Now", time.Now().In(loc).Format(time.TimeOnly), "Text", explain(st.LastError),
				"Time", st.NextPoll.In(loc).Format(time.TimeOnly))
		}
		last = st.State
	})
	say(e.stderr, "cli.polling")
	return w.Run(ctx)
}

type recordJSON struct {
	RecordID       int64    `json:"record_id"`
	Time           string   `json:"time"`
	EmployeeNumber *string  `json:"employee_number"`
	Name           string   `json:"name"`
	Terminal       string   `json:"terminal"`
	TerminalID     string   `json:"terminal_id"`
	Temperature    *float64 `json:"temperature"`
	Mask           *int     `json:"mask"`
	Abnormal       int      `json:"abnormal_type"`
	Stranger       bool     `json:"stranger"`
	StaffCode      *string  `json:"staff_code"`
	Remarks        []string `json:"remarks"`
	Outcome        *string  `json:"outcome"`
}

// recordPage is how many rows records reads at a time, so that a year of
// records streams out without being held in memory.
const recordPage = 2000

func cmdRecords(ctx context.Context, e *env, args []string) error {
	fs := e.flags("records", "records [--date YYYY-MM-DD] [--json]")
	date := fs.String("date", "", "only records recognised on this day (site time zone)")
	asJSON := fs.Bool("json", false, "print a JSON array")
	if err := parse(fs, args); err != nil {
		return err
	}
	if _, err := time.Parse(time.DateOnly, *date); *date != "" && err != nil {
		return usage("cli.usage.date", "Flag", "--date", "Text", *date)
	}
	s, err := e.open(store.ReadOnly)
	if err != nil {
		return err
	}
	defer s.Close()
	var filter domain.RecordFilter
	if *date != "" {
		if filter, err = s.DayFilter(ctx, *date); err != nil {
			return usage("cli.usage.flag", "Flag", "--date", "Text", explain(err))
		}
	}
	loc, err := s.Location(ctx)
	if err != nil {
		return err
	}
	var tw *table
	if *asJSON {
		fmt.Fprint(e.stdout, "[")
	} else {
		tw = newTable(e.stdout)
		fmt.Fprintln(tw, words.Text("cli.head.records", nil))
	}
	n := 0
	for offset := 0; ; offset += recordPage {
		recs, err := s.LogRows(ctx, filter, offset, recordPage)
		if err != nil {
			return err
		}
		for _, r := range recs {
			if *asJSON {
				if n > 0 {
					fmt.Fprint(e.stdout, ",")
				}
				b, err := json.Marshal(toRecordJSON(r, loc))
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "\n  %s", b)
			} else {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n", r.SignTime.In(loc).Format(time.DateTime),
					deref(r.JobNumber, "-"), orDash(r.UserName), orDash(r.DeviceName), temperature(r.BodyTemperature), mask(r.Mask),
					orDash(strings.Join(wordsOf(remarkStrings(r.Remarks)), ",")), orDash(word(string(r.Outcome()))), r.ID)
			}
			n++
		}
		if len(recs) < recordPage {
			break
		}
	}
	if *asJSON {
		if n > 0 {
			fmt.Fprint(e.stdout, "\n")
		}
		fmt.Fprintln(e.stdout, "]")
		return nil
	}
	return tw.Flush()
}

func toRecordJSON(row domain.LogRow, loc *time.Location) recordJSON {
	r := row.Record
	out := recordJSON{
		RecordID: r.ID, Time: r.SignTime.In(loc).Format(time.RFC3339), Name: r.UserName,
		Terminal: r.DeviceName, TerminalID: r.DeviceLDID, Temperature: r.BodyTemperature, Mask: r.Mask,
		Abnormal: r.AbnormalType, Stranger: r.IsStranger(), Remarks: remarkStrings(row.Remarks),
	}
	if row.StaffCode != "" {
		out.StaffCode = &row.StaffCode
	}
	if o := string(row.Outcome()); o != "" {
		out.Outcome = &o
	}
	if r.JobNumber != nil && strings.TrimSpace(*r.JobNumber) != "" {
		v := strings.TrimSpace(*r.JobNumber)
		out.EmployeeNumber = &v
	}
	if out.Temperature != nil && *out.Temperature == 0 {
		// 0.0 is SenseLink's "not measured", not a reading.
		out.Temperature = nil
	}
	return out
}

func deref(p *string, empty string) string {
	if p == nil || *p == "" {
		return empty
	}
	return *p
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func temperature(t *float64) string {
	if t == nil || *t == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f", *t)
}

func mask(m *int) string {
	switch {
	case m == nil:
		return "-"
	case *m == 0:
		return word("no")
	}
	return word("yes")
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func formatLocal(ctx context.Context, s *site.Site, t time.Time) string {
	if t.IsZero() {
		return "the start of today"
	}
	loc, err := s.Location(ctx)
	if err != nil {
		return t.Format(time.RFC3339)
	}
	return t.In(loc).Format(time.DateTime)
}

// explain words an error for someone reading a terminal or a cron mail.
func explain(err error) string { return explainIn(words, err) }

// importProblems lists a refused CSV's problems line by line (at most 20:
// nobody reads further, and the file is fixed and imported again).
func importProblems(c *i18n.Catalogue, bad *staff.ImportError) string {
	lines := []string{c.Text("cli.import.problems", map[string]any{"N": len(bad.Problems)})}
	for i, p := range bad.Problems {
		if i == 20 {
			lines = append(lines, c.Text("cli.import.more", map[string]any{"N": len(bad.Problems) - 20}))
			break
		}
		text := c.Text(p.What.Key(), p.What.Args)
		if p.Line > 0 {
			text = c.Text("cli.import.line", map[string]any{"Line": p.Line, "Message": text})
		}
		lines = append(lines, "  "+text)
	}
	return strings.Join(lines, "\n")
}

// explainIn words err from core's problem vocabulary in c's language:
// punchctl's own sentence (cli.error.*) where the app's points at a screen,
// else the app's. SenseLink's failures keep their technical detail after
// the sentence, for support; an error core does not know is shown as it is.
func explainIn(c *i18n.Catalogue, err error) string {
	var bad *staff.ImportError
	if errors.As(err, &bad) {
		return importProblems(c, bad)
	}
	p := problem.Of(err)
	if p.Code == problem.Unknown {
		return err.Error()
	}
	key := p.Key()
	if c.Has("cli." + key) {
		key = "cli." + key
	}
	text := strings.TrimSuffix(strings.TrimSuffix(c.Text(key, p.Args), "."), "。")
	if senselink.KindOf(err) != senselink.KindUnknown {
		text += " — " + err.Error()
	}
	return text
}

// cmdDBCheck checks the database file for damage, beside the app if need be.
func cmdDBCheck(ctx context.Context, e *env, args []string) error {
	fs := e.flags("db check", "db check [--aside]")
	aside := fs.Bool("aside", false, "also list the rows the sync kept aside (unreadable rows, conflicting records)")
	s, err := e.parseOpen(fs, args, store.ReadOnly)
	if err != nil {
		return err
	}
	defer s.Close()
	if *aside {
		text, err := s.KeptAside(ctx)
		if err != nil {
			return err
		}
		fmt.Fprint(e.stdout, text)
	}
	problems, err := s.CheckDatabase(ctx)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(e.stdout, p)
		}
		return errors.New(words.Text("cli.db.damaged", map[string]any{"Path": s.Path(), "N": len(problems)}))
	}
	say(e.stdout, "cli.db.sound", "Path", s.Path())
	return nil
}
