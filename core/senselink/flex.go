package senselink

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"unicode/utf8"
)

// The flex values below read one JSON value whatever shape the server chose
// for it. They never fail: a value that cannot be understood is remembered as
// such, and the code that builds a Record decides whether that matters (only
// the id does). Failing a whole page over one odd optional field would stop
// synchronisation for good, while the record's Raw keeps the value for a
// later fix.

// numState says what a flexNum held.
type numState uint8

const (
	numAbsent  numState = iota // the key was not sent
	numNull                    // null, or an empty / blank string
	numInt                     // an integral value, in i (and f)
	numFloat                   // a non-integral or out-of-range value, in f
	numInvalid                 // something else; text holds a string value
)

// flexNum is a number sent as a JSON number, a numeric string, a boolean or
// null.
type flexNum struct {
	state numState
	i     int64
	f     float64
	text  string // the string, for numInvalid values that were strings
}

// parseFlexNum reads the JSON value b (already known to be valid JSON).
func parseFlexNum(b []byte) flexNum {
	if len(b) == 0 {
		return flexNum{state: numInvalid}
	}
	switch b[0] {
	case 'n':
		return flexNum{state: numNull}
	case 't':
		return flexNum{state: numInt, i: 1, f: 1}
	case 'f':
		return flexNum{state: numInt}
	case '{', '[':
		return flexNum{state: numInvalid}
	case '"':
		s, ok := unquote(b)
		if !ok {
			return flexNum{state: numInvalid}
		}
		t := bytes.TrimSpace(s)
		if len(t) == 0 {
			return flexNum{state: numNull}
		}
		n := parseNumber(t)
		if n.state == numInvalid {
			n.text = string(s)
		}
		return n
	}
	return parseNumber(b)
}

// parseNumber reads decimal number text. Integers are parsed by hand because
// strconv would allocate a string for every field of every record.
func parseNumber(b []byte) flexNum {
	if i, ok := parseInt(b); ok {
		return flexNum{state: numInt, i: i, f: float64(i)}
	}
	// strconv also reads hex, "inf" and "nan"; a numeric string from the
	// server is decimal, anything else is not a number.
	for _, c := range b {
		if (c < '0' || c > '9') && c != '-' && c != '+' && c != '.' && c != 'e' && c != 'E' {
			return flexNum{state: numInvalid}
		}
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsInf(f, 0) {
		return flexNum{state: numInvalid}
	}
	if f == math.Trunc(f) && f >= math.MinInt64 && f < math.MaxInt64 {
		return flexNum{state: numInt, i: int64(f), f: f}
	}
	return flexNum{state: numFloat, f: f}
}

// parseInt accepts an optional '-' and 1 to 18 digits, which always fit.
func parseInt(b []byte) (int64, bool) {
	neg := false
	if len(b) > 0 && b[0] == '-' {
		neg = true
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var v int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	if neg {
		v = -v
	}
	return v, true
}

// int64 returns the value when it is integral.
func (n flexNum) int64() (int64, bool) {
	return n.i, n.state == numInt
}

// float64 returns the value when it is a number.
func (n flexNum) float64() (float64, bool) {
	return n.f, n.state == numInt || n.state == numFloat
}

// intOr returns the integral value, or def.
func (n flexNum) intOr(def int) int {
	if n.state != numInt {
		return def
	}
	return int(n.i)
}

// sent reports whether the key was present at all, null or not.
func (n flexNum) sent() bool { return n.state != numAbsent }

// firstNum returns the first of ns that holds a number, else the first that
// was sent, else an absent value. It lets a field have several spellings.
func firstNum(ns ...flexNum) flexNum {
	for _, n := range ns {
		if n.state == numInt || n.state == numFloat {
			return n
		}
	}
	for _, n := range ns {
		if n.sent() {
			return n
		}
	}
	return flexNum{}
}

// flexString reads a JSON value as text: a string's contents, a number's or
// boolean's literal text (an employee number may arrive as 12), and "" for
// null, objects and arrays.
func flexString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	switch b[0] {
	case 'n', '{', '[':
		return ""
	case '"':
		v, _ := unquote(b)
		return string(v)
	}
	return string(b)
}

// firstString returns the first non-empty string of ss, else "".
func firstString(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// unquote returns the contents of the JSON string literal b. The common case,
// plain text without escapes, is a sub-slice of b and allocates nothing;
// anything else is left to encoding/json so that escapes and invalid UTF-8
// are read exactly as the standard library reads them.
func unquote(b []byte) ([]byte, bool) {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return nil, false
	}
	inner := b[1 : len(b)-1]
	if bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
		return inner, true
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, false
	}
	return []byte(s), true
}
