package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/punchdesk/punchdesk/core/i18n"
)

// inJapanese runs the rest of the test as punchctl under a Japanese locale.
func inJapanese(t *testing.T) {
	t.Helper()
	was := words
	words = i18n.For(i18n.Japanese)
	t.Cleanup(func() { words = was })
}

func TestRefusalsAreJapaneseUnderAJapaneseLocale(t *testing.T) {
	inJapanese(t)
	c := newCLI(t)
	c.must("", "staff", "add", "--code", "1001", "--name", "山田 太郎")
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"not linked", []string{"sync"}, "SenseLink と連携していません"},
		{"unknown staff", []string{"punch", "add", "--staff", "9999", "--time", "2026-11-02 09:00", "--source", "web"}, "スタッフコード「9999」のスタッフはいません"},
		{"a time in the future", []string{"punch", "add", "--staff", "1001", "--time", "2099-01-01 09:00", "--source", "web"}, "「2099-01-01 09:00」は未来の日時です"},
		{"not a time", []string{"punch", "add", "--staff", "1001", "--time", "明日の朝", "--source", "web"}, "日時として読めません"},
		{"a taken code", []string{"staff", "add", "--code", "1001", "--name", "別の人"}, "スタッフコード「1001」はすでに登録されています"},
		{"a setting out of range", []string{"settings", "set", "long-day", "99"}, "設定 long-day=「99」は使えません。0〜24 の整数にしてください"},
		{"reopen without a reason", []string{"reopen", "--month", "2026-10", "--reason", " "}, "締めを解除するには理由を入力してください"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := c.run("", tc.args...)
			if code != exitFailure || !strings.Contains(errOut, tc.want) {
				t.Errorf("punchctl %v: exit %d, %q; want %q", tc.args, code, errOut, tc.want)
			}
		})
	}
}

func TestSentencesAreJapaneseUnderAJapaneseLocale(t *testing.T) {
	inJapanese(t)
	c := newCLI(t)
	if out := c.must("", "staff", "add", "--code", "1001", "--name", "山田 太郎"); !strings.Contains(out, "1001 山田 太郎 を追加しました。") {
		t.Errorf("staff add says %q", out)
	}
	if out := c.must("", "settings", "set", "long-day", "12"); !strings.Contains(out, "long-day を設定しました。") {
		t.Errorf("settings set says %q", out)
	}
	if out := c.must("", "review", "list"); !strings.Contains(out, "未承認の打刻はありません。") {
		t.Errorf("review list says %q", out)
	}
	for _, head := range []string{"スタッフコード", "氏名", "有効"} {
		if out := c.must("", "staff", "list"); !strings.Contains(out, head) {
			t.Errorf("staff list lacks %q:\n%s", head, out)
		}
	}
	if out := c.must("", "status"); !strings.Contains(out, "連携:") || !strings.Contains(out, "連携していません") {
		t.Errorf("status says:\n%s", out)
	}
	if _, out, _ := c.run("", "help"); !strings.Contains(out, "使い方:") {
		t.Errorf("help says:\n%s", out)
	}
	if code, _, errOut := c.run("", "nosuch"); code != exitUsage || !strings.Contains(errOut, "「nosuch」というコマンドはありません") {
		t.Errorf("an unknown command: exit %d, %q", code, errOut)
	}
	bad := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(bad, []byte("code,name\n,名無し\n1001,\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := c.run("", "staff", "import", bad)
	for _, want := range []string{"2 件の問題があるため、何も取り込んでいません", "2行目: スタッフコードを入力してください", "3行目: 氏名が空です。"} {
		if code != exitFailure || !strings.Contains(errOut, want) {
			t.Errorf("a bad CSV: exit %d, %q; want %q", code, errOut, want)
		}
	}
}

func TestRefusalsAreEnglishOtherwise(t *testing.T) {
	c := newCLI(t)
	code, _, errOut := c.run("", "settings", "set", "long-day", "99")
	if want := `setting long-day="99": It must be a whole number from 0 to 24`; code != exitFailure || !strings.Contains(errOut, want) {
		t.Errorf("exit %d, %q; want %q", code, errOut, want)
	}
}
