package senselink

import (
	"bytes"
	"encoding/json"
	"errors"
)

// Responses are checked once with validJSON and then walked by the small
// functions below, which hand out each member's key and exact value bytes.
//
// Why not json.Unmarshal into structs: on the two-core machine this project
// is measured on, encoding/json's reflection decoder needs about 1 ms for one
// 100-record page even with plain string and int fields, and a Decoder that
// also cuts out each record's raw bytes scans every record three times. A
// validity pass plus this walk scans it twice, allocates only the strings a
// Record keeps, and lets every record's Raw be a sub-slice of the body.
//
// The walkers assume valid JSON (decodeEnvelope checks it first) but stay
// bounds-checked, returning errMalformed instead of panicking on anything
// else. FuzzWalkObject compares them with encoding/json.

var errMalformed = errors.New("malformed JSON")

// checkJSON returns nil for a valid JSON text, else encoding/json's own
// description of the first error.
func checkJSON(b []byte) error {
	if validJSON(b) {
		return nil
	}
	var v json.RawMessage
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	return errMalformed
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// trimSpace trims JSON whitespace from both ends of b.
func trimSpace(b []byte) []byte {
	i := skipSpace(b, 0)
	j := len(b)
	for j > i && isSpace(b[j-1]) {
		j--
	}
	return b[i:j]
}

// stringEnd returns the index just past the string literal starting at
// b[i] == '"', or -1.
func stringEnd(b []byte, i int) int {
	open := i
	i++
	for i < len(b) {
		q := bytes.IndexByte(b[i:], '"')
		if q < 0 {
			return -1
		}
		i += q
		escapes := 0
		for j := i - 1; j > open && b[j] == '\\'; j-- {
			escapes++
		}
		i++
		if escapes%2 == 0 {
			return i
		}
	}
	return -1
}

// valueEnd returns the index just past the value starting at b[i], or -1.
func valueEnd(b []byte, i int) int {
	if i < 0 || i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				if i = stringEnd(b, i); i < 0 {
					return -1
				}
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return -1
	}
	start := i
	for i < len(b) && b[i] != ',' && b[i] != '}' && b[i] != ']' && !isSpace(b[i]) {
		i++
	}
	if i == start {
		return -1
	}
	return i
}

// skip is a member or element function that only steps over the value.
func skip(b []byte, v int) (int, error) {
	if end := valueEnd(b, v); end >= 0 {
		return end, nil
	}
	return -1, errMalformed
}

// valueAt returns the value starting at b[v] and the index just past it.
func valueAt(b []byte, v int) ([]byte, int, error) {
	end := valueEnd(b, v)
	if end < 0 {
		return nil, -1, errMalformed
	}
	return b[v:end], end, nil
}

// members walks the object starting at b[i]. For every member it calls fn
// with the key and the index of the value's first byte; fn consumes the value
// (skip, scalar, or a nested walk) and returns the index just past it.
// members returns the index just past the object. Keys without escapes are
// sub-slices of b; a duplicate key is reported each time it appears, so
// assigning in fn makes the last one win, as in encoding/json.
func members(b []byte, i int, fn func(key []byte, v int) (int, error)) (int, error) {
	if i < 0 || i >= len(b) || b[i] != '{' {
		return -1, errMalformed
	}
	i++
	for {
		i = skipSpace(b, i)
		if i >= len(b) {
			return -1, errMalformed
		}
		switch b[i] {
		case '}':
			return i + 1, nil
		case ',':
			i++
			continue
		case '"':
		default:
			return -1, errMalformed
		}
		keyEnd := stringEnd(b, i)
		if keyEnd < 0 {
			return -1, errMalformed
		}
		key, ok := unquote(b[i:keyEnd])
		if !ok {
			return -1, errMalformed
		}
		i = skipSpace(b, keyEnd)
		if i >= len(b) || b[i] != ':' {
			return -1, errMalformed
		}
		v := skipSpace(b, i+1)
		end, err := fn(key, v)
		if err != nil {
			return -1, err
		}
		if end <= v || end > len(b) {
			return -1, errMalformed
		}
		i = end
	}
}

// elements walks the array starting at b[i] like members walks an object,
// calling fn with each element's index in the array and first byte.
func elements(b []byte, i int, fn func(n, v int) (int, error)) (int, error) {
	if i < 0 || i >= len(b) || b[i] != '[' {
		return -1, errMalformed
	}
	i++
	for n := 0; ; {
		i = skipSpace(b, i)
		if i >= len(b) {
			return -1, errMalformed
		}
		switch b[i] {
		case ']':
			return i + 1, nil
		case ',':
			i++
			continue
		}
		end, err := fn(n, i)
		if err != nil {
			return -1, err
		}
		if end <= i || end > len(b) {
			return -1, errMalformed
		}
		n++
		i = end
	}
}

// eachMember calls fn with the key and exact value bytes of every member of
// the object value obj; for small objects off the hot path.
func eachMember(obj []byte, fn func(key, val []byte)) error {
	_, err := members(obj, 0, func(key []byte, v int) (int, error) {
		val, end, err := valueAt(obj, v)
		if err == nil {
			fn(key, val)
		}
		return end, err
	})
	return err
}

// eachElement calls fn with every element's exact bytes of the array arr.
func eachElement(arr []byte, fn func(val []byte)) error {
	_, err := elements(arr, 0, func(_, v int) (int, error) {
		val, end, err := valueAt(arr, v)
		if err == nil {
			fn(val)
		}
		return end, err
	})
	return err
}

// jsonKind is the JSON type of a value, named as the error messages say
// it ("… is an array, want an object").
type jsonKind string

const (
	jsonEmpty  jsonKind = "empty"
	jsonObject jsonKind = "an object"
	jsonArray  jsonKind = "an array"
	jsonString jsonKind = "a string"
	jsonBool   jsonKind = "a boolean"
	jsonNull   jsonKind = "null"
	jsonNumber jsonKind = "a number"
)

// kindOf is the JSON type of the value v starts with.
func kindOf(v []byte) jsonKind {
	if len(v) == 0 {
		return jsonEmpty
	}
	switch v[0] {
	case '{':
		return jsonObject
	case '[':
		return jsonArray
	case '"':
		return jsonString
	case 't', 'f':
		return jsonBool
	case 'n':
		return jsonNull
	}
	return jsonNumber
}
