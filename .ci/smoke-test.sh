#!/usr/bin/env bash
# Smoke test of the real binaries: the GUI starts in a virtual X display on a
# fresh database and shows its window; while it runs, a read-only punchctl
# command works beside it and a second writer is refused by name.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work" 2>/dev/null || true' EXIT
export HOME="$work/home" XDG_CONFIG_HOME="$work/config"
mkdir -p "$HOME" "$XDG_CONFIG_HOME"

xvfb-run -a -s "-screen 0 1366x768x24" bash -euo pipefail -c '
	db="$1/punchdesk.db"
	bin/punchdesk --db "$db" 2>"$1/gui.log" &
	app=$!
	# Stop the app and wait for it, so it is not writing while files are removed.
	trap "kill $app 2>/dev/null || true; wait $app 2>/dev/null || true" EXIT
	for _ in $(seq 1 60); do
		xwininfo -root -tree 2>/dev/null | grep -q "\"PunchDesk\"" && break
		kill -0 "$app" 2>/dev/null || { echo "smoke test: punchdesk exited during start-up:" >&2; cat "$1/gui.log" >&2; exit 1; }
		sleep 0.5
	done
	xwininfo -root -tree | grep -q "\"PunchDesk\"" || { echo "smoke test: no PunchDesk window appeared" >&2; exit 1; }

	bin/punchctl --db "$db" status >/dev/null || { echo "smoke test: read-only status failed beside the GUI" >&2; exit 1; }
	if bin/punchctl --db "$db" sync 2>"$1/sync.err"; then
		echo "smoke test: a second writer was allowed beside the GUI" >&2; exit 1
	fi
	grep -q "database in use by punchdesk" "$1/sync.err" || { echo "smoke test: unexpected refusal:" >&2; cat "$1/sync.err" >&2; exit 1; }
	# A second start hands over to the running app and exits 0.
	timeout 20 bin/punchdesk --db "$db" 2>"$1/second.err" || { echo "smoke test: second start failed:" >&2; cat "$1/second.err" >&2; exit 1; }
	grep -q "already running" "$1/second.err" || { echo "smoke test: second start did not hand over:" >&2; cat "$1/second.err" >&2; exit 1; }
	kill -0 "$app" || { echo "smoke test: punchdesk died" >&2; exit 1; }
' smoke "$work"
echo "smoke test: punchdesk showed its window; punchctl read beside it, a second writer was refused and a second start handed over"
