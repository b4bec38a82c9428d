package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/punchdesk/punchdesk/core/domain"
)

func TestAuditTrailCannotBeChanged(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	if err := db.Audit(ctx, domain.AuditEntry{At: time.Now(), OSUser: "tanaka", Action: "punch.delete", Target: "o1", Reason: "誤登録"}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"UPDATE audit SET reason = 'x'", "DELETE FROM audit"} {
		_, err := db.write.ExecContext(ctx, q)
		if err == nil || !strings.Contains(err.Error(), "the audit trail cannot be changed") {
			t.Errorf("%s: err = %v, want it refused", q, err)
		}
	}
	entries, err := db.AuditEntries(ctx, AuditFilter{})
	if err != nil || len(entries) != 1 || entries[0].Reason != "誤登録" || entries[0].OSUser != "tanaka" {
		t.Fatalf("entries = %+v, %v", entries, err)
	}
}
