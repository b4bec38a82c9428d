package senselink

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	// The account time zone must load on Windows PCs, which have no zoneinfo.
	_ "time/tzdata"
)

const (
	// DefaultTimeout bounds one request, from dialling to the last body byte.
	DefaultTimeout = 20 * time.Second

	// maxBodyBytes bounds one response in memory. A full record page is
	// about 60 KB; anything near this limit is not a SenseLink answer.
	maxBodyBytes = 32 << 20

	// skewThreshold is how far the server's Date may be from this PC's clock
	// before a rejected signature is blamed on the clock. The server rejects
	// timestamps more than 30 minutes off; the margin absorbs Date's
	// one-second precision and the time the answer took.
	skewThreshold = 25 * time.Minute

	userAgent = "PunchDesk-senselink/1"
)

// API paths, also used as Error.Op.
const (
	opVersionV3 = "/api/v3/server/version"
	opVersionV1 = "/api/v1/server/version"
	opRecords   = "/api/v3/record/list"
	opEmployees = "/api/v1/user/list"
	opDevices   = "/api/v1/device"
	opCreateV1  = "/api/v1/user"
	opCreateV2  = "/api/v2/user"
	opFaceImage = "/v1/image/1/"
)

// Config says which SenseLink server to call and with which key.
type Config struct {
	// BaseURL is the server root, e.g. "https://link.japancv.co.jp". A path
	// (an on-premises server behind a reverse proxy) is kept as a prefix.
	BaseURL   string
	AppKey    string
	AppSecret string // used only to sign; never printed, see Format

	// HTTPClient is used for every call; nil means a client with dial and
	// TLS handshake timeouts that honours proxy environment variables.
	// Redirects are not followed unless the client sets CheckRedirect,
	// because following one would send the signed query to another address.
	HTTPClient *http.Client

	// Location is the account's time zone, in which record query times are
	// sent; nil means Asia/Tokyo (SenseLink Cloud Japan).
	Location *time.Location

	// Now is the clock that signs requests; nil means time.Now.
	Now func() time.Time

	// Timeout bounds each request; 0 means DefaultTimeout.
	Timeout time.Duration
}

// Format prints the configuration with the AppSecret redacted, whatever the
// verb, so that logging a Config cannot leak it.
func (c Config) Format(f fmt.State, verb rune) {
	secret := ""
	if c.AppSecret != "" {
		secret = "[redacted]"
	}
	fmt.Fprintf(f, "senselink.Config{BaseURL:%q, AppKey:%q, AppSecret:%s, Timeout:%s}",
		c.BaseURL, c.AppKey, secret, c.Timeout)
}

// Client calls the SenseLink Open Platform API. It is safe for concurrent
// use. Every method returns *Error on failure.
type Client struct {
	base    *url.URL
	appKey  string
	secret  func() string // a func, because fmt prints a func's address, never its value
	hc      *http.Client
	loc     *time.Location
	now     func() time.Time
	timeout time.Duration
}

// Format prints the client without its secret, whatever the verb.
func (c Client) Format(f fmt.State, verb rune) {
	base := ""
	if c.base != nil {
		base = c.base.String()
	}
	fmt.Fprintf(f, "senselink.Client{BaseURL:%q, AppKey:%q, AppSecret:[redacted]}", base, c.appKey)
}

// New checks cfg and returns a client for it.
func New(cfg Config) (*Client, error) {
	base, err := parseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(cfg.AppKey) == "" {
		return nil, errors.New("senselink: AppKey is empty")
	}
	if cfg.AppSecret == "" {
		return nil, errors.New("senselink: AppSecret is empty")
	}
	if cfg.Timeout < 0 {
		return nil, fmt.Errorf("senselink: negative timeout %s", cfg.Timeout)
	}
	appSecret := cfg.AppSecret
	c := &Client{
		base:    base,
		appKey:  strings.TrimSpace(cfg.AppKey),
		secret:  func() string { return appSecret },
		loc:     cfg.Location,
		now:     cfg.Now,
		timeout: cfg.Timeout,
	}
	if c.loc == nil {
		c.loc = tokyo()
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.timeout == 0 {
		c.timeout = DefaultTimeout
	}
	if cfg.HTTPClient != nil {
		hc := *cfg.HTTPClient
		if hc.CheckRedirect == nil {
			hc.CheckRedirect = noRedirect
		}
		c.hc = &hc
	} else {
		c.hc = defaultHTTPClient()
	}
	return c, nil
}

func parseBaseURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, errors.New("senselink: server URL is empty")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("senselink: server URL: %w", err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("senselink: server URL %q must start with https:// or http://", raw)
	case u.Host == "" || u.Hostname() == "":
		return nil, fmt.Errorf("senselink: server URL %q has no host", raw)
	case u.User != nil:
		return nil, errors.New("senselink: server URL must not contain a user name or password")
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return nil, fmt.Errorf("senselink: server URL %q must not have a query or fragment", raw)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// tokyo is SenseLink Cloud Japan's account zone. Japan has no daylight
// saving time, so the fixed zone is exact should the database be missing.
func tokyo() *time.Location {
	if loc, err := time.LoadLocation("Asia/Tokyo"); err == nil {
		return loc
	}
	return time.FixedZone("JST", 9*60*60)
}

func defaultHTTPClient() *http.Client {
	var t *http.Transport
	if dt, ok := http.DefaultTransport.(*http.Transport); ok {
		t = dt.Clone()
	} else {
		t = &http.Transport{Proxy: http.ProxyFromEnvironment, ForceAttemptHTTP2: true}
	}
	t.DialContext = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = 10 * time.Second
	t.IdleConnTimeout = 90 * time.Second
	t.MaxIdleConnsPerHost = 4
	return &http.Client{Transport: t, CheckRedirect: noRedirect}
}

func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// Sign returns the request signature: lowercase hex MD5 of
// "<timestamp>#<secret>", timestamp in Unix milliseconds.
func Sign(timestampMillis int64, secret string) string {
	sum := md5.Sum([]byte(strconv.FormatInt(timestampMillis, 10) + "#" + secret))
	return hex.EncodeToString(sum[:])
}

// response is a read HTTP response.
type response struct {
	status  int
	body    []byte
	skew    time.Duration // server Date minus local time
	hasSkew bool
	sign    string // of the request, to scrub from texts the server echoes
	query   string // the signed query, likewise
}

// get sends one signed GET to op and reads the answer. Non-200 answers are
// returned as errors; the envelope is left to the caller.
func (c *Client) get(ctx context.Context, op string, params url.Values) (*response, error) {
	return c.send(ctx, http.MethodGet, op, params, nil, "")
}

// send sends one signed request; the signature is in the query whatever the
// method, as the API wants it.
func (c *Client) send(ctx context.Context, method, op string, params url.Values, body []byte, contentType string) (*response, error) {
	ts := c.now().UnixMilli()
	sign := Sign(ts, c.secret())
	q := make(url.Values, len(params)+3)
	for k, v := range params {
		q[k] = v
	}
	q.Set("app_key", c.appKey)
	q.Set("timestamp", strconv.FormatInt(ts, 10))
	q.Set("sign", sign)

	u := *c.base
	u.Path = c.base.Path + op
	// url.Values encodes spaces as "+", which not every server framework
	// reads as a space in a query; "%20" means a space everywhere.
	u.RawQuery = strings.ReplaceAll(q.Encode(), "+", "%20")

	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	var reqBody io.Reader
	if body != nil {
		reqBody = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), reqBody)
	if err != nil {
		return nil, &Error{Kind: KindUnknown, Op: op, Err: c.scrubErr(stripQuery(err), sign, u.RawQuery)}
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", userAgent)

	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, c.transportError(op, err, sign, u.RawQuery)
	}
	defer resp.Body.Close()
	r := &response{status: resp.StatusCode, sign: sign, query: u.RawQuery}
	if d, err := http.ParseTime(resp.Header.Get("Date")); err == nil {
		// Date is truncated to the second: the server's clock read
		// somewhere in [d, d+1s).
		r.skew, r.hasSkew = d.Add(time.Second/2).Sub(c.now()), true
	}
	if resp.ContentLength > maxBodyBytes {
		return nil, c.tooLarge(op, r)
	}
	var buf bytes.Buffer
	if resp.ContentLength > 0 {
		buf.Grow(int(resp.ContentLength) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(io.LimitReader(resp.Body, maxBodyBytes+1)); err != nil {
		e := c.transportError(op, err, sign, u.RawQuery)
		e.HTTPStatus = r.status
		e.Message = "reading the response failed"
		return nil, e
	}
	if buf.Len() > maxBodyBytes {
		return nil, c.tooLarge(op, r)
	}
	r.body = buf.Bytes()
	if r.status != http.StatusOK {
		return nil, c.statusError(op, r, resp.Header.Get("Location"), req.URL)
	}
	return r, nil
}

func (c *Client) tooLarge(op string, r *response) *Error {
	return &Error{Kind: KindDecode, Op: op, HTTPStatus: r.status,
		Message: fmt.Sprintf("response is larger than %d MiB", maxBodyBytes>>20)}
}

// transportError classifies a failure to get an answer at all.
func (c *Client) transportError(op string, err error, sign, query string) *Error {
	e := &Error{Kind: KindNetwork, Op: op, Err: c.scrubErr(stripQuery(err), sign, query)}
	if isTLSError(err) {
		e.Kind = KindTLS
	}
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		e.Message = "timed out"
	}
	return e
}

// isTLSError reports whether err is a certificate or TLS protocol failure,
// which the person fixing it looks for in a different place (a proxy that
// inspects HTTPS, a wrong URL scheme, a stale root store) from a network one.
func isTLSError(err error) bool {
	var (
		verify     *tls.CertificateVerificationError
		header     tls.RecordHeaderError
		alert      tls.AlertError
		ech        *tls.ECHRejectionError
		unknownCA  x509.UnknownAuthorityError
		hostname   x509.HostnameError
		invalid    x509.CertificateInvalidError
		roots      x509.SystemRootsError
		insecure   x509.InsecureAlgorithmError
		constraint x509.ConstraintViolationError
		op         *net.OpError
	)
	switch {
	case errors.As(err, &verify), errors.As(err, &header), errors.As(err, &alert),
		errors.As(err, &ech), errors.As(err, &unknownCA), errors.As(err, &hostname),
		errors.As(err, &invalid), errors.As(err, &roots), errors.As(err, &insecure),
		errors.As(err, &constraint):
		return true
	case errors.As(err, &op) && op.Op == "remote error":
		// An alert from the server ("tls: handshake failure") arrives as an
		// unexported type inside this OpError.
		return true
	}
	s := err.Error()
	return strings.Contains(s, "tls: ") || strings.Contains(s, "x509: ") ||
		strings.Contains(s, "server gave HTTP response to HTTPS client")
}

// stripQuery removes the signed query from the URL that net/http puts in its
// errors, keeping the scheme, host and path a person needs to see.
func stripQuery(err error) error {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return err
	}
	clean := *ue
	clean.URL, _, _ = strings.Cut(ue.URL, "?")
	if ue == err {
		return &clean
	}
	// A url.Error deeper in the chain: its text is in err's text, so wrap
	// err with a message built from the cleaned one.
	return &scrubbedError{msg: strings.ReplaceAll(err.Error(), ue.Error(), clean.Error()), err: err}
}

// scrubbedError replaces an error's text, keeping its chain for errors.Is/As.
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }

// scrub removes the secret, the request's signed query and its sign from a
// text that may echo them (a server message, a proxy's page).
func (c *Client) scrub(s, sign, query string) string {
	if query != "" {
		s = strings.ReplaceAll(s, query, "[query]")
	}
	if sign != "" {
		s = strings.ReplaceAll(s, sign, "[redacted]")
	}
	if secret := c.secret(); secret != "" {
		s = strings.ReplaceAll(s, secret, "[redacted]")
	}
	return s
}

func (c *Client) scrubErr(err error, sign, query string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if clean := c.scrub(msg, sign, query); clean != msg {
		return &scrubbedError{msg: clean, err: err}
	}
	return err
}

// statusError classifies an answer with an HTTP status other than 200.
func (c *Client) statusError(op string, r *response, location string, reqURL *url.URL) *Error {
	e := &Error{Op: op, HTTPStatus: r.status}
	switch {
	case r.status >= 500:
		e.Kind = KindServer
	case r.status == http.StatusUnauthorized:
		e.Kind = KindAuth
	case r.status == http.StatusForbidden:
		e.Kind = KindPermission
	default:
		e.Kind = KindUnknown
	}
	if env, err := decodeEnvelope(r.body, nil); err == nil {
		e.Code = env.Code
		e.Message = env.Message
	} else if r.status >= 300 && r.status < 400 && location != "" {
		if to, err := reqURL.Parse(location); err == nil {
			// Name the new server root when the redirect kept the API path.
			to.Path, to.RawPath = strings.TrimSuffix(to.Path, op), ""
			to.RawQuery, to.ForceQuery, to.Fragment = "", false, ""
			e.Message = fmt.Sprintf("the server redirects to %s; use that address as the server URL", to.Redacted())
		}
	} else if len(bytes.TrimSpace(r.body)) > 0 {
		e.Message = "response starts with " + excerpt(bytes.TrimSpace(r.body))
	}
	if e.Message == "" {
		e.Message = http.StatusText(r.status)
	}
	e.Message = c.scrub(e.Message, r.sign, r.query)
	c.applySkew(e, r)
	return e
}

// envelopeError turns a decoded response into the caller's error: nil for
// code 200, KindDecode when it could not be read, else the classified code.
func (c *Client) envelopeError(op string, r *response, env envelope, decodeErr error) error {
	if decodeErr != nil {
		return &Error{Kind: KindDecode, Op: op, HTTPStatus: r.status, Err: c.scrubErr(decodeErr, r.sign, r.query)}
	}
	if env.Code == codeOK {
		return nil
	}
	e := &Error{
		Kind:       classifyCode(env.Code, env.Message),
		Op:         op,
		HTTPStatus: r.status,
		Code:       env.Code,
		Message:    c.scrub(env.Message, r.sign, r.query),
	}
	c.applySkew(e, r)
	return e
}

// applySkew blames a rejected signature on this PC's clock when the server's
// Date shows the clocks apart by more than the server tolerates: the sign is
// computed from the timestamp, so some servers report a skewed clock as a
// wrong sign, and "check the AppSecret" would send the person the wrong way.
func (c *Client) applySkew(e *Error, r *response) {
	if !r.hasSkew {
		return
	}
	switch e.Kind {
	case KindClockSkew:
		e.Skew = r.skew
	case KindAuth:
		if r.skew > skewThreshold || r.skew < -skewThreshold {
			said := e.Message
			e.Kind, e.Skew = KindClockSkew, r.skew
			e.Message = fmt.Sprintf("this computer's clock is %s %s the server's; the server answered %q",
				abs(r.skew).Round(time.Minute), aheadOrBehind(r.skew), said)
		}
	}
}

func abs(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

func aheadOrBehind(skew time.Duration) string {
	if skew > 0 {
		return "behind"
	}
	return "ahead of"
}

// codeParamInvalid is the only error code SenseLink documents ("Param
// Invalid"). The codes for a wrong sign, an expired timestamp or a missing
// permission are not public, so errors are classified by their message and
// HTTP status, and the code is kept in Error for support.
const codeParamInvalid = 30001

// classifyCode maps an envelope's code and message to a kind. Codes that
// repeat an HTTP status (401, 403, 5xx) count as that status; every other
// code is read through the message's words, from the most specific: a
// message that names the signature or the key is an authentication failure
// even when it also mentions the timestamp (applySkew then blames the clock
// if the server's Date shows it is off), and only a timestamp said to be
// expired or out of range without a word of the signature is a clock problem.
func classifyCode(code int, message string) ErrorKind {
	switch {
	case code == http.StatusUnauthorized:
		return KindAuth
	case code == http.StatusForbidden:
		return KindPermission
	case code >= 500 && code <= 599:
		return KindServer
	}
	m := strings.ToLower(message)
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(m, w) {
				return true
			}
		}
		return false
	}
	credentials := has("sign", "appkey", "app_key", "app key", "secret", "签名", "密钥", "署名")
	stamp := has("timestamp", "time stamp", "时间戳", "タイムスタンプ")
	stale := has("expire", "out of range", "too old", "too far", "过期", "超时", "期限")
	switch {
	case stamp && stale && !credentials:
		return KindClockSkew
	case credentials:
		return KindAuth
	case code == codeParamInvalid:
		// A parameter PunchDesk sent was refused: nothing a person can fix
		// in the link, so not worded as a key or clock problem.
		return KindUnknown
	case stamp:
		return KindClockSkew
	case has("permission", "forbidden", "denied", "unauthorized", "not allowed", "权限", "権限", "无权"):
		return KindPermission
	case stale:
		return KindAuth // "request expired", "token expired": the key's side; applySkew checks the clock
	case has("internal", "server error", "system error", "busy", "unavailable", "系统", "服务器", "繁忙", "サーバー"):
		return KindServer
	}
	return KindUnknown
}
