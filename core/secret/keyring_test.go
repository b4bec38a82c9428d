//go:build !keychain

// These tests replace go-keyring's backend with its global mock, so they are
// left out of the keychain build, whose integration test must reach the real
// Secret Service.

package secret

import (
	"errors"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"
)

func TestKeyringWithMock(t *testing.T) {
	keyring.MockInit()
	k := Keyring{}

	if _, err := k.Get("acct"); !errors.Is(err, ErrNotFound) || !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("Get before Set: err = %v, want ErrNotFound", err)
	}
	if err := k.Set("acct", "s3cret"); err != nil {
		t.Fatal(err)
	}
	if got, err := k.Get("acct"); err != nil || got != "s3cret" {
		t.Errorf("Get = %q, %v", got, err)
	}
	// The zero value files under "punchdesk"; another service is separate.
	if got, err := keyring.Get(DefaultService, "acct"); err != nil || got != "s3cret" {
		t.Errorf("stored under %q: %q, %v", DefaultService, got, err)
	}
	if _, err := (Keyring{Service: "other"}).Get("acct"); !errors.Is(err, ErrNotFound) {
		t.Errorf("other service sees the secret: %v", err)
	}
	if err := k.Delete("acct"); err != nil {
		t.Fatal(err)
	}
	if err := k.Delete("acct"); !errors.Is(err, ErrNotFound) {
		t.Errorf("second Delete: err = %v, want ErrNotFound", err)
	}
}

func TestKeyringErrorsAreClassified(t *testing.T) {
	tests := []struct {
		name        string
		backend     error
		unavailable bool
		is          error
	}{
		{"no secret service on the session bus", errors.New("The name org.freedesktop.secrets was not provided by any .service files"), true, nil},
		{"unsupported platform", keyring.ErrUnsupportedPlatform, true, nil},
		{"secret too big", keyring.ErrSetDataTooBig, false, ErrTooLarge},
		{"not found", keyring.ErrNotFound, false, ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keyring.MockInitWithError(tt.backend)
			k := Keyring{}
			ops := map[string]error{"Set": k.Set("acct", "do-not-leak")}
			_, ops["Get"] = k.Get("acct")
			ops["Delete"] = k.Delete("acct")
			for op, err := range ops {
				var ue *UnavailableError
				if got := errors.As(err, &ue); got != tt.unavailable {
					t.Errorf("%s: err = %v; UnavailableError = %v, want %v", op, err, got, tt.unavailable)
				}
				if tt.unavailable {
					if !strings.Contains(err.Error(), "the OS keychain is not available: ") || !errors.Is(err, tt.backend) {
						t.Errorf("%s: message %q does not explain the cause", op, err)
					}
				}
				if tt.is != nil && !errors.Is(err, tt.is) {
					t.Errorf("%s: err = %v, want %v", op, err, tt.is)
				}
				if strings.Contains(err.Error(), "do-not-leak") {
					t.Errorf("%s: error %q contains the secret", op, err)
				}
			}
		})
	}
}

func TestDefaultUsesKeyringUnlessEnvSet(t *testing.T) {
	keyring.MockInit()
	t.Setenv(EnvVar, "")
	if FromEnv() {
		t.Error("FromEnv with an empty variable")
	}
	if err := Default().Set("acct", "from-keychain"); err != nil {
		t.Fatal(err)
	}
	if got, _ := keyring.Get(DefaultService, "acct"); got != "from-keychain" {
		t.Errorf("Default().Set did not reach the keychain: %q", got)
	}
	t.Setenv(EnvVar, "from-env")
	if !FromEnv() {
		t.Error("FromEnv = false with the variable set")
	}
	if got, err := Default().Get("acct"); err != nil || got != "from-env" {
		t.Errorf("Default().Get = %q, %v; want from-env", got, err)
	}
}
