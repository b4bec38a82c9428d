//go:build !windows

package userdir

import (
	"os"
	"path/filepath"
)

func documents() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	config := os.Getenv("XDG_CONFIG_HOME")
	if config == "" {
		config = filepath.Join(home, ".config")
	}
	if d := xdgDocuments(config, home); d != "" {
		return d
	}
	return filepath.Join(home, "Documents")
}
