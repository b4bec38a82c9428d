#!/usr/bin/env bash
# The GUI check of a site-year database (issue 13): PunchDesk, opened on
# the year (≈2.2 million records, 1,000 staff), shows the first page of its
# live log within LIMIT_MS (1,000 ms) of starting and stays under LIMIT_MB
# (250 MB) resident. It runs the real app under Xvfb on a copy of the
# shared fixture (built on first use, several minutes), linked to the
# stand-in so that the app opens on its main screen. Run it with
# `make bench-gui`; it is not part of make test.
set -euo pipefail
cd "$(dirname "$0")/.."
limit_ms=${LIMIT_MS:-1000}
limit_mb=${LIMIT_MB:-250}
tags=migrated_fynedo

echo "bench-gui: the site-year fixture (built once, then reused from ${PUNCHDESK_BENCH_DIR:-\$TMPDIR/punchdesk-bench})"
fixture=$(PUNCHDESK_BENCH_YEAR=1 go test -tags "$tags" -count=1 -run TestYearFixture -v -timeout 60m ./core/internal/benchdata |
	sed -n 's/.*year fixture: \(\/.*\.db\)$/\1/p' | tail -1)
[ -f "$fixture" ] || { echo "bench-gui: no fixture" >&2; exit 1; }

work=$(mktemp -d)
display=:$((90 + RANDOM % 100))
cleanup() {
	for p in ${app:-} ${sim:-} ${xvfb:-}; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

echo "bench-gui: building punchdesk, punchctl and the stand-in"
go build -tags "$tags" -o "$work/punchdesk" ./cmd/punchdesk
CGO_ENABLED=0 go build -tags "$tags" -o "$work/punchctl" ./cmd/punchctl
CGO_ENABLED=0 go build -tags "$tags" -o "$work/sim" ./cmd/senselink-sim
cp --reflink=auto "$fixture" "$work/punchdesk.db"

port=$((20000 + RANDOM % 20000))
"$work/sim" -addr "127.0.0.1:$port" -app-key bench-key -app-secret bench-secret -interval 1h >"$work/sim.log" 2>&1 &
sim=$!
for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
echo bench-secret | PUNCHDESK_APP_SECRET=bench-secret "$work/punchctl" --db "$work/punchdesk.db" \
	link --server "http://127.0.0.1:$port" --app-key bench-key >/dev/null

Xvfb "$display" -screen 0 1366x768x24 >/dev/null 2>&1 &
xvfb=$!
sleep 1
export DISPLAY=$display HOME="$work" XDG_CONFIG_HOME="$work/config" LANG=ja_JP.UTF-8 PUNCHDESK_APP_SECRET=bench-secret
# Drop the page cache's copy of the database where allowed, so the first
# page is read as after a reboot (root only; skipped otherwise).
sync; echo 1 > /proc/sys/vm/drop_caches 2>/dev/null || true
"$work/punchdesk" --db "$work/punchdesk.db" 2>"$work/app.log" &
app=$!
shown=""
for _ in $(seq 1 300); do
	shown=$(sed -n 's/.*live log: first page of \([0-9]*\) records shown \([0-9]*\) ms after start.*/\1 \2/p' "$work/app.log" | head -1)
	[ -n "$shown" ] && break
	kill -0 "$app" 2>/dev/null || { cat "$work/app.log" >&2; echo "bench-gui: the app exited" >&2; exit 1; }
	sleep 0.1
done
[ -n "$shown" ] || { cat "$work/app.log" >&2; echo "bench-gui: no log page within 30 s" >&2; exit 1; }
read -r records ms <<<"$shown"
# Resident memory once the window has settled: the peak (VmHWM) and now.
sleep 3
peak_kb=$(awk '/VmHWM/ {print $2}' "/proc/$app/status")
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$app/status")
echo "bench-gui: first log page of $records records after $ms ms (limit $limit_ms); resident $((rss_kb / 1024)) MB, peak $((peak_kb / 1024)) MB (limit $limit_mb)"
fail=0
[ "$ms" -le "$limit_ms" ] || { echo "bench-gui: FAIL first page slower than $limit_ms ms"; fail=1; }
[ "$((peak_kb / 1024))" -lt "$limit_mb" ] || { echo "bench-gui: FAIL peak resident memory over $limit_mb MB"; fail=1; }
exit $fail
