package ui

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"github.com/punchdesk/punchdesk/assets/translations"
)

// Language choices for the preference; "auto" follows the OS.
const (
	LanguageAuto     = "auto"
	LanguageJapanese = "ja"
	LanguageEnglish  = "en"
	// LanguagePreference is the Fyne preference key holding the choice.
	LanguagePreference = "language"
)

// LoadTranslations loads the UI texts. With "auto" Fyne picks Japanese on
// a Japanese OS and English elsewhere; with a fixed choice that language's
// texts are registered for every locale Fyne might pick, so the choice wins
// whatever the OS says. Call it once, before building any screen.
func LoadTranslations(choice string) error {
	files, err := fs.Glob(translations.FS, "*.json")
	if err != nil {
		return err
	}
	for _, f := range files {
		base := strings.TrimSuffix(path.Base(f), ".json")
		language := base[strings.LastIndex(base, ".")+1:]
		locales := []fyne.Locale{fyne.Locale(language)}
		if choice == LanguageJapanese || choice == LanguageEnglish {
			if language != choice {
				continue
			}
			locales = []fyne.Locale{"ja", "en"}
		}
		data, err := translations.FS.ReadFile(f)
		if err != nil {
			return err
		}
		for _, locale := range locales {
			if err := lang.AddTranslationsForLocale(data, locale); err != nil {
				return fmt.Errorf("translations %s: %w", f, err)
			}
		}
	}
	return nil
}
