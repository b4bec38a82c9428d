package staff

import (
	"fmt"
	"strings"
	"testing"
)

// staffCSV builds n rows in the shape Jobcan exports.
func staffCSV(n int) string {
	var b strings.Builder
	b.WriteString("スタッフコード,姓,名,姓(フリガナ),名(フリガナ),グループ,状態\r\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "%06d,髙橋,健太%d,タカハシ,ケンタ,倉庫①,有効\r\n", i, i)
	}
	return b.String()
}

func BenchmarkParseCSV5000(b *testing.B) {
	text := staffCSV(5000)
	for _, enc := range []struct {
		name string
		data []byte
	}{
		{"UTF-8", []byte(text)},
		{"Shift_JIS", sjis(b, text)},
	} {
		b.Run(enc.name, func(b *testing.B) {
			b.SetBytes(int64(len(enc.data)))
			for b.Loop() {
				members, err := ParseCSV(enc.data)
				if err != nil || len(members) != 5000 {
					b.Fatalf("%d members, %v", len(members), err)
				}
			}
		})
	}
}

// BenchmarkSuggest5000 pairs 5,000 staff codes with 5,000 employee numbers of
// which half match exactly and the rest differ by leading zeros.
func BenchmarkSuggest5000(b *testing.B) {
	staff := make([]string, 5000)
	numbers := make([]string, 5000)
	for i := range staff {
		staff[i] = fmt.Sprintf("%06d", i)
		if i%2 == 0 {
			numbers[i] = staff[i]
		} else {
			numbers[i] = fmt.Sprint(i)
		}
	}
	for b.Loop() {
		if hints := Suggest(staff, numbers); len(hints) != 2500 {
			b.Fatalf("%d hints", len(hints))
		}
	}
}
