package senselink

import (
	"errors"
	"fmt"
	"time"

	"github.com/punchdesk/punchdesk/core/i18n"
	"github.com/punchdesk/punchdesk/core/problem"
)

// ErrorKind classifies a failure so that a UI can word it for the person who
// has to fix it: a wrong secret is fixed in a different place from a proxy.
type ErrorKind int

const (
	KindUnknown    ErrorKind = iota
	KindAuth                 // wrong AppKey or AppSecret
	KindClockSkew            // this PC's clock is too far from the server's
	KindPermission           // the AppKey may not call this API
	KindNetwork              // server unreachable, connection reset, timeout
	KindTLS                  // certificate or TLS handshake failure
	KindServer               // the server failed (HTTP 5xx or an internal error code)
	KindDecode               // the response could not be understood
)

func (k ErrorKind) String() string {
	switch k {
	case KindAuth:
		return "auth"
	case KindClockSkew:
		return "clock-skew"
	case KindPermission:
		return "permission"
	case KindNetwork:
		return "network"
	case KindTLS:
		return "tls"
	case KindServer:
		return "server"
	case KindDecode:
		return "decode"
	}
	return "unknown"
}

// Error is every failure the client returns. It never carries the AppSecret
// or the signed query string.
type Error struct {
	Kind       ErrorKind
	Op         string        // the API path, e.g. "/api/v3/record/list"
	HTTPStatus int           // 0 when no response arrived
	Code       int           // the envelope's code, 0 when there was none
	Message    string        // the envelope's message or a description
	Skew       time.Duration // server time minus local time, for KindClockSkew
	Err        error         // the underlying cause, if any
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("senselink %s: %s", e.Op, e.Kind)
	if e.HTTPStatus != 0 && e.HTTPStatus != 200 {
		msg += fmt.Sprintf(" (HTTP %d)", e.HTTPStatus)
	}
	if e.Code != 0 {
		msg += fmt.Sprintf(" (code %d)", e.Code)
	}
	if e.Kind == KindClockSkew && e.Skew != 0 {
		msg += fmt.Sprintf(" (server clock differs by %s)", e.Skew.Round(time.Second))
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the kind of a client error anywhere in err's chain, or
// KindUnknown.
func KindOf(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindUnknown
}

// Retryable reports whether trying again later may succeed without anyone
// changing anything.
func Retryable(err error) bool {
	switch KindOf(err) {
	case KindNetwork, KindServer, KindDecode:
		return true
	}
	return false
}

// Problem words the failure for the person who fixes it.
func (e *Error) Problem() *problem.Problem {
	code := map[ErrorKind]problem.Code{KindAuth: problem.Auth, KindClockSkew: problem.ClockSkew, KindPermission: problem.Permission,
		KindNetwork: problem.Network, KindTLS: problem.TLS, KindServer: problem.Server, KindDecode: problem.Decode}[e.Kind]
	if code == "" {
		code = problem.Unknown
	}
	p := problem.Wrap(code, e)
	if e.Kind == KindClockSkew {
		p.Args = map[string]any{"Skew": skewWords(e.Skew)}
	}
	return p
}

// skewWords is the clock difference as the sentence says it: rounded to
// minutes, "more than 30 minutes" when the server did not say.
func skewWords(d time.Duration) i18n.Message {
	if d < 0 {
		d = -d
	}
	d = d.Round(time.Minute)
	if d == 0 {
		return i18n.Message{Key: "error.clockskew.unknown"}
	}
	h, m := int(d.Hours()), int(d.Minutes())%60
	if h > 0 {
		return i18n.Message{Key: "duration.hours.minutes", Args: map[string]any{"H": h, "M": m}}
	}
	return i18n.Message{Key: "duration.minutes", Args: map[string]any{"M": m}}
}
