//go:build keychain

// Integration test against the real OS keychain; on Linux, a running Secret
// Service (.ci/keychain-test.sh starts one). Run with -tags keychain.

package secret

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestKeyringAgainstRealKeychain(t *testing.T) {
	k := Keyring{Service: "punchdesk-integration-test"}
	account := fmt.Sprintf("it-%d-%d", os.Getpid(), time.Now().UnixNano())
	t.Cleanup(func() { k.Delete(account) })

	if _, err := k.Get(account); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get before Set: err = %v, want ErrNotFound", err)
	}
	secrets := []string{
		"first-secret",
		"上書き: 勤怠管理 シークレット 🔑 !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \t end",
	}
	for _, want := range secrets {
		if err := k.Set(account, want); err != nil {
			t.Fatalf("Set: %v", err)
		}
		got, err := k.Get(account)
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		if got != want {
			t.Errorf("Get = %q, want %q", got, want)
		}
		if runtime.GOOS == "linux" {
			// Read it back with libsecret, outside go-keyring, to be sure
			// it went to the Secret Service and not a stand-in.
			out, err := exec.Command("secret-tool", "lookup", "service", k.Service, "username", account).Output()
			if err != nil {
				t.Fatalf("secret-tool lookup: %v", err)
			}
			if strings.TrimSuffix(string(out), "\n") != want {
				t.Errorf("the Secret Service holds %q, want %q", out, want)
			}
		}
	}
	if err := k.Delete(account); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := k.Get(account); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get after Delete: err = %v, want ErrNotFound", err)
	}
	if err := k.Delete(account); !errors.Is(err, ErrNotFound) {
		t.Errorf("second Delete: err = %v, want ErrNotFound", err)
	}
}
