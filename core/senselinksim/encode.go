package senselinksim

import (
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"
)

// appendRecordJSON writes a record as the record list serves it. It is
// hand-written rather than json.Marshal so that a month of history for a
// thousand staff encodes in a fraction of a second.
func (s *Server) appendRecordJSON(b []byte, r *Record, groupID int64) []byte {
	local := r.SignTime.In(s.loc)
	_, offset := local.Zone()

	b = append(b, `{"id":`...)
	b = strconv.AppendInt(b, r.ID, 10)
	b = append(b, `,"sign_time":`...)
	b = strconv.AppendInt(b, r.SignTime.Unix(), 10)
	b = append(b, `,"sign_time_zone":"`...)
	b = appendGMTOffset(b, offset)
	b = append(b, `","sign_date":"`...)
	b = local.AppendFormat(b, time.DateOnly)
	b = append(b, `","user_id":`...)
	b = strconv.AppendInt(b, r.UserID, 10)
	b = append(b, `,"user_name":`...)
	b = appendString(b, r.UserName)
	b = append(b, `,"user_type":`...)
	b = strconv.AppendInt(b, int64(r.UserType), 10)
	b = append(b, `,"job_number":`...)
	if r.JobNumber == nil {
		b = append(b, "null"...)
	} else {
		b = appendString(b, *r.JobNumber)
	}
	b = append(b, `,"device_ldid":`...)
	b = appendString(b, r.Device.LDID)
	b = append(b, `,"device_name":`...)
	b = appendString(b, r.Device.Name)
	b = append(b, `,"location":`...)
	b = appendString(b, r.Device.Location)
	b = append(b, `,"body_temperature":`...)
	b = appendDecimal(b, r.BodyTemperature)
	b = append(b, `,"abnormal_type":`...)
	b = strconv.AppendInt(b, int64(r.AbnormalType), 10)
	b = append(b, `,"mask":`...)
	if r.Mask == nil {
		b = append(b, "null"...)
	} else {
		b = strconv.AppendInt(b, int64(*r.Mask), 10)
	}
	b = append(b, `,"direction":`...)
	b = strconv.AppendInt(b, int64(r.Device.Direction), 10)
	b = append(b, `,"entry_mode":`...)
	b = strconv.AppendInt(b, int64(r.EntryMode), 10)
	b = append(b, `,"verify_score":`...)
	b = appendDecimal(b, r.VerifyScore)
	b = append(b, `,"capture_picture":"`...)
	b = appendImageID(b, r.SignTime.Unix(), uint64(r.ID)*2)
	b = append(b, `","capture_bg_picture":"`...)
	b = appendImageID(b, r.SignTime.Unix(), uint64(r.ID)*2+1)
	b = append(b, `","group_id":`...)
	if groupID == 0 {
		b = append(b, "null"...)
	} else {
		b = strconv.AppendInt(b, groupID, 10)
	}
	b = append(b, `,"group_name":`...)
	b = appendString(b, r.GroupName)
	b = append(b, `,"groups":[`...)
	if groupID != 0 {
		b = append(b, `{"id":`...)
		b = strconv.AppendInt(b, groupID, 10)
		b = append(b, `,"name":`...)
		b = appendString(b, r.GroupName)
		b = append(b, '}')
	}
	b = append(b, "]}"...)
	return b
}

// appendGMTOffset writes a zone offset the way SenseLink does: "GMT+09:00".
func appendGMTOffset(b []byte, offsetSeconds int) []byte {
	b = append(b, "GMT"...)
	sign := byte('+')
	if offsetSeconds < 0 {
		sign = '-'
		offsetSeconds = -offsetSeconds
	}
	minutes := offsetSeconds / 60
	b = append(b, sign)
	b = appendTwoDigits(b, minutes/60)
	b = append(b, ':')
	return appendTwoDigits(b, minutes%60)
}

func appendTwoDigits(b []byte, v int) []byte {
	if v < 10 {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, int64(v), 10)
}

// appendDecimal writes a float with at least one decimal, as the real API
// does ("0.0", "36.5"), so that clients meet floats and not integers.
func appendDecimal(b []byte, v float64) []byte {
	start := len(b)
	b = strconv.AppendFloat(b, v, 'f', -1, 64)
	for _, c := range b[start:] {
		if c == '.' {
			return b
		}
	}
	return append(b, ".0"...)
}

const hexDigits = "0123456789abcdef"

// appendImageID writes a 24-hex-digit id shaped like a MongoDB ObjectId (the
// shape of real capture_picture values): seconds, then a mixed counter.
func appendImageID(b []byte, unixSeconds int64, n uint64) []byte {
	ts := uint32(unixSeconds)
	for shift := 28; shift >= 0; shift -= 4 {
		b = append(b, hexDigits[(ts>>uint(shift))&0xf])
	}
	x := splitmix64(n)
	for shift := 60; shift >= 0; shift -= 4 {
		b = append(b, hexDigits[(x>>uint(shift))&0xf])
	}
	return b
}

func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// appendString writes a JSON string. Names and locations need no escaping in
// practice, so they are copied as they are; anything else goes through
// encoding/json.
func appendString(b []byte, s string) []byte {
	if !needsEscape(s) {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	enc, err := json.Marshal(s)
	if err != nil {
		// json.Marshal of a string cannot fail; keep the output valid anyway.
		return append(b, `""`...)
	}
	return append(b, enc...)
}

func needsEscape(s string) bool {
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == '"' || c == '\\' {
			return true
		}
		ascii = ascii && c < utf8.RuneSelf
	}
	return !ascii && !utf8.ValidString(s)
}

// envelope wraps data (already JSON) in SenseLink's response envelope.
func envelope(code int, message string, data []byte) []byte {
	b := make([]byte, 0, len(data)+len(message)+48)
	b = append(b, `{"code":`...)
	b = strconv.AppendInt(b, int64(code), 10)
	b = append(b, `,"message":`...)
	b = appendString(b, message)
	b = append(b, `,"data":`...)
	if data == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, data...)
	}
	return append(b, '}')
}
