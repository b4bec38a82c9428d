package staff

import (
	"fmt"
	"reflect"
	"testing"
)

func TestSuggest(t *testing.T) {
	tests := []struct {
		name    string
		staff   []string
		numbers []string
		want    []Hint
	}{
		{
			"staff code with leading zeros",
			[]string{"0012"}, []string{"12"},
			[]Hint{{"0012", "12", ReasonLeadingZeros}},
		},
		{
			"employee number with leading zeros",
			[]string{"12"}, []string{"00012"},
			[]Hint{{"12", "00012", ReasonLeadingZeros}},
		},
		{
			"all zeros",
			[]string{"000"}, []string{"0"},
			[]Hint{{"000", "0", ReasonLeadingZeros}},
		},
		{
			"full-width digits",
			[]string{"012"}, []string{"０１２"},
			[]Hint{{"012", "０１２", ReasonFullWidth}},
		},
		{
			"full-width letters",
			[]string{"Ａ-12"}, []string{"A-12"},
			[]Hint{{"Ａ-12", "A-12", ReasonFullWidth}},
		},
		{
			"inner space",
			[]string{"A 12"}, []string{"A12"},
			[]Hint{{"A 12", "A12", ReasonSpaces}},
		},
		{
			"inner full-width space is a space, not a width difference",
			[]string{"A12"}, []string{"A\u300012"},
			[]Hint{{"A12", "A\u300012", ReasonSpaces}},
		},
		{
			"full-width digits and leading zeros combined",
			[]string{"０００１２"}, []string{"12"},
			[]Hint{{"０００１２", "12", ReasonFullWidth | ReasonLeadingZeros}},
		},
		{
			"all three combined",
			[]string{"0 012"}, []string{"１２"},
			[]Hint{{"0 012", "１２", ReasonLeadingZeros | ReasonFullWidth | ReasonSpaces}},
		},
		{
			"same full-width characters on both sides are not a reason",
			[]string{"0012Ａ"}, []string{"12Ａ"},
			[]Hint{{"0012Ａ", "12Ａ", ReasonLeadingZeros}},
		},
		{
			"surrounding spaces already match: no hint",
			[]string{"0012"}, []string{" 0012\u3000"},
			nil,
		},
		{
			"exact match is not suggested",
			[]string{"12"}, []string{"12"},
			nil,
		},
		{
			"no hint for a number that already has an exact staff match",
			[]string{"12", "0012"}, []string{"12"},
			nil,
		},
		{
			"no hint for a staff code that already has an exact number",
			[]string{"0012"}, []string{"0012", "12"},
			nil,
		},
		{
			"one number, several candidate staff, ordered by staff code",
			[]string{"012", "0012", "１２"}, []string{"12"},
			[]Hint{
				{"0012", "12", ReasonLeadingZeros},
				{"012", "12", ReasonLeadingZeros},
				{"１２", "12", ReasonFullWidth},
			},
		},
		{
			"one staff code, several candidate numbers",
			[]string{"12"}, []string{"012", "0012"},
			[]Hint{{"12", "0012", ReasonLeadingZeros}, {"12", "012", ReasonLeadingZeros}},
		},
		{
			"unrelated values, empty values and duplicates give nothing",
			[]string{"12", "", " ", "12"}, []string{"13", "", "\u3000"},
			nil,
		},
		{
			"zero inside a value is not a leading zero",
			[]string{"102", "A0012"}, []string{"12", "A12"},
			nil,
		},
		{
			"case is not folded",
			[]string{"a12"}, []string{"A12"},
			nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Suggest(tt.staff, tt.numbers)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Suggest(%q, %q) =\n %v\nwant\n %v", tt.staff, tt.numbers, got, tt.want)
			}
		})
	}
}

func TestSuggestIsDeterministic(t *testing.T) {
	var staff, numbers []string
	for i := 0; i < 200; i++ {
		staff = append(staff, fmt.Sprintf("%05d", i))
		numbers = append(numbers, fmt.Sprint(i), fmt.Sprintf("%04d", i))
	}
	first := Suggest(staff, numbers)
	if len(first) != 400 {
		t.Fatalf("%d hints, want 400", len(first))
	}
	for i := 0; i < 5; i++ {
		if again := Suggest(staff, numbers); !reflect.DeepEqual(again, first) {
			t.Fatal("Suggest returned a different order on a second call")
		}
	}
	for i := 1; i < len(first); i++ {
		a, b := first[i-1], first[i]
		if a.StaffCode > b.StaffCode || (a.StaffCode == b.StaffCode && a.EmployeeNumber >= b.EmployeeNumber) {
			t.Fatalf("hints %v and %v out of order", a, b)
		}
	}
}

func TestReasonString(t *testing.T) {
	tests := []struct {
		r    Reason
		want string
	}{
		{ReasonLeadingZeros, "leading zeros"},
		{ReasonFullWidth | ReasonSpaces, "full-width characters, spaces inside"},
		{0, "none"},
	}
	for _, tt := range tests {
		if got := tt.r.String(); got != tt.want {
			t.Errorf("Reason(%d).String() = %q, want %q", tt.r, got, tt.want)
		}
	}
}
