package site

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/punchdesk/punchdesk/core/rules"
	"github.com/punchdesk/punchdesk/core/store"
)

// FlaggedDay is one day that needs a look (要確認).
type FlaggedDay struct {
	StaffCode, Name string
	Date            string // business date, YYYY-MM-DD
	Flags           []rules.Flag
}

// NeedsLook lists the month's days that carry review flags, across staff,
// by date then staff code (SPEC §7).
func (s *Site) NeedsLook(ctx context.Context, month string) ([]FlaggedDay, error) {
	first, last, err := ParseMonth(month)
	if err != nil {
		return nil, err
	}
	var out []FlaggedDay
	err = s.view(ctx, func(tx *store.Tx, settings *rulebook) error {
		members, err := tx.ListStaff()
		if err != nil {
			return err
		}
		names := map[string]string{}
		for _, m := range members {
			names[m.Code] = m.Name
		}
		days, err := s.daysIn(tx, settings, nil, first.Format(time.DateOnly), last.Format(time.DateOnly), "")
		if err != nil {
			return err
		}
		late, err := arrivedAfterClose(tx, settings, month)
		if err != nil {
			return err
		}
		for code, ds := range days {
			for _, d := range ds {
				flags := d.Flags
				if late[code][d.Date] {
					flags = append(flags[:len(flags):len(flags)], rules.FlagArrivedAfterClose)
					delete(late[code], d.Date)
				}
				if len(flags) > 0 {
					out = append(out, FlaggedDay{StaffCode: code, Name: names[code], Date: d.Date, Flags: flags})
				}
			}
		}
		for code, dates := range late {
			for date := range dates {
				out = append(out, FlaggedDay{StaffCode: code, Name: names[code], Date: date, Flags: []rules.Flag{rules.FlagArrivedAfterClose}})
			}
		}
		return nil
	})
	slices.SortFunc(out, func(a, b FlaggedDay) int {
		if c := strings.Compare(a.Date, b.Date); c != 0 {
			return c
		}
		return strings.Compare(a.StaffCode, b.StaffCode)
	})
	return out, err
}

// DayChangeSuggestion is a day-change time that fits a group (SPEC §3).
type DayChangeSuggestion struct {
	Group     string // "" for the site-wide setting (staff whose group has none of its own)
	Suggested string // HH:MM; "" when there were no recognitions to go by
	Current   string // HH:MM in force now
	Records   int    // linked recognitions of the last 30 days it is based on
}

// suggestionDays is how far back the suggestion looks.
const suggestionDays = 30

// SuggestDayChanges suggests a day-change time for the site and for each
// staff group, from the last 30 days of linked recognitions: the start of
// the hour in the middle of the longest run of quietest hours.
func (s *Site) SuggestDayChanges(ctx context.Context) ([]DayChangeSuggestion, error) {
	settings, err := s.RuleSettings(ctx)
	if err != nil {
		return nil, err
	}
	own, err := s.GroupDayChanges(ctx)
	if err != nil {
		return nil, err
	}
	members, err := s.db.ListStaff(ctx)
	if err != nil {
		return nil, err
	}
	times, err := s.db.SignTimesSince(ctx, s.now().AddDate(0, 0, -suggestionDays))
	if err != nil {
		return nil, err
	}
	site := settingsValue(settings.DayChange)
	type tally struct {
		perHour [24]int
		records int
	}
	tallies := map[string]*tally{"": {}}
	count := func(group string, ts []time.Time) {
		t := tallies[group]
		if t == nil {
			t = &tally{}
			tallies[group] = t
		}
		for _, at := range ts {
			t.perHour[at.In(settings.Location).Hour()]++
			t.records++
		}
	}
	for _, m := range members {
		if m.Group != "" {
			count(m.Group, times[m.Code])
		}
		if _, ok := own[m.Group]; !ok || m.Group == "" {
			count("", times[m.Code]) // follows the site's day change
		}
	}
	var out []DayChangeSuggestion
	for group, t := range tallies {
		sg := DayChangeSuggestion{Group: group, Current: site, Records: t.records}
		if v, ok := own[group]; ok && group != "" {
			sg.Current = v
		}
		if h, ok := rules.SuggestDayChange(t.perHour); ok {
			sg.Suggested = settingsValue(time.Duration(h) * time.Hour)
		}
		out = append(out, sg)
	}
	slices.SortFunc(out, func(a, b DayChangeSuggestion) int { return strings.Compare(a.Group, b.Group) })
	return out, nil
}

// settingsValue writes a time after midnight as a setting value, HH:MM.
func settingsValue(d time.Duration) string {
	return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Add(d).Format("15:04")
}

// arrivedAfterClose finds, for a closed month, the staff days that records
// reached after the close: stored and listed, but changing nothing until
// the month is reopened.
func arrivedAfterClose(tx *store.Tx, settings *rulebook, month string) (map[string]map[string]bool, error) {
	closed, err := tx.ClosedMonths()
	if err != nil {
		return nil, err
	}
	c, ok := closed[month]
	if !ok {
		return nil, nil
	}
	first, last, err := ParseMonth(month)
	if err != nil {
		return nil, err
	}
	from, to, err := inputBounds(first.Format(time.DateOnly), last.Format(time.DateOnly), settings.site)
	if err != nil {
		return nil, err
	}
	recs, err := tx.RecordsReceivedAfter(c.ClosedAt, from, to)
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]bool{}
	for _, r := range recs {
		date := rules.BusinessDate(r.SignTime, settings.For(r.StaffCode))
		if date[:7] != month {
			continue
		}
		if out[r.StaffCode] == nil {
			out[r.StaffCode] = map[string]bool{}
		}
		out[r.StaffCode][date] = true
	}
	return out, nil
}
