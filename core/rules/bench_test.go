package rules

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"
)

// monthOfSite builds a month (31 days) of a 1,000-staff site: six face
// records a day per person (arrival, lunch out and back, two passes in the
// afternoon, leaving; one in ten days the afternoon passes are seconds apart
// and the second is a duplicate), an IC card punch before arrival on one
// day in ten, some temperatures and masks, a few deletions and decisions.
func monthOfSite() []Input {
	rng := rand.New(rand.NewPCG(7, 11))
	tokyo := mustZone("Asia/Tokyo")
	jitter := func() time.Duration { return time.Duration(rng.IntN(600)) * time.Second }
	staff := make([]Input, 1000)
	id := int64(1)
	for i := range staff {
		in := Input{Faces: make([]Face, 0, 6*31), Decisions: map[int64]Decision{}, Deleted: map[string]bool{}}
		for day := 1; day <= 31; day++ {
			base := time.Date(2026, 5, day, 0, 0, 0, 0, tokyo)
			times := []time.Duration{8*time.Hour + 50*time.Minute, 12 * time.Hour, 13 * time.Hour,
				15 * time.Hour, 15*time.Hour + 10*time.Minute, 18 * time.Hour}
			for k, at := range times {
				f := Face{RecordID: id, Time: base.Add(at + jitter())}
				if k == 4 && day%10 == 3 {
					f.Time = in.Faces[len(in.Faces)-1].Time.Add(20 * time.Second)
				}
				if rng.IntN(3) > 0 {
					f.Temperature = 36 + float64(rng.IntN(20))/10
				}
				f.Mask = intp(rng.IntN(8) & 1)
				in.Faces = append(in.Faces, f)
				id++
			}
			if day%10 == (i % 10) {
				o := Other{ID: "ic" + strconv.Itoa(i) + "-" + strconv.Itoa(day), Time: base.Add(8 * time.Hour), Source: SourceICCard}
				in.Others = append(in.Others, o)
				if day%20 == 0 {
					in.Decisions[in.Faces[len(in.Faces)-6].RecordID] = DecisionApprove
				}
			}
			if rng.IntN(50) == 0 {
				in.Deleted[FaceID(in.Faces[len(in.Faces)-3].RecordID)] = true
			}
		}
		staff[i] = in
	}
	return staff
}

// BenchmarkComputeMonth1000Staff is one whole month of a 1,000-staff site
// (186,000 face records) per op, Compute called once per staff member, with
// the heaviest settings: unapproved-first and a 05:00 day change.
func BenchmarkComputeMonth1000Staff(b *testing.B) {
	staff := monthOfSite()
	s := DefaultSettings()
	s.Mode = ModeUnapprovedFirst
	s.DayChange = 5 * time.Hour
	now := time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)
	records := 0
	for _, in := range staff {
		records += len(in.Faces)
	}
	b.ReportAllocs()
	for b.Loop() {
		days := 0
		for _, in := range staff {
			days += len(Compute(in, s, now))
		}
		if days < 31*1000 {
			b.Fatalf("%d staff days, want at least 31,000", days)
		}
	}
	b.ReportMetric(float64(records), "records/op")
}

func BenchmarkBusinessDate(b *testing.B) {
	s := DefaultSettings()
	s.DayChange = 5 * time.Hour
	t := time.Date(2026, 5, 3, 3, 10, 0, 0, time.UTC)
	for b.Loop() {
		_ = BusinessDate(t, s)
	}
}
