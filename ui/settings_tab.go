package ui

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/punchdesk/punchdesk/core/applog"
	"github.com/punchdesk/punchdesk/core/rules"
	"github.com/punchdesk/punchdesk/core/site"
	uitheme "github.com/punchdesk/punchdesk/ui/theme"
)

// punchModeKeys labels the punch options as the vendor guide does.
var punchModeKeys = []struct {
	mode rules.Mode
	key  string
}{
	{rules.ModeAll, "settings.mode.all"},
	{rules.ModeFirstLast, "settings.mode.firstlast"},
	{rules.ModeUnapprovedFirst, "settings.mode.unapproved"},
}

// pageEntry is an entry for a scrolling page. An entry that scrolls itself
// takes the mouse wheel from the page; these hold short values, and the
// multi-line ones grow with their lines instead, so the wheel over any of
// them scrolls the settings page. Set before the entry is first drawn.
func pageEntry(multiLine bool) *widget.Entry {
	return &widget.Entry{MultiLine: multiLine, Wrapping: fyne.TextWrapOff, Scroll: fyne.ScrollNone}
}

// settingsForm edits the site's punch rules and checks; the Settings tab and
// wizard step 4 both use it.
type settingsForm struct {
	app *App

	mode        *widget.RadioGroup
	dupWindow   *widget.Entry
	dayChange   *widget.Entry
	timeZone    *widget.Entry
	tempCheck   *widget.Check
	tempLimit   *widget.Entry
	maskCheck   *widget.Check
	pollSeconds *widget.Entry
	groups      *widget.Entry // one TERMINAL=GROUP per line
	longDay     *widget.Entry
	dayChanges  *widget.Entry // one GROUP=HH:MM per line
	weekStart   *widget.Select
	legalDay    *widget.Select
	groupHours  *widget.Entry // one GROUP=HH:MM-HH:MM per line
	suggestions *fyne.Container
	problem     *widget.Label
	saved       *widget.Label
	filling     bool // the form is being filled from the store, not edited

	loadedGroups     map[string]string
	loadedDayChanges map[string]string
	loadedHours      map[string]string
	// onApplied tells the other screens that a suggestion was applied.
	onApplied func()
}

func newSettingsForm(app *App) *settingsForm {
	f := &settingsForm{app: app}
	var labels []string
	for _, m := range punchModeKeys {
		labels = append(labels, tr(m.key))
	}
	f.mode = widget.NewRadioGroup(labels, nil)
	f.mode.Required = true
	f.dupWindow = pageEntry(false)
	f.dayChange = pageEntry(false)
	f.dayChange.PlaceHolder = "05:00"
	f.timeZone = pageEntry(false)
	f.timeZone.PlaceHolder = site.DefaultTimeZone
	f.tempCheck = widget.NewCheck(tr("settings.temperature.check"), nil)
	f.tempLimit = pageEntry(false)
	f.maskCheck = widget.NewCheck(tr("settings.mask.check"), nil)
	f.pollSeconds = pageEntry(false)
	f.groups = pageEntry(true)
	f.groups.PlaceHolder = tr("settings.groups.placeholder")
	f.groups.SetMinRowsVisible(3)
	f.longDay = pageEntry(false)
	f.dayChanges = pageEntry(true)
	f.dayChanges.PlaceHolder = tr("settings.daychanges.placeholder")
	f.dayChanges.SetMinRowsVisible(2)
	f.suggestions = container.NewVBox()
	f.weekStart = newSelect(weekdayOptions(), nil)
	f.legalDay = newSelect(weekdayOptions(), nil)
	f.groupHours = pageEntry(true)
	f.groupHours.PlaceHolder = tr("settings.grouphours.placeholder")
	f.groupHours.SetMinRowsVisible(2)
	f.problem = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	f.saved = &widget.Label{Importance: widget.SuccessImportance}
	// 「保存しました」 speaks of what is stored: a later edit makes it untrue.
	edited := func() {
		if !f.filling {
			f.saved.SetText("")
		}
	}
	for _, e := range []*widget.Entry{f.dupWindow, f.dayChange, f.timeZone, f.tempLimit, f.pollSeconds, f.groups,
		f.longDay, f.dayChanges, f.groupHours} {
		e.OnChanged = func(string) { edited() }
	}
	f.mode.OnChanged = func(string) { edited() }
	f.tempCheck.OnChanged = func(bool) { edited() }
	f.maskCheck.OnChanged = func(bool) { edited() }
	f.weekStart.OnChanged = func(string) { edited() }
	f.legalDay.OnChanged = func(string) { edited() }
	return f
}

// rulesForm is the punch option and the remark checks (wizard step 4).
func (f *settingsForm) rulesForm() *widget.Form {
	return widget.NewForm(
		widget.NewFormItem(tr("settings.mode"), f.mode),
		widget.NewFormItem(tr("settings.temperature"), container.NewVBox(f.tempCheck,
			container.NewBorder(nil, nil, widget.NewLabel(tr("settings.temperature.threshold")), widget.NewLabel("℃"), f.tempLimit))),
		widget.NewFormItem(tr("settings.mask"), f.maskCheck),
	)
}

// extraForm is what only the Settings tab shows.
func (f *settingsForm) extraForm() *widget.Form {
	dup := widget.NewFormItem(tr("settings.duplicate"), f.dupWindow)
	dup.HintText = tr("settings.duplicate.hint")
	change := widget.NewFormItem(tr("settings.daychange"), f.dayChange)
	change.HintText = tr("settings.daychange.hint")
	groups := widget.NewFormItem(tr("settings.groups"), f.groups)
	groups.HintText = tr("settings.groups.hint")
	dayChanges := widget.NewFormItem(tr("settings.daychanges"), f.dayChanges)
	dayChanges.HintText = tr("settings.daychanges.hint")
	longDay := widget.NewFormItem(tr("settings.longday"), f.longDay)
	longDay.HintText = tr("settings.longday.hint")
	weekStart := widget.NewFormItem(tr("settings.weekstart"), f.weekStart)
	weekStart.HintText = tr("settings.weekstart.hint")
	legal := widget.NewFormItem(tr("settings.legalholiday"), f.legalDay)
	legal.HintText = tr("settings.legalholiday.hint")
	hours := widget.NewFormItem(tr("settings.grouphours"), f.groupHours)
	hours.HintText = tr("settings.grouphours.hint")
	return widget.NewForm(dup, change, dayChanges,
		widget.NewFormItem(tr("settings.suggestions"), f.suggestions),
		longDay, weekStart, legal, hours,
		widget.NewFormItem(tr("settings.timezone"), f.timeZone),
		widget.NewFormItem(tr("settings.poll"), f.pollSeconds),
		groups)
}

// namedLines writes NAME=VALUE settings one per line, by name.
func namedLines(m map[string]string) string {
	var lines []string
	for _, name := range site.SortedTerminals(m) {
		lines = append(lines, name+"="+m[name])
	}
	return strings.Join(lines, "\n")
}

// namedChanges reads NAME=VALUE lines back as settings of key, removing the
// names that were loaded and are no longer there.
func namedChanges(key, text string, loaded map[string]string) [][2]string {
	var out [][2]string
	seen := map[string]bool{}
	for _, line := range strings.Split(text, "\n") {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		name, _, _ := strings.Cut(line, "=")
		seen[strings.TrimSpace(name)] = true
		out = append(out, [2]string{key, line})
	}
	for _, name := range site.SortedTerminals(loaded) {
		if !seen[name] {
			out = append(out, [2]string{key, name + "="}) // removed
		}
	}
	return out
}

// showSuggestions lists a suggested day change per group, each with a
// button that applies it at once.
func (f *settingsForm) showSuggestions(list []site.DayChangeSuggestion) {
	f.suggestions.RemoveAll()
	for _, sg := range list {
		if sg.Suggested == "" {
			continue
		}
		group := sg.Group
		if group == "" {
			group = tr("settings.suggestions.site")
		}
		text := tr("settings.suggestions.row", map[string]any{"Group": group, "Suggested": sg.Suggested, "Current": sg.Current, "N": sg.Records})
		var apply *widget.Button
		if sg.Suggested != sg.Current {
			sg := sg
			apply = widget.NewButton(tr("settings.suggestions.apply"), func() { f.applySuggestion(sg) })
		}
		row := container.NewHBox(widget.NewLabel(text))
		if apply != nil {
			row.Add(apply)
		}
		f.suggestions.Add(row)
	}
	if len(f.suggestions.Objects) == 0 {
		f.suggestions.Add(&widget.Label{Text: tr("settings.suggestions.none"), Importance: widget.LowImportance})
	}
}

// applySuggestion sets one group's (or the site's) day change to the
// suggested time and reloads the form.
func (f *settingsForm) applySuggestion(sg site.DayChangeSuggestion) {
	key, value := site.SettingGroupDayChange, sg.Group+"="+sg.Suggested
	if sg.Group == "" {
		key, value = site.SettingDayChange, sg.Suggested
	}
	f.problem.SetText("")
	f.app.background(func(ctx context.Context) {
		err := f.app.site.SetSetting(ctx, key, value)
		f.app.do(func() {
			if err != nil {
				f.problem.SetText(errorText(err))
				return
			}
			f.saved.SetText(tr("settings.saved"))
			f.load()
			if f.onApplied != nil {
				f.onApplied()
			}
		})
	})
}

// load fills the form from the stored settings.
func (f *settingsForm) load() {
	f.app.background(func(ctx context.Context) {
		values, groups, err := f.app.site.Settings(ctx)
		var dayChanges map[string]string
		var suggestions []site.DayChangeSuggestion
		if err == nil {
			dayChanges, err = f.app.site.GroupDayChanges(ctx)
		}
		var hours map[string]string
		if err == nil {
			hours, err = f.app.site.GroupHours(ctx)
		}
		if err == nil {
			suggestions, err = f.app.site.SuggestDayChanges(ctx)
		}
		f.app.do(func() {
			if err != nil {
				f.problem.SetText(errorText(err))
				return
			}
			f.filling = true
			defer func() { f.filling = false }()
			for i, m := range punchModeKeys {
				if string(m.mode) == values[site.SettingPunchMode] {
					f.mode.SetSelected(f.mode.Options[i])
				}
			}
			f.dupWindow.SetText(values[site.SettingDuplicateWindow])
			f.dayChange.SetText(values[site.SettingDayChange])
			f.timeZone.SetText(values[site.SettingTimeZone])
			f.tempCheck.SetChecked(values[site.SettingTemperatureCheck] == "on")
			f.tempLimit.SetText(values[site.SettingTemperatureThreshold])
			f.maskCheck.SetChecked(values[site.SettingMaskCheck] == "on")
			f.pollSeconds.SetText(values[site.SettingPollInterval])
			f.longDay.SetText(values[site.SettingLongDay])
			f.groups.SetText(namedLines(groups))
			f.loadedGroups = groups
			f.dayChanges.SetText(namedLines(dayChanges))
			f.loadedDayChanges = dayChanges
			f.weekStart.SetSelected(weekdayOption(values[site.SettingWeekStart]))
			f.legalDay.SetSelected(weekdayOption(values[site.SettingLegalHoliday]))
			f.groupHours.SetText(namedLines(hours))
			f.loadedHours = hours
			f.showSuggestions(suggestions)
		})
	})
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// values reads the form as setting key/value pairs, in the order they are
// saved; terminal groups come as extra terminal-group entries.
func (f *settingsForm) values(withExtra bool) [][2]string {
	mode := string(rules.ModeAll)
	for i, m := range punchModeKeys {
		if f.mode.Selected == f.mode.Options[i] {
			mode = string(m.mode)
		}
	}
	out := [][2]string{
		{site.SettingPunchMode, mode},
		{site.SettingTemperatureCheck, onOff(f.tempCheck.Checked)},
		{site.SettingTemperatureThreshold, f.tempLimit.Text},
		{site.SettingMaskCheck, onOff(f.maskCheck.Checked)},
	}
	if !withExtra {
		return out
	}
	out = append(out,
		[2]string{site.SettingDuplicateWindow, f.dupWindow.Text},
		[2]string{site.SettingDayChange, f.dayChange.Text},
		[2]string{site.SettingLongDay, f.longDay.Text},
		[2]string{site.SettingTimeZone, f.timeZone.Text},
		[2]string{site.SettingPollInterval, f.pollSeconds.Text})
	out = append(out,
		[2]string{site.SettingWeekStart, weekdayValue(f.weekStart.Selected)},
		[2]string{site.SettingLegalHoliday, weekdayValue(f.legalDay.Selected)})
	out = append(out, namedChanges(site.SettingGroupDayChange, f.dayChanges.Text, f.loadedDayChanges)...)
	out = append(out, namedChanges(site.SettingGroupHours, f.groupHours.Text, f.loadedHours)...)
	return append(out, namedChanges(site.SettingTerminalGroup, f.groups.Text, f.loadedGroups)...)
}

// save stores the form; each setting is validated by the site, and the
// first problem is shown by name. done, if set, runs after a full save.
func (f *settingsForm) save(withExtra bool, done func()) {
	pairs := f.values(withExtra)
	f.problem.SetText("")
	f.saved.SetText("")
	f.app.background(func(ctx context.Context) {
		// One change: all settings or none, and one recompute.
		err := f.app.site.SetSettings(ctx, pairs)
		f.app.do(func() {
			if err != nil {
				f.problem.SetText(errorText(err))
				return
			}
			f.saved.SetText(tr("settings.saved"))
			if done != nil {
				done()
			}
		})
	})
}

func weekdayOptions() []string {
	out := make([]string, len(site.WeekdayNames))
	for i := range site.WeekdayNames {
		out[i] = weekdayText(time.Weekday(i))
	}
	return out
}

func weekdayOption(value string) string {
	for i, v := range site.WeekdayNames {
		if v == value {
			return weekdayText(time.Weekday(i))
		}
	}
	return weekdayText(time.Sunday)
}

func weekdayValue(option string) string {
	for i := range site.WeekdayNames {
		if weekdayText(time.Weekday(i)) == option {
			return site.WeekdayNames[i]
		}
	}
	return "sun"
}

// settingsTab is the Settings screen.
type settingsTab struct {
	app      *App
	form     *settingsForm
	language *preferenceChoice
	look     *preferenceChoice
	holidays *holidayEditor
	diagNote *widget.Label
	content  fyne.CanvasObject
}

func newSettingsTab(app *App) *settingsTab {
	t := &settingsTab{form: newSettingsForm(app)}
	t.form.onApplied = func() {
		t.app.punchesChanged(nil)
	}
	save := &widget.Button{Text: tr("settings.save"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance,
		OnTapped: func() {
			t.form.save(true, func() {
				t.app.punchesChanged(nil)
			})
		}}
	relink := widget.NewButtonWithIcon(tr("main.relink"), theme.SettingsIcon(), func() { app.main.confirmRelink() })
	t.language = newLanguageChooser(app)
	t.look = newThemeChooser(app)
	t.holidays = newHolidayEditor(app)
	t.app = app
	t.diagNote = &widget.Label{Importance: widget.LowImportance}
	t.content = container.NewVScroll(container.NewVBox(
		widget.NewLabelWithStyle(tr("settings.rules.heading"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		t.form.rulesForm(),
		widget.NewSeparator(),
		t.form.extraForm(),
		container.NewHBox(layout.NewSpacer(), t.form.saved, save),
		t.form.problem,
		widget.NewSeparator(),
		widget.NewLabelWithStyle(tr("holidays.heading"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		t.holidays.content,
		widget.NewSeparator(),
		widget.NewLabelWithStyle(tr("settings.link.heading"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewHBox(relink),
		widget.NewSeparator(),
		widget.NewLabelWithStyle(tr("settings.language"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		t.language.content,
		widget.NewLabelWithStyle(tr("settings.theme"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		t.look.content,
		widget.NewSeparator(),
		widget.NewLabelWithStyle(tr("settings.support"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewHBox(widget.NewButtonWithIcon(tr("settings.diagnostics"), theme.ContentCopyIcon(), t.copyDiagnostics), t.diagNote),
	))
	return t
}

// preferenceChoice is a chooser of a preference of this PC's user (not of
// the site): the language, the theme.
type preferenceChoice struct {
	choice  *widget.Select
	note    *widget.Label
	content fyne.CanvasObject
}

// newPreferenceChoice offers values (in order, shown by labels), selects the
// stored one (fallback when none), and stores a choice and passes it to
// onChosen.
func newPreferenceChoice(app *App, key, fallback string, values []string, labels map[string]string, onChosen func(value string, c *preferenceChoice)) *preferenceChoice {
	c := &preferenceChoice{note: &widget.Label{Importance: widget.LowImportance}}
	byLabel := map[string]string{}
	var options []string
	for _, v := range values {
		options = append(options, labels[v])
		byLabel[labels[v]] = v
	}
	prefs := app.fyneApp.Preferences()
	c.choice = newSelect(options, nil)
	c.choice.SetSelected(labels[prefs.StringWithFallback(key, fallback)])
	c.choice.OnChanged = func(label string) {
		prefs.SetString(key, byLabel[label])
		onChosen(byLabel[label], c)
	}
	c.content = container.NewHBox(wideSelect(c.choice), c.note)
	return c
}

// newLanguageChooser picks the UI language, applied from the next start.
func newLanguageChooser(app *App) *preferenceChoice {
	return newPreferenceChoice(app, LanguagePreference, LanguageAuto, []string{LanguageAuto, LanguageJapanese, LanguageEnglish},
		map[string]string{LanguageAuto: tr("settings.language.auto"), LanguageJapanese: "日本語", LanguageEnglish: "English"},
		func(_ string, c *preferenceChoice) { c.note.SetText(tr("settings.language.restart")) })
}

// newThemeChooser picks light, dark or the OS's look (表示テーマ), applied at
// once.
func newThemeChooser(app *App) *preferenceChoice {
	return newPreferenceChoice(app, uitheme.Preference, uitheme.VariantAuto,
		[]string{uitheme.VariantAuto, uitheme.VariantLight, uitheme.VariantDark},
		map[string]string{uitheme.VariantAuto: tr("settings.theme.auto"), uitheme.VariantLight: tr("settings.theme.light"),
			uitheme.VariantDark: tr("settings.theme.dark")},
		func(v string, _ *preferenceChoice) { app.fyneApp.Settings().SetTheme(uitheme.WithVariant(v)) })
}

// wideSelect gives a chooser the width of its longest option, so that
// 「自動（OS に合わせる）」 is not cut to 「自動（OS …」 in a row.
func wideSelect(s *widget.Select) fyne.CanvasObject {
	width := s.MinSize().Width
	for _, o := range s.Options {
		width = max(width, fyne.MeasureText(o, theme.TextSize(), fyne.TextStyle{}).Width+theme.IconInlineSize()+theme.InnerPadding()*3)
	}
	return container.New(layout.NewGridWrapLayout(fyne.NewSize(width, s.MinSize().Height)), s)
}

// diagnosticLogLines is how much of the log a diagnostics report carries.
const diagnosticLogLines = 60

// copyDiagnostics puts a support report (version, link, settings, counts,
// recent log; no secret) on the clipboard.
func (t *settingsTab) copyDiagnostics() {
	app := t.app
	version := app.fyneApp.Metadata().Version
	app.background(func(ctx context.Context) {
		var recent []string
		if path, err := applog.DefaultPath(); err == nil {
			recent, _ = applog.Tail(path, diagnosticLogLines)
		}
		report, err := app.site.Diagnostics(ctx, version, recent)
		app.do(func() {
			if err != nil {
				t.diagNote.SetText(errorText(err))
				return
			}
			app.fyneApp.Clipboard().SetContent(report)
			t.diagNote.SetText(tr("settings.diagnostics.copied"))
		})
	})
}
