// Package userdir finds the user's Documents folder, where a workbook for
// payroll is expected to land by default: Windows' known folder (which may
// be redirected to OneDrive or a network share), the XDG user directory on
// Linux (localised, e.g. ~/ドキュメント), ~/Documents on macOS.
package userdir

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
)

// Documents returns the Documents folder, or the home folder when there is
// none, or "" when not even that is known.
func Documents() string {
	if d := documents(); d != "" && isDir(d) {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	if d := filepath.Join(home, "Documents"); isDir(d) {
		return d
	}
	return home
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// xdgDocuments reads XDG_DOCUMENTS_DIR from user-dirs.dirs, where the
// desktop keeps the localised name ("$HOME/ドキュメント").
func xdgDocuments(configDir, home string) string {
	f, err := os.Open(filepath.Join(configDir, "user-dirs.dirs"))
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		value, ok := strings.CutPrefix(line, "XDG_DOCUMENTS_DIR=")
		if !ok {
			continue
		}
		value = strings.Trim(value, `"`)
		if rest, ok := strings.CutPrefix(value, "$HOME"); ok {
			value = home + rest
		}
		if filepath.IsAbs(value) && filepath.Clean(value) != filepath.Clean(home) {
			return value
		}
	}
	return ""
}
