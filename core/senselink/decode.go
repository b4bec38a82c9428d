package senselink

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// codeOK is the envelope code of a successful call.
const codeOK = 200

// envelope is a response's {"code","message"} part.
type envelope struct {
	Code    int
	Message string
}

// valueFunc consumes the value starting at b[v] and returns the index just
// past it.
type valueFunc func(b []byte, v int) (int, error)

// decodeEnvelope reads a response body and hands the data value to data.
// The data is decoded where it stands, unless the code is already known to
// be an error, so that a body is walked once. Should the data fail to decode
// and the code turn out not to be 200, the failure is dropped: an error
// response's data (often null, or of another shape) is no decoding failure.
// A body without data hands data a null. With a nil data it only reads code
// and message.
func decodeEnvelope(body []byte, data valueFunc) (envelope, error) {
	var env envelope
	body = trimSpace(body)
	if len(body) == 0 {
		return env, errors.New("response is empty")
	}
	switch c := body[0]; {
	case c == '{':
	case c == '[' || c == '"' || c == '-' || (c >= '0' && c <= '9') ||
		bytes.HasPrefix(body, []byte("null")) || bytes.HasPrefix(body, []byte("true")) ||
		bytes.HasPrefix(body, []byte("false")):
		return env, fmt.Errorf("response is not a JSON object (starts with %s)", excerpt(body))
	default:
		return env, fmt.Errorf("response is not JSON (starts with %s)", excerpt(body))
	}
	if err := checkJSON(body); err != nil {
		return env, fmt.Errorf("response is not valid JSON: %w", err)
	}

	var (
		code               flexNum
		message, msg       string
		dataSeen, dataDone bool
		dataErr            error
	)
	_, err := members(body, 0, func(key []byte, v int) (int, error) {
		switch string(key) {
		case "code", "message", "msg":
			val, end, err := valueAt(body, v)
			switch string(key) {
			case "code":
				code = parseFlexNum(val)
			case "message":
				message = flexString(val)
			case "msg":
				msg = flexString(val)
			}
			return end, err
		case "data":
			if dataSeen || data == nil {
				return skip(body, v)
			}
			dataSeen = true
			if c, ok := code.int64(); code.sent() && (!ok || c != codeOK) {
				return skip(body, v)
			}
			end, err := data(body, v)
			if err != nil {
				dataErr = err
				return skip(body, v)
			}
			dataDone = true
			return end, nil
		}
		return skip(body, v)
	})
	if err != nil {
		return env, fmt.Errorf("response: %w", err)
	}
	if !code.sent() {
		return env, errors.New(`response has no "code"`)
	}
	c, ok := code.int64()
	if !ok || c < math.MinInt32 || c > math.MaxInt32 {
		return env, fmt.Errorf("response code %s is not a number", describeNum(code))
	}
	env.Code = int(c)
	env.Message = firstString(message, msg)
	switch {
	case env.Code != codeOK || data == nil || dataDone:
		return env, nil
	case dataErr != nil:
		return env, dataErr
	}
	_, err = data([]byte("null"), 0)
	return env, err
}

// excerpt quotes the first few characters of b for an error message: enough
// to recognise an HTML error page or a proxy's banner, too little to carry a
// whole body into a log. A body that echoes the signed request (error pages
// often print the URL) is cut before the query's parameters.
func excerpt(b []byte) string {
	const max = 32
	cut := len(b) > max
	if cut {
		b = b[:max]
	}
	for _, param := range []string{"app_key=", "sign=", "timestamp="} {
		if i := bytes.Index(b, []byte(param)); i >= 0 {
			b, cut = b[:i], true
		}
	}
	if cut {
		for len(b) > 0 && !utf8.Valid(b) {
			b = b[:len(b)-1]
		}
	}
	s := strconv.Quote(strings.ToValidUTF8(string(b), ""))
	if cut {
		s += "…"
	}
	return s
}

func describeNum(n flexNum) string {
	switch n.state {
	case numNull:
		return "null"
	case numFloat:
		return strconv.FormatFloat(n.f, 'g', -1, 64)
	case numInvalid:
		if n.text != "" {
			return excerpt([]byte(n.text))
		}
		return "not a scalar"
	}
	return strconv.FormatInt(n.i, 10)
}

// walkList reads a data value that is either the array of rows itself or an
// object holding the rows under one of rowKeys (the first key whose array has
// rows wins). A row key may hold another such object: one public client
// reads records from data.data.record_list. rows walks one candidate array
// and returns how many rows it kept and where the array ends; meta is called
// with every other member and must consume its value. found reports whether
// the data named its rows: it was an array, null (how some servers say
// "none"), or an object with a row key.
func walkList(b []byte, v int, rowKeys []string, rows func(b []byte, v int) (int, int, error), meta valueFuncKey) (found bool, end int, err error) {
	kept := 0
	counted := func(b []byte, v int) (int, int, error) {
		n, end, err := rows(b, v)
		kept += n
		return n, end, err
	}
	return walkListDepth(b, v, rowKeys, counted, meta, "data", 0, &kept)
}

// maxListNesting bounds how deep rows are looked for: the deepest shape seen
// is data.data.record_list.
const maxListNesting = 3

func walkListDepth(b []byte, v int, rowKeys []string, rows func(b []byte, v int) (int, int, error), meta valueFuncKey, path string, depth int, kept *int) (found bool, end int, err error) {
	switch k := kindAt(b, v); k {
	case jsonNull:
		end, err := skip(b, v)
		return true, end, err
	case jsonArray:
		_, end, err := rows(b, v)
		return true, end, err
	case jsonObject:
	default:
		return false, -1, fmt.Errorf("%s is %s, want an object or an array", path, k)
	}
	end, err = members(b, v, func(key []byte, v int) (int, error) {
		if *kept > 0 || !slices.Contains(rowKeys, string(key)) {
			if meta != nil {
				return meta(key, b, v)
			}
			return skip(b, v)
		}
		switch k := kindAt(b, v); k {
		case jsonNull:
			found = true
			return skip(b, v)
		case jsonArray:
			found = true
			_, end, err := rows(b, v)
			return end, err
		case jsonObject:
			if depth+1 < maxListNesting {
				inner, end, err := walkListDepth(b, v, rowKeys, rows, meta, path+"."+string(key), depth+1, kept)
				found = found || inner
				return end, err
			}
			fallthrough
		default:
			return -1, fmt.Errorf("%s.%s is %s, want an array", path, key, k)
		}
	})
	return found, end, err
}

// valueFuncKey consumes the value of the member key starting at b[v].
type valueFuncKey func(key, b []byte, v int) (int, error)

// kindAt names the JSON type of the value starting at b[v].
func kindAt(b []byte, v int) jsonKind {
	if v < 0 || v >= len(b) {
		return jsonEmpty
	}
	return kindOf(b[v:])
}

// recordWire is one record as sent. The camelCase spellings are accepted
// because other SenseLink endpoints (persons) use them.
type recordWire struct {
	ID                    flexNum
	SignTime              flexNum
	SignTimeCamel         flexNum
	SignTimeZone          string
	SignTimeZoneCamel     string
	SignDate              string
	SignDateCamel         string
	UserID                flexNum
	UserIDCamel           flexNum
	UserName              string
	UserNameCamel         string
	UserType              flexNum
	UserTypeCamel         flexNum
	JobNumber             string
	JobNumberCamel        string
	DeviceLDID            string
	DeviceLDIDCamel       string
	DeviceName            string
	DeviceNameCamel       string
	Location              string
	BodyTemperature       flexNum
	BodyTemperatureCamel  flexNum
	AbnormalType          flexNum
	AbnormalTypeCamel     flexNum
	Mask                  flexNum
	Direction             flexNum
	EntryMode             flexNum
	EntryModeCamel        flexNum
	VerifyScore           flexNum
	VerifyScoreCamel      flexNum
	CapturePicture        string
	CapturePictureCamel   string
	CaptureBgPicture      string
	CaptureBgPictureCamel string
	GroupID               flexNum
	GroupIDCamel          flexNum
	GroupName             string
	GroupNameCamel        string
	Groups                []byte
}

// set stores one member of a record object. Unknown keys are ignored.
func (w *recordWire) set(key, b []byte, v int) (int, error) {
	val, end, err := valueAt(b, v)
	if err != nil {
		return -1, err
	}
	switch string(key) {
	case "id":
		w.ID = parseFlexNum(val)
	case "sign_time":
		w.SignTime = parseFlexNum(val)
	case "signTime":
		w.SignTimeCamel = parseFlexNum(val)
	case "sign_time_zone":
		w.SignTimeZone = flexString(val)
	case "signTimeZone":
		w.SignTimeZoneCamel = flexString(val)
	case "sign_date":
		w.SignDate = flexString(val)
	case "signDate":
		w.SignDateCamel = flexString(val)
	case "user_id":
		w.UserID = parseFlexNum(val)
	case "userId":
		w.UserIDCamel = parseFlexNum(val)
	case "user_name":
		w.UserName = flexString(val)
	case "userName":
		w.UserNameCamel = flexString(val)
	case "user_type":
		w.UserType = parseFlexNum(val)
	case "userType":
		w.UserTypeCamel = parseFlexNum(val)
	case "job_number":
		w.JobNumber = flexString(val)
	case "jobNumber":
		w.JobNumberCamel = flexString(val)
	case "device_ldid":
		w.DeviceLDID = flexString(val)
	case "deviceLdid":
		w.DeviceLDIDCamel = flexString(val)
	case "device_name":
		w.DeviceName = flexString(val)
	case "deviceName":
		w.DeviceNameCamel = flexString(val)
	case "location":
		w.Location = flexString(val)
	case "body_temperature":
		w.BodyTemperature = parseFlexNum(val)
	case "bodyTemperature":
		w.BodyTemperatureCamel = parseFlexNum(val)
	case "abnormal_type":
		w.AbnormalType = parseFlexNum(val)
	case "abnormalType":
		w.AbnormalTypeCamel = parseFlexNum(val)
	case "mask":
		w.Mask = parseFlexNum(val)
	case "direction":
		w.Direction = parseFlexNum(val)
	case "entry_mode":
		w.EntryMode = parseFlexNum(val)
	case "entryMode":
		w.EntryModeCamel = parseFlexNum(val)
	case "verify_score":
		w.VerifyScore = parseFlexNum(val)
	case "verifyScore":
		w.VerifyScoreCamel = parseFlexNum(val)
	case "capture_picture":
		w.CapturePicture = flexString(val)
	case "capturePicture":
		w.CapturePictureCamel = flexString(val)
	case "capture_bg_picture":
		w.CaptureBgPicture = flexString(val)
	case "captureBgPicture":
		w.CaptureBgPictureCamel = flexString(val)
	case "group_id":
		w.GroupID = parseFlexNum(val)
	case "groupId":
		w.GroupIDCamel = parseFlexNum(val)
	case "group_name":
		w.GroupName = flexString(val)
	case "groupName":
		w.GroupNameCamel = flexString(val)
	case "groups":
		w.Groups = nil
		if kindOf(val) != jsonNull {
			w.Groups = val
		}
	}
	return end, nil
}

// recordPointees holds the values a Record's pointer fields point to, so that
// a record costs one allocation for them instead of seven.
type recordPointees struct {
	jobNumber              string
	temperature, score     float64
	mask, direction, entry int
	groupID                int64
}

// record builds a Record from w. Only the id is required: it is how records
// are stored without duplicates, so a record without one cannot be kept.
func (w *recordWire) record(raw []byte, loc *time.Location) (Record, error) {
	id, err := requireID(w.ID)
	if err != nil {
		return Record{}, err
	}
	r := Record{
		ID:               id,
		SignTime:         signTime(firstNum(w.SignTime, w.SignTimeCamel), loc),
		SignTimeZone:     firstString(w.SignTimeZone, w.SignTimeZoneCamel),
		SignDate:         firstString(w.SignDate, w.SignDateCamel),
		UserName:         firstString(w.UserName, w.UserNameCamel),
		UserType:         firstNum(w.UserType, w.UserTypeCamel).intOr(0),
		DeviceLDID:       firstString(w.DeviceLDID, w.DeviceLDIDCamel),
		DeviceName:       firstString(w.DeviceName, w.DeviceNameCamel),
		Location:         w.Location,
		AbnormalType:     firstNum(w.AbnormalType, w.AbnormalTypeCamel).intOr(0),
		CapturePicture:   firstString(w.CapturePicture, w.CapturePictureCamel),
		CaptureBgPicture: firstString(w.CaptureBgPicture, w.CaptureBgPictureCamel),
		GroupName:        firstString(w.GroupName, w.GroupNameCamel),
		Raw:              raw,
	}
	if uid, ok := firstNum(w.UserID, w.UserIDCamel).int64(); ok {
		r.UserID = uid
	}
	if len(w.Groups) > 0 {
		r.Groups = json.RawMessage(w.Groups)
	}

	p := new(recordPointees)
	if s := firstString(w.JobNumber, w.JobNumberCamel); s != "" {
		p.jobNumber, r.JobNumber = s, &p.jobNumber
	}
	if v, ok := firstNum(w.BodyTemperature, w.BodyTemperatureCamel).float64(); ok {
		p.temperature, r.BodyTemperature = v, &p.temperature
	}
	if v, ok := firstNum(w.VerifyScore, w.VerifyScoreCamel).float64(); ok {
		p.score, r.VerifyScore = v, &p.score
	}
	if v, ok := w.Mask.int64(); ok {
		p.mask, r.Mask = int(v), &p.mask
	}
	if v, ok := w.Direction.int64(); ok {
		p.direction, r.Direction = int(v), &p.direction
	}
	if v, ok := firstNum(w.EntryMode, w.EntryModeCamel).int64(); ok {
		p.entry, r.EntryMode = int(v), &p.entry
	}
	if v, ok := firstNum(w.GroupID, w.GroupIDCamel).int64(); ok {
		p.groupID, r.GroupID = v, &p.groupID
	}
	return r, nil
}

// requireID returns a positive integral id or says what is wrong with it.
func requireID(n flexNum) (int64, error) {
	switch n.state {
	case numAbsent:
		return 0, errors.New(`field "id" is missing`)
	case numNull:
		return 0, errors.New(`field "id" is null or empty`)
	case numInt:
		if n.i > 0 {
			return n.i, nil
		}
	}
	return 0, fmt.Errorf(`field "id" is %s, not a positive integer`, describeNum(n))
}

// signTime reads a recognition time: Unix seconds as documented, Unix
// milliseconds when the value is too large to be seconds (some servers send
// them), or a "YYYY-MM-DD HH:MM:SS" / RFC 3339 string read in loc. A missing
// or unreadable time is the zero Time; the record keeps its Raw.
func signTime(n flexNum, loc *time.Location) time.Time {
	switch n.state {
	case numInt:
		if n.i <= 0 {
			return time.Time{}
		}
		if n.i > 1e12 {
			return time.UnixMilli(n.i).In(loc)
		}
		return time.Unix(n.i, 0).In(loc)
	case numFloat:
		if n.f <= 0 || n.f > 1e17 {
			return time.Time{}
		}
		if n.f > 1e12 {
			return time.UnixMilli(int64(n.f)).In(loc)
		}
		sec := math.Floor(n.f)
		return time.Unix(int64(sec), int64((n.f-sec)*1e9)).In(loc)
	case numInvalid:
		if t, err := time.ParseInLocation(time.DateTime, n.text, loc); err == nil {
			return t
		}
		if t, err := time.Parse(time.RFC3339Nano, n.text); err == nil {
			return t.In(loc)
		}
	}
	return time.Time{}
}

// recordRowKeys are the keys public servers and clients put record rows under.
var recordRowKeys = []string{"list", "data", "record_list", "records"}

// decodeRecordPage decodes a record list response. Record.Raw and
// Record.Groups are sub-slices of body. When the envelope's code is not 200
// the page is empty and the caller classifies the envelope.
func decodeRecordPage(body []byte, loc *time.Location) (envelope, RecordPage, error) {
	var page RecordPage
	env, err := decodeEnvelope(body, func(b []byte, v int) (int, error) {
		page = RecordPage{Total: -1}
		rows := func(b []byte, v int) (int, int, error) {
			if page.Records == nil {
				page.Records = make([]Record, 0, MaxPageSize)
			}
			kept := page.Rows()
			end, err := elements(b, v, func(n, v int) (int, error) {
				r, end, err := decodeRecord(b, v, loc)
				if err != nil {
					// The row is valid JSON (the body was checked), so
					// it can be kept as sent and the page goes on.
					end = valueEnd(b, v)
					if end < 0 {
						return -1, fmt.Errorf("row %d: %w", n, errMalformed)
					}
					page.Bad = append(page.Bad, BadRow{Raw: json.RawMessage(b[v:end]), Reason: fmt.Sprintf("row %d: %v", n, err)})
					return end, nil
				}
				page.Records = append(page.Records, r)
				return end, nil
			})
			return page.Rows() - kept, end, err
		}
		var total flexNum
		paged := false
		meta := func(key, b []byte, v int) (int, error) {
			switch string(key) {
			case "page_num", "page_size", "pageNum", "pageSize", "total_page", "totalPage":
				paged = true
				return skip(b, v)
			case "total":
			default:
				return skip(b, v)
			}
			val, end, err := valueAt(b, v)
			total = parseFlexNum(val)
			return end, err
		}
		found, end, err := walkList(b, v, recordRowKeys, rows, meta)
		if err != nil {
			return -1, fmt.Errorf("record list: %w", err)
		}
		if t, ok := total.int64(); ok && t >= 0 && t <= math.MaxInt32 {
			page.Total = int(t)
		}
		// An object that names no rows is only believable when it says
		// there are none, or is visibly a page (v5 leaves the list out of
		// an empty one): otherwise records would be skipped silently.
		if !found && page.Total != 0 && !(paged && page.Total < 0) {
			return -1, fmt.Errorf("record list: data has no rows (looked for %s)", strings.Join(recordRowKeys, ", "))
		}
		return end, nil
	})
	if err != nil || env.Code != codeOK {
		return env, RecordPage{Total: -1}, err
	}
	return env, page, nil
}

// decodeRecord decodes the record object starting at b[v] and returns the
// index just past it; the record's Raw is exactly those bytes.
func decodeRecord(b []byte, v int, loc *time.Location) (Record, int, error) {
	if k := kindAt(b, v); k != jsonObject {
		return Record{}, -1, fmt.Errorf("is %s, want an object", k)
	}
	var w recordWire
	end, err := members(b, v, func(key []byte, v int) (int, error) {
		return w.set(key, b, v)
	})
	if err != nil {
		return Record{}, -1, err
	}
	r, err := w.record(b[v:end], loc)
	return r, end, err
}

var listRowKeys = []string{"list", "data", "records", "rows"}

// decodeEmployees decodes a person list response.
func decodeEmployees(body []byte) (envelope, []Employee, error) {
	var out []Employee
	env, err := decodeEnvelope(body, func(b []byte, v int) (int, error) {
		out = nil
		rows := func(b []byte, v int) (int, int, error) {
			kept := len(out)
			end, err := elements(b, v, func(n, v int) (int, error) {
				end := valueEnd(b, v)
				if end < 0 {
					return -1, errMalformed
				}
				e, err := decodeEmployee(b[v:end])
				if err != nil {
					return -1, fmt.Errorf("row %d: %w", n, err)
				}
				out = append(out, e)
				return end, nil
			})
			return len(out) - kept, end, err
		}
		_, end, err := walkList(b, v, listRowKeys, rows, nil)
		if err != nil {
			return -1, fmt.Errorf("person list: %w", err)
		}
		return end, nil
	})
	if err != nil || env.Code != codeOK {
		return env, nil, err
	}
	return env, out, nil
}

// decodeEmployee decodes one person of /api/v1/user/list. The employee
// number is documented as jobNumber and accepted as job_number.
func decodeEmployee(obj []byte) (Employee, error) {
	if k := kindOf(obj); k != jsonObject {
		return Employee{}, fmt.Errorf("is %s, want an object", k)
	}
	var (
		id                                    flexNum
		name, jobCamel, jobSnake, ic, icCamel string
		mobile                                string
		groups                                []byte
	)
	err := eachMember(obj, func(key, val []byte) {
		switch string(key) {
		case "id":
			id = parseFlexNum(val)
		case "name":
			name = flexString(val)
		case "jobNumber":
			jobCamel = flexString(val)
		case "job_number":
			jobSnake = flexString(val)
		case "ic_number":
			ic = flexString(val)
		case "icNumber":
			icCamel = flexString(val)
		case "mobile":
			mobile = flexString(val)
		case "groupList", "group_list", "groups":
			if groups == nil || kindOf(groups) != jsonArray {
				groups = val
			}
		}
	})
	if err != nil {
		return Employee{}, err
	}
	n, err := requireID(id)
	if err != nil {
		return Employee{}, err
	}
	return Employee{
		ID:        n,
		Name:      name,
		JobNumber: firstString(jobCamel, jobSnake),
		ICNumber:  firstString(ic, icCamel),
		Mobile:    mobile,
		Groups:    groupNames(groups),
		Raw:       json.RawMessage(obj),
	}, nil
}

// groupNames reads a person's groups, sent as names or as group objects. The
// shape is not documented; anything unreadable gives no groups rather than
// losing the person.
func groupNames(arr []byte) []string {
	if kindOf(arr) != jsonArray {
		return nil
	}
	var names []string
	_ = eachElement(arr, func(val []byte) {
		var s string
		if kindOf(val) == jsonObject {
			var name, groupName, snake string
			_ = eachMember(val, func(key, v []byte) {
				switch string(key) {
				case "name":
					name = flexString(v)
				case "groupName":
					groupName = flexString(v)
				case "group_name":
					snake = flexString(v)
				}
			})
			s = firstString(name, groupName, snake)
		} else {
			s = flexString(val)
		}
		if s != "" {
			names = append(names, s)
		}
	})
	return names
}

// deviceWire is a device's own fields, either flat in a list item or under
// its "device" key.
type deviceWire struct {
	ID                                 flexNum
	Name, DeviceName, LDID, DeviceLDID string
	Location                           string
	TypeID, TypeIDCamel                flexNum
	TypeName, TypeNameCamel            string
	Device, DeviceType                 []byte // nested objects of the {device, device_type} shape
}

func (d *deviceWire) set(key, val []byte) {
	switch string(key) {
	case "id":
		d.ID = parseFlexNum(val)
	case "name":
		d.Name = flexString(val)
	case "device_name":
		d.DeviceName = flexString(val)
	case "ldid":
		d.LDID = flexString(val)
	case "device_ldid":
		d.DeviceLDID = flexString(val)
	case "location":
		d.Location = flexString(val)
	case "type_id":
		d.TypeID = parseFlexNum(val)
	case "typeId":
		d.TypeIDCamel = parseFlexNum(val)
	case "type_name":
		d.TypeName = flexString(val)
	case "typeName":
		d.TypeNameCamel = flexString(val)
	case "device":
		d.Device = val
	case "device_type", "deviceType":
		d.DeviceType = val
	}
}

// terminalPage is one page of the device list.
type terminalPage struct {
	Terminals []Terminal
	Total     int // -1 when not sent
	TotalPage int // -1 when not sent
}

// decodeTerminalPage decodes a device list response.
func decodeTerminalPage(body []byte) (envelope, terminalPage, error) {
	var page terminalPage
	env, err := decodeEnvelope(body, func(b []byte, v int) (int, error) {
		page = terminalPage{Total: -1, TotalPage: -1}
		rows := func(b []byte, v int) (int, int, error) {
			kept := len(page.Terminals)
			end, err := elements(b, v, func(n, v int) (int, error) {
				end := valueEnd(b, v)
				if end < 0 {
					return -1, errMalformed
				}
				t, err := decodeTerminal(b[v:end])
				if err != nil {
					return -1, fmt.Errorf("row %d: %w", n, err)
				}
				page.Terminals = append(page.Terminals, t)
				return end, nil
			})
			return len(page.Terminals) - kept, end, err
		}
		var total, totalPage flexNum
		meta := func(key, b []byte, v int) (int, error) {
			val, end, err := valueAt(b, v)
			switch string(key) {
			case "total":
				total = parseFlexNum(val)
			case "totalPage", "total_page":
				totalPage = parseFlexNum(val)
			}
			return end, err
		}
		_, end, err := walkList(b, v, listRowKeys, rows, meta)
		if err != nil {
			return -1, fmt.Errorf("device list: %w", err)
		}
		if t, ok := total.int64(); ok && t >= 0 && t <= math.MaxInt32 {
			page.Total = int(t)
		}
		if t, ok := totalPage.int64(); ok && t >= 0 && t <= math.MaxInt32 {
			page.TotalPage = int(t)
		}
		return end, nil
	})
	if err != nil || env.Code != codeOK {
		return env, terminalPage{Total: -1, TotalPage: -1}, err
	}
	return env, page, nil
}

// decodeTerminal decodes either item shape: {device, device_type} or a flat
// device object. The device's own type fields come before device_type's.
func decodeTerminal(obj []byte) (Terminal, error) {
	if k := kindOf(obj); k != jsonObject {
		return Terminal{}, fmt.Errorf("is %s, want an object", k)
	}
	var item deviceWire
	set := func(w *deviceWire) func(key, val []byte) {
		return func(key, val []byte) { w.set(key, val) }
	}
	if err := eachMember(obj, set(&item)); err != nil {
		return Terminal{}, err
	}
	d, where := item, ""
	if kindOf(item.Device) == jsonObject {
		d, where = deviceWire{}, "device: "
		if err := eachMember(item.Device, set(&d)); err != nil {
			return Terminal{}, fmt.Errorf("device: %w", err)
		}
	}
	var typ deviceWire
	if kindOf(item.DeviceType) == jsonObject {
		_ = eachMember(item.DeviceType, set(&typ)) // optional details
	}
	id, err := requireID(d.ID)
	if err != nil {
		return Terminal{}, fmt.Errorf("%s%w", where, err)
	}
	return Terminal{
		ID:       id,
		Name:     firstString(d.Name, d.DeviceName),
		LDID:     firstString(d.LDID, d.DeviceLDID),
		Location: d.Location,
		TypeID:   firstNum(d.TypeID, d.TypeIDCamel, typ.ID).intOr(0),
		TypeName: firstString(d.TypeName, d.TypeNameCamel, typ.Name, typ.TypeName),
		Raw:      json.RawMessage(obj),
	}, nil
}

// decodeVersion decodes a server version response: data {"version": "..."}
// or the version string itself. A server that answers 200 without saying its
// version still proved the key works, so that is "" without an error.
func decodeVersion(body []byte) (envelope, string, error) {
	var version string
	env, err := decodeEnvelope(body, func(b []byte, v int) (int, error) {
		data, end, err := valueAt(b, v)
		if err != nil {
			return -1, err
		}
		if kindOf(data) != jsonObject {
			version = flexString(data)
			return end, nil
		}
		var ver, snake, camel string
		err = eachMember(data, func(key, val []byte) {
			switch string(key) {
			case "version":
				ver = flexString(val)
			case "server_version":
				snake = flexString(val)
			case "serverVersion":
				camel = flexString(val)
			}
		})
		version = firstString(ver, snake, camel)
		return end, err
	})
	return env, version, err
}
