package rules

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"
)

func TestFaceID(t *testing.T) {
	for _, c := range []struct {
		id   int64
		want string
	}{{1, "r1"}, {1234567890123, "r1234567890123"}, {0, "r0"}} {
		if got := FaceID(c.id); got != c.want {
			t.Errorf("FaceID(%d) = %q, want %q", c.id, got, c.want)
		}
	}
}

func TestDuplicateWindow(t *testing.T) {
	runCases(t, []ruleCase{{
		name: "second face punch within 60 s of a kept one is a duplicate",
		in:   Input{Faces: []Face{face(1, "02 09:00:00"), face(2, "02 09:00:59"), face(3, "02 18:00:00")}},
		want: `
			2026-04-02 in=02 09:00:00 out=02 18:00:00 work=540 break=0 counted=2
			  r1 02 09:00:00 face counted clock_in
			  r2 02 09:00:59 face duplicate
			  r3 02 18:00:00 face counted clock_out
			`,
	}, {
		name: "face punch exactly 60 s after a kept one is kept",
		in:   Input{Faces: []Face{face(1, "02 09:00:00"), face(2, "02 09:01:00")}},
		want: `
			2026-04-02 in=02 09:00:00 out=02 09:01:00 work=1 break=0 counted=2
			  r1 02 09:00:00 face counted clock_in
			  r2 02 09:01:00 face counted clock_out
			`,
	}, {
		name: "window is measured from the previous kept record, not from a duplicate",
		in:   Input{Faces: []Face{face(1, "02 09:00:00"), face(2, "02 09:00:40"), face(3, "02 09:01:10")}},
		want: `
			2026-04-02 in=02 09:00:00 out=02 09:01:10 work=1 break=0 counted=2
			  r1 02 09:00:00 face counted clock_in
			  r2 02 09:00:40 face duplicate
			  r3 02 09:01:10 face counted clock_out
			`,
	}, {
		name:     "a longer window catches a later record",
		settings: func(s *Settings) { s.DuplicateWindow = 5 * time.Minute },
		in:       Input{Faces: []Face{face(1, "02 09:00:00"), face(2, "02 09:04:59"), face(3, "02 09:05:00")}},
		want: `
			2026-04-02 in=02 09:00:00 out=02 09:05:00 work=5 break=0 counted=2
			  r1 02 09:00:00 face counted clock_in
			  r2 02 09:04:59 face duplicate
			  r3 02 09:05:00 face counted clock_out
			`,
	}, {
		name:     "duplicate window 0 keeps every record, even in the same second",
		settings: func(s *Settings) { s.DuplicateWindow = 0 },
		in:       Input{Faces: []Face{face(1, "02 09:00:00"), face(2, "02 09:00:00")}},
		want: `
			2026-04-02 in=02 09:00:00 out=02 09:00:00 work=0 break=0 counted=2
			  r1 02 09:00:00 face counted clock_in
			  r2 02 09:00:00 face counted clock_out
			`,
	}, {
		name:     "a record just after the day change is not a duplicate of one just before it, and the new day is flagged as a possible crossing",
		settings: dayChange(5 * time.Hour),
		in:       Input{Faces: []Face{face(1, "03 04:59:30"), face(2, "03 05:00:10")}},
		want: `
			2026-04-02 in=03 04:59:30 out=- work=0 break=0 counted=1 missing_clock_out
			  r1 03 04:59:30 face counted clock_in
			2026-04-03 in=03 05:00:10 out=- work=0 break=0 counted=1 missing_clock_out crossing_suspected
			  r2 03 05:00:10 face counted clock_in
			`,
	}, {
		name: "of two records in the same second the lower record id is kept",
		in:   Input{Faces: []Face{face(10, "02 09:00:00"), face(9, "02 09:00:00")}},
		want: `
			2026-04-02 in=02 09:00:00 out=- work=0 break=0 counted=1 missing_clock_out
			  r9 02 09:00:00 face counted clock_in
			  r10 02 09:00:00 face duplicate
			`,
	}, {
		name: "records in any input order give the same duplicates",
		in:   Input{Faces: []Face{face(3, "02 18:00:00"), face(2, "02 09:00:30"), face(1, "02 09:00:00")}},
		want: `
			2026-04-02 in=02 09:00:00 out=02 18:00:00 work=540 break=0 counted=2
			  r1 02 09:00:00 face counted clock_in
			  r2 02 09:00:30 face duplicate
			  r3 02 18:00:00 face counted clock_out
			`,
	}, {
		name: "deleting the kept record does not turn its duplicate into a punch",
		in: Input{Faces: []Face{face(1, "02 09:00:00"), face(2, "02 09:00:30")},
			Deleted: map[string]bool{"r1": true}},
		want: `
			2026-04-02 in=- out=- work=0 break=0 counted=0
			  r1 02 09:00:00 face deleted
			  r2 02 09:00:30 face duplicate
			`,
	}, {
		name: "a deleted duplicate shows as deleted",
		in: Input{Faces: []Face{face(1, "02 09:00:00"), face(2, "02 09:00:30")},
			Deleted: map[string]bool{"r2": true}},
		want: `
			2026-04-02 in=02 09:00:00 out=- work=0 break=0 counted=1 missing_clock_out
			  r1 02 09:00:00 face counted clock_in
			  r2 02 09:00:30 face deleted
			`,
	}, {
		name:     "an approval does not turn a duplicate into a punch",
		settings: mode(ModeUnapprovedFirst),
		in: Input{
			Faces:     []Face{face(1, "02 09:00:00"), face(2, "02 09:00:30")},
			Others:    []Other{other("ic1", SourceICCard, "02 08:55:00")},
			Decisions: map[int64]Decision{2: DecisionApprove},
		},
		want: `
			2026-04-02 in=02 08:55:00 out=- work=0 break=0 counted=1 missing_clock_out pending
			  ic1 02 08:55:00 ic_card counted clock_in
			  r1 02 09:00:00 face pending because=ic1
			  r2 02 09:00:30 face duplicate
			`,
	}})
}

func TestRemarks(t *testing.T) {
	withTemp := func(id int64, when string, temp float64) Face {
		f := face(id, when)
		f.Temperature = temp
		return f
	}
	withMask := func(id int64, when string, mask *int) Face {
		f := face(id, when)
		f.Mask = mask
		return f
	}
	flagged := face(1, "02 09:00:00")
	flagged.AbnormalType = AbnormalTemperature
	both := withTemp(1, "02 09:00:00", 38.2)
	both.Mask = intp(0)
	runCases(t, []ruleCase{{
		name: "temperature above the threshold is abnormal temperature, and the record is still a punch",
		in:   Input{Faces: []Face{withTemp(1, "02 09:00:00", 37.6)}},
		want: `
			2026-04-02 in=02 09:00:00 out=- work=0 break=0 counted=1 missing_clock_out [abnormal_temperature] fevers=1 nomask=0
			  r1 02 09:00:00 face counted clock_in [abnormal_temperature]
			`,
	}, {
		name: "temperature at the threshold is normal",
		in:   Input{Faces: []Face{withTemp(1, "02 09:00:00", 37.5)}},
		want: `
			2026-04-02 in=02 09:00:00 out=- work=0 break=0 counted=1 missing_clock_out
			  r1 02 09:00:00 face counted clock_in
			`,
	}, {
		name:     "temperature 0 means not measured, whatever the threshold",
		settings: func(s *Settings) { s.TemperatureThreshold = -1 },
		in:       Input{Faces: []Face{withTemp(1, "02 09:00:00", 0)}},
		want: `
			2026-04-02 in=02 09:00:00 out=- work=0 break=0 counted=1 missing_clock_out
			  r1 02 09:00:00 face counted clock_in
			`,
	}, {
		name: "the abnormal flag alone is abnormal temperature, even when not measured",
		in:   Input{Faces: []Face{flagged}},
		want: `
			2026-04-02 in=02 09:00:00 out=- work=0 break=0 counted=1 missing_clock_out [abnormal_temperature] fevers=1 nomask=0
			  r1 02 09:00:00 face counted clock_in [abnormal_temperature]
			`,
	}, {
		name:     "temperature check off writes no remark, not even for a flagged hot record",
		settings: func(s *Settings) { s.TemperatureCheck = false },
		in:       Input{Faces: []Face{func() Face { f := withTemp(1, "02 09:00:00", 39); f.AbnormalType = AbnormalTemperature; return f }()}},
		want: `
			2026-04-02 in=02 09:00:00 out=- work=0 break=0 counted=1 missing_clock_out
			  r1 02 09:00:00 face counted clock_in
			`,
	}, {
		name: "no mask is no mask; worn or unknown is normal",
		in: Input{Faces: []Face{withMask(1, "02 09:00:00", intp(0)), withMask(2, "02 12:00:00", intp(1)),
			withMask(3, "02 18:00:00", nil)}},
		want: `
			2026-04-02 in=02 09:00:00 out=- work=180 break=360 counted=3 missing_clock_out [no_mask] fevers=0 nomask=1
			  r1 02 09:00:00 face counted clock_in [no_mask]
			  r2 02 12:00:00 face counted break_start
			  r3 02 18:00:00 face counted break_end
			`,
	}, {
		name:     "mask check off writes no remark",
		settings: func(s *Settings) { s.MaskCheck = false },
		in:       Input{Faces: []Face{withMask(1, "02 09:00:00", intp(0))}},
		want: `
			2026-04-02 in=02 09:00:00 out=- work=0 break=0 counted=1 missing_clock_out
			  r1 02 09:00:00 face counted clock_in
			`,
	}, {
		name: "both remarks come abnormal temperature first",
		in:   Input{Faces: []Face{both}},
		want: `
			2026-04-02 in=02 09:00:00 out=- work=0 break=0 counted=1 missing_clock_out [abnormal_temperature no_mask] fevers=1 nomask=1
			  r1 02 09:00:00 face counted clock_in [abnormal_temperature no_mask]
			`,
	}, {
		name:     "remarks of duplicate, auto-deleted and deleted records count for the day: no fever reading is lost",
		settings: mode(ModeFirstLast),
		in: Input{
			Faces: []Face{face(1, "02 09:00:00"), withTemp(2, "02 09:00:30", 38), withMask(3, "02 12:00:00", intp(0)),
				withTemp(4, "02 13:00:00", 38.5), face(5, "02 18:00:00")},
			Deleted: map[string]bool{"r4": true},
		},
		want: `
			2026-04-02 in=02 09:00:00 out=02 18:00:00 work=540 break=0 counted=2 [abnormal_temperature no_mask] fevers=2 nomask=1
			  r1 02 09:00:00 face counted clock_in
			  r2 02 09:00:30 face duplicate [abnormal_temperature]
			  r3 02 12:00:00 face auto_deleted [no_mask]
			  r4 02 13:00:00 face deleted [abnormal_temperature]
			  r5 02 18:00:00 face counted clock_out
			`,
	}, {
		name:     "remarks of pending and rejected records both count for the day",
		settings: mode(ModeUnapprovedFirst),
		in: Input{
			Faces:  []Face{withTemp(1, "02 09:00:00", 38), withMask(2, "03 09:00:00", intp(0))},
			Others: []Other{other("ic1", SourceICCard, "02 08:55:00"), other("ic2", SourceICCard, "03 08:55:00")},
			// Record 2 is rejected.
			Decisions: map[int64]Decision{2: DecisionReject},
		},
		want: `
			2026-04-02 in=02 08:55:00 out=- work=0 break=0 counted=1 missing_clock_out pending [abnormal_temperature] fevers=1 nomask=0
			  ic1 02 08:55:00 ic_card counted clock_in
			  r1 02 09:00:00 face pending [abnormal_temperature] because=ic1
			2026-04-03 in=03 08:55:00 out=- work=0 break=0 counted=1 missing_clock_out [no_mask] fevers=0 nomask=1
			  ic2 03 08:55:00 ic_card counted clock_in
			  r2 03 09:00:00 face rejected [no_mask] because=ic2 decision=reject
			`,
	}})
}

func TestPunchOptions(t *testing.T) {
	runCases(t, []ruleCase{{
		name: "all: every kept face record is a punch, so passing the terminal at lunch makes a break",
		in:   Input{Faces: []Face{face(1, "02 09:00:00"), face(2, "02 12:00:00"), face(3, "02 13:00:00"), face(4, "02 18:00:00")}},
		want: `
			2026-04-02 in=02 09:00:00 out=02 18:00:00 work=480 break=60 counted=4
			  r1 02 09:00:00 face counted clock_in
			  r2 02 12:00:00 face counted break_start
			  r3 02 13:00:00 face counted break_end
			  r4 02 18:00:00 face counted clock_out
			`,
	}, {
		name:     "an empty punch option means all",
		settings: mode(""),
		in:       Input{Faces: []Face{face(1, "02 09:00:00"), face(2, "02 12:00:00"), face(3, "02 18:00:00")}},
		want: `
			2026-04-02 in=02 09:00:00 out=- work=180 break=360 counted=3 missing_clock_out
			  r1 02 09:00:00 face counted clock_in
			  r2 02 12:00:00 face counted break_start
			  r3 02 18:00:00 face counted break_end
			`,
	}, {
		name:     "first-last: only the first and the last kept face record count, the ones between are auto-deleted",
		settings: mode(ModeFirstLast),
		in: Input{Faces: []Face{face(1, "02 09:00:00"), face(2, "02 10:00:00"), face(3, "02 12:00:00"),
			face(4, "02 13:00:00"), face(5, "02 18:00:00")}},
		want: `
			2026-04-02 in=02 09:00:00 out=02 18:00:00 work=540 break=0 counted=2
			  r1 02 09:00:00 face counted clock_in
			  r2 02 10:00:00 face auto_deleted
			  r3 02 12:00:00 face auto_deleted
			  r4 02 13:00:00 face auto_deleted
			  r5 02 18:00:00 face counted clock_out
			`,
	}, {
		name:     "first-last: a single face record counts as clock-in",
		settings: mode(ModeFirstLast),
		in:       Input{Faces: []Face{face(1, "02 09:00:00")}},
		want: `
			2026-04-02 in=02 09:00:00 out=- work=0 break=0 counted=1 missing_clock_out
			  r1 02 09:00:00 face counted clock_in
			`,
	}, {
		name:     "first-last: a duplicate at the end of the day is not the last",
		settings: mode(ModeFirstLast),
		in:       Input{Faces: []Face{face(1, "02 09:00:00"), face(2, "02 18:00:00"), face(3, "02 18:00:30")}},
		want: `
			2026-04-02 in=02 09:00:00 out=02 18:00:00 work=540 break=0 counted=2
			  r1 02 09:00:00 face counted clock_in
			  r2 02 18:00:00 face counted clock_out
			  r3 02 18:00:30 face duplicate
			`,
	}, {
		name:     "first-last: deleting the first face record does not promote the second",
		settings: mode(ModeFirstLast),
		in: Input{Faces: []Face{face(1, "02 09:00:00"), face(2, "02 12:00:00"), face(3, "02 18:00:00")},
			Deleted: map[string]bool{"r1": true}},
		want: `
			2026-04-02 in=02 18:00:00 out=- work=0 break=0 counted=1 missing_clock_out
			  r1 02 09:00:00 face deleted
			  r2 02 12:00:00 face auto_deleted
			  r3 02 18:00:00 face counted clock_in
			`,
	}, {
		name:     "first-last: restoring an auto-deleted record is an administrator punch at its time, which counts",
		settings: mode(ModeFirstLast),
		in: Input{
			Faces:  []Face{face(1, "02 09:00:00"), face(2, "02 12:00:00"), face(3, "02 13:00:00"), face(4, "02 18:00:00")},
			Others: []Other{{ID: "a1", Time: at("02 12:00:00"), Source: SourceAdmin, Note: "restored r2"}},
		},
		want: `
			2026-04-02 in=02 09:00:00 out=- work=180 break=360 counted=3 missing_clock_out
			  r1 02 09:00:00 face counted clock_in
			  a1 02 12:00:00 admin counted break_start note="restored r2"
			  r2 02 12:00:00 face auto_deleted
			  r3 02 13:00:00 face auto_deleted
			  r4 02 18:00:00 face counted break_end
			`,
	}, {
		name:     "first-last picks first and last per business day, night shifts included",
		settings: func(s *Settings) { s.Mode = ModeFirstLast; s.DayChange = 5 * time.Hour },
		in: Input{Faces: []Face{face(1, "02 22:00:00"), face(2, "03 01:00:00"), face(3, "03 04:00:00"),
			face(4, "03 21:00:00")}},
		want: `
			2026-04-02 in=02 22:00:00 out=03 04:00:00 work=360 break=0 counted=2
			  r1 02 22:00:00 face counted clock_in
			  r2 03 01:00:00 face auto_deleted
			  r3 03 04:00:00 face counted clock_out
			2026-04-03 in=03 21:00:00 out=- work=0 break=0 counted=1 missing_clock_out
			  r4 03 21:00:00 face counted clock_in
			`,
	}})
}

func TestUnapprovedFirst(t *testing.T) {
	uf := mode(ModeUnapprovedFirst)
	day := func(extra ...Other) Input {
		return Input{
			Faces:  []Face{face(1, "02 09:00:00"), face(2, "02 18:00:00")},
			Others: append([]Other{other("ic1", SourceICCard, "02 08:55:00")}, extra...),
		}
	}
	with := func(in Input, f func(*Input)) Input { f(&in); return in }
	runCases(t, []ruleCase{{
		name:     "face punch after an IC card punch earlier that day is pending in unapproved-first",
		settings: uf,
		in:       day(),
		want: `
			2026-04-02 in=02 08:55:00 out=02 18:00:00 work=545 break=0 counted=2 pending
			  ic1 02 08:55:00 ic_card counted clock_in
			  r1 02 09:00:00 face pending because=ic1
			  r2 02 18:00:00 face counted clock_out
			`,
	}, {
		name:     "an approved pending face punch counts",
		settings: uf,
		in:       with(day(), func(in *Input) { in.Decisions = map[int64]Decision{1: DecisionApprove} }),
		want: `
			2026-04-02 in=02 08:55:00 out=- work=5 break=540 counted=3 missing_clock_out
			  ic1 02 08:55:00 ic_card counted clock_in
			  r1 02 09:00:00 face counted break_start because=ic1 decision=approve
			  r2 02 18:00:00 face counted break_end
			`,
	}, {
		name:     "a rejected face punch never counts",
		settings: uf,
		in:       with(day(), func(in *Input) { in.Decisions = map[int64]Decision{1: DecisionReject} }),
		want: `
			2026-04-02 in=02 08:55:00 out=02 18:00:00 work=545 break=0 counted=2
			  ic1 02 08:55:00 ic_card counted clock_in
			  r1 02 09:00:00 face rejected because=ic1 decision=reject
			  r2 02 18:00:00 face counted clock_out
			`,
	}, {
		name:     "only the day's first face record can be pending, even after another IC card punch",
		settings: uf,
		in:       with(day(other("ic2", SourceICCard, "02 17:00:00")), func(*Input) {}),
		want: `
			2026-04-02 in=02 08:55:00 out=- work=485 break=60 counted=3 missing_clock_out pending
			  ic1 02 08:55:00 ic_card counted clock_in
			  r1 02 09:00:00 face pending because=ic1
			  ic2 02 17:00:00 ic_card counted break_start
			  r2 02 18:00:00 face counted break_end
			`,
	}, {
		name:     "an other punch after the first face record does not make it pending",
		settings: uf,
		in: Input{Faces: []Face{face(1, "02 09:00:00"), face(2, "02 18:00:00")},
			Others: []Other{other("web1", SourceWeb, "02 12:00:00")}},
		want: `
			2026-04-02 in=02 09:00:00 out=- work=180 break=360 counted=3 missing_clock_out
			  r1 02 09:00:00 face counted clock_in
			  web1 02 12:00:00 web counted break_start
			  r2 02 18:00:00 face counted break_end
			`,
	}, {
		name:     "an other punch in the same second is not earlier",
		settings: uf,
		in: Input{Faces: []Face{face(1, "02 09:00:00")},
			Others: []Other{other("ic1", SourceICCard, "02 09:00:00")}},
		want: `
			2026-04-02 in=02 09:00:00 out=02 09:00:00 work=0 break=0 counted=2
			  ic1 02 09:00:00 ic_card counted clock_in
			  r1 02 09:00:00 face counted clock_out
			`,
	}, {
		name:     "a deleted other punch does not make the face record pending",
		settings: uf,
		in:       with(day(), func(in *Input) { in.Deleted = map[string]bool{"ic1": true} }),
		want: `
			2026-04-02 in=02 09:00:00 out=02 18:00:00 work=540 break=0 counted=2
			  ic1 02 08:55:00 ic_card deleted
			  r1 02 09:00:00 face counted clock_in
			  r2 02 18:00:00 face counted clock_out
			`,
	}, {
		name:     "an other punch on the previous business day does not make the face record pending",
		settings: func(s *Settings) { s.Mode = ModeUnapprovedFirst; s.DayChange = 5 * time.Hour },
		in: Input{Faces: []Face{face(1, "03 06:00:00")},
			Others: []Other{other("ic1", SourceICCard, "03 04:30:00")}},
		want: `
			2026-04-02 in=03 04:30:00 out=- work=0 break=0 counted=1 missing_clock_out
			  ic1 03 04:30:00 ic_card counted clock_in
			2026-04-03 in=03 06:00:00 out=- work=0 break=0 counted=1 missing_clock_out crossing_suspected
			  r1 03 06:00:00 face counted clock_in
			`,
	}, {
		name:     "the punch that made it pending is the latest earlier other punch",
		settings: uf,
		in: Input{Faces: []Face{face(1, "02 09:00:00")},
			Others: []Other{other("web1", SourceWeb, "02 08:30:00"), other("ic1", SourceICCard, "02 08:00:00")}},
		want: `
			2026-04-02 in=02 08:00:00 out=02 08:30:00 work=30 break=0 counted=2 pending
			  ic1 02 08:00:00 ic_card counted clock_in
			  web1 02 08:30:00 web counted clock_out
			  r1 02 09:00:00 face pending because=web1
			`,
	}, {
		name:     "a decision on a record that is not the day's first face record is ignored",
		settings: uf,
		in:       with(day(), func(in *Input) { in.Decisions = map[int64]Decision{2: DecisionReject} }),
		want: `
			2026-04-02 in=02 08:55:00 out=02 18:00:00 work=545 break=0 counted=2 pending
			  ic1 02 08:55:00 ic_card counted clock_in
			  r1 02 09:00:00 face pending because=ic1
			  r2 02 18:00:00 face counted clock_out
			`,
	}, {
		name: "a decision is ignored under punch option all",
		in:   with(day(), func(in *Input) { in.Decisions = map[int64]Decision{1: DecisionReject} }),
		want: `
			2026-04-02 in=02 08:55:00 out=- work=5 break=540 counted=3 missing_clock_out
			  ic1 02 08:55:00 ic_card counted clock_in
			  r1 02 09:00:00 face counted break_start
			  r2 02 18:00:00 face counted break_end
			`,
	}, {
		name:     "a kept rejection is ignored while the other punch is deleted",
		settings: uf,
		in: with(day(), func(in *Input) {
			in.Decisions = map[int64]Decision{1: DecisionReject}
			in.Deleted = map[string]bool{"ic1": true}
		}),
		want: `
			2026-04-02 in=02 09:00:00 out=02 18:00:00 work=540 break=0 counted=2
			  ic1 02 08:55:00 ic_card deleted
			  r1 02 09:00:00 face counted clock_in
			  r2 02 18:00:00 face counted clock_out
			`,
	}, {
		name:     "deleting a pending face punch takes it out of the queue",
		settings: uf,
		in:       with(day(), func(in *Input) { in.Deleted = map[string]bool{"r1": true} }),
		want: `
			2026-04-02 in=02 08:55:00 out=02 18:00:00 work=545 break=0 counted=2
			  ic1 02 08:55:00 ic_card counted clock_in
			  r1 02 09:00:00 face deleted because=ic1
			  r2 02 18:00:00 face counted clock_out
			`,
	}, {
		name:     "a day without other punches has nothing pending",
		settings: uf,
		in:       Input{Faces: []Face{face(1, "02 09:00:00"), face(2, "02 18:00:00")}},
		want: `
			2026-04-02 in=02 09:00:00 out=02 18:00:00 work=540 break=0 counted=2
			  r1 02 09:00:00 face counted clock_in
			  r2 02 18:00:00 face counted clock_out
			`,
	}})
}

func TestDeletionAndOtherPunches(t *testing.T) {
	runCases(t, []ruleCase{{
		name: "other punches always count, with their source and note",
		in: Input{Others: []Other{other("web1", SourceWeb, "02 09:00:00"),
			{ID: "m1", Time: at("02 18:00:00"), Source: SourceMobile, Note: "外出先から"}}},
		want: `
			2026-04-02 in=02 09:00:00 out=02 18:00:00 work=540 break=0 counted=2
			  web1 02 09:00:00 web counted clock_in
			  m1 02 18:00:00 mobile counted clock_out note="外出先から"
			`,
	}, {
		name: "a deleted other punch does not count",
		in: Input{Faces: []Face{face(1, "02 09:00:00")},
			Others:  []Other{other("web1", SourceWeb, "02 18:00:00")},
			Deleted: map[string]bool{"web1": true}},
		want: `
			2026-04-02 in=02 09:00:00 out=- work=0 break=0 counted=1 missing_clock_out
			  r1 02 09:00:00 face counted clock_in
			  web1 02 18:00:00 web deleted
			`,
	}, {
		name: "a deleted face punch does not count and the rest are typed without it",
		in: Input{Faces: []Face{face(1, "02 09:00:00"), face(2, "02 12:00:00"), face(3, "02 13:00:00"), face(4, "02 18:00:00")},
			Deleted: map[string]bool{"r2": true}},
		want: `
			2026-04-02 in=02 09:00:00 out=- work=240 break=300 counted=3 missing_clock_out
			  r1 02 09:00:00 face counted clock_in
			  r2 02 12:00:00 face deleted
			  r3 02 13:00:00 face counted break_start
			  r4 02 18:00:00 face counted break_end
			`,
	}, {
		name: "deleted ids of another staff member or unknown ids change nothing",
		in: Input{Faces: []Face{face(1, "02 09:00:00"), face(2, "02 18:00:00")},
			Deleted: map[string]bool{"r3": true, "x": true, "r1": false}},
		want: `
			2026-04-02 in=02 09:00:00 out=02 18:00:00 work=540 break=0 counted=2
			  r1 02 09:00:00 face counted clock_in
			  r2 02 18:00:00 face counted clock_out
			`,
	}, {
		name: "a day whose every punch is deleted is still listed, with nothing counted",
		in: Input{Others: []Other{other("web1", SourceWeb, "02 09:00:00")},
			Deleted: map[string]bool{"web1": true}},
		want: `
			2026-04-02 in=- out=- work=0 break=0 counted=0
			  web1 02 09:00:00 web deleted
			`,
	}})
}

func TestTypingByPosition(t *testing.T) {
	const in, bs, be, out = KindClockIn, KindBreakStart, KindBreakEnd, KindClockOut
	for _, c := range []struct {
		name   string
		want   []Kind
		work   int
		break_ int
	}{
		{"one counted punch is a clock-in", []Kind{in}, 0, 0},
		{"two are clock-in and clock-out", []Kind{in, out}, 60, 0},
		{"three are clock-in, break start, break end", []Kind{in, bs, be}, 60, 60},
		{"four end with a clock-out", []Kind{in, bs, be, out}, 120, 60},
		{"five end with a break end", []Kind{in, bs, be, bs, be}, 120, 120},
		{"six are two breaks between clock-in and clock-out", []Kind{in, bs, be, bs, be, out}, 180, 120},
	} {
		t.Run(c.name, func(t *testing.T) {
			var input Input
			for i := range c.want {
				input.Faces = append(input.Faces, Face{RecordID: int64(i + 1), Time: at("02 08:00:00").Add(time.Duration(i) * time.Hour)})
			}
			days := Compute(input, DefaultSettings(), at("03 00:00:00"))
			if len(days) != 1 {
				t.Fatalf("got %d days, want 1", len(days))
			}
			d := days[0]
			var got []Kind
			for _, p := range d.Punches {
				got = append(got, p.Kind)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("kinds %v, want %v", got, c.want)
			}
			odd := len(c.want)%2 == 1
			if d.WorkMinutes != c.work || d.BreakMinutes != c.break_ || d.Counted != len(c.want) || d.Has(FlagMissingClockOut) != odd ||
				(d.ClockOut == nil) != odd {
				t.Errorf("work %d break %d counted %d missing %v clock-out %v, want %d %d %d %v",
					d.WorkMinutes, d.BreakMinutes, d.Counted, d.Has(FlagMissingClockOut), d.ClockOut, c.work, c.break_, len(c.want), odd)
			}
		})
	}
}

func TestDaySummary(t *testing.T) {
	four := Input{Faces: []Face{face(1, "02 09:00:00"), face(2, "02 11:30:00"), face(3, "02 12:15:00"), face(4, "02 18:05:00")}}
	one := Input{Faces: []Face{face(1, "02 09:00:00")}}
	runCases(t, []ruleCase{{
		name: "work is the sum of clock-in to break and break end to clock-out; break is the gap between",
		in:   four,
		want: `
			2026-04-02 in=02 09:00:00 out=02 18:05:00 work=500 break=45 counted=4
			  r1 02 09:00:00 face counted clock_in
			  r2 02 11:30:00 face counted break_start
			  r3 02 12:15:00 face counted break_end
			  r4 02 18:05:00 face counted clock_out
			`,
	}, {
		name:     "minutes are floored from the summed seconds, not pair by pair",
		settings: func(s *Settings) { s.DuplicateWindow = 0 },
		in: Input{Faces: []Face{face(1, "02 09:00:00"), face(2, "02 09:00:50"), face(3, "02 10:00:00"),
			face(4, "02 10:00:40")}},
		want: `
			2026-04-02 in=02 09:00:00 out=02 10:00:40 work=1 break=59 counted=4
			  r1 02 09:00:00 face counted clock_in
			  r2 02 09:00:50 face counted break_start
			  r3 02 10:00:00 face counted break_end
			  r4 02 10:00:40 face counted clock_out
			`,
	}, {
		name: "an odd count is missing its clock-out once the day is over",
		in:   one,
		now:  "03 00:00:00",
		want: `
			2026-04-02 in=02 09:00:00 out=- work=0 break=0 counted=1 missing_clock_out
			  r1 02 09:00:00 face counted clock_in
			`,
	}, {
		name: "an odd count is not missing its clock-out while the day runs",
		in:   one,
		now:  "02 23:59:59",
		want: `
			2026-04-02 in=02 09:00:00 out=- work=0 break=0 counted=1 open
			  r1 02 09:00:00 face counted clock_in provisional
			`,
	}, {
		name:     "with day change 05:00 the day runs until 05:00 the next morning",
		settings: dayChange(5 * time.Hour),
		in:       one,
		now:      "03 04:59:59",
		want: `
			2026-04-02 in=02 09:00:00 out=- work=0 break=0 counted=1 open
			  r1 02 09:00:00 face counted clock_in provisional
			`,
	}, {
		name:     "with day change 05:00 the day is over at 05:00 the next morning",
		settings: dayChange(5 * time.Hour),
		in:       one,
		now:      "03 05:00:00",
		want: `
			2026-04-02 in=02 09:00:00 out=- work=0 break=0 counted=1 missing_clock_out
			  r1 02 09:00:00 face counted clock_in
			`,
	}, {
		name:     "face records in the same second are ordered by record number, not as text",
		settings: func(s *Settings) { s.DuplicateWindow = 0 },
		in:       Input{Faces: []Face{face(10, "02 09:00:00"), face(9, "02 09:00:00")}},
		want: `
			2026-04-02 in=02 09:00:00 out=02 09:00:00 work=0 break=0 counted=2
			  r9 02 09:00:00 face counted clock_in
			  r10 02 09:00:00 face counted clock_out
			`,
	}, {
		name: "an other punch and a face record in the same second are ordered by id",
		in: Input{Faces: []Face{face(1, "02 09:00:00"), face(2, "02 18:00:00")},
			Others: []Other{other("web1", SourceWeb, "02 09:00:00"), other("ic1", SourceICCard, "02 18:00:00")}},
		want: `
			2026-04-02 in=02 09:00:00 out=02 18:00:00 work=0 break=540 counted=4
			  r1 02 09:00:00 face counted clock_in
			  web1 02 09:00:00 web counted break_start
			  ic1 02 18:00:00 ic_card counted break_end
			  r2 02 18:00:00 face counted clock_out
			`,
	}, {
		name:     "night shift: with day change 05:00, clock-in at 22:00 and clock-out at 04:00 are one business day",
		settings: dayChange(5 * time.Hour),
		in:       Input{Faces: []Face{face(1, "02 22:00:00"), face(2, "03 04:00:00")}},
		want: `
			2026-04-02 in=02 22:00:00 out=03 04:00:00 work=360 break=0 counted=2
			  r1 02 22:00:00 face counted clock_in
			  r2 03 04:00:00 face counted clock_out
			`,
	}, {
		name: "without a day change the same night shift is split at midnight",
		in:   Input{Faces: []Face{face(1, "02 22:00:00"), face(2, "03 04:00:00")}},
		want: `
			2026-04-02 in=02 22:00:00 out=- work=0 break=0 counted=1 missing_clock_out
			  r1 02 22:00:00 face counted clock_in
			2026-04-03 in=03 04:00:00 out=- work=0 break=0 counted=1 missing_clock_out
			  r2 03 04:00:00 face counted clock_in
			`,
	}, {
		name: "only days with punches are listed, by date",
		in:   Input{Faces: []Face{face(2, "05 09:00:00"), face(1, "02 09:00:00")}},
		want: `
			2026-04-02 in=02 09:00:00 out=- work=0 break=0 counted=1 missing_clock_out
			  r1 02 09:00:00 face counted clock_in
			2026-04-05 in=05 09:00:00 out=- work=0 break=0 counted=1 missing_clock_out
			  r2 05 09:00:00 face counted clock_in
			`,
	}})
}

func TestComputeEmptyAndZeroSettings(t *testing.T) {
	if days := Compute(Input{}, DefaultSettings(), at("02 00:00:00")); days != nil {
		t.Errorf("no punches gave %d days", len(days))
	}
	// The zero Settings mean punch option all in Asia/Tokyo with no
	// duplicate window: 15:30 UTC is 00:30 the next day in Tokyo.
	in := Input{Faces: []Face{
		{RecordID: 1, Time: time.Date(2026, 4, 1, 15, 30, 0, 0, time.UTC)},
		{RecordID: 2, Time: time.Date(2026, 4, 1, 15, 30, 10, 0, time.UTC)},
	}}
	days := Compute(in, Settings{}, at("02 01:00:00"))
	if len(days) != 1 || days[0].Date != "2026-04-02" || days[0].Counted != 2 {
		t.Errorf("zero settings gave %s", describe(days, Settings{}))
	}
}

func TestComputeDays(t *testing.T) {
	s := DefaultSettings()
	in := Input{Faces: []Face{face(1, "01 23:59:30"), face(2, "02 00:00:10"), face(3, "02 18:00:00"), face(4, "03 09:00:00")}}
	days := ComputeDays(in, s, at("10 00:00:00"), map[string]bool{"2026-04-02": true, "2026-04-04": true})
	want := `
2026-04-02 in=02 00:00:10 out=02 18:00:00 work=1079 break=0 counted=2 long_day crossing_suspected
  r2 02 00:00:10 face counted clock_in
  r3 02 18:00:00 face counted clock_out
`[1:]
	if got := describe(days, s); got != want {
		t.Errorf("only the listed days with punches, the day before read for the crossing flag:\ngot\n%s\nwant\n%s", got, want)
	}
	if days := ComputeDays(in, s, at("10 00:00:00"), nil); days != nil {
		t.Errorf("no dates listed gave %d days", len(days))
	}
	all := map[string]bool{"2026-04-01": true, "2026-04-02": true, "2026-04-03": true}
	if a, b := ComputeDays(in, s, at("10 00:00:00"), all), Compute(in, s, at("10 00:00:00")); !reflect.DeepEqual(a, b) {
		t.Errorf("every date listed differs from Compute:\n%s\n%s", describe(a, s), describe(b, s))
	}
}

func TestComputeIgnoresInputOrderAndLeavesInputAlone(t *testing.T) {
	s := DefaultSettings()
	s.Mode = ModeUnapprovedFirst
	s.DayChange = 5 * time.Hour
	in := Input{
		Faces: []Face{face(1, "02 09:00:00"), face(2, "02 09:00:20"), face(3, "02 12:00:00"), face(4, "03 04:00:00"),
			face(5, "03 09:00:00"), face(6, "03 09:00:00"), face(7, "03 18:00:00")},
		Others: []Other{other("ic1", SourceICCard, "02 08:50:00"), other("ic2", SourceICCard, "03 08:59:00"),
			other("ic3", SourceICCard, "03 08:59:00")},
		Decisions: map[int64]Decision{1: DecisionApprove},
		Deleted:   map[string]bool{"r3": true},
	}
	now := at("10 00:00:00")
	want := describe(Compute(in, s, now), s)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		shuffled := in
		shuffled.Faces = slices.Clone(in.Faces)
		shuffled.Others = slices.Clone(in.Others)
		rng.Shuffle(len(shuffled.Faces), func(i, j int) { shuffled.Faces[i], shuffled.Faces[j] = shuffled.Faces[j], shuffled.Faces[i] })
		rng.Shuffle(len(shuffled.Others), func(i, j int) { shuffled.Others[i], shuffled.Others[j] = shuffled.Others[j], shuffled.Others[i] })
		before := slices.Clone(shuffled.Faces)
		if got := describe(Compute(shuffled, s, now), s); got != want {
			t.Fatalf("shuffled input gave\n%s\nwant\n%s", got, want)
		}
		if !slices.Equal(before, shuffled.Faces) {
			t.Fatal("Compute reordered the caller's faces")
		}
	}
}

func TestTiesKeepOneOrderAmongAllIds(t *testing.T) {
	s := DefaultSettings()
	s.DuplicateWindow = 0
	in := Input{
		Faces: []Face{face(10, "02 09:00:00"), face(9, "02 09:00:00")},
		Others: []Other{other("web1", SourceWeb, "02 09:00:00"), other("ra", SourceOther, "02 09:00:00"),
			other("ic1", SourceICCard, "02 09:00:00"), other("r-x", SourceOther, "02 09:00:00")},
	}
	days := Compute(in, s, at("03 00:00:00"))
	var got []string
	for _, p := range days[0].Punches {
		got = append(got, p.ID)
	}
	// Face ids compare as "r" and 20 digits: after "r-x", before "ra".
	if want := []string{"ic1", "r-x", "r9", "r10", "ra", "web1"}; !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}

// Work time is time that passed, not the difference of wall clocks: the
// night Berlin falls back has an hour more.
func TestNightShiftAcrossFallBackCountsElapsedTime(t *testing.T) {
	s := DefaultSettings()
	s.Location, s.DayChange = mustZone("Europe/Berlin"), 12*time.Hour
	in := Input{Faces: []Face{
		{RecordID: 1, Time: mustTime("2026-10-24T22:00:00+02:00")},
		{RecordID: 2, Time: mustTime("2026-10-25T06:00:00+01:00")},
	}}
	days := Compute(in, s, mustTime("2026-11-01T00:00:00Z"))
	if len(days) != 1 || days[0].Date != "2026-10-24" || days[0].WorkMinutes != 9*60 {
		t.Errorf("got %s", describe(days, s))
	}
}
