package secret

import (
	"errors"
	"fmt"
	"sync"
	"testing"
)

// env returns a Lookup that sees only the given PUNCHDESK_APP_SECRET value
// ("" meaning unset).
func env(value string) func(string) (string, bool) {
	return func(name string) (string, bool) {
		if name == EnvVar && value != "" {
			return value, true
		}
		return "", false
	}
}

func TestEnvOverride(t *testing.T) {
	next := NewMemory()
	if err := next.Set("acct", "stored"); err != nil {
		t.Fatal(err)
	}
	e := Env{Next: next, Lookup: env("from-env")}

	if got, err := e.Get("acct"); err != nil || got != "from-env" {
		t.Errorf("Get = %q, %v; want from-env", got, err)
	}
	if got, err := e.Get("unknown-account"); err != nil || got != "from-env" {
		t.Errorf("Get for another account = %q, %v; want from-env", got, err)
	}
	if err := e.Set("acct", "new"); err != nil {
		t.Fatal(err)
	}
	if got := next.Snapshot()["acct"]; got != "stored" {
		t.Errorf("Set while overridden changed the keychain to %q", got)
	}
	if err := e.Set("other", "new"); err != nil {
		t.Fatal(err)
	}
	if _, ok := next.Snapshot()["other"]; ok {
		t.Error("Set while overridden stored a secret")
	}
	if err := e.Delete("acct"); err != nil {
		t.Fatal(err)
	}
	if _, ok := next.Snapshot()["acct"]; ok {
		t.Error("Delete while overridden left the stored secret")
	}
	if err := e.Delete("acct"); err != nil {
		t.Errorf("Delete of nothing while overridden: %v, want nil", err)
	}
}

func TestEnvPassesThroughWhenUnset(t *testing.T) {
	next := NewMemory()
	e := Env{Next: next, Lookup: env("")}
	if _, err := e.Get("acct"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get: err = %v, want ErrNotFound", err)
	}
	if err := e.Set("acct", "s"); err != nil {
		t.Fatal(err)
	}
	if got, err := e.Get("acct"); err != nil || got != "s" {
		t.Errorf("Get = %q, %v", got, err)
	}
	if err := e.Delete("acct"); err != nil {
		t.Fatal(err)
	}
	if err := e.Delete("acct"); !errors.Is(err, ErrNotFound) {
		t.Errorf("second Delete: err = %v, want ErrNotFound", err)
	}
}

func TestEnvKeepsUnavailableErrors(t *testing.T) {
	broken := failing{err: &UnavailableError{Err: errors.New("no D-Bus session")}}
	e := Env{Next: broken, Lookup: env("from-env")}
	var ue *UnavailableError
	if err := e.Delete("acct"); !errors.As(err, &ue) {
		t.Errorf("Delete with a broken keychain while overridden: %v, want UnavailableError", err)
	}
	if got, err := e.Get("acct"); err != nil || got != "from-env" {
		t.Errorf("Get with a broken keychain while overridden = %q, %v", got, err)
	}
}

type failing struct{ err error }

func (f failing) Get(string) (string, error) { return "", f.err }
func (f failing) Set(string, string) error   { return f.err }
func (f failing) Delete(string) error        { return f.err }

func TestMemory(t *testing.T) {
	var m Memory // the zero value works
	if _, err := m.Get("a"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get on empty: %v", err)
	}
	if err := m.Delete("a"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Delete on empty: %v", err)
	}
	m.Set("a", "1")
	m.Set("a", "2")
	if got, err := m.Get("a"); err != nil || got != "2" {
		t.Errorf("Get after overwrite = %q, %v", got, err)
	}
}

func TestMemoryConcurrentUse(t *testing.T) {
	m := NewMemory()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			acct := fmt.Sprint("acct", i)
			for j := range 100 {
				m.Set(acct, fmt.Sprint(j))
				m.Get(acct)
			}
		})
	}
	wg.Wait()
	if got := len(m.Snapshot()); got != 8 {
		t.Errorf("%d accounts stored, want 8", got)
	}
}

func TestUnavailableErrorMessage(t *testing.T) {
	err := &UnavailableError{Err: errors.New("no Secret Service")}
	if want := "the OS keychain is not available: no Secret Service"; err.Error() != want {
		t.Errorf("%q, want %q", err.Error(), want)
	}
}
