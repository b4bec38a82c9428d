#!/usr/bin/env bash
# Keychain integration test: runs core/secret's keychain-tagged tests against
# a real Secret Service (gnome-keyring) on a private D-Bus session bus. Works
# headless and as root, on a machine that has never had a keyring: the login
# keyring is created fresh in a temporary home and thrown away afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages this needs, by the command that proves each is present.
declare -A pkg_for=(
	[gnome-keyring-daemon]=gnome-keyring # the Secret Service
	[dbus-run-session]=dbus              # a private session bus
	[dbus-daemon]=dbus
	[secret-tool]=libsecret-tools        # the test reads secrets back with it
)
missing=()
for cmd in "${!pkg_for[@]}"; do
	if ! command -v "$cmd" >/dev/null 2>&1; then
		p=${pkg_for[$cmd]}
		[[ " ${missing[*]} " == *" $p "* ]] || missing+=("$p")
	fi
done
if ((${#missing[@]})); then
	sudo=""
	[ "$(id -u)" = 0 ] || sudo=sudo
	echo "keychain-test: installing ${missing[*]} (Secret Service and D-Bus for the keychain test)"
	$sudo apt-get update -qq
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -m 0700 -p "$tmp/home" "$tmp/data" "$tmp/config" "$tmp/cache" "$tmp/run"

# Go keeps using the real caches and settings; only the keyring's world is
# temporary.
GOCACHE=$(go env GOCACHE)
GOMODCACHE=$(go env GOMODCACHE)
GOPATH=$(go env GOPATH)
GOENV=$(go env GOENV)
export GOCACHE GOMODCACHE GOPATH GOENV
export HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
	XDG_CACHE_HOME="$tmp/cache" XDG_RUNTIME_DIR="$tmp/run"
unset DISPLAY WAYLAND_DISPLAY

# Inside the private bus: --unlock reads the password of the login keyring
# from stdin and, there being none yet, creates it unlocked. The daemon may
# print variables its clients need (GNOME_KEYRING_CONTROL=...); export them.
# It exits by itself when the session bus goes away.
dbus-run-session -- bash -c '
	set -euo pipefail
	env_out=$(printf "%s" "punchdesk-ci-keyring" | gnome-keyring-daemon --unlock --components=secrets)
	while IFS= read -r line; do
		if [[ "$line" == *=* ]]; then export "$line"; fi
	done <<<"$env_out"
	go test -tags "keychain migrated_fynedo" -count=1 ${KEYCHAIN_TEST_FLAGS:-} ./core/secret/
'
