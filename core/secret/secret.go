// Package secret keeps the SenseLink AppSecret out of everything but the OS
// keychain (Windows Credential Manager, macOS Keychain, the Secret Service on
// Linux). Callers depend on the small Store interface so that their tests can
// use Memory instead of a real keychain.
//
// No error from this package contains a secret.
package secret

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"sync"

	"github.com/punchdesk/punchdesk/core/problem"
	"github.com/zalando/go-keyring"
)

// Store keeps one secret per account name.
type Store interface {
	// Get returns the secret stored for account, or an error matching
	// ErrNotFound when there is none.
	Get(account string) (string, error)
	// Set stores secret for account, replacing any previous one.
	Set(account, secret string) error
	// Delete removes the secret for account, or returns an error matching
	// ErrNotFound when there was none.
	Delete(account string) error
}

// ErrNotFound means no secret is stored for the account. It matches
// go-keyring's ErrNotFound as well, so either can be tested for.
var ErrNotFound error = notFoundError{}

type notFoundError struct{}

func (notFoundError) Error() string { return "no secret stored in the OS keychain" }

func (notFoundError) Is(target error) bool { return target == keyring.ErrNotFound }

// ErrTooLarge means the keychain refused the secret for its size.
var ErrTooLarge = errors.New("the secret is too large for the OS keychain")

// UnavailableError means the OS keychain could not be used at all: no Secret
// Service running on Linux, a locked keychain whose unlock was refused, an
// unsupported platform. The app then refuses to store the secret and shows
// this message.
type UnavailableError struct {
	Err error
}

func (e *UnavailableError) Error() string {
	return "the OS keychain is not available: " + e.Err.Error()
}

func (e *UnavailableError) Unwrap() error { return e.Err }

// DefaultService is the keychain service name PunchDesk's secrets are filed
// under.
const DefaultService = "punchdesk"

// Keyring is the Store backed by the OS keychain through go-keyring. The zero
// value files secrets under DefaultService.
type Keyring struct {
	Service string
}

func (k Keyring) service() string {
	if k.Service == "" {
		return DefaultService
	}
	return k.Service
}

// Get returns the secret stored for account.
func (k Keyring) Get(account string) (string, error) {
	s, err := keyring.Get(k.service(), account)
	if err != nil {
		return "", classify("read secret", account, err)
	}
	return s, nil
}

// Set stores secret for account in the keychain.
func (k Keyring) Set(account, secret string) error {
	if err := keyring.Set(k.service(), account, secret); err != nil {
		return classify("store secret", account, err)
	}
	return nil
}

// Delete removes the secret for account from the keychain.
func (k Keyring) Delete(account string) error {
	if err := keyring.Delete(k.service(), account); err != nil {
		return classify("delete secret", account, err)
	}
	return nil
}

// classify turns a go-keyring error into ErrNotFound, ErrTooLarge or an
// *UnavailableError. go-keyring reports "no such secret" and "too big" with
// sentinels; anything else means the keychain itself failed (no D-Bus
// session, no Secret Service, unlock refused, unsupported platform), which
// the user fixes the same way whatever the detail.
func classify(op, account string, err error) error {
	switch {
	case errors.Is(err, keyring.ErrNotFound):
		return fmt.Errorf("%s for %q: %w", op, account, ErrNotFound)
	case errors.Is(err, keyring.ErrSetDataTooBig):
		return fmt.Errorf("%s for %q: %w", op, account, ErrTooLarge)
	}
	return fmt.Errorf("%s for %q: %w", op, account, &UnavailableError{Err: err})
}

// EnvVar overrides the stored secret for headless use (CI, schedulers) where
// no keychain is available.
const EnvVar = "PUNCHDESK_APP_SECRET"

// Env is a Store that lets $PUNCHDESK_APP_SECRET stand in for the stored
// secret. When the variable is set (non-empty), Get returns it for every
// account and Set stores nothing, so the value never leaves the process
// environment; Delete still clears what Next holds. When it is not set,
// every call goes to Next.
type Env struct {
	Next   Store
	Lookup func(string) (string, bool) // nil means os.LookupEnv
}

func (e Env) override() (string, bool) {
	lookup := e.Lookup
	if lookup == nil {
		lookup = os.LookupEnv
	}
	v, ok := lookup(EnvVar)
	return v, ok && v != ""
}

// Get returns the environment's secret when set, else Next's.
func (e Env) Get(account string) (string, error) {
	if v, ok := e.override(); ok {
		return v, nil
	}
	return e.Next.Get(account)
}

// Set does nothing while the environment supplies the secret, else passes to
// Next.
func (e Env) Set(account, secret string) error {
	if _, ok := e.override(); ok {
		return nil
	}
	return e.Next.Set(account, secret)
}

// Delete removes the secret from Next. While the environment supplies the
// secret there may be nothing stored, so ErrNotFound is not an error then.
func (e Env) Delete(account string) error {
	err := e.Next.Delete(account)
	if _, ok := e.override(); ok && errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// Default is the Store the apps use: the OS keychain, overridden by
// $PUNCHDESK_APP_SECRET when set.
func Default() Store {
	return Env{Next: Keyring{}}
}

// FromEnv reports whether $PUNCHDESK_APP_SECRET is overriding the keychain,
// so that the UI can say where the secret comes from.
func FromEnv() bool {
	_, ok := Env{}.override()
	return ok
}

// Memory is an in-memory Store for other packages' tests. It is safe for
// concurrent use. The zero value is ready to use.
type Memory struct {
	mu      sync.Mutex
	secrets map[string]string
}

// NewMemory returns an empty Memory.
func NewMemory() *Memory {
	return &Memory{}
}

// Get returns the secret stored for account.
func (m *Memory) Get(account string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.secrets[account]
	if !ok {
		return "", fmt.Errorf("read secret for %q: %w", account, ErrNotFound)
	}
	return s, nil
}

// Set stores secret for account.
func (m *Memory) Set(account, secret string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.secrets == nil {
		m.secrets = make(map[string]string)
	}
	m.secrets[account] = secret
	return nil
}

// Delete removes the secret for account.
func (m *Memory) Delete(account string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.secrets[account]; !ok {
		return fmt.Errorf("delete secret for %q: %w", account, ErrNotFound)
	}
	delete(m.secrets, account)
	return nil
}

// Snapshot returns a copy of everything stored, for tests that check what
// was (or was not) written.
func (m *Memory) Snapshot() map[string]string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return maps.Clone(m.secrets)
}

// Problem: the keychain is the fix, not the secret.
func (e *UnavailableError) Problem() *problem.Problem { return problem.Wrap(problem.Keychain, e) }
