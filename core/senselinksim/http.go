package senselinksim

import (
	"crypto/md5"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Envelope codes the stand-in answers with (HTTP 200 unless said otherwise).
const (
	CodeOK               = 200
	CodeParamInvalid     = 30001
	CodeAppKeyNotExist   = 30002
	CodeSignInvalid      = 30003
	CodeTimestampExpired = 30004
	CodeNoPermission     = 30005
	CodeInternal         = 50000
	CodeNotFound         = 404
)

// MaxPageSize is the largest page the record list serves; larger requests
// are capped, as the real API does.
const MaxPageSize = 100

const dateTimeLayout = "2006-01-02 15:04:05"

type handlerFunc func(s *Server, q url.Values) (status int, body []byte)

var routes = map[string]handlerFunc{
	"/api/v3/server/version": (*Server).serveVersion,
	"/api/v1/server/version": (*Server).serveVersion,
	"/api/v3/record/list":    (*Server).serveRecordList,
	"/api/v5/record/list":    (*Server).serveRecordList,
	"/api/v1/user/list":      (*Server).serveUserList,
	"/api/v1/device":         (*Server).serveDeviceList,
}

type faultKind int

const (
	faultNone faultKind = iota
	faultServerError
	faultReset
	faultSlow
	faultMalformed
)

// faultDecision is everything random about one request's fault, drawn at once
// under the lock so that a seed replays the same sequence.
type faultDecision struct {
	kind    faultKind
	status  int           // for faultServerError
	delay   time.Duration // for faultSlow
	variant int           // for faultMalformed
	cut     float64       // for faultMalformed: where the body is truncated
}

func (s *Server) drawFault() faultDecision {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	f := s.faults
	if f.ServerError+f.Reset+f.Slow+f.Malformed <= 0 {
		return faultDecision{}
	}
	u := s.faultRNG.Float64()
	d := faultDecision{}
	switch {
	case u < f.ServerError:
		d.kind = faultServerError
		d.status = [...]int{http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable}[s.faultRNG.IntN(3)]
	case u < f.ServerError+f.Reset:
		d.kind = faultReset
	case u < f.ServerError+f.Reset+f.Slow:
		d.kind = faultSlow
		d.delay = f.SlowDelay
	case u < f.ServerError+f.Reset+f.Slow+f.Malformed:
		d.kind = faultMalformed
		d.variant = s.faultRNG.IntN(2)
		d.cut = 0.2 + 0.6*s.faultRNG.Float64()
	}
	return d
}

// ServeHTTP answers the SenseLink Open Platform endpoints.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	fault := s.drawFault()
	switch fault.kind {
	case faultReset:
		resetConnection(w)
		return
	case faultSlow:
		t := time.NewTimer(fault.delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}

	now := s.now()
	h := w.Header()
	h.Set("Date", now.UTC().Format(http.TimeFormat))

	if fault.kind == faultServerError {
		writeServerError(w, fault.status)
		return
	}

	status, body := s.handle(w, r, now)
	if fault.kind == faultMalformed {
		status, body = malform(h, body, fault)
	} else if h.Get("Content-Type") == "" {
		h.Set("Content-Type", "application/json;charset=UTF-8")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body) // a client that went away is not the server's problem
}

func (s *Server) handle(w http.ResponseWriter, r *http.Request, now time.Time) (int, []byte) {
	path := r.URL.Path
	route, get := routes[path]
	post := path == "/api/v1/user" || path == "/api/v2/user"
	image := strings.HasPrefix(path, imagePath)
	switch {
	case !get && !post && !image:
		return http.StatusNotFound, envelope(CodeNotFound, "Not Found: "+path, nil)
	case post && r.Method != http.MethodPost, !post && r.Method != http.MethodGet:
		return http.StatusMethodNotAllowed, envelope(http.StatusMethodNotAllowed, "Method Not Allowed", nil)
	}
	q := r.URL.Query()
	auth := path
	if image {
		auth = imagePath
	}
	if code, msg := s.authorize(auth, q, now); code != CodeOK {
		return http.StatusOK, envelope(code, msg, nil)
	}
	switch {
	case post:
		return s.serveCreateUser(w, r)
	case image:
		return s.serveImage(w, strings.TrimPrefix(path, imagePath))
	}
	return route(s, q)
}

// authorize checks the signed query string: sign = hex MD5(timestamp + "#" + secret).
func (s *Server) authorize(path string, q url.Values, now time.Time) (int, string) {
	for _, name := range []string{"app_key", "timestamp", "sign"} {
		if q.Get(name) == "" {
			return CodeParamInvalid, "Param Invalid: " + name + " is required"
		}
	}
	ts, err := strconv.ParseInt(q.Get("timestamp"), 10, 64)
	if err != nil {
		return CodeParamInvalid, "Param Invalid: timestamp must be Unix milliseconds"
	}
	if s.appKey == "" || subtle.ConstantTimeCompare([]byte(q.Get("app_key")), []byte(s.appKey)) != 1 {
		return CodeAppKeyNotExist, "AppKey not exist"
	}
	sum := md5.Sum([]byte(q.Get("timestamp") + "#" + s.secret))
	want := hex.EncodeToString(sum[:])
	if subtle.ConstantTimeCompare([]byte(q.Get("sign")), []byte(want)) != 1 {
		return CodeSignInvalid, "Sign Invalid"
	}
	skew := now.UnixMilli() - ts
	if skew < 0 {
		skew = -skew
	}
	if skew > s.maxSkew.Milliseconds() {
		return CodeTimestampExpired, "Timestamp expired"
	}
	s.mu.RLock()
	denied := s.denied[path]
	s.mu.RUnlock()
	if denied {
		return CodeNoPermission, "No permission for this API"
	}
	return CodeOK, ""
}

func paramInvalid(format string, args ...any) (int, []byte) {
	return http.StatusOK, envelope(CodeParamInvalid, "Param Invalid: "+fmt.Sprintf(format, args...), nil)
}

func answerOK(data []byte) (int, []byte) {
	return http.StatusOK, envelope(CodeOK, "OK", data)
}

func (s *Server) serveVersion(url.Values) (int, []byte) {
	b := append([]byte(`{"version":`), appendString(nil, s.version)...)
	return answerOK(append(b, '}'))
}

// intParam reads an optional integer parameter of at least min.
func intParam(q url.Values, name string, def, min int) (int, error) {
	v := q.Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min {
		return 0, fmt.Errorf("%s must be an integer of at least %d, got %q", name, min, v)
	}
	return n, nil
}

// pageParams reads page (defaultPage when absent) and size (20 when absent,
// capped at MaxPageSize as the real API does).
func pageParams(q url.Values, defaultPage int) (page, size int, err error) {
	if page, err = intParam(q, "page", defaultPage, 1); err != nil {
		return 0, 0, err
	}
	if size, err = intParam(q, "size", 20, 1); err != nil {
		return 0, 0, err
	}
	return page, min(size, MaxPageSize), nil
}

func (s *Server) timeParam(q url.Values, name string) (time.Time, error) {
	v := q.Get(name)
	if v == "" {
		return time.Time{}, fmt.Errorf("%s is required", name)
	}
	t, err := time.ParseInLocation(dateTimeLayout, v, s.loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s must be YYYY-MM-DD HH:MM:SS, got %q", name, v)
	}
	return t, nil
}

// serveRecordList serves one page of the records in [date_time_from,
// date_time_to], both inclusive at second precision, selected by receive
// time or (WindowBySign) by recognition time, and from start_record_id to
// end_record_id unless the server ignores them. Records are kept in id
// order, which is receive order, so a receive window is two binary searches.
func (s *Server) serveRecordList(q url.Values) (int, []byte) {
	from, err := s.timeParam(q, "date_time_from")
	if err != nil {
		return paramInvalid("%v", err)
	}
	to, err := s.timeParam(q, "date_time_to")
	if err != nil {
		return paramInvalid("%v", err)
	}
	if to.Before(from) {
		return paramInvalid("date_time_to is before date_time_from")
	}
	order, err := intParam(q, "order", 0, 0)
	if err != nil || order > 1 {
		return paramInvalid("order must be 0 or 1, got %q", q.Get("order"))
	}
	page, size, err := pageParams(q, 1)
	if err != nil {
		return paramInvalid("%v", err)
	}
	startID, err := intParam(q, "start_record_id", 0, 0)
	if err != nil {
		return paramInvalid("%v", err)
	}
	endID, err := intParam(q, "end_record_id", 0, 0)
	if err != nil {
		return paramInvalid("%v", err)
	}
	if s.ignoreStartID {
		startID, endID = 0, 0
	}
	fromSec, toSec := from.Unix(), to.Unix()

	if s.flood {
		s.floodPage(2 * size) // more than a page: the list never ends
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	recs := s.recs
	// [lo, hi) bounds the candidates in id order; sel, when not nil, is the
	// chosen subset of them (a recognition-time window is not contiguous).
	lo, hi := 0, len(recs)
	if startID > 0 {
		lo = sort.Search(len(recs), func(i int) bool { return recs[i].rec.ID >= int64(startID) })
	}
	if endID > 0 {
		hi = sort.Search(len(recs), func(i int) bool { return recs[i].rec.ID > int64(endID) })
	}
	var sel []int
	if s.windowBySign {
		sel = []int{}
		for i := lo; i < hi; i++ {
			if sec := recs[i].rec.SignTime.Unix(); sec >= fromSec && sec <= toSec {
				sel = append(sel, i)
			}
		}
	} else {
		lo = max(lo, sort.Search(len(recs), func(i int) bool { return recs[i].recvSec >= fromSec }))
		hi = min(hi, sort.Search(len(recs), func(i int) bool { return recs[i].recvSec > toSec }))
		hi = max(hi, lo)
	}
	total := hi - lo
	if sel != nil {
		total = len(sel)
	}
	totalPage := (total + size - 1) / size
	at := func(k int) *stored { // the k-th selected record in id order
		if sel != nil {
			return &recs[sel[k]]
		}
		return &recs[lo+k]
	}

	var rows []*stored
	if page <= totalPage {
		skip := (page - 1) * size
		n := min(size, total-skip)
		rows = make([]*stored, n)
		for i := range n {
			if order == 1 {
				rows[i] = at(skip + i)
			} else {
				rows[i] = at(total - 1 - skip - i)
			}
		}
	}
	return http.StatusOK, s.recordPageJSON(rows, page, size, total, totalPage)
}

// recordPageJSON writes the envelope around a page in the server's row
// shape, copying each record's JSON once.
func (s *Server) recordPageJSON(rows []*stored, page, size, total, totalPage int) []byte {
	length := 200
	for _, r := range rows {
		length += len(r.json) + 1
	}
	b := make([]byte, 0, length)
	b = append(b, `{"code":200,"message":"OK","data":{`...)
	paging := func(b []byte, totals bool) []byte {
		b = append(b, `"page_num":`...)
		b = strconv.AppendInt(b, int64(page), 10)
		b = append(b, `,"page_size":`...)
		b = strconv.AppendInt(b, int64(size), 10)
		if totals {
			b = append(b, `,"total":`...)
			b = strconv.AppendInt(b, int64(total), 10)
			b = append(b, `,"total_page":`...)
			b = strconv.AppendInt(b, int64(totalPage), 10)
		}
		return b
	}
	list := func(b []byte, key string) []byte {
		b = append(b, `,"`...)
		b = append(b, key...)
		b = append(b, `":[`...)
		for i, r := range rows {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, r.json...)
		}
		if s.badRows && len(rows) > 0 {
			b = append(b, `,{"id":"broken-`...)
			b = strconv.AppendInt(b, rows[0].rec.ID, 10)
			b = append(b, `","sign_time":`...)
			b = strconv.AppendInt(b, rows[0].rec.SignTime.Unix(), 10)
			b = append(b, '}')
		}
		return append(b, ']')
	}
	switch s.rowShape {
	case RowShapeDataData:
		b = list(paging(b, true), "data")
	case RowShapeNested:
		b = append(b, `"data":{`...)
		b = list(paging(b, true), "record_list")
		b = append(b, '}')
	case RowShapeV5:
		b = paging(b, false)
		if len(rows) > 0 {
			b = list(b, "list")
		}
	default:
		b = list(paging(b, true), "list")
	}
	return append(b, "}}"...)
}

// serveUserList serves the roster; type=1 is employees (everyone here),
// jobNumber filters by employee number, and page/size page it as JCV's
// changelog says (without page, the whole roster in one answer, as before).
func (s *Server) serveUserList(q url.Values) (int, []byte) {
	typ, err := intParam(q, "type", 1, 0)
	if err != nil {
		return paramInvalid("%v", err)
	}
	page, size, err := pageParams(q, 0)
	if err != nil {
		return paramInvalid("%v", err)
	}
	jobNumber := q.Get("jobNumber")

	s.mu.RLock()
	defer s.mu.RUnlock()
	var chosen []*Person
	for i := range s.people {
		p := &s.people[i]
		if typ == 1 && (jobNumber == "" || p.JobNumber == jobNumber) {
			chosen = append(chosen, p)
		}
	}
	if page > 0 {
		skip := min((page-1)*size, len(chosen))
		chosen = chosen[skip:min(skip+size, len(chosen))]
	}
	b := []byte{'['}
	for i, p := range chosen {
		if i > 0 {
			b = append(b, ',')
		}
		b = s.appendPersonJSON(b, p)
	}
	return answerOK(append(b, ']'))
}

func (s *Server) appendPersonJSON(b []byte, p *Person) []byte {
	b = append(b, `{"id":`...)
	b = strconv.AppendInt(b, p.ID, 10)
	b = append(b, `,"name":`...)
	b = appendString(b, p.Name)
	b = append(b, `,"avatar":`...)
	b = appendString(b, p.Avatar)
	b = append(b, `,"ic_number":`...)
	b = appendString(b, p.ICNumber)
	b = append(b, `,"mobile":"","update_at":`...)
	b = strconv.AppendInt(b, s.peopleUpdated, 10)
	b = append(b, `,"groupList":[`...)
	for i, g := range p.Groups {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":`...)
		b = strconv.AppendInt(b, s.groups[g], 10)
		b = append(b, `,"name":`...)
		b = appendString(b, g)
		b = append(b, '}')
	}
	b = append(b, `],"jobNumber":`...)
	b = appendString(b, p.JobNumber)
	return append(b, '}')
}

// TypeName is SenseLink's name for a terminal type id.
func TypeName(typeID int) string {
	switch typeID {
	case 19:
		return "SenseThunder-Mini"
	case 20:
		return "SenseThunder-E"
	}
	return ""
}

func (s *Server) serveDeviceList(q url.Values) (int, []byte) {
	page, size, err := pageParams(q, 1)
	if err != nil {
		return paramInvalid("%v", err)
	}

	s.mu.RLock()
	defer s.mu.RUnlock()
	total := len(s.devices)
	totalPage := (total + size - 1) / size
	var rows []Device
	if page <= totalPage {
		skip := (page - 1) * size
		rows = s.devices[skip:min(skip+size, total)]
	}
	b := []byte(`{"total":`)
	b = strconv.AppendInt(b, int64(total), 10)
	b = append(b, `,"pageNum":`...)
	b = strconv.AppendInt(b, int64(page), 10)
	b = append(b, `,"size":`...)
	b = strconv.AppendInt(b, int64(size), 10)
	b = append(b, `,"totalPage":`...)
	b = strconv.AppendInt(b, int64(totalPage), 10)
	b = append(b, `,"data":[`...)
	for i, d := range rows {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"device":{"id":`...)
		b = strconv.AppendInt(b, d.ID, 10)
		b = append(b, `,"name":`...)
		b = appendString(b, d.Name)
		b = append(b, `,"ldid":`...)
		b = appendString(b, d.LDID)
		b = append(b, `,"location":`...)
		b = appendString(b, d.Location)
		b = append(b, `,"direction":`...)
		b = strconv.AppendInt(b, int64(d.Direction), 10)
		b = append(b, `,"type_id":`...)
		b = strconv.AppendInt(b, int64(d.TypeID), 10)
		b = append(b, `,"type_name":`...)
		b = appendString(b, TypeName(d.TypeID))
		b = append(b, `},"device_type":{"id":`...)
		b = strconv.AppendInt(b, int64(d.TypeID), 10)
		b = append(b, `,"name":`...)
		b = appendString(b, TypeName(d.TypeID))
		b = append(b, "}}"...)
	}
	return answerOK(append(b, "]}"...))
}

// resetConnection drops the connection without a response. SO_LINGER 0 makes
// the close send a TCP RST, which is what a crashed proxy looks like.
func resetConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // HTTP/2: abort the stream instead
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0) // best effort: a plain close is still a dropped response
	}
	_ = conn.Close()
}

func writeServerError(w http.ResponseWriter, status int) {
	var body, contentType string
	switch status {
	case http.StatusInternalServerError:
		contentType = "application/json;charset=UTF-8"
		body = string(envelope(CodeInternal, "Internal Server Error", nil))
	default:
		// What a reverse proxy in front of the API sends when it gives up.
		contentType = "text/html"
		text := fmt.Sprintf("%d %s", status, http.StatusText(status))
		body = "<html><head><title>" + text + "</title></head><body><center><h1>" + text + "</h1></center></body></html>\n"
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// malform turns a good answer into an HTTP 200 that is not valid JSON: either
// the body cut short, or an HTML page where JSON was expected (a captive
// portal or a misrouted proxy).
func malform(h http.Header, body []byte, d faultDecision) (int, []byte) {
	if d.variant == 0 && len(body) > 2 {
		// A proper prefix of a JSON object that ends in '}' is never valid.
		cut := max(1, min(len(body)-1, int(float64(len(body))*d.cut)))
		h.Set("Content-Type", "application/json;charset=UTF-8")
		return http.StatusOK, body[:cut]
	}
	h.Set("Content-Type", "text/html;charset=UTF-8")
	return http.StatusOK, []byte("<!DOCTYPE html><html><body><p>メンテナンス中です。しばらくお待ちください。</p></body></html>\n")
}
