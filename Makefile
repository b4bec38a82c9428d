# PunchDesk build. `make run` starts the app, `make test` runs every test.
# Both work on a fresh Debian machine with only Go and gcc: missing system
# packages are installed with apt-get (as root, or through sudo) first.

GO       ?= go
# Go 1.27.3 for every build and test: Go 1.26.8 has standard-library
# vulnerabilities our code calls (make vulncheck: net/http, crypto/x509,
# crypto/tls, mime/multipart), fixed in releases the module proxy does not
# serve; it serves go1.27.3. The go command fetches it (about 76 MB) on first
# use and keeps it in the module cache.
export GOTOOLCHAIN := go1.27.3
TAGS     := migrated_fynedo
GOFLAGS_ := -tags $(TAGS)
BIN      := bin

# Fyne's C libraries (OpenGL, X11, xkbcommon) for building the GUI with cgo.
GUI_PKGS   := pkg-config libgl1-mesa-dev xorg-dev libxkbcommon-dev
# What the tests need beyond the GUI libraries: a virtual display for the
# smoke test, a Secret Service for the keychain integration test, file, xz
# and unzip for checking the packages, python3 for reading JSON and workbooks
# in the wine test.
TEST_PKGS  := xvfb xauth x11-utils dbus dbus-x11 gnome-keyring libsecret-tools file xz-utils unzip python3
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# apt-get waits (up to 10 minutes) for another apt or dpkg run to finish
# instead of failing on its lock.
APT_GET    := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600

.PHONY: run test check staticcheck vulncheck cover deps test-deps build vet unit keychain-test smoke-test bench bench-year bench-gui sim screenshots package windows fyne-tool package-test wine-test winres-tool clean

# run builds only the app it starts. The first build compiles Fyne's C code
# (OpenGL, X11) once, which takes minutes: it says so, and -v lists the
# packages as they compile.
run: deps
	@if [ ! -x $(BIN)/punchdesk ]; then \
		echo "make run: building PunchDesk for the first time. This compiles Fyne's C graphics code once"; \
		echo "          and takes several minutes on a fresh machine (later builds take seconds)."; \
	fi
	$(GO) build -v $(GOFLAGS_) -o $(BIN)/punchdesk ./cmd/punchdesk
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
		echo "make run: no display found; starting PunchDesk inside a virtual X display (xvfb-run)."; \
		echo "          Set DISPLAY to see the window on a desktop."; \
		$(MAKE) --no-print-directory test-deps; \
		xvfb-run -a -s "-screen 0 1366x768x24" $(BIN)/punchdesk $(ARGS); \
	else \
		$(BIN)/punchdesk $(ARGS); \
	fi

test: deps test-deps vet staticcheck unit keychain-test smoke-test package-test wine-test
	@echo "make test: all tests passed"

# check is the fast loop before a commit (a minute or two, no display, no
# Windows build): formatting, vet, staticcheck, known vulnerabilities in
# what the code calls, and the unit tests without the race detector, with
# each package's coverage.
check: deps vet staticcheck vulncheck cover
	@echo "make check: passed"

build: deps
	$(GO) build $(GOFLAGS_) -o $(BIN)/punchdesk ./cmd/punchdesk
	CGO_ENABLED=0 $(GO) build $(GOFLAGS_) -o $(BIN)/punchctl ./cmd/punchctl
	CGO_ENABLED=0 $(GO) build $(GOFLAGS_) -o $(BIN)/senselink-sim ./cmd/senselink-sim

vet: deps
	@unformatted=$$(gofmt -l cmd core ui assets); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet $(GOFLAGS_) ./...
	@# punchctl is for machines without a C compiler: prove it needs none.
	CGO_ENABLED=0 $(GO) build $(GOFLAGS_) -o /dev/null ./cmd/punchctl ./cmd/senselink-sim

# Analysis tools at fixed versions, installed from the module proxy into
# .tools/ (ignored by git) on first use.
TOOLS               := $(CURDIR)/.tools/$(GOTOOLCHAIN)
STATICCHECK_VERSION := 2026.2.2
STATICCHECK_MODULE  := honnef.co/go/tools/cmd/staticcheck@v0.8.2
GOVULNCHECK_MODULE  := golang.org/x/vuln/cmd/govulncheck@v1.9.0
# govulncheck's online database (vuln.go.dev) cannot be reached from every
# machine; the same reports are published as the golang.org/x/vulndb module,
# which the module proxy serves. The database is built from it once per
# version: bump VULNDB_VERSION to check against newer reports.
VULNDB_VERSION      := v0.0.0-20261105234957-e22db6528018
VULNDB              := $(TOOLS)/vulndb-$(VULNDB_VERSION)

staticcheck: deps
	@$(TOOLS)/staticcheck -version 2>/dev/null | grep -q "$(STATICCHECK_VERSION)" || { \
		echo "Installing staticcheck $(STATICCHECK_VERSION) into .tools/"; \
		GOFLAGS= GOBIN=$(TOOLS) $(GO) install $(STATICCHECK_MODULE); }
	$(TOOLS)/staticcheck $(GOFLAGS_) ./...

# Fails when the code calls something with a known vulnerability (exit
# status 3); imported-but-uncalled findings are listed and do not fail.
vulncheck:
	@[ -x $(TOOLS)/govulncheck ] || { echo "Installing govulncheck into .tools/"; \
		GOFLAGS= GOBIN=$(TOOLS) $(GO) install $(GOVULNCHECK_MODULE); }
	@[ -f $(VULNDB)/index/db.json ] || { \
		echo "Building the vulnerability database from golang.org/x/vulndb@$(VULNDB_VERSION) (once)"; \
		GOFLAGS= GOBIN=$(TOOLS) $(GO) install golang.org/x/vulndb/cmd/indexdb@$(VULNDB_VERSION) && \
		src=$$(cd $(TOOLS) && GOFLAGS= $(GO) mod download -json golang.org/x/vulndb@$(VULNDB_VERSION) | \
			sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$$/\1/p') && \
		rm -rf $(VULNDB).tmp && $(TOOLS)/indexdb -vulns $$src/data/osv -out $(VULNDB).tmp && \
		mv $(VULNDB).tmp $(VULNDB); }
	$(TOOLS)/govulncheck $(GOFLAGS_) -db file://$(VULNDB) ./...

cover: deps
	$(GO) test $(GOFLAGS_) -count=1 -cover ./...

# Every test runs under the race detector: the UI and sync work across goroutines.
unit: deps
	$(GO) test $(GOFLAGS_) -race -count=1 -timeout 30m ./...

keychain-test: test-deps
	bash .ci/keychain-test.sh

smoke-test: test-deps build
	bash .ci/smoke-test.sh

bench: deps
	$(GO) test $(GOFLAGS_) -run '^$$' -bench . -benchmem ./core/...

# The year benchmarks (issue 13) on a site-year database built once (minutes)
# and reused from $$PUNCHDESK_BENCH_DIR (default $$TMPDIR/punchdesk-bench).
bench-year: deps
	$(GO) test $(GOFLAGS_) -run '^$$' -bench 'Year|ExportAnchor' -benchtime 10x -timeout 60m ./core/store/ ./core/site/

bench-gui: test-deps
	bash bench/gui-year.sh

# The fyne packaging tool, at a fixed version. It is installed with
# `go install` rather than pinned in go.mod: every fyne.io/tools release that
# exists needs Fyne 2.8, and this app is on Fyne 2.7.
FYNE_TOOL := fyne.io/tools/cmd/fyne@v1.7.4
FYNE      := $(shell $(GO) env GOPATH)/bin/fyne
RELEASE   := -tags $(TAGS) -trimpath -ldflags "-s -w"
MINGW_CC  := x86_64-w64-mingw32-gcc
VERSION   := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)

fyne-tool:
	@$(FYNE) version 2>/dev/null | grep -q "cli version: v1.7.4" || { echo "Installing $(FYNE_TOOL)"; GOFLAGS= $(GO) install $(FYNE_TOOL); }

# go-winres makes the Windows resources (icon sizes, version info, manifest).
WINRES_TOOL := github.com/tc-hib/go-winres@v0.3.3
GOWINRES    := $(shell $(GO) env GOPATH)/bin/go-winres
winres-tool:
	@$(GO) version -m $(GOWINRES) 2>/dev/null | grep -q "go-winres.*v0.3.3" || { echo "Installing $(WINRES_TOOL)"; GOFLAGS= $(GO) install $(WINRES_TOOL); }

# dist/PunchDesk.tar.xz: the GUI with its icon and desktop entry
# (`sudo make install` inside the archive), and a stripped punchctl.
package: deps fyne-tool
	rm -rf dist/linux && mkdir -p dist/linux
	CGO_ENABLED=1 $(GO) build $(RELEASE) -o dist/linux/punchdesk ./cmd/punchdesk
	@# fyne package reads FyneApp.toml (and the icon it names) from the main
	@# package's folder; the one at the root is copied there for the run.
	cp FyneApp.toml cmd/punchdesk/FyneApp.toml && mkdir -p cmd/punchdesk/assets && cp assets/icon.png cmd/punchdesk/assets/
	cd cmd/punchdesk && $(FYNE) package -os linux --exe ../../dist/linux/punchdesk --release; \
		status=$$?; rm -rf FyneApp.toml assets fyne_metadata_init.go; exit $$status
	mv cmd/punchdesk/PunchDesk.tar.xz dist/PunchDesk.tar.xz
	CGO_ENABLED=0 $(GO) build $(RELEASE) -o dist/punchctl ./cmd/punchctl
	rm -rf dist/linux
	@echo "make package: dist/PunchDesk.tar.xz and dist/punchctl"

# dist/windows: punchdesk.exe (GUI, with icon and version metadata),
# punchctl.exe, cross-compiled from Linux with mingw-w64, the per-user
# installer PunchDesk-Setup-<version>.exe (NSIS) and a zip of the two.
windows: deps winres-tool
	@command -v $(MINGW_CC) >/dev/null || { echo "Installing mingw-w64 to cross-compile for Windows"; \
		$(APT_GET) update -qq && $(APT_GET) install -y -qq gcc-mingw-w64-x86-64; }
	@missing=""; for p in nsis zip; do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "Installing the Windows installer builder and zip:$$missing"; \
		$(APT_GET) update -qq && $(APT_GET) install -y -qq $$missing; fi
	rm -rf dist/windows && mkdir -p dist/windows
	@# Resources (version info with company, copyright and product, an icon
	@# in 16–256 px, a manifest declaring Windows 10/11 and per-monitor DPI
	@# awareness; packaging/windows/*.winres.json) as .syso files that go
	@# build links in; made per build and removed, never committed.
	$(GOWINRES) make --in packaging/windows/punchdesk.winres.json --arch amd64 \
		--product-version $(VERSION) --file-version $(VERSION) --out cmd/punchdesk/rsrc
	$(GOWINRES) make --in packaging/windows/punchctl.winres.json --arch amd64 \
		--product-version $(VERSION) --file-version $(VERSION) --out cmd/punchctl/rsrc
	CC=$(MINGW_CC) CGO_ENABLED=1 GOOS=windows GOARCH=amd64 $(GO) build -tags $(TAGS) -trimpath \
		-ldflags "-s -w -H=windowsgui -X main.version=$(VERSION)" -o dist/windows/punchdesk.exe ./cmd/punchdesk; \
		status=$$?; rm -f cmd/punchdesk/rsrc_windows_amd64.syso; [ $$status = 0 ] || { rm -f cmd/punchctl/rsrc_windows_amd64.syso; exit $$status; }
	CGO_ENABLED=0 GOOS=windows GOARCH=amd64 $(GO) build $(RELEASE) -o dist/windows/punchctl.exe ./cmd/punchctl; \
		status=$$?; rm -f cmd/punchctl/rsrc_windows_amd64.syso; exit $$status
	makensis -V2 -DVERSION=$(VERSION) -DSRC=$(CURDIR)/dist/windows \
		-DOUTFILE=$(CURDIR)/dist/windows/PunchDesk-Setup-$(VERSION).exe packaging/windows/installer.nsi
	cd dist/windows && zip -q -9 PunchDesk-$(VERSION)-windows.zip punchdesk.exe punchctl.exe
	@echo "make windows: dist/windows/PunchDesk-Setup-$(VERSION).exe, PunchDesk-$(VERSION)-windows.zip, punchdesk.exe and punchctl.exe"

# Runs the Windows build under wine (Debian's wine 8, 64-bit): punchctl.exe
# against the stand-in, the installer silently, punchdesk.exe in Xvfb.
wine-test: test-deps windows
	@command -v wine >/dev/null && dpkg -s wine64 >/dev/null 2>&1 || { echo "Installing wine (64-bit) to run the Windows build"; \
		$(APT_GET) update -qq && $(APT_GET) install -y -qq --no-install-recommends wine wine64; }
	bash .ci/wine-test.sh

# Builds both and checks that the artefacts are what they claim to be.
package-test: test-deps package windows
	bash .ci/package-test.sh

# Regenerates docs/screenshots (light theme) and docs/screenshots/dark from
# the real app in a virtual display.
screenshots: test-deps build
	@for p in xdotool imagemagick; do dpkg -s $$p >/dev/null 2>&1 || { echo "Installing $$p for screenshots"; $(APT_GET) install -y -qq $$p; }; done
	FYNE_THEME=light bash .ci/screenshots.sh
	SCREENSHOTS_OUT=docs/screenshots/dark FYNE_THEME=dark bash .ci/screenshots.sh

sim:
	CGO_ENABLED=0 $(GO) run $(GOFLAGS_) ./cmd/senselink-sim $(ARGS)

deps:
	@missing=""; for p in $(GUI_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing the C libraries Fyne needs:$$missing"; \
		$(APT_GET) update -qq && $(APT_GET) install -y -qq $$missing; \
	fi

test-deps:
	@missing=""; for p in $(TEST_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing test tools (virtual display, Secret Service):$$missing"; \
		$(APT_GET) update -qq && $(APT_GET) install -y -qq $$missing; \
	fi

clean:
	rm -rf $(BIN) dist
