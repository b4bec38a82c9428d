package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/punchdesk/punchdesk/core/senselink"
)

// base is a fixed instant so that records and expectations are reproducible.
var base = time.Date(2026, 11, 26, 9, 0, 0, 0, time.FixedZone("JST", 9*3600))

// testRecord builds a record with every field set the way a real SenseLink
// record looks, including its raw JSON (about 540 bytes).
func testRecord(id int64, signTime time.Time) senselink.Record {
	job := fmt.Sprintf("E%05d", id%500)
	temp := 36.4
	mask := 1
	dir := 1
	entry := 2
	score := 0.9734
	group := int64(12)
	groups := json.RawMessage(`[{"id":12,"name":"本社"}]`)
	r := senselink.Record{
		ID:               id,
		SignTime:         signTime,
		SignTimeZone:     "GMT+09:00",
		SignDate:         signTime.In(time.FixedZone("JST", 9*3600)).Format("2006-01-02"),
		UserID:           100000 + id%500,
		UserName:         "山田 太郎",
		UserType:         1,
		JobNumber:        &job,
		DeviceLDID:       "SPS-7EA1C2D3E4F5",
		DeviceName:       "本社 1F 入口",
		Location:         "東京都千代田区",
		BodyTemperature:  &temp,
		AbnormalType:     0,
		Mask:             &mask,
		Direction:        &dir,
		EntryMode:        &entry,
		VerifyScore:      &score,
		CapturePicture:   "5fcf30f1e4b0c1a2d3e4f5a6",
		CaptureBgPicture: "5fcf30f1e4b0c1a2d3e4f5a7",
		GroupID:          &group,
		GroupName:        "本社",
		Groups:           groups,
	}
	raw, err := json.Marshal(map[string]any{
		"id": r.ID, "sign_time": r.SignTime.Unix(), "sign_time_zone": r.SignTimeZone, "sign_date": r.SignDate,
		"user_id": r.UserID, "user_name": r.UserName, "user_type": r.UserType, "job_number": job,
		"device_ldid": r.DeviceLDID, "device_name": r.DeviceName, "location": r.Location,
		"body_temperature": temp, "abnormal_type": r.AbnormalType, "mask": mask, "direction": dir,
		"entry_mode": entry, "verify_score": score, "capture_picture": r.CapturePicture,
		"capture_bg_picture": r.CaptureBgPicture, "group_id": group, "group_name": r.GroupName,
		"groups": groups,
	})
	if err != nil {
		panic(err)
	}
	r.Raw = raw
	return r
}

// testRecords builds records from..to (inclusive ids), one a minute from base.
func testRecords(from, to int64) []senselink.Record {
	var recs []senselink.Record
	for id := from; id <= to; id++ {
		recs = append(recs, testRecord(id, base.Add(time.Duration(id)*time.Minute)))
	}
	return recs
}

// openTemp opens a fresh read-write database in a temporary directory.
func openTemp(t testing.TB) *DB {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "punchdesk.db"), ReadWrite)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// rawConn opens path with a plain connection that bypasses the store (and
// its lock), for arranging states the store itself would refuse to create.
func rawConn(t *testing.T, path string) *sql.DB {
	t.Helper()
	c, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func userVersion(t *testing.T, path string) int {
	t.Helper()
	var v int
	if err := rawConn(t, path).QueryRowContext(context.Background(), "PRAGMA user_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}
