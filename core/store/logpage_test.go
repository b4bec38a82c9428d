package store

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/rules"
)

// referencePage is the log page as plain OFFSET paging over the records
// gives it: what the day seek must equal at every depth.
func referencePage(t *testing.T, db *DB, offset, limit int) []int64 {
	t.Helper()
	rows, err := db.read.Query("SELECT id FROM records ORDER BY sign_time DESC, id DESC LIMIT ? OFFSET ?", limit, offset)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

func TestLogPagesFromTheDayCountsEqualOffsetPaging(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	// Records over ten days, several per second at times, arriving out of
	// order in small batches, some sent twice: what late uploads and
	// retries make of a real log.
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	var all []int64
	for batch := 0; batch < 40; batch++ {
		recs := testRecords(int64(batch*50+1), int64(batch*50+50))
		for i := range recs {
			recs[i].SignTime = start.Add(time.Duration(rng.IntN(10*86400)) * time.Second)
			all = append(all, recs[i].ID)
		}
		if batch%7 == 3 {
			recs = append(recs, recs[:5]...) // sent again
		}
		rng.Shuffle(len(recs), func(i, j int) { recs[i], recs[j] = recs[j], recs[i] })
		if _, err := db.SaveRecords(ctx, recs, nil); err != nil {
			t.Fatal(err)
		}
	}
	n, err := db.CountRecords(ctx, domain.RecordFilter{})
	if err != nil || n != len(all) {
		t.Fatalf("count = %d, %v; want %d", n, err, len(all))
	}
	var stale int
	if err := db.read.QueryRow(`SELECT count(*) FROM (SELECT sign_time / 86400 AS day, count(*) AS n FROM records GROUP BY 1)
		c LEFT JOIN record_days d USING (day) WHERE d.n IS NOT c.n`).Scan(&stale); err != nil || stale != 0 {
		t.Fatalf("%d days counted wrong (%v)", stale, err)
	}
	for _, offset := range []int{0, 1, 199, 200, 777, 1000, 1234, len(all) - 200, len(all) - 1, len(all), len(all) + 5} {
		want := referencePage(t, db, offset, 200)
		var got []int64
		err := db.View(ctx, func(tx *Tx) error {
			rows, err := tx.LogRows(domain.RecordFilter{}, offset, 200)
			for _, r := range rows {
				got = append(got, r.ID)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		listed, err := db.ListRecords(ctx, domain.RecordFilter{}, offset, 200)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) || len(listed) != len(want) {
			t.Fatalf("offset %d: %d log rows, %d listed, want %d", offset, len(got), len(listed), len(want))
		}
		for i := range want {
			if got[i] != want[i] || listed[i].ID != want[i] {
				t.Fatalf("offset %d, row %d: log %d, listed %d, want %d", offset, i, got[i], listed[i].ID, want[i])
			}
		}
	}
}

func TestStoredDaysReadBackAnyText(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	odd := "メモ\x1fの\x1es中\x1ee"
	err := db.Update(ctx, "arrange", func(tx *Tx) error {
		if _, err := tx.q.ExecContext(ctx, `INSERT INTO days (staff_code, business_date, clock_in, clock_out, work_minutes,
			break_minutes, counted, remarks, flags, fever_readings, no_mask_readings) VALUES
			('1001', '2026-11-30', 1764460800000, NULL, 480, 60, 2, '', 'pending', 1, 0),
			('1002', '2026-11-30', NULL, NULL, 0, 0, 0, '', '', 0, 0)`); err != nil {
			return err
		}
		_, err := tx.q.ExecContext(ctx, `INSERT INTO punches (id, staff_code, business_date, time, source, record_id, status,
			kind, remarks, note, pending_because, terminal_id, terminal, decision, reason) VALUES
			('o1', '1001', '2026-11-30', 1764460800000, 'web', NULL, 'counted', 'clock_in', '', ?, '', '', '', '', ''),
			('r7', '1001', '2026-11-30', 1764464400000, 'face', 7, 'pending', '', 'no_mask', '', 'o1', 'L1', '本社', '', '')`, odd)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var days map[string][]rules.Day
	if err := db.View(ctx, func(tx *Tx) error {
		var err error
		days, err = tx.StoredDays(nil, "2026-11-01", "2026-11-30", "")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	d := days["1001"]
	if len(d) != 1 || len(d[0].Punches) != 2 || d[0].ClockIn == nil || d[0].ClockOut != nil || d[0].WorkMinutes != 480 ||
		d[0].FeverReadings != 1 || len(d[0].Flags) != 1 {
		t.Fatalf("day = %+v", d)
	}
	if p := d[0].Punches[0]; p.Note != odd || p.Time.UnixMilli() != 1764460800000 || p.RecordID != 0 {
		t.Errorf("first punch = %+v", p)
	}
	if p := d[0].Punches[1]; p.RecordID != 7 || p.Terminal != "本社" || p.PendingBecause != "o1" || len(p.Remarks) != 1 {
		t.Errorf("second punch = %+v", p)
	}
	if e := days["1002"]; len(e) != 1 || e[0].ClockIn != nil || len(e[0].Punches) != 0 {
		t.Errorf("empty day = %+v", e)
	}
}
