package senselinksim

import (
	"cmp"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"
)

// NightShiftGroup is the group whose members work overnight in generated
// history: they arrive in the evening and leave the next morning, which is
// what makes a day boundary interesting for the punch rules.
const NightShiftGroup = "夜勤"

var demoStaff = []struct{ name, group string }{
	{"佐藤 健太", "営業部"}, {"鈴木 美咲", "総務部"}, {"高橋 翔太", "開発部"}, {"田中 陽子", "営業部"},
	{"伊藤 大輔", "製造部"}, {"渡辺 さくら", "総務部"}, {"山本 拓也", "開発部"}, {"中村 由美", "営業部"},
	{"小林 直樹", "製造部"}, {"加藤 恵", "開発部"}, {"吉田 誠", "製造部"}, {"山田 彩花", "営業部"},
	{"佐々木 亮", "開発部"}, {"山口 真由美", "総務部"}, {"松本 隆", "製造部"}, {"井上 結衣", "開発部"},
	{"木村 和也", "営業部"}, {"林 優子", "製造部"}, {"斎藤 浩二", "製造部"}, {"清水 愛", "総務部"},
	{"山崎 雄一", "開発部"}, {"森 千尋", "営業部"}, {"池田 修", "製造部"}, {"橋本 麻衣", "開発部"},
}

// Demo staff at these indexes (吉田 誠 and 斎藤 浩二) work nights.
var demoNightShift = map[int]bool{10: true, 18: true}

var (
	extraSurnames = []string{"阿部", "石川", "前田", "藤田", "後藤", "岡田", "長谷川", "村上", "近藤", "石井",
		"坂本", "遠藤", "青木", "藤井", "西村", "福田", "太田", "三浦", "藤原", "岡本"}
	extraGivenNames = []string{"大翔", "陽菜", "蓮", "結菜", "悠真", "葵", "湊", "凛", "陸", "芽依",
		"健一", "恵子", "正樹", "京子", "博", "裕子", "剛", "久美子", "聡", "智子", "翼", "七海", "学"}
	departments = []string{"営業部", "総務部", "開発部", "製造部"}
)

// DemoPeople is a small Japanese office: 24 staff with employee numbers
// "1001".."1024"; two of them work the night shift (group 夜勤). Person ids
// differ from employee numbers on purpose, so that a client matching staff by
// user_id instead of job_number shows up in tests.
func DemoPeople() []Person {
	return GenerateStaff(len(demoStaff))
}

// GenerateStaff is a roster of n staff: the demo office first, then made-up
// names, employee numbers counting up from "1001", about one in twelve on
// the night shift.
func GenerateStaff(n int) []Person {
	people := make([]Person, n)
	for i := range people {
		var name, group string
		night := false
		if i < len(demoStaff) {
			name, group, night = demoStaff[i].name, demoStaff[i].group, demoNightShift[i]
		} else {
			name = extraSurnames[i%len(extraSurnames)] + " " + extraGivenNames[(i/len(extraSurnames))%len(extraGivenNames)]
			group = departments[i%len(departments)]
			night = i%12 == 10
		}
		groups := []string{group}
		if night {
			groups = []string{"製造部", NightShiftGroup}
		}
		people[i] = Person{
			ID:        31001 + int64(i),
			Name:      name,
			JobNumber: strconv.Itoa(1001 + i),
			ICNumber:  fmt.Sprintf("0412%06d", 381000+i*137),
			Groups:    groups,
		}
	}
	return people
}

// DemoDevices are the demo office's two terminals: a SenseThunder-E at the
// front entrance and a SenseThunder-Mini at the staff door.
func DemoDevices() []Device {
	return []Device{
		{ID: 1, LDID: "SPSE-3f9a6c2e8b1d4e07a5c9f2b6d8e4a1c3", Name: "本社 正面入口", Location: "本社 1F 正面入口", TypeID: 20},
		{ID: 2, LDID: "SPSE-b72e05d19c4a48f3e6a1d0c7f5b29e84", Name: "本社 通用口", Location: "本社 1F 通用口", TypeID: 19},
	}
}

func isNightShift(p Person) bool {
	return slices.Contains(p.Groups, NightShiftGroup)
}

// GenerateDays fills the cloud with the history of days days starting on the
// date of from (in the account zone): perPersonPerDay recognitions of each
// person each day (arrival, lunch out and back, other passes, leaving; night
// shift from evening to the next morning), each received a few seconds after
// it happened. Recognitions the cloud could not have received yet (after
// Now) are left out. The history must start after the last received record.
func (s *Server) GenerateDays(from time.Time, days int, people []Person, devices []Device, perPersonPerDay int) error {
	if days < 0 || perPersonPerDay < 0 {
		return fmt.Errorf("generate days: days (%d) and recognitions per day (%d) must not be negative", days, perPersonPerDay)
	}
	if len(devices) == 0 && len(people) > 0 && days > 0 && perPersonPerDay > 0 {
		return errors.New("generate days: there are no devices")
	}
	now := s.now()
	y, m, d := from.In(s.loc).Date()

	recs := make([]Record, 0, days*len(people)*perPersonPerDay)
	jobNumbers := make([]*string, len(people))
	for i := range people {
		jn := people[i].JobNumber
		jobNumbers[i] = &jn
	}
	offsets := make([]int, perPersonPerDay)

	s.genMu.Lock()
	rng := s.genRNG
	for day := 0; day < days; day++ {
		dayStart := time.Date(y, m, d+day, 0, 0, 0, 0, s.loc)
		for pi := range people {
			p := &people[pi]
			dayOffsets(rng, offsets, isNightShift(*p))
			group := ""
			if len(p.Groups) > 0 {
				group = p.Groups[0]
			}
			for k, off := range offsets {
				sign := dayStart.Add(time.Duration(off) * time.Second)
				recv := sign.Add(time.Duration(1+rng.IntN(6)) * time.Second)
				if recv.After(now) {
					continue
				}
				dev := devices[rng.IntN(len(devices))]
				if (k == 0 || k == len(offsets)-1) && rng.Float64() < 0.8 {
					dev = devices[0] // most people come and go through the main entrance
				}
				temp := drawTemperature(rng)
				mask := maskPtr(drawMask(rng))
				recs = append(recs, Record{
					SignTime:        sign,
					ReceivedAt:      recv,
					UserID:          p.ID,
					UserName:        p.Name,
					UserType:        1,
					JobNumber:       jobNumbers[pi],
					Device:          dev,
					BodyTemperature: temp,
					AbnormalType:    abnormalFor(temp, mask),
					Mask:            mask,
					VerifyScore:     employeeScore(rng),
					EntryMode:       1,
					GroupName:       group,
				})
			}
		}
	}
	s.genMu.Unlock()

	// Sort keys rather than the records: moving 200-byte structs around is
	// what would make a month of history slow.
	type key struct {
		recv int64
		idx  int32
	}
	keys := make([]key, len(recs))
	for i := range recs {
		keys[i] = key{recs[i].ReceivedAt.UnixNano(), int32(i)}
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(a.recv, b.recv), cmp.Compare(a.idx, b.idx))
	})

	s.mu.Lock()
	defer s.mu.Unlock()
	if len(keys) > 0 {
		if first := recs[keys[0].idx].ReceivedAt; first.Before(s.lastRecv) {
			return fmt.Errorf("generate days: history starts at %s, before the last received record (%s)",
				first.Format(time.RFC3339), s.lastRecv.Format(time.RFC3339))
		}
	}
	s.recs = slices.Grow(s.recs, len(keys))
	for _, k := range keys {
		if _, err := s.receiveLocked(recs[k.idx]); err != nil {
			return fmt.Errorf("generate days: %w", err)
		}
	}
	return nil
}

// dayOffsets fills offsets (seconds from the day's midnight, ascending) with
// one person's passes through the terminals on one day.
func dayOffsets(rng *rand.Rand, offsets []int, night bool) {
	n := len(offsets)
	if n == 0 {
		return
	}
	const hour = 3600
	jitter := func(center, spread, lo, hi float64) int {
		v := center + spread*rng.NormFloat64()
		return int(min(hi, max(lo, v)) * hour)
	}
	var arrive, leave, breakOut int
	if night {
		arrive = jitter(21.75, 0.15, 21, 22.5)
		leave = 24*hour + jitter(6.9, 0.3, 6.25, 8.5)
		breakOut = 26*hour + rng.IntN(30*60)
	} else {
		arrive = jitter(8.75, 0.25, 7.5, 10)
		leave = jitter(18.2, 0.7, 17.5, 22)
		breakOut = 12*hour + rng.IntN(20*60)
	}
	offsets[0] = arrive + rng.IntN(60)
	if n == 1 {
		return
	}
	offsets[n-1] = leave + rng.IntN(60)
	for k := 1; k < n-1; k++ {
		switch k {
		case 1:
			offsets[k] = breakOut
		case 2:
			offsets[k] = breakOut + 45*60 + rng.IntN(15*60)
		default:
			offsets[k] = arrive + 30*60 + rng.IntN(max(1, leave-arrive-60*60))
		}
	}
	slices.Sort(offsets)
}
