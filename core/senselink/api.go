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
// not say). Only a PHP client documents a version call, on the v1 path; a
// server without it is asked on the v3 path. An AppKey limited to chosen
// APIs may be refused both while it reads records, so the version proves
// nothing about a link: callers show it when they get it.
func (c *Client) ServerVersion(ctx context.Context) (string, error) {
	v, err := c.serverVersion(ctx, opVersionV1)
	var e *Error
	if errors.As(err, &e) && e.HTTPStatus == http.StatusNotFound {
		return c.serverVersion(ctx, opVersionV3)
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

// Records returns one page of the records in [q.From, q.To], asked for in
// ascending id order (which not every server honours). Page defaults to 1
// and Size to MaxPageSize, which is also its upper bound. A page with fewer
// rows than Size is the last one.
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
	if q.StartID > 0 {
		params.Set("start_record_id", strconv.FormatInt(q.StartID, 10))
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

// maxEmployeePages stops paging through a server that never reports the end.
const maxEmployeePages = 1000

// Employees returns the persons registered as employees, with their
// employee numbers (従業員番号). The list is read page by page: JCV pages
// it, and a server that does not simply answers the whole list to the
// first request, which then repeats itself.
func (c *Client) Employees(ctx context.Context) ([]Employee, error) {
	var all []Employee
	seen := make(map[int64]bool)
	for page := 1; page <= maxEmployeePages; page++ {
		params := url.Values{"type": {"1"}, "page": {strconv.Itoa(page)}, "size": {strconv.Itoa(MaxPageSize)}}
		r, err := c.get(ctx, opEmployees, params)
		if err != nil {
			return nil, err
		}
		env, list, err := decodeEmployees(r.body)
		if err := c.envelopeError(opEmployees, r, env, err); err != nil {
			return nil, err
		}
		added := 0
		for _, e := range list {
			if !seen[e.ID] {
				seen[e.ID] = true
				all = append(all, e)
				added++
			}
		}
		if len(list) < MaxPageSize || added == 0 {
			return all, nil
		}
	}
	return all, nil
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
