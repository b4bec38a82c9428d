package main

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func pngPhoto(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 8, 8))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestStaffPushRegistersInSenseLink registers staff in the stand-in through
// punchctl: all those not in SenseLink, each with its own result; photos
// from a folder, refused before sending when SenseLink would refuse them.
func TestStaffPushRegistersInSenseLink(t *testing.T) {
	sim, srv := newSim(t)
	c := newCLI(t)
	c.must(simSecret+"\n", "link", "--server", srv.URL, "--app-key", simKey)
	known := sim.People()[0]
	c.must("", "staff", "add", "--code", known.JobNumber, "--name", known.Name)
	// 0 + a number SenseLink has: most likely that person, so not pushed.
	nearly := "0" + sim.People()[1].JobNumber
	for _, p := range [][2]string{{"9001", "新人 一郎"}, {"9002", "新人 二郎"}, {"9003", "新人 三郎"}, {"9004", "新人 四郎"}, {nearly, sim.People()[1].Name}} {
		c.must("", "staff", "add", "--code", p[0], "--name", p[1])
	}
	photos := t.TempDir()
	writeFile(t, filepath.Join(photos, "9002.png"), string(pngPhoto(t)))
	writeFile(t, filepath.Join(photos, "9003.jpg"), "this is not a picture")
	big := append(pngPhoto(t), bytes.Repeat([]byte{0}, 4<<20)...)
	if err := os.WriteFile(filepath.Join(photos, "9004.png"), big, 0o600); err != nil {
		t.Fatal(err)
	}
	before := len(sim.People())

	code, out, errOut := c.run("", "staff", "push", "--photo-dir", photos)
	if code != 1 || !strings.Contains(errOut, "2 of 4 staff could not be registered") {
		t.Fatalf("push: exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{
		"9001  新人 一郎  registered without a photo",
		"9002  新人 二郎  registered, with a photo",
		"9003  新人 三郎  failed: photo",
		"not a JPEG or PNG image",
		"9004  新人 四郎  failed: photo",
		"SenseLink accepts at most 4 MB",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("push output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, known.JobNumber) || strings.Contains(out, nearly) {
		t.Errorf("a staff member SenseLink knows was pushed:\n%s", out)
	}
	if !strings.Contains(errOut, "skipped "+nearly+": it nearly matches employee number "+sim.People()[1].JobNumber) {
		t.Errorf("the near match is not named as skipped: %s", errOut)
	}
	people := sim.People()
	if len(people) != before+2 {
		t.Fatalf("the stand-in has %d people, want %d", len(people), before+2)
	}
	byNumber := map[string]string{}
	for _, p := range people {
		byNumber[p.JobNumber] = p.Avatar
	}
	if _, ok := byNumber["9001"]; !ok || byNumber["9001"] != "" || byNumber["9002"] == "" {
		t.Errorf("registered: 9001 avatar %q, 9002 avatar %q", byNumber["9001"], byNumber["9002"])
	}

	// Named explicitly, one already there is skipped without a call.
	out = c.must("", "staff", "push", known.JobNumber, "9001")
	if !strings.Contains(out, known.JobNumber) || strings.Count(out, "already in SenseLink") != 2 {
		t.Errorf("pushing registered staff again:\n%s", out)
	}
	if len(sim.People()) != before+2 {
		t.Errorf("a second push registered someone twice")
	}
	if code, _, errOut := c.run("", "staff", "push", "0000"); code != 1 || !strings.Contains(errOut+out, "could not be registered") {
		t.Errorf("an unknown code: exit %d %s", code, errOut)
	}
	audit := c.must("", "audit", "--json")
	if strings.Count(audit, `"staff.push"`) != 2 {
		t.Errorf("audit trail has %d staff.push entries, want 2:\n%s", strings.Count(audit, `"staff.push"`), audit)
	}
}
