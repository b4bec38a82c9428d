package ui

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/punchdesk/punchdesk/assets"
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
	if choice != LanguageJapanese && choice != LanguageEnglish {
		return lang.AddTranslationsFS(assets.Translations, "translations")
	}
	files, err := fs.Glob(assets.Translations, "translations/*.json")
	if err != nil {
		return err
	}
	for _, f := range files {
		base := strings.TrimSuffix(path.Base(f), ".json")
		if base != choice && !strings.HasSuffix(base, "."+choice) {
			continue
		}
		data, err := assets.Translations.ReadFile(f)
		if err != nil {
			return err
		}
		for _, locale := range []fyne.Locale{"ja", "en"} {
			if err := lang.AddTranslationsForLocale(data, locale); err != nil {
				return fmt.Errorf("translations %s: %w", f, err)
			}
		}
	}
	return nil
}
