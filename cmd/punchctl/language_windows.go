package main

import "golang.org/x/sys/windows"

// systemLanguage is the user's first Windows display language ("ja-JP"):
// a Windows console sets no LANG.
func systemLanguage() string {
	langs, err := windows.GetUserPreferredUILanguages(windows.MUI_LANGUAGE_NAME)
	if err != nil || len(langs) == 0 {
		return ""
	}
	return langs[0]
}
