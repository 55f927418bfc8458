package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/optout/optout/fixtures"
	"github.com/optout/optout/flows"
)

// TestLoginHeadless: a live session is recognised; without one, a headless
// login is needs_human (exit 3), since only the person can sign in.
func TestLoginHeadless(t *testing.T) {
	h := newHousehold(t, []fixtures.Member{fakeMember("in", true), fakeMember("out", true)}, "in")
	for key, want := range map[string]int{"in": 0, "out": 3} {
		code, out, errOut := runCLI(t, h.argsFor(key, "--headless", "login")...)
		if code != want {
			t.Errorf("%s: exit %d, want %d; stderr %s", key, code, want, errOut)
		}
		var line struct {
			SignedIn bool          `json:"signed_in"`
			Outcome  flows.Outcome `json:"outcome"`
		}
		if err := json.Unmarshal([]byte(out), &line); err != nil {
			t.Fatalf("%s: %v: %q", key, err, out)
		}
		if line.SignedIn != (want == 0) || want == 3 && line.Outcome != flows.NeedsHuman {
			t.Errorf("%s: %+v", key, line)
		}
	}
	// The profile can come from the household file, by account name.
	code, _, errOut := runCLI(t, "--headless", "--base-url", h.srv.URL, "--account", "in", "login", "--accounts", h.file(t, "in", "out"))
	if code != 0 || !strings.Contains(errOut, "already signed in") {
		t.Errorf("login --accounts: exit %d, %s", code, errOut)
	}
}
