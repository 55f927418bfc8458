package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/optout/optout/fixtures"
	"github.com/optout/optout/flows"
)

// TestBatchThreeAccounts: on, off and signed out give three correct
// outcomes, exit 3, a summary table and an HTML report with the screenshots.
func TestBatchThreeAccounts(t *testing.T) {
	h := newHousehold(t, []fixtures.Member{fakeMember("on", true), fakeMember("off", false), fakeMember("out", true)}, "on", "off")
	code, results, errOut := h.run(t, "batch", "--accounts", h.file(t, "on", "off", "out"))
	if code != 3 {
		t.Fatalf("exit %d, want 3 (worst: needs_human); stderr:\n%s", code, errOut)
	}
	got := byAccount(results)
	want := map[string]flows.Outcome{"on": flows.TurnedOffVerified, "off": flows.AlreadyOff, "out": flows.NeedsHuman}
	for acct, outcome := range want {
		if got[acct].Outcome != outcome {
			t.Errorf("%s: %s (%s), want %s", acct, got[acct].Outcome, got[acct].Error, outcome)
		}
	}
	if len(results) != 3 {
		t.Errorf("%d JSON lines, want 3", len(results))
	}
	if h.site.GenAIOn("on") || !h.site.GenAIOn("out") || len(h.site.Saves("off")) != 0 || len(h.site.Saves("out")) != 0 {
		t.Error("the site's record does not match: only the signed-in account that was on may have been switched off")
	}
	for _, row := range []string{`(?m)^on\s+genai_training\s+turned_off_verified\s+on → off`, `(?m)^off\s+genai_training\s+already_off\s+off → off`,
		`(?m)^out\s+genai_training\s+needs_human\s+unknown → unknown`} {
		if !regexp.MustCompile(row).MatchString(errOut) {
			t.Errorf("summary table lacks %q:\n%s", row, errOut)
		}
	}

	// The report sits beside the receipts and shows the screenshots.
	page, err := os.ReadFile(filepath.Join(h.evidence, "report.html"))
	if err != nil {
		t.Fatalf("no HTML report: %v", err)
	}
	srcs := regexp.MustCompile(`<img[^>]+src="([^"]+)"`).FindAllStringSubmatch(string(page), -1)
	if len(srcs) < 3 { // on: before and after; off: before
		t.Fatalf("report shows %d screenshots, want at least 3", len(srcs))
	}
	for _, m := range srcs {
		if _, err := os.Stat(filepath.Join(h.evidence, filepath.FromSlash(m[1]))); err != nil {
			t.Errorf("report image %s: %v", m[1], err)
		}
	}
}

// TestBadHouseholdFileExit2BeforeAnyRequest: every mistake in the file is a
// one-line usage error naming the line, and no request reaches the site.
func TestBadHouseholdFileExit2BeforeAnyRequest(t *testing.T) {
	h := newHousehold(t, []fixtures.Member{fakeMember("a", true), fakeMember("b", true)}, "a", "b")
	shared := filepath.Join(t.TempDir(), "shared")
	cases := map[string]struct{ yaml, want string }{
		"duplicate name": {"accounts:\n  - name: a\n  - name: A\n", ":3:"},
		"unknown key":    {"accounts:\n  - name: a\n    password: hunter2\n", ":3:"},
		"shared profile": {fmt.Sprintf("accounts:\n  - name: a\n    profile_dir: %s\n  - name: b\n    profile_dir: %s\n", shared, shared), ":4:"},
		"not YAML":       {"accounts: [\n", "household.yaml"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			h.site.Reset()
			for _, cmd := range [][]string{{"batch", "--accounts"}, {"status", "--accounts"}} {
				code, results, errOut := h.run(t, append(cmd, writeFile(t, c.yaml))...)
				if code != 2 || len(results) != 0 {
					t.Errorf("%s: exit %d with %d results, want 2 and none", cmd[0], code, len(results))
				}
				if lines := strings.Count(strings.TrimSpace(errOut), "\n"); lines != 0 || !strings.Contains(errOut, c.want) {
					t.Errorf("%s: want one line naming %q, got %q", cmd[0], c.want, errOut)
				}
			}
			if paths := h.site.Paths(); len(paths) != 0 {
				t.Errorf("requests reached the site: %v", paths)
			}
		})
	}
	if n := len(h.site.AllSaves()); n != 0 {
		t.Errorf("%d saves", n)
	}
}

// TestStatusHouseholdDrift: a read-only check over the household exits 4
// when a setting is back on, and clicks nothing.
func TestStatusHouseholdDrift(t *testing.T) {
	h := newHousehold(t, []fixtures.Member{fakeMember("drifted", true), fakeMember("fine", false)}, "drifted", "fine")
	code, results, errOut := h.run(t, "status", "--accounts", h.file(t, "drifted", "fine"), "--parallel", "2")
	if code != 4 {
		t.Fatalf("exit %d, want 4; stderr:\n%s", code, errOut)
	}
	got := byAccount(results)
	if got["drifted"].Outcome != flows.WouldTurnOff || got["fine"].Outcome != flows.AlreadyOff {
		t.Errorf("outcomes %s, %s", got["drifted"].Outcome, got["fine"].Outcome)
	}
	if n := len(h.site.AllSaves()); n != 0 {
		t.Errorf("status made %d save request(s)", n)
	}
}
