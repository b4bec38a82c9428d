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

// usageText is the command list in punchctl's language (cli.usage).
func usageText() string { return words.Text("cli.usage", nil) }

// usageError is a mistake in the command line; it exits 2.
type usageError struct{ msg string }

// usage words a command-line mistake in punchctl's language.
func usage(key string, args ...any) usageError { return usageError{words.Text(key, argMap(args))} }

// argMap makes a sentence's values from alternating names and values.
func argMap(args []any) map[string]any {
	m := make(map[string]any, len(args)/2)
	for i := 0; i+1 < len(args); i += 2 {
		m[args[i].(string)] = args[i+1]
	}
	return m
}

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
		return command{}, nil, usage("cli.usage.subcommand", "Command", args[0], "Subs", strings.Join(subs, ", "))
	}
	return command{}, nil, usage("cli.usage.unknown", "Command", args[0])
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, secrets secret.Store) int {
	global := flag.NewFlagSet("punchctl", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	dbFlag := global.String("db", "", "database file")
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usageText())
			return exitOK
		}
		fmt.Fprintf(stderr, "punchctl: %v\n\n%s", err, usageText())
		return exitUsage
	}
	rest := global.Args()
	if len(rest) == 0 {
		fmt.Fprint(stderr, usageText())
		return exitUsage
	}
	if rest[0] == "help" {
		fmt.Fprint(stdout, usageText())
		return exitOK
	}
	c, cmdArgs, err := findCommand(rest)
	if err != nil {
		fmt.Fprintf(stderr, "punchctl: %v\n\n%s", err, usageText())
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
		return usage("cli.usage.unexpected", "Arg", fs.Arg(0))
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
	s, err := site.Open(path, mode, e.secrets)
	if err == nil && clock != nil {
		s.Now = clock
	}
	return s, err
}

// parseOpen parses a command's flags and opens the site in mode.
func (e *env) parseOpen(fs *flag.FlagSet, args []string, mode store.Mode) (*site.Site, error) {
	if err := parse(fs, args); err != nil {
		return nil, err
	}
	return e.open(mode)
}

// clock, when set, is the sites' clock instead of the system's: the golden
// workbook test runs on a fixed day.
var clock func() time.Time

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
func say(w io.Writer, key string, args ...any) { fmt.Fprintln(w, words.Text(key, argMap(args))) }

// word is a value a table shows (a state, a kind, a flag) in punchctl's
// language: Japanese readers get the app's word, English ones the value as
// --json and scripts know it.
func word(v string) string {
	if v == "" || !words.Has("cli.word."+v) {
		return v
	}
	return words.Text("cli.word."+v, nil)
}

func wordsOf(vs []string) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = word(v)
	}
	return out
}
