package i18n_test

import (
	"testing"

	"github.com/punchdesk/punchdesk/core/i18n"
)

func TestLanguageOf(t *testing.T) {
	cases := []struct {
		name   string
		env    map[string]string
		system string
		want   string
	}{
		{"Japanese LANG", map[string]string{"LANG": "ja_JP.UTF-8"}, "", i18n.Japanese},
		{"LC_ALL wins over LANG", map[string]string{"LC_ALL": "C", "LANG": "ja_JP.UTF-8"}, "", i18n.English},
		{"LC_MESSAGES Japanese", map[string]string{"LC_MESSAGES": "ja_JP.eucJP", "LANG": "en_US.UTF-8"}, "", i18n.Japanese},
		{"nothing set, Japanese Windows", nil, "ja-JP", i18n.Japanese},
		{"nothing set, English Windows", nil, "en-US", i18n.English},
		{"nothing at all", nil, "", i18n.English},
		{"LANGUAGE only", map[string]string{"LANGUAGE": "ja:en"}, "", i18n.Japanese},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := i18n.LanguageOf(func(k string) string { return c.env[k] }, c.system); got != c.want {
				t.Errorf("LanguageOf = %q, want %q", got, c.want)
			}
		})
	}
}

func TestTextRendersArgumentsAndNestedMessages(t *testing.T) {
	ja := i18n.For(i18n.Japanese)
	got := ja.Text("error.clockskew", map[string]any{"Skew": i18n.Message{Key: "duration.minutes", Args: map[string]any{"M": 42}}})
	if want := "このパソコンの時計が SenseLink のサーバーと 約42分 ずれているため、認証が拒否されました。時刻を「自動で設定」にしてから、もう一度お試しください。"; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if got := ja.Text("no.such.key", nil); got != "no.such.key" {
		t.Errorf("a missing key renders as %q", got)
	}
	if got := i18n.For("fr").Language; got != i18n.English {
		t.Errorf("an unknown language falls back to %q", got)
	}
}
