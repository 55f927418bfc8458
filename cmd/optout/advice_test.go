package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/optout/optout/automation"
	"github.com/optout/optout/fixtures"
	"github.com/optout/optout/flows"
)

// TestVisibleWindowWithoutDisplay: asked for a window where there is no
// display (SSH, cron, a container), every command says so in one line and
// suggests --headless, before the site sees a request.
func TestVisibleWindowWithoutDisplay(t *testing.T) {
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	h := newHousehold(t, []fixtures.Member{fakeMember("in", true)}, "in")
	for _, cmd := range [][]string{{"login"}, {"objection", "--full-name", "Ann Example"}, {"--yes", "genai"}} {
		code, out, errOut := runCLI(t, h.argsFor("in", cmd...)...)
		if code != 1 || !strings.Contains(out+errOut, "needs a display") || !strings.Contains(out+errOut, "--headless") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 1 naming the missing display", cmd, code, out, errOut)
		}
		if strings.Contains(out+errOut, "debug url") {
			t.Errorf("%s: the launcher's raw message leaked: %q", cmd, out+errOut)
		}
	}
	if paths := h.site.Paths(); len(paths) != 0 {
		t.Errorf("the site saw requests: %q", paths)
	}
}

// TestEvidenceDirUnwritable: receipts that cannot be written stop the run
// before anything reaches the site, with a clear one-line reason.
func TestEvidenceDirUnwritable(t *testing.T) {
	h := newHousehold(t, []fixtures.Member{fakeMember("a", true)}, "a")
	notADir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notADir, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "--headless", "--json", "--yes", "--base-url", h.srv.URL, "--evidence-dir", filepath.Join(notADir, "receipts"),
		"--account", "a", "--profile-dir", h.profiles["a"], "genai")
	var r flows.Result
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v: %q", err, out)
	}
	if code != 1 || r.Outcome != flows.Failed || !strings.Contains(r.Error, "receipt") || strings.Contains(r.Error, "\n") {
		t.Errorf("exit %d, result %s %q; stderr %s", code, r.Outcome, r.Error, errOut)
	}
	if paths := h.site.Paths(); len(paths) != 0 || !h.site.GenAIOn("a") {
		t.Errorf("the site saw %v", paths)
	}
}

func TestModuleVersion(t *testing.T) {
	built := func(v string) func() (*debug.BuildInfo, bool) {
		return func() (*debug.BuildInfo, bool) { return &debug.BuildInfo{Main: debug.Module{Version: v}}, true }
	}
	none := func() (*debug.BuildInfo, bool) { return nil, false }
	for _, tc := range []struct {
		name, stamped string
		info          func() (*debug.BuildInfo, bool)
		want          string
	}{
		{"go install @v1.2.3", devVersion, built("v1.2.3"), "1.2.3"},
		{"make release stamps its own", "1.4.0", built("v1.2.3"), "1.4.0"},
		{"a checkout's go build", devVersion, built("v0.0.0-20261129183000-9b9ef90abcde"), devVersion},
		{"a dirty checkout", devVersion, built("v1.2.4-0.20261129183000-9b9ef90abcde+dirty"), devVersion},
		{"go run, tests", devVersion, built("(devel)"), devVersion},
		{"no build info", devVersion, none, devVersion},
	} {
		if got := moduleVersion(tc.stamped, tc.info); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestNoBrowserSaysHowToInstallOneHere(t *testing.T) {
	for _, goos := range []string{"linux", "darwin", "windows"} {
		if installAdvice[goos] == "" {
			t.Errorf("no install advice for %s", goos)
		}
	}
	msg := launchAdvice(fmt.Errorf("launch: %w", automation.ErrNoBrowser)).Error()
	if !strings.Contains(msg, installAdvice[runtime.GOOS]) || !strings.Contains(msg, "--browser PATH") {
		t.Errorf("got %q, want this platform's install advice and --browser PATH", msg)
	}
}
