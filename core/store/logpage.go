package store

import (
	"context"
	"fmt"

	"github.com/punchdesk/punchdesk/core/domain"
)

// secondsPerDay is record_days' bucket width: UTC days of sign time, so the
// buckets never depend on the site's zone.
const secondsPerDay = 86400

// pageQuery is the SQL of one page of the records f selects, newest first,
// as a list of ids: the page's rows are found on the records table (and
// the joins f's condition needs) alone, so the staff and punch joins of a
// caller run for the page's rows only, not for every row skipped. For the
// whole log the page starts from the day record_days says holds row
// offset, so any depth costs one index seek and at most a day's rows.
func pageQuery(ctx context.Context, q querier, f domain.RecordFilter, offset, limit int) (query string, args []any, empty bool, err error) {
	where, args := filterWhere(f)
	if f == (domain.RecordFilter{}) {
		bound, rest, ok, err := seekDay(ctx, q, offset)
		if err != nil {
			return "", nil, false, err
		}
		if !ok {
			return "", nil, true, nil // past the end
		}
		where, args, offset = " WHERE r.sign_time < ?", []any{bound}, rest
	}
	args = append(args, limit, offset)
	return "SELECT r.id FROM records" + filterFrom(f) + where + " ORDER BY r.sign_time DESC, r.id DESC LIMIT ? OFFSET ?", args, false, nil
}

// seekDay finds the day holding row offset of the whole log (newest
// first): the sign-time bound that day starts below, and how many of the
// newer rows before it remain to skip. ok is false past the last row.
func seekDay(ctx context.Context, q querier, offset int) (bound int64, rest int, ok bool, err error) {
	rows, err := q.QueryContext(ctx, "SELECT day, n FROM record_days ORDER BY day DESC")
	if err != nil {
		return 0, 0, false, fmt.Errorf("record days: %w", err)
	}
	defer rows.Close()
	seen := 0
	for rows.Next() {
		var day int64
		var n int
		if err := rows.Scan(&day, &n); err != nil {
			return 0, 0, false, fmt.Errorf("record days: %w", err)
		}
		if seen+n > offset {
			return (day + 1) * secondsPerDay, offset - seen, true, nil
		}
		seen += n
	}
	return 0, 0, false, rows.Err()
}

// countAll is the number of records, from record_days.
func countAll(ctx context.Context, q querier) (int, error) {
	var n int
	if err := q.QueryRowContext(ctx, "SELECT coalesce(sum(n), 0) FROM record_days").Scan(&n); err != nil {
		return 0, fmt.Errorf("count records: %w", err)
	}
	return n, nil
}
