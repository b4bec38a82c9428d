package main

import (
	"strings"
	"testing"
)

func TestGLVersionProblem(t *testing.T) {
	tests := []struct {
		name, version string
		wantIn        string // "" when the version is enough
	}{
		{"a current driver", "4.6.0 NVIDIA 551.23", ""},
		{"Mesa in a VM", "4.5 (Compatibility Profile) Mesa 22.3.6", ""},
		{"exactly 2.1", "2.1 Mesa 10.1", ""},
		{"Windows' own renderer over Remote Desktop", "1.1.0", "OpenGL 1.1"},
		{"2.0 is one short", "2.0.0", "OpenGL 2.0"},
		{"nothing reported", "", "no OpenGL version"},
		{"garbage", "unknown", "unreadable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := glVersionProblem(tt.version)
			switch {
			case tt.wantIn == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.wantIn != "" && (err == nil || !strings.Contains(err.Error(), tt.wantIn)):
				t.Errorf("got %v, want an error saying %q", err, tt.wantIn)
			}
		})
	}
}
