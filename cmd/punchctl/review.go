package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/punchdesk/punchdesk/core/rules"
	"github.com/punchdesk/punchdesk/core/site"
	"github.com/punchdesk/punchdesk/core/store"
)

func cmdPunchAdd(ctx context.Context, e *env, args []string) error {
	fs := e.flags("punch add", `punch add --staff CODE --time "YYYY-MM-DD HH:MM[:SS]" --source SOURCE [--note TEXT]`)
	code := fs.String("staff", "", "staff code")
	at := fs.String("time", "", "time in the site time zone")
	source := fs.String("source", "", "ic_card, web, mobile, other or admin")
	note := fs.String("note", "", "a note")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *code == "" || *at == "" || *source == "" {
		return usage("cli.usage.punchadd")
	}
	if _, err := site.ParseSource(*source); err != nil {
		return usage("cli.usage.flag", "Flag", "--source", "Text", explain(err))
	}
	s, err := e.open(store.ReadWrite)
	if err != nil {
		return err
	}
	defer s.Close()
	id, err := s.AddPunch(ctx, site.PunchRequest{StaffCode: *code, Time: *at, Source: *source, Note: *note})
	if err != nil {
		return err
	}
	say(e.stdout, "cli.punch.added", "ID", id)
	return nil
}

func cmdPunchImport(ctx context.Context, e *env, args []string) error {
	return importCSV(ctx, e, "punch import", args, func(s *site.Site, name string, data []byte) (string, error) {
		ids, err := s.ImportPunches(ctx, data)
		return words.Text("cli.punch.imported", map[string]any{"File": name, "N": len(ids)}), err
	})
}

func cmdPunchDelete(ctx context.Context, e *env, args []string) error {
	fs := e.flags("punch delete", "punch delete ID --reason TEXT")
	reason := fs.String("reason", "", "why the punch is deleted (required)")
	id, err := parseOneID(fs, args)
	if err != nil {
		return err
	}
	if strings.TrimSpace(*reason) == "" {
		return usage("cli.usage.required", "Flag", "--reason")
	}
	s, err := e.open(store.ReadWrite)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.DeletePunch(ctx, id, *reason); err != nil {
		return err
	}
	say(e.stdout, "cli.punch.deleted", "ID", id)
	return nil
}

func cmdPunchRestore(ctx context.Context, e *env, args []string) error {
	fs := e.flags("punch restore", "punch restore ID")
	id, err := parseOneID(fs, args)
	if err != nil {
		return err
	}
	s, err := e.open(store.ReadWrite)
	if err != nil {
		return err
	}
	defer s.Close()
	added, err := s.RestorePunch(ctx, id)
	if err != nil {
		return err
	}
	if added != id {
		say(e.stdout, "cli.punch.restored.as", "ID", id, "New", added)
	} else {
		say(e.stdout, "cli.punch.restored", "ID", id)
	}
	return nil
}

// parseOneID accepts the ID before or after the flags.
func parseOneID(fs interface {
	Parse([]string) error
	NArg() int
	Arg(int) string
}, args []string) (string, error) {
	var id string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		id, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return "", usageError{err.Error()}
	}
	if id == "" && fs.NArg() > 0 {
		id = fs.Arg(0)
	}
	if id == "" {
		return "", usage("cli.usage.punchid")
	}
	return id, nil
}

func cmdReviewList(ctx context.Context, e *env, args []string) error {
	fs := e.flags("review list", "review list [--decided] [--json]")
	asJSON := fs.Bool("json", false, "print JSON")
	decided := fs.Bool("decided", false, "list the approved and rejected punches instead, with their reasons")
	if err := parse(fs, args); err != nil {
		return err
	}
	s, loc, err := e.openReader(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	list := s.PendingPunches
	if *decided {
		list = s.DecidedPunches
	}
	pending, err := list(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]punchJSON, len(pending))
		for i, p := range pending {
			out[i] = toPunchJSON(p, loc)
		}
		return writeJSON(e.stdout, out)
	}
	if len(pending) == 0 {
		if *decided {
			say(e.stdout, "cli.review.nodecided")
		} else {
			say(e.stdout, "cli.review.nopending")
		}
		return nil
	}
	tw := newTable(e.stdout)
	fmt.Fprintln(tw, words.Text("cli.head.review", nil))
	for _, p := range pending {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", p.ID, p.StaffCode, p.BusinessDate, p.Time.In(loc).Format(time.TimeOnly),
			orDash(p.PendingBecause), orDash(strings.Join(wordsOf(remarkStrings(p.Remarks)), ",")), orDash(word(string(p.Decision))), orDash(p.Reason))
	}
	return tw.Flush()
}

func cmdReviewApprove(ctx context.Context, e *env, args []string) error {
	return reviewDecide(ctx, e, "approve", args)
}

func cmdReviewReject(ctx context.Context, e *env, args []string) error {
	return reviewDecide(ctx, e, "reject", args)
}

func reviewDecide(ctx context.Context, e *env, verb string, args []string) error {
	fs := e.flags("review "+verb, "review "+verb+" ID... [--reason TEXT]")
	reason := fs.String("reason", "", "why (required to reject)")
	ids, rest := splitArgs(args, "reason")
	if err := parse(fs, rest); err != nil {
		return err
	}
	if len(ids) == 0 {
		return usage("cli.usage.punchids")
	}
	d := rules.DecisionApprove
	if verb == "reject" {
		d = rules.DecisionReject
		if strings.TrimSpace(*reason) == "" {
			return usage("cli.usage.rejectreason")
		}
	}
	s, err := e.open(store.ReadWrite)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Decide(ctx, ids, d, *reason); err != nil {
		return err
	}
	say(e.stdout, "cli.review."+verb, "N", len(ids))
	return nil
}

type auditJSON struct {
	At           string `json:"at"`
	User         string `json:"user"`
	Action       string `json:"action"`
	Target       string `json:"target"`
	StaffCode    string `json:"staff_code,omitempty"`
	BusinessDate string `json:"business_date,omitempty"`
	Before       string `json:"before,omitempty"`
	After        string `json:"after,omitempty"`
	Reason       string `json:"reason,omitempty"`
}

func cmdAudit(ctx context.Context, e *env, args []string) error {
	fs := e.flags("audit", "audit [--staff CODE] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]")
	code := fs.String("staff", "", "only this staff member")
	from := fs.String("from", "", "from this date (site time zone)")
	to := fs.String("to", "", "to this date, inclusive")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	for _, d := range []string{*from, *to} {
		if _, err := time.Parse(time.DateOnly, d); d != "" && err != nil {
			return usage("cli.usage.date", "Flag", "--from/--to", "Text", d)
		}
	}
	s, loc, err := e.openReader(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	entries, err := s.AuditTrail(ctx, *code, *from, *to)
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]auditJSON, len(entries))
		for i, a := range entries {
			out[i] = auditJSON{At: a.At.In(loc).Format(time.RFC3339), User: a.OSUser, Action: string(a.Action), Target: a.Target,
				StaffCode: a.StaffCode, BusinessDate: a.BusinessDate, Before: a.Before, After: a.After, Reason: a.Reason}
		}
		return writeJSON(e.stdout, out)
	}
	tw := newTable(e.stdout)
	fmt.Fprintln(tw, words.Text("cli.head.audit", nil))
	for _, a := range entries {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", a.At.In(loc).Format(time.DateTime), a.OSUser, a.Action, a.Target,
			orDash(a.StaffCode), orDash(a.Before), orDash(a.After), orDash(a.Reason))
	}
	return tw.Flush()
}
