package userdir

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestXDGDocumentsIsReadLocalised(t *testing.T) {
	config, home := t.TempDir(), "/home/山田"
	tests := []struct{ name, file, want string }{
		{"localised under home", "XDG_DESKTOP_DIR=\"$HOME/デスクトップ\"\nXDG_DOCUMENTS_DIR=\"$HOME/ドキュメント\"\n", "/home/山田/ドキュメント"},
		{"absolute", "XDG_DOCUMENTS_DIR=\"/data/docs\"\n", "/data/docs"},
		{"home itself means none", "XDG_DOCUMENTS_DIR=\"$HOME/\"\n", ""},
		{"not set", "# nothing\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := os.WriteFile(filepath.Join(config, "user-dirs.dirs"), []byte(tt.file), 0o600); err != nil {
				t.Fatal(err)
			}
			if got := xdgDocuments(config, home); filepath.ToSlash(got) != tt.want {
				t.Errorf("xdgDocuments = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDocumentsFallsBackToAFolderThatExists(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the known folder decides on Windows")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "config"))
	if got := Documents(); got != home {
		t.Errorf("without a Documents folder: %q, want the home %q", got, home)
	}
	docs := filepath.Join(home, "Documents")
	os.Mkdir(docs, 0o700)
	if got := Documents(); got != docs {
		t.Errorf("with ~/Documents: %q", got)
	}
	os.MkdirAll(filepath.Join(home, "config"), 0o700)
	os.WriteFile(filepath.Join(home, "config", "user-dirs.dirs"), []byte("XDG_DOCUMENTS_DIR=\"$HOME/書類\"\n"), 0o600)
	os.Mkdir(filepath.Join(home, "書類"), 0o700)
	if got := Documents(); got != filepath.Join(home, "書類") {
		t.Errorf("with the XDG folder: %q", got)
	}
}
