package senselink

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// queryTimeLayout is how record query times are sent.
const queryTimeLayout = "2006-01-02 15:04:05"

// ServerVersion returns the server's version string ("" when the server did
// not say). It is the cheapest signed call, so it proves that the URL, the
// key pair and the clock are right. Servers without the v3 path are asked
// on the v1 path.
func (c *Client) ServerVersion(ctx context.Context) (string, error) {
	v, err := c.serverVersion(ctx, opVersionV3)
	var e *Error
	if errors.As(err, &e) && e.HTTPStatus == http.StatusNotFound {
		return c.serverVersion(ctx, opVersionV1)
	}
	return v, err
}

func (c *Client) serverVersion(ctx context.Context, op string) (string, error) {
	r, err := c.get(ctx, op, nil)
	if err != nil {
		return "", err
	}
	env, v, err := decodeVersion(r.body)
	if err := c.envelopeError(op, r, env, err); err != nil {
		return "", err
	}
	return v, nil
}

// Records returns one page of the records SenseLink received in
// [q.From, q.To], in ascending id order. Page defaults to 1 and Size to
// MaxPageSize, which is also its upper bound. A page shorter than Size is
// the last one.
func (c *Client) Records(ctx context.Context, q RecordQuery) (RecordPage, error) {
	if q.From.IsZero() || q.To.IsZero() {
		return RecordPage{}, &Error{Kind: KindUnknown, Op: opRecords, Message: "record query needs both From and To"}
	}
	if q.To.Before(q.From) {
		return RecordPage{}, &Error{Kind: KindUnknown, Op: opRecords,
			Message: fmt.Sprintf("record query ends (%s) before it starts (%s)", q.To.Format(time.RFC3339), q.From.Format(time.RFC3339))}
	}
	page := max(q.Page, 1)
	size := q.Size
	if size <= 0 || size > MaxPageSize {
		size = MaxPageSize
	}
	params := url.Values{
		"date_time_from": {q.From.In(c.loc).Format(queryTimeLayout)},
		"date_time_to":   {q.To.In(c.loc).Format(queryTimeLayout)},
		"order":          {"1"},
		"page":           {strconv.Itoa(page)},
		"size":           {strconv.Itoa(size)},
	}
	r, err := c.get(ctx, opRecords, params)
	if err != nil {
		return RecordPage{}, err
	}
	env, p, err := decodeRecordPage(r.body, c.loc)
	if err := c.envelopeError(opRecords, r, env, err); err != nil {
		return RecordPage{}, err
	}
	return p, nil
}

// Employees returns the persons registered as employees, with their
// employee numbers (従業員番号).
func (c *Client) Employees(ctx context.Context) ([]Employee, error) {
	r, err := c.get(ctx, opEmployees, url.Values{"type": {"1"}})
	if err != nil {
		return nil, err
	}
	env, list, err := decodeEmployees(r.body)
	if err := c.envelopeError(opEmployees, r, env, err); err != nil {
		return nil, err
	}
	return list, nil
}

// maxDevicePages stops paging through a server that never reports the end.
const maxDevicePages = 1000

// Terminals returns every device registered in SenseLink, reading the device
// list page by page.
func (c *Client) Terminals(ctx context.Context) ([]Terminal, error) {
	var all []Terminal
	seen := make(map[int64]bool)
	for page := 1; page <= maxDevicePages; page++ {
		params := url.Values{"page": {strconv.Itoa(page)}, "size": {strconv.Itoa(MaxPageSize)}}
		r, err := c.get(ctx, opDevices, params)
		if err != nil {
			return nil, err
		}
		env, p, err := decodeTerminalPage(r.body)
		if err := c.envelopeError(opDevices, r, env, err); err != nil {
			return nil, err
		}
		added := 0
		for _, t := range p.Terminals {
			if !seen[t.ID] {
				seen[t.ID] = true
				all = append(all, t)
				added++
			}
		}
		switch {
		case len(p.Terminals) < MaxPageSize, // a short page is the last
			p.TotalPage >= 0 && page >= p.TotalPage,
			p.Total >= 0 && len(all) >= p.Total,
			added == 0: // a server that ignores "page" repeats itself
			return all, nil
		}
	}
	return all, nil
}
