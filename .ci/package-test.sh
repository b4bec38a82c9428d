#!/usr/bin/env bash
# Checks what make package and make windows produced: the right kinds of
# files, with the GUI, its desktop entry and icon inside the Linux archive,
# version metadata in the Windows GUI executable, the installer and the zip.
set -euo pipefail
cd "$(dirname "$0")/.."
fail() { echo "package test: $*" >&2; exit 1; }
# Outputs are read into variables first: grep -q closing a pipe early would
# trip pipefail.
kind=$(file dist/PunchDesk.tar.xz)
grep -q "XZ compressed" <<<"$kind" || fail "dist/PunchDesk.tar.xz is not an xz archive: $kind"
contents=$(tar tJf dist/PunchDesk.tar.xz)
for want in usr/local/bin/punchdesk usr/local/share/applications/jp.punchdesk.app.desktop usr/local/share/pixmaps/jp.punchdesk.app.png; do
	grep -q "$want" <<<"$contents" || fail "the archive lacks $want"
done
kind=$(file dist/punchctl)
grep -q "ELF 64-bit.*statically linked" <<<"$kind" || fail "dist/punchctl is not a static Linux executable: $kind"
kind=$(file dist/windows/punchdesk.exe)
grep -q "PE32+ executable (GUI) x86-64" <<<"$kind" || fail "punchdesk.exe is not a Windows GUI executable: $kind"
kind=$(file dist/windows/punchctl.exe)
grep -q "PE32+ executable (console) x86-64" <<<"$kind" || fail "punchctl.exe is not a Windows console executable: $kind"
resources=$(strings -el dist/windows/punchdesk.exe)
grep -q "ProductName" <<<"$resources" && grep -q "PunchDesk" <<<"$resources" && grep -q "0\.1\.0" <<<"$resources" \
	|| fail "punchdesk.exe has no version metadata"
for exe in punchdesk punchctl; do
	resources=$(strings -el "dist/windows/$exe.exe")
	for want in CompanyName LegalCopyright ProductName "$exe.exe"; do
		grep -q "$want" <<<"$resources" || fail "$exe.exe's version information lacks $want"
	done
done
manifest=$(strings dist/windows/punchdesk.exe)
grep -q "permonitorv2" <<<"$manifest" || fail "punchdesk.exe's manifest declares no per-monitor DPI awareness"
grep -q "8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a" <<<"$manifest" || fail "punchdesk.exe's manifest does not declare Windows 10/11"
version=$(sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
setup=dist/windows/PunchDesk-Setup-$version.exe
kind=$(file "$setup")
grep -q "PE32+ executable (GUI) x86-64" <<<"$kind" || fail "$setup is not a 64-bit Windows program: $kind"
grep -q "Nullsoft" <<<"$(strings "$setup")" || fail "$setup is not an NSIS installer"
listing=$(unzip -l "dist/windows/PunchDesk-$version-windows.zip")
for want in punchdesk.exe punchctl.exe; do
	grep -q "$want" <<<"$listing" || fail "the zip lacks $want"
done
echo "package test: Linux archive, punchctl, both Windows executables, the installer and the zip are in order"
