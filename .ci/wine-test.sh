#!/usr/bin/env bash
# Runs the Windows build under wine (Debian's wine 8, 64-bit) against the
# SenseLink stand-in: punchctl.exe links (secret in wine's Credential
# Manager), syncs, imports a Shift_JIS staff file, exports to a folder with
# a Japanese name, and the workbook is checked; the installer installs
# silently; punchdesk.exe shows a window in a virtual display.
#
# Go 1.24+ executables need ProcessPrng from bcryptprimitives.dll, which
# wine 8 lacks: a small stand-in is built from .ci/wine/bcryptprimitives.c.
set -euo pipefail
cd "$(dirname "$0")/.."
dist=dist/windows
for f in punchctl.exe punchdesk.exe; do
	[ -f "$dist/$f" ] || { echo "wine test: $dist/$f is missing (make windows)" >&2; exit 1; }
done
work=$(mktemp -d)
export WINEPREFIX="$work/prefix" WINEARCH=win64 WINEDEBUG=-all HOME="$work"
sim_pid=""; xvfb_pid=""; gui_pid=""
cleanup() {
	for p in $gui_pid $sim_pid $xvfb_pid; do kill "$p" 2>/dev/null || true; done
	wineserver -k 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "wine test: $*" >&2; exit 1; }

echo "wine test: preparing a wine prefix"
wineboot -i >/dev/null 2>&1
x86_64-w64-mingw32-gcc -shared -O2 -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
	.ci/wine/bcryptprimitives.c -lbcrypt

echo "wine test: starting the stand-in"
CGO_ENABLED=0 go build -tags migrated_fynedo -o "$work/senselink-sim" ./cmd/senselink-sim
port=$((20000 + RANDOM % 20000))
"$work/senselink-sim" -addr "127.0.0.1:$port" -mode history -days 3 -seed 5 >"$work/sim.log" 2>&1 &
sim_pid=$!
for _ in $(seq 1 50); do grep -q "SenseLink stand-in at" "$work/sim.log" && break; sleep 0.1; done

db='C:\users\Public\PunchDesk\punchdesk.db'
pc() { wine "$dist/punchctl.exe" --db "$db" "$@"; }
# wine prints Windows line ends; compare without them.
pcout() { pc "$@" | tr -d '\r'; }

printf '%s\n' demo-app-secret | pc link --server "http://127.0.0.1:$port" --app-key demo-app-key >"$work/link.txt" ||
	fail "link failed: $(cat "$work/link.txt")"
grep -q "OS keychain" "$work/link.txt" || fail "the secret did not go to the Credential Manager: $(cat "$work/link.txt")"

# The stand-in's demo staff, in Shift_JIS as Japanese Excel saves a CSV.
printf 'スタッフコード,氏名,グループ\r\n1001,佐藤 健太,営業部\r\n1002,鈴木 美咲,総務部\r\n' | iconv -f UTF-8 -t CP932 >"$work/staff.csv"
pcout staff import "$(winepath -w "$work/staff.csv")" | grep -q "2 added" || fail "Shift_JIS staff import"
pcout staff list | grep -q "佐藤 健太" || fail "staff list does not show the imported name"

from=$(TZ=Asia/Tokyo date -d '3 days ago' '+%Y-%m-%d 00:00:00')
pcout sync --from "$from" >"$work/sync.txt" || fail "sync: $(cat "$work/sync.txt")"
records=$(pcout records --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$records" -gt 100 ] || fail "only $records records after the sync"

month=$(TZ=Asia/Tokyo date '+%Y-%m')
pcout export --month "$month" --out-dir 'C:\users\Public\出勤簿' >/dev/null || fail "export"
book="$WINEPREFIX/drive_c/users/Public/出勤簿/出勤簿_$month.xlsx"
[ -s "$book" ] || fail "no workbook at $book"
python3 - "$book" <<'PY' || fail "the workbook does not hold the staff"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
text = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/"))
assert "佐藤 健太" in text and "集計" in text, "names or sheets missing"
PY
echo "wine test: punchctl.exe linked, synced $records records, imported Shift_JIS staff and exported $month"

setup=$(ls "$dist"/PunchDesk-Setup-*.exe 2>/dev/null | head -1)
[ -n "$setup" ] || fail "no installer in $dist (make windows)"
wine "$setup" /S
wineserver -w
installed=$(find "$WINEPREFIX/drive_c/users" -type d -path '*/AppData/Local/Programs/PunchDesk' | head -1)
for f in punchdesk.exe punchctl.exe uninstall.exe; do
	[ -f "$installed/$f" ] || fail "the installer did not install $f (in ${installed:-nowhere})"
done
wine reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\PunchDesk' /v DisplayName 2>/dev/null | tr -d '\r' | grep -q PunchDesk ||
	fail "PunchDesk is not in Apps & Features"
ls "$WINEPREFIX"/drive_c/users/*/AppData/Roaming/Microsoft/Windows/'Start Menu'/Programs/PunchDesk/PunchDesk.lnk >/dev/null 2>&1 ||
	fail "no Start menu shortcut"
# The database stays when uninstalling without asking for it to go.
appdata=$(dirname "$(dirname "$(dirname "$installed")")")/Roaming/punchdesk
mkdir -p "$appdata" && echo keep >"$appdata/punchdesk.db"
wine "$installed/uninstall.exe" /S
wineserver -w
sleep 2 # the uninstaller runs from a copy of itself and returns first
[ ! -e "$installed/punchdesk.exe" ] || fail "the uninstaller left punchdesk.exe"
[ -s "$appdata/punchdesk.db" ] || fail "the uninstaller deleted the database"
echo "wine test: the installer installed per user and the uninstaller removed it, keeping the database"

display=:$((200 + RANDOM % 100))
Xvfb "$display" -screen 0 1366x768x24 >/dev/null 2>&1 &
xvfb_pid=$!
sleep 1
DISPLAY=$display wine "$dist/punchdesk.exe" --db 'C:\users\Public\PunchDesk\gui.db' >"$work/gui.log" 2>&1 &
gui_pid=$!
shown=""
for _ in $(seq 1 120); do
	if DISPLAY=$display xwininfo -root -tree 2>/dev/null | grep -q '"PunchDesk"'; then shown=yes; break; fi
	kill -0 "$gui_pid" 2>/dev/null || break
	sleep 0.5
done
[ -n "$shown" ] || fail "punchdesk.exe showed no window: $(tr -d '\r' <"$work/gui.log" | tail -5)"
echo "wine test: punchdesk.exe shows its window"

# A second start hands over to the first (a loopback port named in a file
# beside the database) and ends without a second window.
second=$(DISPLAY=$display timeout 60 wine "$dist/punchdesk.exe" --db 'C:\users\Public\PunchDesk\gui.db' 2>&1 | tr -d '\r') ||
	fail "the second start failed: $second"
grep -q "already running" <<<"$second" || fail "the second start did not hand over: $second"
echo "wine test: a second start brought the first window forward"
