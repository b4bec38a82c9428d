package site

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/i18n"
	"github.com/punchdesk/punchdesk/core/problem"
	"github.com/punchdesk/punchdesk/core/rules"
	"github.com/punchdesk/punchdesk/core/store"
)

// Setting keys (SPEC §3–4 and the wizard's step 4).
const (
	SettingPunchMode            = "punch-mode"
	SettingDuplicateWindow      = "duplicate-window"
	SettingDayChange            = "day-change"
	SettingTemperatureCheck     = "temperature-check"
	SettingTemperatureThreshold = "temperature-threshold"
	SettingMaskCheck            = "mask-check"
	SettingTerminalGroup        = "terminal-group"
	SettingGroupDayChange       = "group-day-change"
	SettingLongDay              = "long-day"
	SettingWeekStart            = "week-start"
	SettingLegalHoliday         = "legal-holiday"
	SettingGroupHours           = "group-hours"
	// groupHoursPrefix keys one staff group's standard hours.
	groupHoursPrefix = "group-hours:"
	// terminalGroupPrefix keys one terminal's location group in the store.
	terminalGroupPrefix = "terminal-group:"
	// groupDayChangePrefix keys one staff group's day change.
	groupDayChangePrefix = "group-day-change:"
)

// SettingSpec describes one setting for `settings get`, the settings
// screen and validation.
type SettingSpec struct {
	Key     string
	Default string
	Values  string // what may be set, for help texts
	// RecomputesPunches is true when a change can change what records became.
	RecomputesPunches bool
	parse             func(string) (string, error) // returns the canonical form
	// prefix is set for settings that hold one value per name
	// ("NAME=VALUE", an empty VALUE removes it), each stored under
	// prefix+NAME; parse then checks a non-empty VALUE.
	prefix string
}

// SettingSpecs lists every setting in display order.
var SettingSpecs = []SettingSpec{
	{Key: SettingPunchMode, Default: string(rules.ModeAll), Values: "all, first-last, unapproved-first", RecomputesPunches: true,
		parse: oneOf(string(rules.ModeAll), string(rules.ModeFirstLast), string(rules.ModeUnapprovedFirst))},
	{Key: SettingDuplicateWindow, Default: "60", Values: "seconds, 0–3600 (0 = off)", RecomputesPunches: true, parse: intRange(0, 3600)},
	{Key: SettingDayChange, Default: "00:00", Values: "HH:MM", RecomputesPunches: true, parse: clockTime},
	{Key: SettingGroupDayChange, Values: "GROUP=HH:MM per staff group; GROUP= removes it", RecomputesPunches: true,
		prefix: groupDayChangePrefix, parse: clockTime},
	{Key: SettingLongDay, Default: "13", Values: "hours, 0–24 (0 = off)", RecomputesPunches: true, parse: intRange(0, 24)},
	{Key: SettingWeekStart, Default: "sun", Values: "sun, mon, …, sat: the week's first day for the 40-hour limit",
		parse: oneOf(WeekdayNames[:]...)},
	{Key: SettingLegalHoliday, Default: "sun", Values: "sun, mon, …, sat: the weekly legal holiday (法定休日)",
		parse: oneOf(WeekdayNames[:]...)},
	{Key: SettingGroupHours, Values: "GROUP=HH:MM-HH:MM standard hours per staff group; GROUP= removes them",
		prefix: groupHoursPrefix, parse: standardHours},
	{Key: SettingTimeZone, Default: DefaultTimeZone, Values: "IANA time zone, e.g. Asia/Tokyo", RecomputesPunches: true, parse: timeZone},
	{Key: SettingTemperatureCheck, Default: "on", Values: "on, off", RecomputesPunches: true, parse: oneOf("on", "off")},
	{Key: SettingTemperatureThreshold, Default: "37.5", Values: "°C, 34.0–42.0", RecomputesPunches: true, parse: temperatureRange},
	{Key: SettingMaskCheck, Default: "on", Values: "on, off", RecomputesPunches: true, parse: oneOf("on", "off")},
	{Key: SettingPollInterval, Default: "15", Values: "seconds, 5–3600", parse: intRange(5, 3600)},
	{Key: SettingTerminalGroup, Values: "TERMINAL=GROUP per terminal (name or serial); an empty GROUP removes it",
		prefix: terminalGroupPrefix, parse: func(v string) (string, error) { return v, nil }},
}

// WeekdayNames are the setting values of the weekdays, Sunday first.
var WeekdayNames = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

func weekday(name string) time.Weekday {
	for i, n := range WeekdayNames {
		if n == name {
			return time.Weekday(i)
		}
	}
	return time.Sunday
}

// standardHours checks "09:00-18:00".
func standardHours(v string) (string, error) {
	from, to, ok := strings.Cut(strings.ReplaceAll(v, " ", ""), "-")
	a, errA := clockTime(from)
	b, errB := clockTime(to)
	if !ok || errA != nil || errB != nil || a == b {
		return "", problem.New(problem.SettingHours)
	}
	return a + "-" + b, nil
}

func specFor(key string) (SettingSpec, bool) {
	for _, s := range SettingSpecs {
		if s.Key == key {
			return s, true
		}
	}
	return SettingSpec{}, false
}

func oneOf(values ...string) func(string) (string, error) {
	return func(v string) (string, error) {
		v = strings.ToLower(strings.TrimSpace(v))
		for _, ok := range values {
			if v == ok {
				return v, nil
			}
		}
		return "", problem.New(problem.SettingOneOf, "Values", strings.Join(values, ", "))
	}
}

func intRange(lo, hi int) func(string) (string, error) {
	return func(v string) (string, error) {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < lo || n > hi {
			return "", problem.New(problem.SettingRange, "Min", lo, "Max", hi)
		}
		return strconv.Itoa(n), nil
	}
}

func clockTime(v string) (string, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(v))
	if err != nil {
		return "", problem.New(problem.SettingClock)
	}
	return t.Format("15:04"), nil
}

func timeZone(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" || strings.EqualFold(v, "local") {
		return "", problem.New(problem.SettingZone, "Value", v)
	}
	if _, err := time.LoadLocation(v); err != nil {
		return "", problem.New(problem.SettingZone, "Value", v)
	}
	return v, nil
}

func temperatureRange(v string) (string, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || f < 34 || f > 42 {
		return "", problem.New(problem.SettingTemperature)
	}
	return strconv.FormatFloat(f, 'f', 1, 64), nil
}

// SettingError is a rejected settings change: Why says what the value
// must be (a problem of its own), or is nil for an unknown setting.
type SettingError struct {
	Key, Value string
	Known      []string // the setting keys, for an unknown one
	Why        *problem.Problem
}

func (e *SettingError) Error() string { return e.Problem().Error() }

// Problem names the setting by its screen name too, and the rule its value
// broke.
func (e *SettingError) Problem() *problem.Problem {
	if e.Why == nil {
		return problem.New(problem.SettingUnknown, "Key", e.Key, "Known", strings.Join(e.Known, ", "))
	}
	return problem.New(problem.SettingInvalid, "Key", e.Key, "Value", e.Value,
		"Setting", i18n.Message{Key: settingWords[e.Key]}, "Why", i18n.Message{Key: e.Why.Key(), Args: e.Why.Args})
}

// settingWords is the translation key of each setting's name on the
// settings screen, so a refusal names the setting as the screen does.
var settingWords = map[string]string{
	SettingPunchMode:            "settings.mode",
	SettingDuplicateWindow:      "settings.duplicate",
	SettingDayChange:            "settings.daychange",
	SettingTimeZone:             "settings.timezone",
	SettingTemperatureCheck:     "settings.temperature",
	SettingTemperatureThreshold: "settings.temperature.threshold",
	SettingMaskCheck:            "settings.mask",
	SettingPollInterval:         "settings.poll",
	SettingTerminalGroup:        "settings.groups",
	SettingGroupDayChange:       "settings.daychanges",
	SettingLongDay:              "settings.longday",
	SettingWeekStart:            "settings.weekstart",
	SettingLegalHoliday:         "settings.legalholiday",
	SettingGroupHours:           "settings.grouphours",
}

// SettingWordKey is the translation key of a setting's screen name, or ""
// for a key that is not a setting (a group's or terminal's entry).
func SettingWordKey(key string) string { return settingWords[key] }

// SettingOfStoredKey splits an audited settings target into the setting's
// key and the group or terminal it is for ("" for a plain setting).
func SettingOfStoredKey(stored string) (key, name string) {
	for _, spec := range SettingSpecs {
		if spec.prefix != "" && strings.HasPrefix(stored, spec.prefix) {
			return spec.Key, strings.TrimPrefix(stored, spec.prefix)
		}
	}
	return stored, ""
}

// Settings returns every setting's current value (defaults filled in) and
// the terminal groups.
func (s *Site) Settings(ctx context.Context) (values map[string]string, terminalGroups map[string]string, err error) {
	all, err := s.db.AllSettings(ctx)
	if err != nil {
		return nil, nil, err
	}
	values, terminalGroups = settingsFrom(all)
	return values, terminalGroups, nil
}

// settingsFrom fills in defaults and splits off the terminal groups.
func settingsFrom(all map[string]string) (values map[string]string, terminalGroups map[string]string) {
	values = map[string]string{}
	for _, spec := range SettingSpecs {
		if spec.prefix != "" {
			continue
		}
		values[spec.Key] = spec.Default
		if v, ok := all[spec.Key]; ok {
			values[spec.Key] = v
		}
	}
	return values, named(all, terminalGroupPrefix)
}

// GroupDayChanges returns each staff group's own day change (HH:MM).
func (s *Site) GroupDayChanges(ctx context.Context) (map[string]string, error) {
	all, err := s.db.AllSettings(ctx)
	if err != nil {
		return nil, err
	}
	return named(all, groupDayChangePrefix), nil
}

// GroupHours returns each staff group's standard hours (HH:MM-HH:MM).
func (s *Site) GroupHours(ctx context.Context) (map[string]string, error) {
	all, err := s.db.AllSettings(ctx)
	if err != nil {
		return nil, err
	}
	return named(all, groupHoursPrefix), nil
}

// named returns the values stored under prefix+NAME, by NAME.
func named(all map[string]string, prefix string) map[string]string {
	out := map[string]string{}
	for k, v := range all {
		if name, ok := strings.CutPrefix(k, prefix); ok {
			out[name] = v
		}
	}
	return out
}

// SetSetting validates and stores one setting; see SetSettings.
func (s *Site) SetSetting(ctx context.Context, key, value string) error {
	return s.SetSettings(ctx, [][2]string{{key, value}})
}

// settingChange is one validated setting to store: prefix+name settings
// under their own key, an empty value removing them.
type settingChange struct {
	spec             SettingSpec
	storeKey, value  string
	removesWhenEmpty bool
}

// SetSettings validates every KEY, VALUE pair, then stores those that
// change, with one audit entry each, in one transaction: all or none, the
// first invalid pair named by a *SettingError. A change that can alter what
// records became marks every punch stale in that same transaction, and the
// punches are then rederived once, however many rules changed.
// terminal-group takes "TERMINAL=GROUP", group-day-change "GROUP=HH:MM".
func (s *Site) SetSettings(ctx context.Context, pairs [][2]string) error {
	var changes []settingChange
	recompute := false
	for _, kv := range pairs {
		c, err := parseSetting(kv[0], kv[1])
		if err != nil {
			return err
		}
		changes = append(changes, c)
		recompute = recompute || c.spec.RecomputesPunches
	}
	err := s.db.Update(ctx, "save settings", func(tx *store.Tx) error {
		all, err := tx.AllSettings()
		if err != nil {
			return err
		}
		values, _ := settingsFrom(all)
		bump := false
		for _, c := range changes {
			before := values[c.storeKey]
			if c.removesWhenEmpty {
				before = all[c.storeKey]
			}
			if before == c.value {
				continue
			}
			if c.removesWhenEmpty && c.value == "" {
				err = tx.DeleteSetting(c.storeKey)
			} else {
				err = tx.SetSetting(c.storeKey, c.value)
			}
			if err != nil {
				return err
			}
			all[c.storeKey], values[c.storeKey] = c.value, c.value
			bump = bump || c.spec.RecomputesPunches
			e := s.entry(domain.AuditSettingsSet, c.storeKey)
			e.Before, e.After = before, c.value
			if err := tx.Audit(e); err != nil {
				return err
			}
		}
		if bump {
			return tx.BumpRulesGen()
		}
		return nil
	})
	if err != nil {
		return err
	}
	// Also when nothing changed: an earlier run may have been killed
	// before its derivation finished, and running it again finishes it.
	if recompute {
		s.settle(ctx)
	}
	return nil
}

func parseSetting(key, value string) (settingChange, error) {
	spec, ok := specFor(key)
	if !ok {
		keys := make([]string, len(SettingSpecs))
		for i, sp := range SettingSpecs {
			keys[i] = sp.Key
		}
		return settingChange{}, &SettingError{Key: key, Value: value, Known: keys}
	}
	if spec.prefix == "" {
		canonical, err := spec.parse(value)
		if err != nil {
			return settingChange{}, &SettingError{Key: key, Value: value, Why: problem.Of(err)}
		}
		return settingChange{spec: spec, storeKey: key, value: canonical}, nil
	}
	name, v, ok := strings.Cut(value, "=")
	name, v = strings.TrimSpace(name), strings.TrimSpace(v)
	if !ok || name == "" {
		return settingChange{}, &SettingError{Key: key, Value: value, Why: problem.New(problem.SettingPair, "Form", strings.Fields(spec.Values)[0])}
	}
	c := settingChange{spec: spec, storeKey: spec.prefix + name, removesWhenEmpty: true}
	if v != "" {
		var err error
		if c.value, err = spec.parse(v); err != nil {
			return settingChange{}, &SettingError{Key: key, Value: value, Why: problem.Of(err)}
		}
	}
	return c, nil
}

// RuleSettings reads the settings the punch rules use.
func (s *Site) RuleSettings(ctx context.Context) (rules.Settings, error) {
	all, err := s.db.AllSettings(ctx)
	if err != nil {
		return rules.Settings{}, err
	}
	return ruleSettingsFrom(all)
}

// rulebook is the rule settings of one snapshot: the site's, and each
// staff member's with the day change of their group when it has one.
type rulebook struct {
	site rules.Settings
	// group day changes and standard hours, and the staff groups that have
	// either
	dayChange map[string]time.Duration
	hours     map[string]rules.StandardHours
	groupOf   map[string]string
	payroll   rules.PayrollSettings
	places    map[string]string // terminal (serial or name) → location group
}

// PlaceOf is the location group of the terminal a punch was made on (by
// serial, else by name); "" for a punch of another method or an ungrouped
// terminal.
func (r *rulebook) PlaceOf(p *rules.Punch) string {
	if g, ok := r.places[p.TerminalID]; ok && p.TerminalID != "" {
		return g
	}
	if g, ok := r.places[p.Terminal]; ok && p.Terminal != "" {
		return g
	}
	return ""
}

// PayrollFor returns the payroll settings for one staff member: the site's
// week and legal holiday, and their group's standard hours.
func (r *rulebook) PayrollFor(code string) rules.PayrollSettings {
	p := r.payroll
	if h, ok := r.hours[r.groupOf[code]]; ok {
		p.Standard = &h
	}
	return p
}

// For returns the settings the rules use for one staff member.
func (r *rulebook) For(code string) rules.Settings {
	if d, ok := r.dayChange[r.groupOf[code]]; ok {
		s := r.site
		s.DayChange = d
		return s
	}
	return r.site
}

// ruleSettings reads the rule settings inside a transaction, so that a
// derivation or a reader uses the settings of its own snapshot.
func ruleSettings(tx *store.Tx) (*rulebook, error) {
	all, err := tx.AllSettings()
	if err != nil {
		return nil, err
	}
	site, err := ruleSettingsFrom(all)
	if err != nil {
		return nil, err
	}
	values, _ := settingsFrom(all)
	rb := &rulebook{site: site, dayChange: map[string]time.Duration{}, hours: map[string]rules.StandardHours{},
		groupOf: map[string]string{}, payroll: rules.PayrollSettings{
			WeekStart: weekday(values[SettingWeekStart]), LegalHoliday: weekday(values[SettingLegalHoliday])},
		places: named(all, terminalGroupPrefix)}
	for group, v := range named(all, groupDayChangePrefix) {
		if d, err := parseClock(v); err == nil {
			rb.dayChange[group] = d
		}
	}
	for group, v := range named(all, groupHoursPrefix) {
		from, to, _ := strings.Cut(v, "-")
		a, errA := parseClock(from)
		b, errB := parseClock(to)
		if errA == nil && errB == nil {
			rb.hours[group] = rules.StandardHours{Start: a, End: b}
		}
	}
	if len(rb.dayChange) == 0 && len(rb.hours) == 0 {
		return rb, nil
	}
	members, err := tx.ListStaff()
	if err != nil {
		return nil, err
	}
	for _, m := range members {
		_, dc := rb.dayChange[m.Group]
		_, h := rb.hours[m.Group]
		if dc || h {
			rb.groupOf[m.Code] = m.Group
		}
	}
	return rb, nil
}

// parseClock reads "HH:MM" as time after midnight.
func parseClock(v string) (time.Duration, error) {
	t, err := time.Parse("15:04", v)
	if err != nil {
		return 0, err
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}

func ruleSettingsFrom(all map[string]string) (rules.Settings, error) {
	v, _ := settingsFrom(all)
	loc, err := loadZone(v[SettingTimeZone])
	if err != nil {
		return rules.Settings{}, err
	}
	window, _ := strconv.Atoi(v[SettingDuplicateWindow])
	change, _ := parseClock(v[SettingDayChange])
	threshold, _ := strconv.ParseFloat(v[SettingTemperatureThreshold], 64)
	longDay, _ := strconv.Atoi(v[SettingLongDay])
	return rules.Settings{
		Mode:                 rules.Mode(v[SettingPunchMode]),
		DuplicateWindow:      time.Duration(window) * time.Second,
		DayChange:            change,
		LongDay:              time.Duration(longDay) * time.Hour,
		Location:             loc,
		TemperatureCheck:     v[SettingTemperatureCheck] == "on",
		TemperatureThreshold: threshold,
		MaskCheck:            v[SettingMaskCheck] == "on",
	}, nil
}

// SortedTerminals returns the terminal names of a group map in order.
func SortedTerminals(groups map[string]string) []string {
	out := make([]string, 0, len(groups))
	for t := range groups {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}
