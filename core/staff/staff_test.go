package staff

import (
	"strings"
	"testing"
)

func TestValidateCode(t *testing.T) {
	tests := []struct {
		name    string
		code    string
		wantErr string // fragment; "" means valid
	}{
		{"digits", "0012", ""},
		{"letters, digits and a hyphen", "A-100", ""},
		{"Japanese characters", "本社髙-①", ""},
		{"full-width digits are a code of their own", "００１２", ""},
		{"inner space", "A 12", ""},
		{"exactly 45 characters, multi-byte", strings.Repeat("髙", 45), ""},
		{"empty", "", "staff code is empty"},
		{"only ASCII and full-width spaces", "  \u3000 ", "staff code is empty"},
		{"leading space", " 12", `staff code " 12" has spaces at the start or end`},
		{"trailing full-width space", "12\u3000", "has spaces at the start or end"},
		{"46 characters", strings.Repeat("1", 46), "is 46 characters long; the limit is 45"},
		{"long code is shortened in the message", strings.Repeat("9", 1000), `"99999999999999999999…" is 1000 characters long`},
		{"tab", "1\t2", "control character (U+0009"},
		{"line break", "1\n", "control character (U+000A"},
		{"C1 control from CP932 byte 0x80", "1\u0080", "control character (U+0080"},
		{"zero-width space", "\u200b12", "invisible formatting character (U+200B)"},
		{"byte order mark", "12\ufeff", "invisible formatting character (U+FEFF)"},
		{"invalid UTF-8", "1\xff", "not valid text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateCode(tt.code)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("ValidateCode(%q) = %v, want nil", tt.code, err)
			case tt.wantErr != "" && err == nil:
				t.Errorf("ValidateCode(%q) = nil, want an error containing %q", tt.code, tt.wantErr)
			case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
				t.Errorf("ValidateCode(%q) = %q, want it to contain %q", tt.code, err, tt.wantErr)
			}
		})
	}
}

func TestMatchKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0012", "0012"},
		{"  0012 ", "0012"},
		{"\u30000012\u3000 ", "0012"},
		{"A 12", "A 12"},         // inner spaces are not trimmed
		{"０１２", "０１２"},           // no width folding
		{"0012\t", "0012\t"},     // only spaces are trimmed
		{"\u00a012", "\u00a012"}, // a no-break space is not a space here
		{"", ""},
	}
	for _, tt := range tests {
		if got := MatchKey(tt.in); got != tt.want {
			t.Errorf("MatchKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
