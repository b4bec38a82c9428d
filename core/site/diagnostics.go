package site

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"time"
)

// Diagnostics is a plain-text report for support: version, platform, link
// and sync state, settings and counts, and the given recent log lines. It
// holds no secret: the AppSecret never reaches the database or the log.
func (s *Site) Diagnostics(ctx context.Context, version string, recentLog []string) (string, error) {
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	line("PunchDesk %s (%s/%s, %s)", version, runtime.GOOS, runtime.GOARCH, runtime.Version())
	line("generated %s", s.now().Format(time.RFC3339))
	line("database %s", s.Path())
	st, err := s.Status(ctx)
	if err != nil {
		return "", err
	}
	switch {
	case !st.Linked:
		line("link: none")
	case st.Demo:
		line("link: built-in demo stand-in")
	default:
		line("link: %s, AppKey %s, since %s, secret from %s", st.Server, st.AppKey, st.LinkedAt.Format(time.RFC3339),
			map[bool]string{true: "PUNCHDESK_APP_SECRET", false: "OS keychain"}[st.SecretFromEnv])
	}
	stamp := func(t time.Time) string {
		if t.IsZero() {
			return "never"
		}
		return t.Format(time.RFC3339)
	}
	line("sync: cursor %s, last success %s", stamp(st.Sync.Cursor), stamp(st.Sync.LastSuccess))
	if st.Sync.LastError != "" {
		line("last sync error (%s, %s): %s", st.Sync.LastErrorKind, stamp(st.Sync.LastErrorAt), st.Sync.LastError)
	}
	members, err := s.Staff(ctx)
	if err != nil {
		return "", err
	}
	pending, err := s.CountPending(ctx)
	if err != nil {
		return "", err
	}
	line("records %d, staff %d, pending punches %d", st.Records, len(members), pending)
	line("record id cursor %d, start_record_id ignored %t", st.Sync.RecordIDCursor, st.Sync.StartIDIgnored)
	if st.Sync.BadRows > 0 || st.Sync.Conflicts > 0 {
		aside, err := s.KeptAside(ctx)
		if err != nil {
			return "", err
		}
		b.WriteString(aside)
	}
	values, groups, err := s.Settings(ctx)
	if err != nil {
		return "", err
	}
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		line("setting %s = %s", k, values[k])
	}
	for _, t := range SortedTerminals(groups) {
		line("setting terminal-group %s = %s", t, groups[t])
	}
	if len(recentLog) > 0 {
		line("")
		line("recent log:")
		for _, l := range recentLog {
			line("  %s", l)
		}
	}
	return b.String(), nil
}

// keptAsideShown is how many kept-aside rows a report lists of each kind.
const keptAsideShown = 20

// KeptAside is a plain-text list, for support, of the rows the sync kept
// aside: unreadable rows as sent, and record ids sent again with other
// content beside the version that was kept.
func (s *Site) KeptAside(ctx context.Context) (string, error) {
	bad, conflicts, err := s.db.KeptAside(ctx, keptAsideShown)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "unreadable rows (newest %d):\n", keptAsideShown)
	for _, r := range bad {
		fmt.Fprintf(&b, "  %s  %s\n    %s\n", r.FirstSeen.Format(time.RFC3339), r.Reason, r.Raw)
	}
	fmt.Fprintf(&b, "records sent again with other content (newest %d; the first version is kept):\n", keptAsideShown)
	for _, c := range conflicts {
		fmt.Fprintf(&b, "  record %d, %s\n    kept:  %s\n    other: %s\n", c.ID, c.FirstSeen.Format(time.RFC3339), c.Stored, c.Other)
	}
	return b.String(), nil
}
