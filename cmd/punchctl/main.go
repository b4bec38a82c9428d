// Command punchctl runs PunchDesk's use-cases without a display: for scripts,
// schedulers and tests. It needs no cgo.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/punchdesk/punchdesk/core/i18n"
	"github.com/punchdesk/punchdesk/core/secret"
	"github.com/punchdesk/punchdesk/core/site"
	"github.com/punchdesk/punchdesk/core/store"
)

// Exit statuses.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

const usageText = `punchctl — PunchDesk from the command line

Usage:
  punchctl [--db PATH] link --server URL --app-key KEY   AppSecret is read from standard input
  punchctl [--db PATH] unlink
  punchctl [--db PATH] status [--json]
  punchctl [--db PATH] sync [--from "YYYY-MM-DD HH:MM:SS"] [--watch]
  punchctl [--db PATH] records [--date YYYY-MM-DD] [--json]
  punchctl [--db PATH] staff import FILE.csv            UTF-8 or Shift_JIS; all rows or none
  punchctl [--db PATH] staff add --code CODE --name NAME [--group GROUP]
  punchctl [--db PATH] staff list [--json]
  punchctl [--db PATH] staff push [CODE...] [--photo-dir DIR]   register staff in SenseLink (all not there yet without CODEs)
  punchctl [--db PATH] settings get [--json]
  punchctl [--db PATH] settings set KEY VALUE           terminal-group takes TERMINAL=GROUP, group-day-change GROUP=HH:MM
  punchctl [--db PATH] settings suggest-day-change [--json]   a day-change time per group from the last 30 days
  punchctl [--db PATH] check --month YYYY-MM [--json]   days that need a look (要確認)
  punchctl [--db PATH] summary --month YYYY-MM [--json] the month per staff member: work, overtime, late night, holidays
  punchctl [--db PATH] close --month YYYY-MM [--force]  month close (締め): freeze a finished month
  punchctl [--db PATH] reopen --month YYYY-MM --reason TEXT
  punchctl [--db PATH] holiday list [--year YYYY] [--json]
  punchctl [--db PATH] holiday add YYYY-MM-DD --name NAME   a company holiday
  punchctl [--db PATH] holiday delete YYYY-MM-DD
  punchctl [--db PATH] holiday import FILE.csv [--company]  the Cabinet Office's syukujitsu.csv, or company holidays
  punchctl [--db PATH] punches --month YYYY-MM [--staff CODE] [--json]
  punchctl [--db PATH] book --month YYYY-MM --staff CODE [--json]
  punchctl [--db PATH] punch add --staff CODE --time "YYYY-MM-DD HH:MM[:SS]" --source SOURCE [--note TEXT]
  punchctl [--db PATH] punch import FILE.csv           staff code, date-time, source[, note]
  punchctl [--db PATH] punch delete ID --reason TEXT
  punchctl [--db PATH] punch restore ID
  punchctl [--db PATH] review list [--decided] [--json]  pending punches (未承認打刻), or decided ones
  punchctl [--db PATH] review approve ID...
  punchctl [--db PATH] review reject ID... --reason TEXT
  punchctl [--db PATH] audit [--staff CODE] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]
  punchctl [--db PATH] db check [--aside]                 checks the database file for damage; --aside lists rows the sync kept aside
  punchctl [--db PATH] export --month YYYY-MM --out FILE.xlsx [--group NAME [--staff-group]] [--per-staff] [--decimal-hours]

The database is --db, else $PUNCHDESK_DB, else the PunchDesk database in the
user's config directory. Only one process may write it at a time; status and
records only read, so they may run beside the PunchDesk app.
$PUNCHDESK_APP_SECRET, when set, is used as the AppSecret instead of the OS
keychain (for machines without one) and is never stored.

Exit status: 0 success, 1 failure, 2 usage error.
`

// usageError is a mistake in the command line; it exits 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// words is the language punchctl speaks: the locale's (LANG, LC_ALL, or
// the Windows display language), set by main. Tests run in English unless
// they say otherwise.
var words = i18n.For(i18n.English)

func main() {
	useUTF8Console()
	words = i18n.For(i18n.LanguageOf(os.Getenv, systemLanguage()))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, secret.Default())
	stop()
	os.Exit(code)
}

// env is what one command runs with.
type env struct {
	dbPath  string
	stdin   io.Reader
	stdout  io.Writer
	stderr  io.Writer
	secrets secret.Store
}

type command struct {
	name string
	run  func(ctx context.Context, e *env, args []string) error
}

// commands are matched on their first one or two words ("sync",
// "staff import").
var commands = []command{
	{"link", cmdLink},
	{"unlink", cmdUnlink},
	{"status", cmdStatus},
	{"sync", cmdSync},
	{"records", cmdRecords},
	{"staff import", cmdStaffImport},
	{"staff add", cmdStaffAdd},
	{"staff list", cmdStaffList},
	{"staff push", cmdStaffPush},
	{"settings get", cmdSettingsGet},
	{"settings set", cmdSettingsSet},
	{"settings suggest-day-change", cmdSuggestDayChange},
	{"check", cmdCheck},
	{"summary", cmdSummary},
	{"close", cmdClose},
	{"reopen", cmdReopen},
	{"holiday list", cmdHolidayList},
	{"holiday add", cmdHolidayAdd},
	{"holiday delete", cmdHolidayDelete},
	{"holiday import", cmdHolidayImport},
	{"punches", cmdPunches},
	{"book", cmdBook},
	{"punch add", cmdPunchAdd},
	{"punch import", cmdPunchImport},
	{"punch delete", cmdPunchDelete},
	{"punch restore", cmdPunchRestore},
	{"review list", cmdReviewList},
	{"review approve", cmdReviewApprove},
	{"review reject", cmdReviewReject},
	{"audit", cmdAudit},
	{"db check", cmdDBCheck},
	{"export", cmdExport},
}

// findCommand picks the command args start with and returns the rest;
// for a group word alone ("staff") it names the group's subcommands.
func findCommand(args []string) (c command, rest []string, err error) {
	for _, c := range commands {
		words := strings.Fields(c.name)
		if len(args) >= len(words) && slices.Equal(args[:len(words)], words) {
			return c, args[len(words):], nil
		}
	}
	var subs []string
	for _, c := range commands {
		if group, sub, ok := strings.Cut(c.name, " "); ok && group == args[0] {
			subs = append(subs, sub)
		}
	}
	if len(subs) > 0 {
		return command{}, nil, usageError{fmt.Sprintf("%s needs a subcommand: %s", args[0], strings.Join(subs, ", "))}
	}
	return command{}, nil, usageError{fmt.Sprintf("unknown command %q", args[0])}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, secrets secret.Store) int {
	global := flag.NewFlagSet("punchctl", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	dbFlag := global.String("db", "", "database file")
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usageText)
			return exitOK
		}
		fmt.Fprintf(stderr, "punchctl: %v\n\n%s", err, usageText)
		return exitUsage
	}
	rest := global.Args()
	if len(rest) == 0 {
		fmt.Fprint(stderr, usageText)
		return exitUsage
	}
	if rest[0] == "help" {
		fmt.Fprint(stdout, usageText)
		return exitOK
	}
	c, cmdArgs, err := findCommand(rest)
	if err != nil {
		fmt.Fprintf(stderr, "punchctl: %v\n\n%s", err, usageText)
		return exitUsage
	}
	e := &env{dbPath: *dbFlag, stdin: stdin, stdout: stdout, stderr: stderr, secrets: secrets}
	err = c.run(ctx, e, cmdArgs)
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "punchctl %s: %s\n", c.name, ue.msg)
		return exitUsage
	default:
		fmt.Fprintf(stderr, "punchctl %s: %s\n", c.name, explain(err))
		return exitFailure
	}
}

// flags makes a subcommand's flag set. --db is accepted after the
// subcommand too, where people tend to type it.
func (e *env) flags(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet("punchctl "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: punchctl %s\n", synopsis)
		fs.PrintDefaults()
	}
	fs.Func("db", "database file", func(v string) error { e.dbPath = v; return nil })
	return fs
}

// parse parses a subcommand's flags, turning flag errors into usage errors.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	return nil
}

// splitArgs separates a command's names (punch ids, staff codes) from its
// flags, which may come in any order among them; valueFlags are the flags
// that take the next argument as their value.
func splitArgs(args []string, valueFlags ...string) (names, flags []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case slices.Contains(valueFlags, strings.TrimLeft(a, "-")) && strings.HasPrefix(a, "-"):
			flags = append(flags, a)
			if i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
		case strings.HasPrefix(a, "-"):
			flags = append(flags, a)
		default:
			names = append(names, a)
		}
	}
	return names, flags
}

func (e *env) open(mode store.Mode) (*site.Site, error) {
	path, err := store.ResolvePath(e.dbPath)
	if err != nil {
		return nil, err
	}
	return site.Open(path, mode, e.secrets)
}

// openReader opens the database read-only, as commands that only read do
// (so they run beside the app), with the site time zone their output uses.
func (e *env) openReader(ctx context.Context) (*site.Site, *time.Location, error) {
	s, err := e.open(store.ReadOnly)
	if err != nil {
		return nil, nil, err
	}
	loc, err := s.Location(ctx)
	if err != nil {
		s.Close()
		return nil, nil, err
	}
	return s, loc, nil
}

// say writes one of punchctl's sentences, in its language, on a line;
// args alternate names and values.
func say(w io.Writer, key string, args ...any) {
	m := make(map[string]any, len(args)/2)
	for i := 0; i+1 < len(args); i += 2 {
		m[args[i].(string)] = args[i+1]
	}
	fmt.Fprintln(w, words.Text(key, m))
}
