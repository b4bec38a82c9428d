package rules

import (
	"testing"
	"time"
)

func receivedBy(f Face, when string) Face {
	f.ReceivedBy = at(when)
	return f
}

func abnormal(f Face, kind int) Face {
	f.AbnormalType = kind
	return f
}

func TestNightShiftsAndTheDayChange(t *testing.T) {
	shift := Input{Faces: []Face{face(1, "02 21:58:00"), face(2, "03 02:00:00"), face(3, "03 02:45:00"), face(4, "03 06:30:00")}}
	runCases(t, []ruleCase{{
		name:     "with the night group's day change at 12:00 a 22:00–06:30 shift is one day, clocked out the next morning",
		settings: dayChange(12 * time.Hour),
		in:       shift,
		want: `
			2026-04-02 in=02 21:58:00 out=03 06:30:00 work=467 break=45 counted=4
			  r1 02 21:58:00 face counted clock_in
			  r2 03 02:00:00 face counted break_start
			  r3 03 02:45:00 face counted break_end
			  r4 03 06:30:00 face counted clock_out
			`,
	}, {
		name:     "night shift clock-out after a 05:00 day change belongs to the next business day, which is flagged as a crossing",
		settings: dayChange(5 * time.Hour),
		in:       Input{Faces: []Face{face(1, "02 21:58:00"), face(2, "03 06:30:00"), face(3, "03 21:30:00"), face(4, "04 06:07:00")}},
		want: `
			2026-04-02 in=02 21:58:00 out=- work=0 break=0 counted=1 missing_clock_out
			  r1 02 21:58:00 face counted clock_in
			2026-04-03 in=03 06:30:00 out=03 21:30:00 work=900 break=0 counted=2 long_day crossing_suspected
			  r2 03 06:30:00 face counted clock_in
			  r3 03 21:30:00 face counted clock_out
			2026-04-04 in=04 06:07:00 out=- work=0 break=0 counted=1 missing_clock_out
			  r4 04 06:07:00 face counted clock_in
			`,
	}, {
		name:     "a first punch three hours or more after the day change is no crossing",
		settings: dayChange(5 * time.Hour),
		in:       Input{Faces: []Face{face(1, "02 21:58:00"), face(2, "03 08:00:00"), face(3, "03 17:00:00")}},
		want: `
			2026-04-02 in=02 21:58:00 out=- work=0 break=0 counted=1 missing_clock_out
			  r1 02 21:58:00 face counted clock_in
			2026-04-03 in=03 08:00:00 out=03 17:00:00 work=540 break=0 counted=2
			  r2 03 08:00:00 face counted clock_in
			  r3 03 17:00:00 face counted clock_out
			`,
	}, {
		name:     "a day after a closed day is no crossing however early it starts",
		settings: dayChange(5 * time.Hour),
		in:       Input{Faces: []Face{face(1, "02 09:00:00"), face(2, "02 18:00:00"), face(3, "03 05:10:00"), face(4, "03 14:00:00")}},
		want: `
			2026-04-02 in=02 09:00:00 out=02 18:00:00 work=540 break=0 counted=2
			  r1 02 09:00:00 face counted clock_in
			  r2 02 18:00:00 face counted clock_out
			2026-04-03 in=03 05:10:00 out=03 14:00:00 work=530 break=0 counted=2
			  r3 03 05:10:00 face counted clock_in
			  r4 03 14:00:00 face counted clock_out
			`,
	}})
}

func TestLongDay(t *testing.T) {
	runCases(t, []ruleCase{{
		name: "exactly 13 hours from first to last is not a long day",
		in:   Input{Faces: []Face{face(1, "02 07:00:00"), face(2, "02 20:00:00")}},
		want: `
			2026-04-02 in=02 07:00:00 out=02 20:00:00 work=780 break=0 counted=2
			  r1 02 07:00:00 face counted clock_in
			  r2 02 20:00:00 face counted clock_out
			`,
	}, {
		name: "a second over 13 hours is a long day",
		in:   Input{Faces: []Face{face(1, "02 07:00:00"), face(2, "02 20:00:01")}},
		want: `
			2026-04-02 in=02 07:00:00 out=02 20:00:01 work=780 break=0 counted=2 long_day
			  r1 02 07:00:00 face counted clock_in
			  r2 02 20:00:01 face counted clock_out
			`,
	}, {
		name:     "long-day 0 turns the flag off",
		settings: func(s *Settings) { s.LongDay = 0 },
		in:       Input{Faces: []Face{face(1, "02 05:00:00"), face(2, "02 23:00:00")}},
		want: `
			2026-04-02 in=02 05:00:00 out=02 23:00:00 work=1080 break=0 counted=2
			  r1 02 05:00:00 face counted clock_in
			  r2 02 23:00:00 face counted clock_out
			`,
	}})
}

func TestFirstLastOverAllSources(t *testing.T) {
	runCases(t, []ruleCase{{
		name:     "first-last keeps an IC clock-in and the last face record",
		settings: mode(ModeFirstLast),
		in: Input{Faces: []Face{face(1, "02 09:18:00"), face(2, "02 19:00:00")},
			Others: []Other{other("ic1", SourceICCard, "02 08:55:00")}},
		want: `
			2026-04-02 in=02 08:55:00 out=02 19:00:00 work=605 break=0 counted=2
			  ic1 02 08:55:00 ic_card counted clock_in
			  r1 02 09:18:00 face auto_deleted
			  r2 02 19:00:00 face counted clock_out
			`,
	}, {
		name:     "first-last with an IC clock-out after the last face record keeps only the first face record",
		settings: mode(ModeFirstLast),
		in: Input{Faces: []Face{face(1, "02 09:00:00"), face(2, "02 12:00:00"), face(3, "02 18:00:00")},
			Others: []Other{other("ic1", SourceICCard, "02 19:00:00")}},
		want: `
			2026-04-02 in=02 09:00:00 out=02 19:00:00 work=600 break=0 counted=2
			  r1 02 09:00:00 face counted clock_in
			  r2 02 12:00:00 face auto_deleted
			  r3 02 18:00:00 face auto_deleted
			  ic1 02 19:00:00 ic_card counted clock_out
			`,
	}, {
		name:     "first-last with IC punches on both sides auto-deletes every face record",
		settings: mode(ModeFirstLast),
		in: Input{Faces: []Face{face(1, "02 09:18:00"), face(2, "02 17:00:00")},
			Others: []Other{other("ic1", SourceICCard, "02 08:55:00"), other("ic2", SourceICCard, "02 18:30:00")}},
		want: `
			2026-04-02 in=02 08:55:00 out=02 18:30:00 work=575 break=0 counted=2
			  ic1 02 08:55:00 ic_card counted clock_in
			  r1 02 09:18:00 face auto_deleted
			  r2 02 17:00:00 face auto_deleted
			  ic2 02 18:30:00 ic_card counted clock_out
			`,
	}})
}

func TestSuspectTime(t *testing.T) {
	runCases(t, []ruleCase{{
		name: "a record signed two days after the window it arrived in is suspect, never a punch, and flags its day",
		in: Input{Faces: []Face{receivedBy(face(1, "02 09:00:00"), "02 09:01:00"), receivedBy(face(2, "04 18:00:00"), "02 18:00:30"),
			receivedBy(face(3, "02 18:00:00"), "02 18:00:30")}},
		want: `
			2026-04-02 in=02 09:00:00 out=02 18:00:00 work=540 break=0 counted=2
			  r1 02 09:00:00 face counted clock_in
			  r3 02 18:00:00 face counted clock_out
			2026-04-04 in=- out=- work=0 break=0 counted=0 suspect_time
			  r2 04 18:00:00 face suspect_time
			`,
	}, {
		name: "a record ten minutes ahead of its window is not suspect",
		in:   Input{Faces: []Face{receivedBy(face(1, "02 09:10:00"), "02 09:00:00")}},
		want: `
			2026-04-02 in=02 09:10:00 out=- work=0 break=0 counted=1 missing_clock_out
			  r1 02 09:10:00 face counted clock_in
			`,
	}, {
		name: "a terminal reset to its factory date gives a suspect record long before its window",
		in: Input{Faces: []Face{{RecordID: 1, Time: time.Date(2000, 1, 1, 0, 3, 0, 0, mustZone("Asia/Tokyo")), ReceivedBy: at("02 09:00:00")},
			receivedBy(face(2, "02 09:00:00"), "02 09:00:30")}},
		want: `
			2000-01-01 in=- out=- work=0 break=0 counted=0 suspect_time
			  r1 01 00:03:00 face suspect_time
			2026-04-02 in=02 09:00:00 out=- work=0 break=0 counted=1 missing_clock_out
			  r2 02 09:00:00 face counted clock_in
			`,
	}, {
		name: "a suspect record is no anchor for the duplicate window",
		in:   Input{Faces: []Face{receivedBy(face(1, "02 09:00:00"), "02 08:00:00"), receivedBy(face(2, "02 09:00:20"), "02 09:01:00")}},
		want: `
			2026-04-02 in=02 09:00:20 out=- work=0 break=0 counted=1 missing_clock_out suspect_time
			  r1 02 09:00:00 face suspect_time
			  r2 02 09:00:20 face counted clock_in
			`,
	}, {
		name: "a record whose window is unknown is never suspect",
		in:   Input{Faces: []Face{face(1, "02 09:00:00")}},
		want: `
			2026-04-02 in=02 09:00:00 out=- work=0 break=0 counted=1 missing_clock_out
			  r1 02 09:00:00 face counted clock_in
			`,
	}})
}

func TestAbnormalTypes(t *testing.T) {
	runCases(t, []ruleCase{{
		name: "abnormal type 50001 is no mask even when the mask flag is unknown",
		in:   Input{Faces: []Face{abnormal(face(1, "02 09:00:00"), AbnormalNoMask)}},
		want: `
			2026-04-02 in=02 09:00:00 out=- work=0 break=0 counted=1 missing_clock_out [no_mask] fevers=0 nomask=1
			  r1 02 09:00:00 face counted clock_in [no_mask]
			`,
	}, {
		name: "abnormal type 10001 (ID card mismatch) is no remark",
		in:   Input{Faces: []Face{abnormal(face(1, "02 09:00:00"), 10001)}},
		want: `
			2026-04-02 in=02 09:00:00 out=- work=0 break=0 counted=1 missing_clock_out
			  r1 02 09:00:00 face counted clock_in
			`,
	}, {
		name:     "with the mask check off, abnormal type 50001 is no remark",
		settings: func(s *Settings) { s.MaskCheck = false },
		in:       Input{Faces: []Face{abnormal(face(1, "02 09:00:00"), AbnormalNoMask)}},
		want: `
			2026-04-02 in=02 09:00:00 out=- work=0 break=0 counted=1 missing_clock_out
			  r1 02 09:00:00 face counted clock_in
			`,
	}})
}

func TestOpenDays(t *testing.T) {
	day := Input{Faces: []Face{face(1, "02 09:00:00"), face(2, "02 12:00:00")}}
	runCases(t, []ruleCase{{
		name: "today is open: no work time yet, and its last punch is provisional",
		in:   day,
		now:  "02 12:30:00",
		want: `
			2026-04-02 in=02 09:00:00 out=02 12:00:00 work=0 break=0 counted=2 open
			  r1 02 09:00:00 face counted clock_in
			  r2 02 12:00:00 face counted clock_out provisional
			`,
	}, {
		name: "the same day once it is over has its work time and nothing provisional",
		in:   day,
		now:  "03 00:00:00",
		want: `
			2026-04-02 in=02 09:00:00 out=02 12:00:00 work=180 break=0 counted=2
			  r1 02 09:00:00 face counted clock_in
			  r2 02 12:00:00 face counted clock_out
			`,
	}, {
		name:     "with a 05:00 day change the day stays open until 05:00 the next morning",
		settings: dayChange(5 * time.Hour),
		in:       day,
		now:      "03 04:59:59",
		want: `
			2026-04-02 in=02 09:00:00 out=02 12:00:00 work=0 break=0 counted=2 open
			  r1 02 09:00:00 face counted clock_in
			  r2 02 12:00:00 face counted clock_out provisional
			`,
	}})
}

func TestReasonsShowOnThePunchesTheyApplyTo(t *testing.T) {
	runCases(t, []ruleCase{{
		name:     "a rejection's reason and a deletion's reason show on their punches",
		settings: mode(ModeUnapprovedFirst),
		in: Input{Faces: []Face{face(1, "02 09:00:00"), face(2, "02 18:00:00")},
			Others:          []Other{other("ic1", SourceICCard, "02 08:50:00"), other("ic2", SourceICCard, "02 18:05:00")},
			Decisions:       map[int64]Decision{1: DecisionReject},
			DecisionReasons: map[int64]string{1: "別人の顔"},
			Deleted:         map[string]bool{"ic2": true},
			DeleteReasons:   map[string]string{"ic2": "二重打刻"}},
		want: `
			2026-04-02 in=02 08:50:00 out=02 18:00:00 work=550 break=0 counted=2
			  ic1 02 08:50:00 ic_card counted clock_in
			  r1 02 09:00:00 face rejected because=ic1 decision=reject reason="別人の顔"
			  r2 02 18:00:00 face counted clock_out
			  ic2 02 18:05:00 ic_card deleted reason="二重打刻"
			`,
	}})
}
