package site

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/problem"
	"github.com/punchdesk/punchdesk/core/secret"
	"github.com/punchdesk/punchdesk/core/senselink"
	"github.com/punchdesk/punchdesk/core/store"
)

// LinkRequest is what the administrator enters to link a site.
type LinkRequest struct {
	Server    string // base URL; empty means DefaultServer
	AppKey    string
	AppSecret string
	// SyncFrom is where the first sync starts (receive time); zero means the
	// start of today. It is ignored when re-linking the same AppKey, which
	// keeps its sync position.
	SyncFrom time.Time
}

// NormalizeServer checks and tidies a server URL as typed by a person.
func NormalizeServer(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return DefaultServer, nil
	}
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", problem.New(problem.InputServer, "Text", raw)
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return "", problem.New(problem.InputServer, "Text", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", problem.New(problem.InputServer, "Text", raw)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	// People paste the API path from the manual; the client adds it itself.
	u.Path = strings.TrimSuffix(u.Path, "/api")
	return u.String(), nil
}

// Link proves the AppKey/AppSecret pair against the server, then keeps the
// secret in the keychain and the rest in the database. Nothing is stored when
// any step fails.
func (s *Site) Link(ctx context.Context, req LinkRequest) error {
	server, err := NormalizeServer(req.Server)
	if err != nil {
		return err
	}
	appKey := strings.TrimSpace(req.AppKey)
	if appKey == "" {
		return problem.New(problem.InputAppKey)
	}
	// A secret pasted from a web page often carries a trailing newline.
	appSecret := strings.TrimSpace(req.AppSecret)
	if appSecret == "" {
		return problem.New(problem.InputAppSecret)
	}
	loc, err := s.Location(ctx)
	if err != nil {
		return err
	}
	client, err := senselink.New(senselink.Config{
		BaseURL: server, AppKey: appKey, AppSecret: appSecret,
		HTTPClient: s.HTTPClient, Location: loc, Now: s.now,
	})
	if err != nil {
		return problem.Wrap(problem.InputServer, err, "Text", server)
	}
	if err := verify(ctx, client, s.now()); err != nil {
		return err
	}
	version, _ := client.ServerVersion(ctx) // only shown; a key limited to records may not ask
	if err := s.secrets.Set(account(server, appKey), appSecret); err != nil {
		var unavailable *secret.UnavailableError
		if errors.As(err, &unavailable) {
			return fmt.Errorf("%w (on a machine without a keychain, set PUNCHDESK_APP_SECRET instead)", err)
		}
		return fmt.Errorf("store the AppSecret in the OS keychain: %w", err)
	}
	e := s.entry(domain.AuditLink, server)
	e.After = "AppKey " + appKey
	if version != "" {
		e.After += ", server " + version
	}
	return s.saveLink(ctx, store.Link{Server: server, AppKey: appKey, LinkedAt: s.now()}, req.SyncFrom, e)
}

// verify proves the pair with what PunchDesk needs of it: one record call
// of one row. A version call would prove less (an AppKey can be limited to
// the record API) and is not documented by the vendor.
func verify(ctx context.Context, c *senselink.Client, now time.Time) error {
	_, err := c.Records(ctx, senselink.RecordQuery{From: now.Add(-time.Minute), To: now, Page: 1, Size: 1})
	return err
}

// saveLink stores the link, moves the sync start when the account is new,
// and writes the audit entry, in one transaction; then removes a replaced
// account's secret from the keychain.
func (s *Site) saveLink(ctx context.Context, link store.Link, syncFrom time.Time, audit domain.AuditEntry) error {
	if syncFrom.IsZero() {
		var err error
		if syncFrom, err = s.StartOfToday(ctx); err != nil {
			return err
		}
	}
	var old store.Link
	var replaced bool
	err := s.db.Update(ctx, "save link", func(tx *store.Tx) error {
		var hadLink bool
		var err error
		old, hadLink, err = tx.Link()
		if err != nil {
			return err
		}
		sameAccount := hadLink && old.Server == link.Server && old.AppKey == link.AppKey && old.Demo == link.Demo
		replaced = hadLink && !sameAccount && !old.Demo
		if err := tx.SaveLink(link); err != nil {
			return err
		}
		if err := tx.Audit(audit); err != nil {
			return err
		}
		state, err := tx.SyncState()
		if err != nil {
			return err
		}
		if sameAccount && !state.Cursor.IsZero() {
			return nil
		}
		if err := tx.ResetSync(); err != nil {
			return err
		}
		return tx.SetCursor(syncFrom)
	})
	if err != nil {
		return err
	}
	if replaced {
		// The old pair is no longer used; leaving it in the keychain would
		// leave a live credential nobody remembers.
		if err := s.secrets.Delete(account(old.Server, old.AppKey)); err != nil && !errors.Is(err, secret.ErrNotFound) {
			return fmt.Errorf("remove the previous AppSecret from the keychain: %w", err)
		}
	}
	return nil
}

// Unlink forgets the link and removes the AppSecret from the keychain.
// Stored records stay.
func (s *Site) Unlink(ctx context.Context) error {
	link, ok, err := s.db.Link(ctx)
	if err != nil {
		return err
	}
	if !ok {
		return ErrNotLinked
	}
	if !link.Demo {
		if err := s.secrets.Delete(account(link.Server, link.AppKey)); err != nil && !errors.Is(err, secret.ErrNotFound) {
			return fmt.Errorf("remove the AppSecret from the keychain: %w", err)
		}
	}
	e := s.entry(domain.AuditUnlink, link.Server)
	e.Before = "AppKey " + link.AppKey
	err = s.db.Update(ctx, "unlink", func(tx *store.Tx) error {
		if err := tx.DeleteLink(); err != nil {
			return err
		}
		if err := tx.ResetSync(); err != nil {
			return err
		}
		return tx.Audit(e)
	})
	if err != nil {
		return err
	}
	s.stopDemo()
	return nil
}
