package site_test

import (
	"bytes"
	"context"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/punchdesk/punchdesk/core/secret"
	"github.com/punchdesk/punchdesk/core/senselinksim"
	"github.com/punchdesk/punchdesk/core/site"
	"github.com/punchdesk/punchdesk/core/store"
)

// TestSecretReachesNeitherDatabaseNorLog links with a known secret, syncs
// through failures, logs every error the way the app does, and then scans
// the log and every database file for the secret.
func TestSecretReachesNeitherDatabaseNorLog(t *testing.T) {
	const knownSecret = "s3cr3t-PunchDesk-秘密-8c1f"
	sim := senselinksim.New(senselinksim.Config{AppKey: key, AppSecret: knownSecret, Seed: 3})
	sim.SetPeople(senselinksim.DemoPeople())
	sim.SetDevices(senselinksim.DemoDevices())
	srv := httptest.NewServer(sim)
	defer srv.Close()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "punchdesk.db")
	secrets := secret.NewMemory()
	s, err := site.Open(dbPath, store.ReadWrite, secrets)
	if err != nil {
		t.Fatal(err)
	}
	var logBuf bytes.Buffer
	logger := log.New(&logBuf, "", log.LstdFlags)
	ctx := context.Background()

	// A wrong secret first (its error is logged), then the right one.
	if err := s.Link(ctx, site.LinkRequest{Server: srv.URL, AppKey: key, AppSecret: knownSecret + "x"}); err != nil {
		logger.Printf("link: %v", err)
	}
	if err := s.Link(ctx, site.LinkRequest{Server: srv.URL, AppKey: key, AppSecret: knownSecret,
		SyncFrom: time.Now().Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	for i, p := range sim.People()[:5] {
		sim.Recognize(p, sim.Devices()[i%2], time.Now().Add(-time.Duration(i)*time.Minute), 36.5, 1)
	}
	syncer, err := s.Syncer(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sim.SetFaults(senselinksim.Faults{ServerError: 0.3, Malformed: 0.3, Reset: 0.2})
	for attempt := 0; attempt < 30; attempt++ {
		if _, err := syncer.CatchUp(ctx, nil); err != nil {
			logger.Printf("sync: %v", err)
			continue
		}
		break
	}
	st, _ := s.Status(ctx)
	logger.Printf("status: %+v", st)
	if logBuf.Len() == 0 {
		t.Fatal("nothing was logged; the test would prove nothing")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	if bytes.Contains(logBuf.Bytes(), []byte(knownSecret)) {
		t.Errorf("the secret is in the log:\n%s", logBuf.String())
	}
	files, _ := filepath.Glob(dbPath + "*")
	if len(files) == 0 {
		t.Fatal("no database files to scan")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(knownSecret)) {
			t.Errorf("the secret is in %s", filepath.Base(f))
		}
	}
	if got, _ := secrets.Get(key + "@" + srv.URL); got != knownSecret {
		t.Errorf("the keychain does not hold the secret (%q)", got)
	}
}

func TestDiagnosticsHoldSettingsAndNoSecret(t *testing.T) {
	const knownSecret = "diag-secret-4f2a"
	srv := newSim(t, key, knownSecret)
	s := openSite(t, secret.NewMemory())
	ctx := context.Background()
	if err := s.Link(ctx, site.LinkRequest{Server: srv.URL, AppKey: key, AppSecret: knownSecret}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSetting(ctx, site.SettingDayChange, "05:00"); err != nil {
		t.Fatal(err)
	}
	report, err := s.Diagnostics(ctx, "1.2.3", []string{"sync backoff: network"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"PunchDesk 1.2.3", "AppKey " + key, "setting day-change = 05:00", "sync backoff: network"} {
		if !strings.Contains(report, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, report)
		}
	}
	if strings.Contains(report, knownSecret) {
		t.Error("diagnostics contain the secret")
	}
}
