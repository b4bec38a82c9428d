package ui

import (
	"regexp"
	"strings"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/rules"
	"github.com/punchdesk/punchdesk/core/site"
)

// The audit trail keeps what core wrote, as written (English tokens and
// short phrases, the same in every entry since the first release), so that
// it never changes under anyone's feet. These read it back in the UI's
// language: whole phrases by shape, the rest token by token.

var auditPhrases = []struct {
	shape *regexp.Regexp
	key   string
	names []string
}{
	{regexp.MustCompile(`^(\d+) rows$`), "audit.value.rows", []string{"N"}},
	{regexp.MustCompile(`^(\d+) added, (\d+) updated$`), "audit.value.imported", []string{"Added", "Updated"}},
	{regexp.MustCompile(`^closed, (\d+) days needing a look$`), "audit.value.closed", []string{"N"}},
	{regexp.MustCompile(`^(\d+) holidays \((.*)\)$`), "audit.value.holidays", []string{"N", "Years"}},
	{regexp.MustCompile(`^SenseLink id (\d+), without a photo$`), "audit.value.pushed", []string{"ID"}},
	{regexp.MustCompile(`^SenseLink id (\d+), with a photo$`), "audit.value.pushed.photo", []string{"ID"}},
	{regexp.MustCompile(`^AppKey (\S+), server (.+)$`), "audit.value.appkey.server", []string{"Key", "Server"}},
	{regexp.MustCompile(`^AppKey (\S+)$`), "audit.value.appkey", []string{"Key"}},
	{regexp.MustCompile(`^matched to SenseLink employee number$`), "audit.value.matched", nil},
}

// auditTokenKeys words single tokens: punch states, decisions, options.
var auditTokenKeys = map[string]string{
	"approve": "audit.action.approve", "reject": "audit.action.reject", site.DemoReason: "audit.value.demo",
	"on": "audit.value.on", "off": "audit.value.off",
	string(rules.ModeAll): "audit.value.mode.all", string(rules.ModeFirstLast): "audit.value.mode.firstlast",
	string(rules.ModeUnapprovedFirst): "audit.value.mode.unapproved",
	"sun":                             "book.weekday.sun", "mon": "book.weekday.mon", "tue": "book.weekday.tue", "wed": "book.weekday.wed",
	"thu": "book.weekday.thu", "fri": "book.weekday.fri", "sat": "book.weekday.sat",
}

// auditValueText words one stored value of an entry.
func auditValueText(v string) string {
	if v == "" {
		return ""
	}
	for _, p := range auditPhrases {
		m := p.shape.FindStringSubmatch(v)
		if m == nil {
			continue
		}
		args := map[string]any{}
		for i, name := range p.names {
			args[name] = m[i+1]
		}
		return tr(p.key, args)
	}
	words := strings.Split(v, " ")
	for i, w := range words {
		words[i] = auditTokenText(w)
	}
	return strings.Join(words, " ")
}

func auditTokenText(w string) string {
	if key, ok := auditTokenKeys[w]; ok {
		return tr(key)
	}
	switch rules.Status(w) {
	case rules.StatusCounted, rules.StatusPending, rules.StatusRejected, rules.StatusDeleted, rules.StatusAutoDeleted,
		rules.StatusDuplicate, rules.StatusSuspectTime:
		return statusText(rules.Status(w))
	}
	switch rules.Source(w) {
	case rules.SourceFace, rules.SourceICCard, rules.SourceWeb, rules.SourceMobile, rules.SourceOther, rules.SourceAdmin:
		return sourceText(rules.Source(w))
	}
	return w
}

// auditTargetText words an entry's target: a setting by its screen name.
func auditTargetText(action domain.AuditAction, target string) string {
	if action == domain.AuditSettingsSet {
		setting, name := site.SettingOfStoredKey(target)
		if key := site.SettingWordKey(setting); key != "" && name != "" {
			return tr(key) + "（" + name + "）"
		} else if key != "" {
			return tr(key)
		}
	}
	return auditValueText(target)
}
