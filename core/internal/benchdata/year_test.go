package benchdata

import (
	"os"
	"testing"
)

// TestYearFixture builds the site-year database if it is missing and
// prints its path; bench/gui-year.sh runs it. It is skipped unless
// PUNCHDESK_BENCH_YEAR=1, so make test never builds the fixture.
func TestYearFixture(t *testing.T) {
	if os.Getenv("PUNCHDESK_BENCH_YEAR") != "1" {
		t.Skip("set PUNCHDESK_BENCH_YEAR=1 to build the site-year fixture")
	}
	path, err := YearDB(t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("year fixture: %s", path)
}
