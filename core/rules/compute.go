package rules

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// FaceID returns the stable punch id of face record recordID: "r" followed
// by the decimal record id ("r1234"). Other punch ids are chosen by the
// caller and must never have this form ("r" followed by digits), so that the
// two kinds cannot collide in Input.Deleted or in the store.
func FaceID(recordID int64) string {
	var buf [24]byte
	return string(strconv.AppendInt(append(buf[:0], 'r'), recordID, 10))
}

// DaysOf applies SPEC §3–4 to one staff member: it returns every business
// day that has at least one punch (of any status), by date, each with all
// of its punches by time then id, its summary and its review flags — as if
// every day were over. Nothing in the result depends on the clock, so it
// can be stored; AsOf completes it for a given instant.
//
// only, when not nil, restricts the days returned. A day reads the day
// before it (crossing_suspected), so a caller recomputing some days passes
// the inputs from the day before the first of them.
//
// The caller passes only records already matched to this staff member, and
// settings whose DayChange is this member's (their group's, else the
// site's). Strangers and records whose employee number matches no staff
// member (未登録) never reach this package; they become punches when a
// staff member with that code appears and the caller recomputes.
//
// The decisions, in the order they apply:
//   - A face record whose time is more than SuspectAhead after the end of
//     the receive window it arrived in, or more than SuspectBehind before
//     it, is suspect_time: never a punch, and its day is flagged.
//   - Duplicates come from the other face records alone, within each
//     business day: sorted by time then record id, a record less than
//     DuplicateWindow after the previous kept record of the same business
//     day is a duplicate. Deletions and decisions do not change which
//     records are duplicates.
//   - first-last keeps the face records that are the day's earliest or
//     latest punch over all sources (kept face records and other punches,
//     before deletions: deleting the first does not promote the second);
//     the face records between are auto-deleted.
//   - unapproved-first looks at the day's first kept face record (again
//     before deletions). It is pending when an other punch that is not
//     deleted has a strictly earlier time on the same business day; an other
//     punch in the same second does not count as earlier. PendingBecause
//     names the latest such punch (the one closest before the face record)
//     and stays set after the decision or a deletion, so the details can say
//     why the punch needed one. Decisions on any other record, or in other
//     modes, are ignored but left in place for when the record is pending
//     again.
//   - Deletion applies last and to any punch, whatever it became, so that
//     restoring it gives back exactly what it was.
//
// Remarks are those of every face record, whatever it became, and the day's
// remarks and reading counts include them all (SPEC §4).
//
// Ties in time are broken by id: face ids among themselves by record number
// (r9 before r10), other ids as strings, and a face id against an other id
// as a string with the record number zero-padded to 20 digits.
//
// Work and break minutes are time that passed (a night shift across a
// daylight-saving change has an hour more or less than its wall clocks
// say), floored once from the summed durations. A Punch's Time is the input
// time unchanged, in whatever location it had; dates and day-change
// comparisons use s.Location, ordering uses the wall time (not a monotonic
// reading). No two punches or days share elements of their Remarks or
// Flags, so a caller may change them freely.
func DaysOf(in Input, s Settings, only map[string]bool) []Day {
	return compute(in, s, only)
}

// AsOf completes days for the instant now (SPEC §3): a day that has not
// ended is open — no work or break time yet, and its last counted punch is
// provisional, since the next punch can make it a break start — and a
// finished day with an odd count is flagged missing_clock_out. It changes
// days in place and returns them.
func AsOf(days []Day, s Settings, now time.Time) []Day {
	s = s.normalized()
	for i := range days {
		d := &days[i]
		_, end, err := DayBounds(d.Date, s)
		if err != nil {
			continue
		}
		d.Open = now.Before(end)
		if d.Open {
			d.WorkMinutes, d.BreakMinutes = 0, 0
			for k := len(d.Punches) - 1; k >= 0; k-- {
				if d.Punches[k].Status == StatusCounted {
					d.Punches[k].Provisional = true
					break
				}
			}
			continue
		}
		if d.Counted%2 == 1 && !d.Has(FlagMissingClockOut) {
			flags := make([]Flag, 0, len(d.Flags)+1)
			d.Flags = append(append(flags, FlagMissingClockOut), d.Flags...)
		}
	}
	return days
}

// Compute is DaysOf for every day, completed AsOf now.
func Compute(in Input, s Settings, now time.Time) []Day {
	return AsOf(compute(in, s, nil), s, now)
}

// ComputeDays is Compute restricted to the business days in dates (none
// when dates is empty); see DaysOf for the inputs it needs.
func ComputeDays(in Input, s Settings, now time.Time, dates map[string]bool) []Day {
	if len(dates) == 0 {
		return nil
	}
	return AsOf(compute(in, s, dates), s, now)
}

// entry is one punch while sorting and grouping. It holds no pointers, so
// the garbage collector never scans the sort buffers of a month of records.
type entry struct {
	sec     int64 // wall time of the instant, as Unix seconds and nanoseconds
	nsec    int32
	idx     int32 // index in Input.Faces or Input.Others
	rec     int64 // face record id
	face    bool
	dup     bool
	suspect bool
}

func newEntry(t time.Time, idx int, face bool, rec int64) entry {
	return entry{sec: t.Unix(), nsec: int32(t.Nanosecond()), idx: int32(idx), rec: rec, face: face}
}

// before reports whether e is strictly earlier than o.
func (e *entry) before(o *entry) bool {
	return e.sec < o.sec || e.sec == o.sec && e.nsec < o.nsec
}

// instant is the entry's time without any monotonic reading, so that
// ordering and differences agree.
func (e *entry) instant() time.Time { return time.Unix(e.sec, int64(e.nsec)) }

// dayGroup is one business day's run of sorted entries.
type dayGroup struct {
	from, to int
	day      int64 // days since 1970-01-01
	start    time.Time
	end      time.Time
	date     string
}

func compute(in Input, s Settings, only map[string]bool) []Day {
	s = s.normalized()
	if len(in.Faces)+len(in.Others) == 0 {
		return nil
	}

	order := func(a, b entry) int { return compareEntries(&in, a, b) }
	faces := make([]entry, len(in.Faces))
	for i := range in.Faces {
		f := &in.Faces[i]
		faces[i] = newEntry(f.Time, i, true, f.RecordID)
		faces[i].suspect = suspectTime(f)
	}
	slices.SortStableFunc(faces, order)

	others := make([]entry, len(in.Others))
	for i := range in.Others {
		others[i] = newEntry(in.Others[i].Time, i, false, 0)
	}
	slices.SortStableFunc(others, order)

	all := mergeEntries(&in, faces, others)
	groups := groupDays(all, s)
	for _, g := range groups {
		markDuplicates(all[g.from:g.to], s.DuplicateWindow)
	}

	// A day is built when asked for, or when the day after it is: that
	// one's crossing flag reads whether this one is open.
	build := make([]bool, len(groups))
	total, n := 0, 0
	for i := range groups {
		g := &groups[i]
		g.date = formatDay(g.day)
		want := only == nil || only[g.date]
		if want || (i+1 < len(groups) && groups[i+1].day == g.day+1 && only[formatDay(g.day+1)]) {
			build[i] = true
			total += g.to - g.from
			n++
		}
	}
	if n == 0 {
		return nil
	}
	// One allocation each for the punches, the clock times, the face ids
	// and the remarks of all days, rather than one per record: a month of
	// a large site is hundreds of thousands of records.
	punches := make([]Punch, total)
	clock := make([]time.Time, 2*n)
	days := make([]Day, 0, n)
	var l labeler
	l.ids.Grow(total * 12)
	off, c := 0, 0
	var prev *Day
	prevDay := int64(0)
	for i, g := range groups {
		if !build[i] {
			prev = nil
			continue
		}
		k := g.to - g.from
		var before *Day
		if prev != nil && prevDay == g.day-1 {
			before = prev
		}
		d := buildDay(&in, s, g, all[g.from:g.to], punches[off:off+k:off+k], clock[2*c:2*c+2:2*c+2], &l, before)
		off += k
		c++
		days = append(days, d)
		prev, prevDay = &days[len(days)-1], g.day
	}
	if only == nil {
		return days
	}
	kept := days[:0]
	for _, d := range days {
		if only[d.Date] {
			kept = append(kept, d)
		}
	}
	return kept
}

// suspectTime reports whether a face record's time cannot be right: well
// after the receive window it arrived in (a clock running ahead), or long
// before it (a clock reset to its factory date).
func suspectTime(f *Face) bool {
	if f.ReceivedBy.IsZero() {
		return false
	}
	return f.Time.After(f.ReceivedBy.Add(SuspectAhead)) || f.Time.Before(f.ReceivedBy.Add(-SuspectBehind))
}

// labeler hands out face ids and remarks carved from shared buffers. Both
// stay valid when a buffer grows: a strings.Builder never changes bytes
// already written, and remark slices are capped so that an append by the
// caller copies.
type labeler struct {
	ids     strings.Builder
	remarks []Remark
}

// faceID is FaceID without an allocation per record.
func (l *labeler) faceID(rec int64) string {
	var digits [20]byte
	start := l.ids.Len()
	l.ids.WriteByte('r')
	l.ids.Write(strconv.AppendInt(digits[:0], rec, 10))
	return l.ids.String()[start:]
}

// faceRemarks returns the remarks of one face record under the enabled
// checks (SPEC §4).
func (l *labeler) faceRemarks(f *Face, s Settings) []Remark {
	temp := s.TemperatureCheck && (f.AbnormalType == AbnormalTemperature || (f.Temperature != 0 && f.Temperature > s.TemperatureThreshold))
	mask := s.MaskCheck && (f.AbnormalType == AbnormalNoMask || (f.Mask != nil && *f.Mask == 0))
	return l.remarkList(temp, mask)
}

// remarkList returns the remarks present, abnormal temperature before no
// mask, or nil for none.
func (l *labeler) remarkList(temp, mask bool) []Remark {
	if !temp && !mask {
		return nil
	}
	if l.remarks == nil {
		l.remarks = make([]Remark, 0, 256)
	}
	start := len(l.remarks)
	if temp {
		l.remarks = append(l.remarks, RemarkAbnormalTemperature)
	}
	if mask {
		l.remarks = append(l.remarks, RemarkNoMask)
	}
	return l.remarks[start:len(l.remarks):len(l.remarks)]
}

// compareEntries orders punches by time, then id (see Compute).
func compareEntries(in *Input, a, b entry) int {
	if c := cmp.Compare(a.sec, b.sec); c != 0 {
		return c
	}
	if c := cmp.Compare(a.nsec, b.nsec); c != 0 {
		return c
	}
	switch {
	case a.face && b.face:
		return cmp.Compare(a.rec, b.rec)
	case !a.face && !b.face:
		return strings.Compare(in.Others[a.idx].ID, in.Others[b.idx].ID)
	case a.face:
		return compareFaceKey(a.rec, in.Others[b.idx].ID)
	default:
		return -compareFaceKey(b.rec, in.Others[a.idx].ID)
	}
}

// compareFaceKey compares face record rec's id with the other punch id
// other as strings, the record number zero-padded to 20 digits (negative
// numbers, which SenseLink never sends, after "r-"), so that one order
// holds among all ids.
func compareFaceKey(rec int64, other string) int {
	var buf [22]byte
	buf[0] = 'r'
	key := buf[:1]
	v := uint64(rec)
	if rec < 0 {
		key = append(key, '-')
		v ^= 1 << 63 // keeps negative numbers in numeric order
	}
	var digits [20]byte
	for i := len(digits) - 1; i >= 0; i-- {
		digits[i] = byte('0' + v%10)
		v /= 10
	}
	key = append(key, digits[:]...)
	for i := 0; i < len(key) && i < len(other); i++ {
		if key[i] != other[i] {
			return cmp.Compare(key[i], other[i])
		}
	}
	return cmp.Compare(len(key), len(other))
}

// markDuplicates flags every face record of one business day's sorted
// entries that is less than window after the previous kept one; suspect
// records and other punches are passed over.
func markDuplicates(es []entry, window time.Duration) {
	if window <= 0 {
		return
	}
	var last time.Time
	seen := false
	for i := range es {
		if !es[i].face || es[i].suspect {
			continue
		}
		t := es[i].instant()
		if seen && t.Sub(last) < window {
			es[i].dup = true
			continue
		}
		last, seen = t, true
	}
}

// mergeEntries merges two sorted runs into one.
func mergeEntries(in *Input, a, b []entry) []entry {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	out := make([]entry, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if compareEntries(in, b[j], a[i]) < 0 {
			out = append(out, b[j])
			j++
		} else {
			out = append(out, a[i])
			i++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

// groupDays splits sorted entries into business days. A business day is an
// interval of time, so one lookup per day is enough.
func groupDays(all []entry, s Settings) []dayGroup {
	groups := make([]dayGroup, 0, 8)
	for i := range all {
		t := all[i].instant()
		if n := len(groups); n > 0 && !t.Before(groups[n-1].start) && t.Before(groups[n-1].end) {
			groups[n-1].to = i + 1
			continue
		}
		day, start, end := locateDay(t, s.DayChange, s.Location)
		groups = append(groups, dayGroup{from: i, to: i + 1, day: day, start: start, end: end})
	}
	return groups
}

// buildDay fills out (one Punch per entry of es) and returns the day's
// summary. clock backs the ClockIn and ClockOut pointers; before is the
// business day just before, when it has punches.
func buildDay(in *Input, s Settings, g dayGroup, es []entry, out []Punch, clock []time.Time, l *labeler, before *Day) Day {
	firstFace, first, last := -1, -1, -1
	for k := range es {
		e := &es[k]
		if e.face && (e.dup || e.suspect) {
			continue
		}
		if first < 0 {
			first = k
		}
		last = k
		if e.face && firstFace < 0 {
			firstFace = k
		}
	}
	because := ""
	if s.Mode == ModeUnapprovedFirst && firstFace >= 0 {
		for k := firstFace - 1; k >= 0; k-- {
			e := &es[k]
			if !e.face && e.before(&es[firstFace]) && !in.Deleted[in.Others[e.idx].ID] {
				because = in.Others[e.idx].ID
				break
			}
		}
	}

	d := Day{Date: g.date, Punches: out}
	var temp, mask, suspect bool
	for k := range es {
		e, p := &es[k], &out[k]
		p.BusinessDate = g.date
		if e.face {
			f := &in.Faces[e.idx]
			p.ID, p.Time, p.Source, p.RecordID = l.faceID(e.rec), f.Time, SourceFace, e.rec
			p.TerminalID, p.Terminal = f.TerminalID, f.Terminal
			p.Remarks = l.faceRemarks(f, s)
			for _, r := range p.Remarks {
				switch r {
				case RemarkAbnormalTemperature:
					temp = true
					d.FeverReadings++
				case RemarkNoMask:
					mask = true
					d.NoMaskReadings++
				}
			}
			switch {
			case e.suspect:
				p.Status = StatusSuspectTime
				suspect = true
			case e.dup:
				p.Status = StatusDuplicate
			case s.Mode == ModeFirstLast && k != first && k != last:
				p.Status = StatusAutoDeleted
			case k == firstFace && because != "":
				p.PendingBecause = because
				p.Decision = in.Decisions[e.rec]
				switch p.Decision {
				case DecisionApprove:
					p.Status = StatusCounted
				case DecisionReject:
					p.Status = StatusRejected
				default:
					p.Status = StatusPending
				}
				if p.Decision != "" {
					p.Reason = in.DecisionReasons[e.rec]
				}
			default:
				p.Status = StatusCounted
			}
		} else {
			o := &in.Others[e.idx]
			p.ID, p.Time, p.Source, p.Note, p.Status = o.ID, o.Time, o.Source, o.Note, StatusCounted
		}
		if in.Deleted[p.ID] {
			p.Status = StatusDeleted
			p.Reason = in.DeleteReasons[p.ID]
		}
		if p.Status == StatusCounted {
			d.Counted++
		}
	}

	var work, rest time.Duration
	var prev, firstAt time.Time
	pending := false
	pos := 0
	for k := range out {
		p := &out[k]
		if p.Status == StatusPending {
			pending = true
		}
		if p.Status != StatusCounted {
			continue
		}
		pos++
		t := es[k].instant()
		switch {
		case pos == 1:
			p.Kind = KindClockIn
			clock[0] = p.Time
			d.ClockIn = &clock[0]
			firstAt = t
		case pos%2 == 0:
			work = addDuration(work, t.Sub(prev))
			p.Kind = KindBreakStart
			if pos == d.Counted {
				p.Kind = KindClockOut
				clock[1] = p.Time
				d.ClockOut = &clock[1]
			}
		default:
			rest = addDuration(rest, t.Sub(prev))
			p.Kind = KindBreakEnd
		}
		prev = t
	}
	d.WorkMinutes = int(work / time.Minute)
	d.BreakMinutes = int(rest / time.Minute)
	d.Remarks = l.remarkList(temp, mask)

	// Review flags, in the order of the Flag list (missing_clock_out, the
	// one that depends on the clock, is AsOf's).
	long := s.LongDay > 0 && d.Counted >= 2 && prev.Sub(firstAt) > s.LongDay
	crossing := before != nil && before.Counted%2 == 1 && d.Counted > 0 && firstAt.Sub(g.start) < CrossingWindow
	if pending || long || crossing || suspect {
		flags := make([]Flag, 0, 4)
		for _, f := range []struct {
			on   bool
			flag Flag
		}{{pending, FlagPending}, {long, FlagLongDay}, {crossing, FlagCrossingSuspected}, {suspect, FlagSuspectTime}} {
			if f.on {
				flags = append(flags, f.flag)
			}
		}
		d.Flags = flags
	}
	return d
}

// addDuration adds two non-negative durations, saturating instead of
// wrapping for punches centuries apart.
func addDuration(a, b time.Duration) time.Duration {
	if b > math.MaxInt64-a {
		return math.MaxInt64
	}
	return a + b
}
