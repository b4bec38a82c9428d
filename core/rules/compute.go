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

// Compute applies SPEC §3–4 to one staff member: it returns every business
// day that has at least one punch (of any status), by date, each with all
// of its punches by time then id and its summary.
//
// The caller passes only records already matched to this staff member:
// strangers and records whose employee number matches no staff member
// (未登録) never reach this package; they become punches when a staff member
// with that code appears and the caller recomputes.
//
// The decisions, in the order they apply:
//   - Duplicates come from the records alone, across business days: sorted
//     by time then record id, a record less than DuplicateWindow after the
//     previous kept record is a duplicate. Deletions and decisions do not
//     change which records are duplicates.
//   - first-last picks the first and last kept face records of the day
//     before deletions: deleting the first does not promote the second.
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
// Ties in time are broken by id: face ids among themselves by record number
// (r9 before r10), other ids as strings, and a face id against an other id
// as a string with the record number zero-padded to 20 digits.
//
// Work and break minutes are time that passed (a night shift across a
// daylight-saving change has an hour more or less than its wall clocks
// say), floored once from the summed durations. A Punch's Time is the input
// time unchanged, in whatever location it had; dates and day-change
// comparisons use s.Location, ordering uses the wall time (not a monotonic
// reading). No two punches or days
// share elements of their Remarks, so a caller may change them freely.
func Compute(in Input, s Settings, now time.Time) []Day {
	return compute(in, s, now, nil)
}

// ComputeDays is Compute restricted to the business days in dates (none
// when dates is empty). The duplicate chain still runs over every record in
// the input, so a caller recomputing some days passes the records from the
// day before the first of them: the first record of a day can be a
// duplicate of the day before's last. That is exact unless records less
// than the window apart run without a break through the whole day before.
func ComputeDays(in Input, s Settings, now time.Time, dates map[string]bool) []Day {
	if len(dates) == 0 {
		return nil
	}
	return compute(in, s, now, dates)
}

// entry is one punch while sorting and grouping. It holds no pointers, so
// the garbage collector never scans the sort buffers of a month of records.
type entry struct {
	sec  int64 // wall time of the instant, as Unix seconds and nanoseconds
	nsec int32
	idx  int32 // index in Input.Faces or Input.Others
	rec  int64 // face record id
	face bool
	dup  bool
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

func compute(in Input, s Settings, now time.Time, only map[string]bool) []Day {
	s = s.normalized()
	if len(in.Faces)+len(in.Others) == 0 {
		return nil
	}

	order := func(a, b entry) int { return compareEntries(&in, a, b) }
	faces := make([]entry, len(in.Faces))
	for i := range in.Faces {
		faces[i] = newEntry(in.Faces[i].Time, i, true, in.Faces[i].RecordID)
	}
	slices.SortStableFunc(faces, order)
	markDuplicates(faces, s.DuplicateWindow)

	others := make([]entry, len(in.Others))
	for i := range in.Others {
		others[i] = newEntry(in.Others[i].Time, i, false, 0)
	}
	slices.SortStableFunc(others, order)

	all := mergeEntries(&in, faces, others)
	groups := groupDays(all, s)

	kept := groups[:0]
	total := 0
	for _, g := range groups {
		g.date = formatDay(g.day)
		if only != nil && !only[g.date] {
			continue
		}
		kept = append(kept, g)
		total += g.to - g.from
	}
	if len(kept) == 0 {
		return nil
	}
	// One allocation each for the punches, the clock times, the face ids
	// and the remarks of all days, rather than one per record: a month of
	// a large site is hundreds of thousands of records.
	punches := make([]Punch, total)
	clock := make([]time.Time, 2*len(kept))
	days := make([]Day, len(kept))
	var l labeler
	l.ids.Grow(total * 12)
	off := 0
	for i, g := range kept {
		n := g.to - g.from
		days[i] = buildDay(&in, s, now, g, all[g.from:g.to], punches[off:off+n:off+n], clock[2*i:2*i+2:2*i+2], &l)
		off += n
	}
	return days
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
	temp := s.TemperatureCheck && (f.Abnormal || (f.Temperature != 0 && f.Temperature > s.TemperatureThreshold))
	mask := s.MaskCheck && f.Mask != nil && *f.Mask == 0
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

// markDuplicates flags every face record (sorted) less than window after
// the previous kept one.
func markDuplicates(faces []entry, window time.Duration) {
	if window <= 0 {
		return
	}
	var last time.Time
	for i := range faces {
		t := faces[i].instant()
		if i > 0 && t.Sub(last) < window {
			faces[i].dup = true
			continue
		}
		last = t
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
// summary. clock backs the ClockIn and ClockOut pointers.
func buildDay(in *Input, s Settings, now time.Time, g dayGroup, es []entry, out []Punch, clock []time.Time, l *labeler) Day {
	first, last := -1, -1
	for k := range es {
		if es[k].face && !es[k].dup {
			if first < 0 {
				first = k
			}
			last = k
		}
	}
	because := ""
	if s.Mode == ModeUnapprovedFirst && first >= 0 {
		for k := first - 1; k >= 0; k-- {
			e := &es[k]
			if !e.face && e.before(&es[first]) && !in.Deleted[in.Others[e.idx].ID] {
				because = in.Others[e.idx].ID
				break
			}
		}
	}

	counted := 0
	for k := range es {
		e, p := &es[k], &out[k]
		p.BusinessDate = g.date
		if e.face {
			f := &in.Faces[e.idx]
			p.ID, p.Time, p.Source, p.RecordID = l.faceID(e.rec), f.Time, SourceFace, e.rec
			p.TerminalID, p.Terminal = f.TerminalID, f.Terminal
			p.Remarks = l.faceRemarks(f, s)
			switch {
			case e.dup:
				p.Status = StatusDuplicate
			case s.Mode == ModeFirstLast && k != first && k != last:
				p.Status = StatusAutoDeleted
			case k == first && because != "":
				p.PendingBecause = because
				switch in.Decisions[e.rec] {
				case DecisionApprove:
					p.Status = StatusCounted
				case DecisionReject:
					p.Status = StatusRejected
				default:
					p.Status = StatusPending
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
		}
		if p.Status == StatusCounted {
			counted++
		}
	}

	d := Day{Date: g.date, Punches: out, Counted: counted}
	var work, rest time.Duration
	var prev time.Time
	var temp, mask bool
	pos := 0
	for k := range out {
		p := &out[k]
		if p.Status == StatusPending {
			d.Pending = true
		}
		if p.Source == SourceFace && (p.Status == StatusCounted || p.Status == StatusPending) {
			for _, r := range p.Remarks {
				temp = temp || r == RemarkAbnormalTemperature
				mask = mask || r == RemarkNoMask
			}
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
		case pos%2 == 0:
			work = addDuration(work, t.Sub(prev))
			p.Kind = KindBreakStart
			if pos == counted {
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
	d.MissingClockOut = counted%2 == 1 && !now.Before(g.end)
	d.Remarks = l.remarkList(temp, mask)
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
