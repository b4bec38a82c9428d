package senselink

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// Seeds come from the public manual's examples and the variants the tests
// above decode; the fuzzer mutates them into everything else.

var recordSeeds = []string{
	string(pageBody([]string{manualRecord}, `"total":1,"total_page":1,`)),
	string(fullPage(2)),
	`{"code":"200","message":"OK","data":{"data":[{"id":"7","sign_time":"1711929600123","mask":true,"job_number":12}]}}`,
	`{"code":200,"data":{"record_list":[{"id":1,"sign_time":null,"body_temperature":"","groups":null}],"total":null}}`,
	`{"code":200,"data":[{"id":1.0,"sign_time":"2024-04-01 09:00:00","userId":"3","jobNumber":"x"}]}`,
	`{"data":{"list":[{"id":1}]},"code":200}`,
	`{"code":200,"data":null}`,
	`{"code":200,"data":{"total":0}}`,
	`{"code":30003,"message":"Sign Invalid","data":null}`,
	`{"code":200,"data":{"list":[{"id":"a\u0062"},{"id":-1}]}}`,
	"<html><body>502 Bad Gateway</body></html>",
	`{"code":200,"data":{"list":[{"id":1},]}}`,
}

var employeeSeeds = []string{
	`{"code":200,"data":[{"id":1,"name":"佐藤","avatar":"a","ic_number":"IC1","mobile":"090","update_at":1700000000,"groupList":[{"id":1,"name":"営業部"},"全社"],"jobNumber":"0001"}]}`,
	`{"code":200,"data":{"list":[{"id":"2","job_number":2,"groupList":null}]}}`,
	`{"code":200,"data":{"records":[{"id":3,"groups":["a",{"groupName":"b"},1]}],"total":1}}`,
	`{"code":30005,"message":"No permission for this API"}`,
}

var terminalSeeds = []string{
	`{"code":200,"data":{"total":1,"pageNum":1,"size":100,"totalPage":1,"data":[{"device":{"id":11,"name":"入口","ldid":"SPSE-a","location":"東京","direction":1,"type_id":19,"type_name":"SenseThunder-Mini"},"device_type":{"id":19,"name":"SenseThunder-Mini"}}]}}`,
	`{"code":200,"data":[{"id":"13","name":"倉庫","ldid":"SPSE-c","typeId":"20"}]}`,
	`{"code":200,"data":{"list":[{"device":"x","id":4}],"total_page":"1"}}`,
}

var envelopeSeeds = []string{
	`{"code":200,"message":"OK","data":{"version":"3.4.1"}}`,
	`{"code":"30004","msg":"Timestamp expired"}`,
	`{"code":50000.0,"message":"Internal Server Error"}`,
	`{"code":200,"code":30003}`,
	`{"message":"no code"}`,
	`[]`,
	` `,
	`{"code":{"a":1}}`,
	`{"\u0063ode":200}`,
}

func addSeeds(f *testing.F, seeds ...[]string) {
	for _, set := range seeds {
		for _, s := range set {
			f.Add([]byte(s))
		}
	}
}

func FuzzDecodeRecordPage(f *testing.F) {
	addSeeds(f, recordSeeds, envelopeSeeds)
	f.Fuzz(func(t *testing.T, body []byte) {
		env, page, err := decodeRecordPage(body, jst)
		if err != nil {
			return
		}
		if env.Code != codeOK && len(page.Records) > 0 {
			t.Fatalf("code %d with %d records", env.Code, len(page.Records))
		}
		for _, r := range page.Records {
			if r.ID <= 0 {
				t.Fatalf("record without a usable id: %+v", r)
			}
			if !json.Valid(r.Raw) || r.Raw[0] != '{' || !bytes.Contains(body, r.Raw) {
				t.Fatalf("record %d Raw %q is not an object cut from the body", r.ID, r.Raw)
			}
			if r.Groups != nil && !json.Valid(r.Groups) {
				t.Fatalf("record %d Groups %q is not JSON", r.ID, r.Groups)
			}
			var m map[string]json.RawMessage
			if err := json.Unmarshal(r.Raw, &m); err != nil {
				t.Fatalf("record %d Raw does not decode: %v", r.ID, err)
			}
		}
	})
}

func FuzzDecodeEmployees(f *testing.F) {
	addSeeds(f, employeeSeeds, envelopeSeeds)
	f.Fuzz(func(t *testing.T, body []byte) {
		_, list, err := decodeEmployees(body)
		if err != nil {
			return
		}
		for _, e := range list {
			if e.ID <= 0 || !json.Valid(e.Raw) || e.Raw[0] != '{' {
				t.Fatalf("employee %+v", e)
			}
		}
	})
}

func FuzzDecodeTerminals(f *testing.F) {
	addSeeds(f, terminalSeeds, envelopeSeeds)
	f.Fuzz(func(t *testing.T, body []byte) {
		_, page, err := decodeTerminalPage(body)
		if err != nil {
			return
		}
		for _, term := range page.Terminals {
			if term.ID <= 0 || !json.Valid(term.Raw) || term.Raw[0] != '{' {
				t.Fatalf("terminal %+v", term)
			}
		}
		if page.Total < -1 || page.TotalPage < -1 {
			t.Fatalf("page totals %d, %d", page.Total, page.TotalPage)
		}
	})
}

// FuzzDecodeEnvelope checks the envelope against encoding/json: a body it
// accepts must be a JSON object whose (last) "code" it read correctly.
func FuzzDecodeEnvelope(f *testing.F) {
	addSeeds(f, envelopeSeeds, recordSeeds)
	f.Fuzz(func(t *testing.T, body []byte) {
		env, err := decodeEnvelope(body, nil)
		var m map[string]json.RawMessage
		stdErr := json.Unmarshal(body, &m)
		if err != nil {
			if stdErr == nil && m != nil {
				if n, ok := parseFlexNum(m["code"]).int64(); ok && n == int64(int32(n)) && m["code"] != nil {
					t.Fatalf("rejected an object with code %s: %v", m["code"], err)
				}
			}
			return
		}
		if stdErr != nil || m == nil {
			t.Fatalf("accepted what encoding/json rejects (%v): %q", stdErr, body)
		}
		if n, _ := parseFlexNum(m["code"]).int64(); int64(env.Code) != n {
			t.Fatalf("code %d, encoding/json saw %s", env.Code, m["code"])
		}
	})
}

// FuzzValidJSON holds validJSON to json.Valid's answer.
func FuzzValidJSON(f *testing.F) {
	addSeeds(f, recordSeeds, envelopeSeeds, []string{
		`0`, `-0.5e+3`, `01`, `1.`, `"\u00e9\ud83d"`, `"\x"`, "\"\x01\"", `[1,]`, `{"a":1,}`, `{"a" 1}`,
		`tru`, `nulll`, " [ ] ", `[[[[]]]]`, "\"\xff\"", `{"a":{"b":[true,false,null]}}`,
	})
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := validJSON(b), json.Valid(b); got != want {
			t.Fatalf("validJSON = %v, json.Valid = %v for %q", got, want, b)
		}
	})
}

func TestValidJSONNestingLimit(t *testing.T) {
	for _, depth := range []int{maxNesting, maxNesting + 1} {
		b := []byte(strings.Repeat("[", depth) + strings.Repeat("]", depth))
		if got, want := validJSON(b), json.Valid(b); got != want {
			t.Errorf("depth %d: validJSON = %v, json.Valid = %v", depth, got, want)
		}
	}
}

// FuzzWalkObject holds the member and element walkers to encoding/json's
// reading of the same valid JSON: same keys, same exact value bytes.
func FuzzWalkObject(f *testing.F) {
	addSeeds(f, recordSeeds, envelopeSeeds, employeeSeeds, terminalSeeds, []string{
		`{"a\"b":"c\\","":[],"x":{"y":"}"}}`, `[1, "]", {"a":[]} ,null]`, `{"a":1,"a":2}`, "{\"\xff\":1}",
	})
	f.Fuzz(func(t *testing.T, b []byte) {
		if !json.Valid(b) {
			return
		}
		b = trimSpace(b)
		switch b[0] {
		case '{':
			var want map[string]json.RawMessage
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			got := map[string][]byte{}
			if err := eachMember(b, func(key, val []byte) { got[string(key)] = val }); err != nil {
				t.Fatalf("eachMember: %v on %q", err, b)
			}
			if len(got) != len(want) {
				t.Fatalf("%d members, encoding/json saw %d in %q", len(got), len(want), b)
			}
			for k, v := range want {
				if !bytes.Equal(got[k], v) {
					t.Fatalf("member %q = %q, encoding/json saw %q", k, got[k], v)
				}
			}
		case '[':
			var want []json.RawMessage
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			var got [][]byte
			if err := eachElement(b, func(val []byte) { got = append(got, val) }); err != nil {
				t.Fatalf("eachElement: %v on %q", err, b)
			}
			if len(got) != len(want) {
				t.Fatalf("%d elements, encoding/json saw %d in %q", len(got), len(want), b)
			}
			for i := range want {
				if !bytes.Equal(got[i], want[i]) {
					t.Fatalf("element %d = %q, encoding/json saw %q", i, got[i], want[i])
				}
			}
		}
	})
}
