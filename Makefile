# optout: the everyday targets. Each one that starts a browser first makes sure
# the system Chromium is installed, and the tests also Xvfb for their visible
# windows (scripts/ensure-deps.sh); optout itself never downloads a browser.

GO ?= go

.PHONY: all build demo test bench chromium test-deps scripts update-scripts deadcode

all: build

build:
	$(GO) build -o bin/optout ./cmd/optout

demo: chromium
	$(GO) run ./cmd/optout --headless --yes demo

# The whole suite with the race detector, then a check that no Chromium or
# Xvfb a test started is still running.
test: test-deps
	sh scripts/no-leftovers.sh $(GO) test -race -count=1 ./...

bench: chromium
	$(GO) test -run '^$$' -bench . -benchtime 3x ./...

chromium:
	@sh scripts/ensure-deps.sh chromium

test-deps:
	@sh scripts/ensure-deps.sh chromium xvfb

# The CLI's transcripts alone (cmd/optout/testdata/script: usage, --help,
# errors and exit codes, demo runs); make test runs them too.
scripts: chromium
	$(GO) test -count=1 -run TestScripts ./cmd/optout/

# After a deliberate change to what optout prints: rewrite the transcripts'
# expected output, then read the diff.
update-scripts: chromium
	$(GO) test -count=1 -run TestScripts ./cmd/optout/ -update

# Functions nothing calls, tests included: the list must be empty.
deadcode:
	@out=$$($(GO) run golang.org/x/tools/cmd/deadcode@latest -test ./...) || exit 1; \
	if [ -n "$$out" ]; then echo "$$out"; exit 1; fi

# The six release platforms: every one must build and vet clean.
PLATFORMS := linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64

.PHONY: cross release

# Build and vet (tests included) for each platform, as CI does.
cross:
	@set -e; for p in $(PLATFORMS); do \
		echo "cross: $$p"; \
		GOOS=$${p%/*} GOARCH=$${p#*/} CGO_ENABLED=0 $(GO) build -o /dev/null ./cmd/optout; \
		GOOS=$${p%/*} GOARCH=$${p#*/} CGO_ENABLED=0 $(GO) vet ./...; \
	done

# The release version: the v-tag on this commit (git describe) without its
# v, else the source's own with the commit after it. `make release
# VERSION=1.2.3` names it outright.
VERSION ?= $(shell git describe --tags --match 'v[0-9]*' --dirty 2>/dev/null | sed 's/^v//' | grep . || \
	echo "0.1.0-dev+$$(git rev-parse --short=12 HEAD)")
LDFLAGS = -s -w -X main.version=$(VERSION)
SHA256SUM = $(shell command -v sha256sum >/dev/null 2>&1 && echo sha256sum || echo 'shasum -a 256')

# dist/: per platform a binary stamped with VERSION and (Go's VCS stamp,
# which `optout version` prints) the commit, an archive named by platform
# (optout_VERSION_OS_ARCH.tar.gz; .zip for Windows) holding it and the
# README, and SHA256SUMS over the archives.
release:
	@command -v zip >/dev/null || { echo "release: zip is needed for the Windows archives (apt-get install zip)"; exit 1; }
	rm -rf dist
	@set -e; for p in $(PLATFORMS); do \
		os=$${p%/*}; arch=$${p#*/}; name=optout_$(VERSION)_$${os}_$${arch}; exe=optout; \
		if [ "$$os" = windows ]; then exe=optout.exe; fi; \
		echo "release: dist/$$name"; \
		mkdir -p dist/$$name; \
		GOOS=$$os GOARCH=$$arch CGO_ENABLED=0 $(GO) build -trimpath -buildvcs=true -ldflags '$(LDFLAGS)' \
			-o dist/$$name/$$exe ./cmd/optout; \
		cp README.md dist/$$name/; \
		if [ "$$os" = windows ]; then \
			(cd dist/$$name && zip -q -X ../$$name.zip $$exe README.md); \
		else \
			tar -C dist/$$name -czf dist/$$name.tar.gz $$exe README.md; \
		fi; \
	done
	cd dist && $(SHA256SUM) *.tar.gz *.zip > SHA256SUMS
	@cat dist/SHA256SUMS
