// Command senselink-sim runs a stand-in for the SenseLink Cloud Open Platform
// API on this machine, so that PunchDesk can be linked, synced and demonstrated
// without a real SenseLink account or terminals. See the -help text.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/punchdesk/punchdesk/core/senselinksim"
)

const secretEnv = "SENSELINK_SIM_APP_SECRET"

// options are the parsed command line.
type options struct {
	addr          string
	appKey        string
	appSecret     string
	secretSource  string // where appSecret came from, for the start banner
	mode          string
	script        string
	days          int
	staff         int
	interval      time.Duration
	strangerShare float64
	offline       string // resolved LDID, "" for none
	offlineEvery  time.Duration
	offlineFor    time.Duration
	tz            *time.Location
	seed          int64
	maxSkew       time.Duration
	faults        senselinksim.Faults
	variant       serverVariant
}

// serverVariant is how this stand-in reads the parts of the API that public
// sources disagree on, so that PunchDesk can be tried against each reading.
type serverVariant struct {
	windowBy      string
	ignoreStartID bool
	rowShape      string
	badRows       bool
	keyScope      string
	flood         bool
}

// recordsOnlyDenied are the paths an AppKey limited to the record API may not
// call.
var recordsOnlyDenied = []string{"/api/v3/server/version", "/api/v1/server/version", "/api/v1/user/list",
	"/api/v1/device", "/api/v1/user", "/api/v2/user", "/v1/image/"}

const usageHeader = `senselink-sim — a stand-in for the SenseLink Cloud Open Platform API.

It serves the endpoints PunchDesk uses (server version, record list, user list
and create, device list, face images) over plain HTTP with the real signature check, page size cap,
receive-time windows, strangers, temperatures, mask flags, terminals that go
offline and upload late, and optional faults. Point PunchDesk's SenseLink host
at the printed URL and use the app key and secret below.

Modes:
  live      the demo office's roster (24 staff, or -staff N) at its 2 terminals;
            a recognition every -interval, now and then a stranger
  scripted  exactly the records of -script FILE, nothing generated
  history   -days of history for the roster (4 passes a day each), then live

The default app secret is a test credential, not a secret: anyone can read it
here. To use another without putting it on a command line, set
` + secretEnv + `.

Examples:
  senselink-sim
  senselink-sim -interval 2s -offline-terminal auto -offline-every 3m -offline-for 1m
  senselink-sim -mode history -days 31 -staff 1000
  senselink-sim -mode scripted -script cmd/senselink-sim/testdata/example-script.json
  senselink-sim -fault-5xx 0.1 -fault-reset 0.05 -fault-slow 0.05 -slow-delay 10s -fault-malformed 0.02

Flags:
`

// parseFlags reads the command line. getenv supplies the environment, and
// usage text and flag errors go to out.
func parseFlags(args []string, getenv func(string) string, out io.Writer) (options, error) {
	fs := flag.NewFlagSet("senselink-sim", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usageHeader)
		fs.PrintDefaults()
	}
	var o options
	var tz, offline string
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8765", "`host:port` to listen on")
	fs.StringVar(&o.appKey, "app-key", "demo-app-key", "the AppKey clients must send")
	fs.StringVar(&o.appSecret, "app-secret", "demo-app-secret", "the AppSecret clients sign with (a test credential; prefer $"+secretEnv+")")
	fs.StringVar(&o.mode, "mode", "live", "live, scripted or history")
	fs.StringVar(&o.script, "script", "", "JSON scenario `file` for -mode scripted")
	fs.IntVar(&o.days, "days", 30, "days of history for -mode history, ending today")
	fs.IntVar(&o.staff, "staff", 0, "roster size (0 = the 24 demo staff; more adds made-up staff)")
	fs.DurationVar(&o.interval, "interval", 5*time.Second, "mean time between live recognitions")
	fs.Float64Var(&o.strangerShare, "stranger-share", 0.05, "share of live recognitions that are strangers (0..1)")
	fs.StringVar(&offline, "offline-terminal", "", "`LDID` of a terminal that goes offline now and then and uploads late; \"auto\" = the demo 通用口 terminal")
	fs.DurationVar(&o.offlineEvery, "offline-every", 10*time.Minute, "how often the offline terminal loses its network")
	fs.DurationVar(&o.offlineFor, "offline-for", 3*time.Minute, "how long the offline terminal stays offline")
	fs.StringVar(&tz, "tz", "Asia/Tokyo", "the account's time `zone` for date_time_from/to and sign_date")
	fs.Int64Var(&o.seed, "seed", 0, "random seed for repeatable runs (0 = from the clock; the seed used is printed)")
	fs.DurationVar(&o.maxSkew, "max-skew", 30*time.Minute, "largest accepted difference between a request's timestamp and this clock")
	fs.Float64Var(&o.faults.ServerError, "fault-5xx", 0, "share of requests answered HTTP 500/502/503")
	fs.Float64Var(&o.faults.Reset, "fault-reset", 0, "share of requests whose connection is reset without an answer")
	fs.Float64Var(&o.faults.Slow, "fault-slow", 0, "share of requests answered only after -slow-delay")
	fs.DurationVar(&o.faults.SlowDelay, "slow-delay", 3*time.Second, "delay of a slow answer")
	fs.Float64Var(&o.faults.Malformed, "fault-malformed", 0, "share of requests answered HTTP 200 with invalid JSON")
	fs.StringVar(&o.variant.windowBy, "window-by", senselinksim.WindowByReceive, "what date_time_from/to select by: receive (time the cloud received a record) or sign (recognition time)")
	fs.BoolVar(&o.variant.ignoreStartID, "ignore-start-record-id", false, "ignore start_record_id/end_record_id, as a server without them would")
	fs.StringVar(&o.variant.rowShape, "row-shape", senselinksim.RowShapeList, "record page layout: "+strings.Join(senselinksim.RowShapes, ", "))
	fs.BoolVar(&o.variant.badRows, "bad-rows", false, "add one unreadable row (a text id) to every record page")
	fs.StringVar(&o.variant.keyScope, "key-scope", "all", "APIs the AppKey may call: all, or records (record list only)")
	fs.BoolVar(&o.variant.flood, "flood", false, "receive a full page of new records before every record list answer (a server that never stops)")

	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	if fs.NArg() > 0 {
		return options{}, usageError(fs, "unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	o.secretSource = "the default test secret"
	switch {
	case set["app-secret"]:
		o.secretSource = "-app-secret"
	case getenv(secretEnv) != "":
		o.appSecret = getenv(secretEnv)
		o.secretSource = "$" + secretEnv
	}
	if o.appKey == "" || o.appSecret == "" {
		return options{}, usageError(fs, "the app key and app secret must not be empty")
	}

	switch o.mode {
	case "live", "history":
		if set["script"] {
			return options{}, usageError(fs, "-script is only for -mode scripted")
		}
	case "scripted":
		if o.script == "" {
			return options{}, usageError(fs, "-mode scripted needs -script FILE")
		}
		for _, name := range []string{"days", "staff", "interval", "stranger-share", "offline-terminal", "offline-every", "offline-for"} {
			if set[name] {
				return options{}, usageError(fs, "-%s does not apply to -mode scripted, which generates nothing", name)
			}
		}
	default:
		return options{}, usageError(fs, "-mode must be live, scripted or history, not %q", o.mode)
	}
	if set["days"] && o.mode != "history" {
		return options{}, usageError(fs, "-days is only for -mode history")
	}
	if o.days < 1 {
		return options{}, usageError(fs, "-days must be at least 1")
	}
	if o.staff < 0 {
		return options{}, usageError(fs, "-staff must not be negative")
	}
	for name, d := range map[string]time.Duration{"interval": o.interval, "offline-every": o.offlineEvery,
		"offline-for": o.offlineFor, "max-skew": o.maxSkew, "slow-delay": o.faults.SlowDelay} {
		if d <= 0 {
			return options{}, usageError(fs, "-%s must be positive", name)
		}
	}
	shares := map[string]float64{"stranger-share": o.strangerShare, "fault-5xx": o.faults.ServerError,
		"fault-reset": o.faults.Reset, "fault-slow": o.faults.Slow, "fault-malformed": o.faults.Malformed}
	for name, v := range shares {
		if v < 0 || v > 1 {
			return options{}, usageError(fs, "-%s must be between 0 and 1, got %v", name, v)
		}
	}
	if sum := o.faults.ServerError + o.faults.Reset + o.faults.Slow + o.faults.Malformed; sum > 1 {
		return options{}, usageError(fs, "the fault shares add up to %v, more than 1", sum)
	}

	if v := o.variant.windowBy; v != senselinksim.WindowByReceive && v != senselinksim.WindowBySign {
		return options{}, usageError(fs, "-window-by must be receive or sign, not %q", v)
	}
	if !slices.Contains(senselinksim.RowShapes, o.variant.rowShape) {
		return options{}, usageError(fs, "-row-shape must be one of %s, not %q", strings.Join(senselinksim.RowShapes, ", "), o.variant.rowShape)
	}
	if v := o.variant.keyScope; v != "all" && v != "records" {
		return options{}, usageError(fs, "-key-scope must be all or records, not %q", v)
	}

	loc, err := time.LoadLocation(tz)
	if err != nil {
		return options{}, usageError(fs, "-tz %q is not a time zone: %v", tz, err)
	}
	o.tz = loc

	switch offline {
	case "":
	case "auto":
		o.offline = senselinksim.DemoDevices()[1].LDID
	default:
		known := []string{}
		for _, d := range senselinksim.DemoDevices() {
			known = append(known, d.LDID)
			if d.LDID == offline {
				o.offline = offline
			}
		}
		if o.offline == "" {
			return options{}, usageError(fs, "-offline-terminal %q is not a demo terminal (%s) or auto", offline, strings.Join(known, ", "))
		}
	}
	if o.seed == 0 {
		o.seed = time.Now().UnixNano()
	}
	return o, nil
}

func usageError(fs *flag.FlagSet, format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	fmt.Fprintf(fs.Output(), "senselink-sim: %v\nRun senselink-sim -help for the flags.\n", err)
	return err
}

func main() {
	o, err := parseFlags(os.Args[1:], os.Getenv, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "senselink-sim: %v\n", err)
		os.Exit(1)
	}
}

// run serves until ctx ends, then shuts down.
func run(ctx context.Context, o options, stdout io.Writer) error {
	// Log lines start with the time in the account zone, which is what the
	// records show, rather than this machine's zone.
	logger := log.New(stdout, "", 0)
	srv := senselinksim.New(senselinksim.Config{
		AppKey:    o.appKey,
		AppSecret: o.appSecret,
		Location:  o.tz,
		MaxSkew:   o.maxSkew,
		Faults:    o.faults,
		Seed:      o.seed,

		WindowBy:            o.variant.windowBy,
		IgnoreStartRecordID: o.variant.ignoreStartID,
		RowShape:            o.variant.rowShape,
		BadRows:             o.variant.badRows,
		Flood:               o.variant.flood,
	})
	if o.variant.keyScope == "records" {
		srv.Deny(recordsOnlyDenied...)
	}
	live := o.mode != "scripted"
	switch o.mode {
	case "scripted":
		f, err := os.Open(o.script)
		if err != nil {
			return fmt.Errorf("open script: %w", err)
		}
		sc, err := senselinksim.LoadScript(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", o.script, err)
		}
		if err := srv.Apply(sc); err != nil {
			return fmt.Errorf("%s: %w", o.script, err)
		}
	case "live", "history":
		people := senselinksim.DemoPeople()
		if o.staff > 0 {
			people = senselinksim.GenerateStaff(o.staff)
		}
		srv.SetPeople(people)
		srv.SetDevices(senselinksim.DemoDevices())
		if o.mode == "history" {
			today := time.Now().In(o.tz)
			from := time.Date(today.Year(), today.Month(), today.Day()-(o.days-1), 0, 0, 0, 0, o.tz)
			start := time.Now()
			if err := srv.GenerateDays(from, o.days, people, senselinksim.DemoDevices(), 4); err != nil {
				return err
			}
			logger.Printf("history: %d records of %d staff since %s, built in %s",
				srv.Len(), len(people), from.Format(time.DateOnly), time.Since(start).Round(time.Millisecond))
		}
	}

	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	fmt.Fprintf(stdout, "SenseLink stand-in at http://%s\n  app key:    %s\n  app secret: %s\n  mode:       %s (seed %d, zone %s)\n",
		ln.Addr(), o.appKey, o.secretSource, o.mode, o.seed, o.tz)
	if o.mode == "scripted" {
		fmt.Fprintf(stdout, "  records:    %d from %s\n", srv.Len(), o.script)
	}
	if v := o.variant; v != (serverVariant{windowBy: senselinksim.WindowByReceive, rowShape: senselinksim.RowShapeList, keyScope: "all"}) {
		fmt.Fprintf(stdout, "  variant:    window by %s, start_record_id %s, rows %s, bad rows %t, key scope %s, flood %t\n",
			v.windowBy, map[bool]string{true: "ignored", false: "honoured"}[v.ignoreStartID], v.rowShape, v.badRows, v.keyScope, v.flood)
	}
	if f := o.faults; f.ServerError+f.Reset+f.Slow+f.Malformed > 0 {
		fmt.Fprintf(stdout, "  faults:     5xx %.0f%%, reset %.0f%%, slow %.0f%% (%s), malformed %.0f%%\n",
			f.ServerError*100, f.Reset*100, f.Slow*100, f.SlowDelay, f.Malformed*100)
	}

	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		// Slow answers end when the command is stopped rather than holding
		// up the shutdown.
		BaseContext: func(net.Listener) context.Context { return ctx },
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- hs.Serve(ln) }()

	liveErr := make(chan error, 1)
	if live {
		share := o.strangerShare
		if share == 0 {
			share = -1 // LiveConfig reads 0 as "the default"
		}
		go func() {
			liveErr <- srv.RunLive(ctx, senselinksim.LiveConfig{
				Interval:      o.interval,
				StrangerShare: share,
				OfflineDevice: o.offline,
				OfflineEvery:  o.offlineEvery,
				OfflineFor:    o.offlineFor,
				Logf:          logger.Printf,
			})
		}()
	}

	var runErr error
	select {
	case <-ctx.Done():
	case err := <-serveErr:
		runErr = fmt.Errorf("serve: %w", err)
	case err := <-liveErr:
		if err != nil {
			runErr = err
		}
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil && runErr == nil {
		runErr = fmt.Errorf("shut down: %w", err)
	}
	if runErr == nil {
		fmt.Fprintln(stdout, "senselink-sim stopped")
	}
	return runErr
}
