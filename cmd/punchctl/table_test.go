package main

import (
	"strings"
	"testing"
)

func TestTableAlignsByDisplayWidth(t *testing.T) {
	var out strings.Builder
	tb := newTable(&out)
	tb.Write([]byte("CODE\tNAME\tTERMINAL\n1001\t佐藤 健太\t本社 正面入口\n10020\tAl\tgate\n"))
	if err := tb.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "CODE   NAME       TERMINAL\n" +
		"1001   佐藤 健太  本社 正面入口\n" +
		"10020  Al         gate\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
	for _, c := range []struct {
		s string
		n int
	}{{"abc", 3}, {"佐藤", 4}, {"ＡＢ", 4}, {"ｱｲ", 2}, {"", 0}} {
		if got := displayWidth(c.s); got != c.n {
			t.Errorf("displayWidth(%q) = %d, want %d", c.s, got, c.n)
		}
	}
}
