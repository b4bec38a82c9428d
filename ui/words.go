package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/rules"
)

// Words for what the screens show: punch statuses, kinds, sources, remarks,
// flags, dates and durations, shared by every tab that shows them.

// flagsText words a day's review flags.
func flagsText(flags []rules.Flag) string {
	words := make([]string, len(flags))
	for i, f := range flags {
		words[i] = flagText(f)
	}
	return strings.Join(words, tr("book.separator"))
}

func flagText(f rules.Flag) string {
	switch f {
	case rules.FlagMissingClockOut:
		return tr("book.flag.missingout")
	case rules.FlagPending:
		return tr("book.flag.pending")
	}
	return tr("book.flag." + string(f))
}

// reasonText says what the administrator decided about a punch and why:
// the decision on a face punch that needed one, or the deletion.
func reasonText(p rules.Punch) string {
	var word string
	switch {
	case p.Status == rules.StatusDeleted:
		word = tr("book.reason.deleted")
	case p.Decision == rules.DecisionApprove:
		word = tr("book.reason.approved")
	case p.Decision == rules.DecisionReject:
		word = tr("book.reason.rejected")
	default:
		return ""
	}
	if p.Reason == "" {
		return word
	}
	return tr("book.reason.with", map[string]any{"What": word, "Reason": p.Reason})
}

// hoursMinutes formats a duration in minutes as h:mm, as time sheets do.
func hoursMinutes(minutes int) string {
	return fmt.Sprintf("%d:%02d", minutes/60, minutes%60)
}

// clockText is t on the site's clock; a time on a later calendar day than
// its business day (a night shift after the day change) is marked 翌.
func clockText(t time.Time, loc *time.Location, businessDate, layout string) string {
	local := t.In(loc)
	text := local.Format(layout)
	if rules.DaysAfter(t, loc, businessDate) > 0 {
		return tr("book.nextday", map[string]any{"Time": text})
	}
	return text
}

// dateText is "11/26 (木)".
func dateText(d time.Time) string {
	return tr("book.date", map[string]any{"M": int(d.Month()), "D": d.Day(), "W": weekdayText(d.Weekday())})
}

// monthText is "2026年11月".
func monthText(first time.Time) string {
	return tr("book.month", map[string]any{"Y": first.Year(), "M": int(first.Month())})
}

// weekdayText is 日, 月, … for d ("book.weekday.sun" …, the keys
// punchctl uses too).
func weekdayText(d time.Weekday) string {
	return tr("book.weekday." + strings.ToLower(d.String()[:3]))
}

func sourceText(s rules.Source) string {
	switch s {
	case rules.SourceFace:
		return tr("book.source.face")
	case rules.SourceICCard:
		return tr("book.source.iccard")
	case rules.SourceWeb:
		return tr("book.source.web")
	case rules.SourceMobile:
		return tr("book.source.mobile")
	case rules.SourceAdmin:
		return tr("book.source.admin")
	}
	return tr("book.source.other")
}

// statusText words what became of a punch; the words are the live log's.
func statusText(s rules.Status) string {
	if s == rules.StatusCounted {
		return tr("book.status.counted")
	}
	if key, ok := outcomeKeys[domain.OutcomeOfStatus(s)]; ok {
		return tr(key)
	}
	return string(s)
}

// kindText words a counted punch's type, as the live log does.
func kindText(k rules.Kind) string {
	if key, ok := outcomeKeys[domain.OutcomeOfKind(k)]; ok && k != rules.KindNone {
		return tr(key)
	}
	return ""
}

// outcomeKeys words what a record became (domain.LogRow.Outcome).
var outcomeKeys = map[domain.Outcome]string{
	domain.OutcomeOfKind(rules.KindClockIn):         "outcome.clock_in",
	domain.OutcomeOfKind(rules.KindBreakStart):      "outcome.break_start",
	domain.OutcomeOfKind(rules.KindBreakEnd):        "outcome.break_end",
	domain.OutcomeOfKind(rules.KindClockOut):        "outcome.clock_out",
	domain.OutcomeOfStatus(rules.StatusPending):     "outcome.pending",
	domain.OutcomeOfStatus(rules.StatusRejected):    "outcome.rejected",
	domain.OutcomeOfStatus(rules.StatusDuplicate):   "outcome.duplicate",
	domain.OutcomeOfStatus(rules.StatusAutoDeleted): "outcome.auto_deleted",
	domain.OutcomeOfStatus(rules.StatusDeleted):     "outcome.deleted",
	domain.OutcomeOfStatus(rules.StatusSuspectTime): "outcome.suspect_time",
	domain.OutcomeUnlinked:                          "outcome.unlinked",
	domain.OutcomeStranger:                          "outcome.stranger",
}

// remarkKeys words punch remarks as the vendor does (異常体温, マスクなし).
var remarkKeys = map[rules.Remark]string{
	rules.RemarkAbnormalTemperature: "remark.abnormal_temperature",
	rules.RemarkNoMask:              "remark.no_mask",
}

func remarksText(rs []rules.Remark) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = tr(remarkKeys[r])
	}
	return strings.Join(parts, "・")
}
