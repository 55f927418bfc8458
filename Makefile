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
