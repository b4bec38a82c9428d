package main

import (
	"os"
	"testing"

	"fyne.io/fyne/v2/lang"

	"github.com/punchdesk/punchdesk/ui"
)

// Fyne's translations are process-wide, so this check of the language
// choice lives in its own test binary, away from the UI tests.
func TestEnglishChoiceWinsOnAJapaneseSystem(t *testing.T) {
	os.Setenv("LC_ALL", "ja_JP.UTF-8")
	os.Setenv("LANG", "ja_JP.UTF-8")
	os.Setenv("LANGUAGE", "ja")
	if err := ui.LoadTranslations(ui.LanguageEnglish); err != nil {
		t.Fatal(err)
	}
	if got := lang.L("tab.log"); got != "Recognition log" {
		t.Errorf("tab.log = %q on a Japanese system with English chosen", got)
	}
	if got := lang.L("book.col.date"); got == "book.col.date" || got == "日付" {
		t.Errorf("book.col.date = %q; the book's English file was not loaded", got)
	}
}
