//go:build unix

package main

import (
	"bytes"
	"encoding/json"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod"

	"github.com/optout/optout/automation/automationtest"
	"github.com/optout/optout/fixtures"
	"github.com/optout/optout/flows"
)

// These tests run optout with a real visible window on a virtual display
// (Xvfb), as a person at a desktop runs it: no --headless. The person's part
// (signing in, reviewing the form, closing the window) is played through the
// browser's DevTools endpoint, with real input events in that window.

// personAt connects to the browser optout runs on profileDir, as the person
// in front of its window. The connection is never used to close the browser:
// that is optout's to do.
func personAt(t *testing.T, profileDir string) *rod.Browser {
	t.Helper()
	var b *rod.Browser
	connected := automationtest.Eventually(20*time.Second, func() bool {
		raw, err := os.ReadFile(filepath.Join(profileDir, "DevToolsActivePort"))
		port, path, ok := strings.Cut(strings.TrimSpace(string(raw)), "\n")
		if err != nil || !ok {
			return false
		}
		b = rod.New().ControlURL("ws://127.0.0.1:" + port + path).Timeout(20 * time.Second)
		return b.Connect() == nil
	})
	if !connected {
		t.Fatalf("no DevTools endpoint for the browser on %s", profileDir)
	}
	return b
}

// windowAt finds the person's tab whose address path starts with prefix,
// and checks that it is a real, visible window, not a headless one.
func windowAt(t *testing.T, b *rod.Browser, prefix string) *rod.Page {
	t.Helper()
	var w *rod.Page
	found := automationtest.Eventually(20*time.Second, func() bool {
		pages, _ := b.Pages()
		for _, p := range pages {
			if info, err := p.Info(); err == nil {
				if u, err := url.Parse(info.URL); err == nil && strings.HasPrefix(u.Path, prefix) {
					w = p.Timeout(20 * time.Second)
					return true
				}
			}
		}
		return false
	})
	if !found {
		t.Fatalf("no window at %s", prefix)
	}
	seen := w.MustEval(`() => navigator.userAgent + " | " + document.visibilityState`).Str()
	if strings.Contains(seen, "Headless") || !strings.HasSuffix(seen, "| visible") {
		t.Fatalf("the window at %s is not a visible one: %s", prefix, seen)
	}
	return w
}

// TestHeadedGenAI: a visible run switches the setting off, verified, with
// screenshots taken from the real window.
func TestHeadedGenAI(t *testing.T) {
	t.Setenv("DISPLAY", automationtest.Display(t))
	h := newHousehold(t, []fixtures.Member{fakeMember("on", true)}, "on")
	p := startOptout(t, h.argsFor("on", "--yes", "genai")...)
	p.waitStep(t, "Open LinkedIn")
	if b, ok := mainBrowser(h.profiles["on"]); !ok {
		t.Fatal("no browser on the profile")
	} else if bytes.Contains(b.cmdline, []byte("--headless")) {
		t.Fatal("the browser was started headless")
	}
	if code, _ := p.wait(t); code != 0 {
		t.Fatalf("exit %d", code)
	}
	r := p.result(t)
	if r.Outcome != flows.TurnedOffVerified || len(h.site.Saves("on")) != 1 || h.site.GenAIOn("on") {
		t.Fatalf("result %s (%q), saves %d: want turned_off_verified and one kept save", r.Outcome, r.Error, len(h.site.Saves("on")))
	}
	for _, shot := range r.Evidence {
		f, err := os.Open(shot)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil || img.Bounds().Dx() < 100 || img.Bounds().Dy() < 20 {
			t.Errorf("%s: not a screenshot of the setting (%v, %v)", filepath.Base(shot), err, img)
		}
	}
	noBrowserLeft(t, h.profiles["on"])
}

// TestHeadedLoginHandOver: optout login opens a visible window on the
// sign-in page; the person signs in there (optout never sees the password);
// optout sees the signed-in navigation, says so, and the session stays in
// the profile for a later headless run.
func TestHeadedLoginHandOver(t *testing.T) {
	t.Setenv("DISPLAY", automationtest.Display(t))
	h := newHousehold(t, []fixtures.Member{fakeMember("out", true)})
	p := startOptout(t, h.argsFor("out", "login")...)
	p.waitStep(t, "Sign in or finish the security check in the browser window")
	w := windowAt(t, personAt(t, h.profiles["out"]), "/login")
	w.MustElement("#username").MustInput("out@example.org")
	w.MustElement("#password").MustInput("the person's own password")
	w.MustElement("button[type=submit]").MustClick()
	code, _ := p.wait(t)
	var line struct {
		SignedIn bool `json:"signed_in"`
		Already  bool `json:"already"`
	}
	if err := json.Unmarshal(bytes.TrimSpace(p.stdout.Bytes()), &line); err != nil || code != 0 || !line.SignedIn || line.Already {
		t.Fatalf("exit %d, %+v (%v), want signed in by the person", code, line, err)
	}
	noBrowserLeft(t, h.profiles["out"])
	if code, out, errOut := runCLI(t, h.argsFor("out", "--headless", "status")...); code != 4 || !strings.Contains(out, string(flows.WouldTurnOff)) {
		t.Errorf("status after login: exit %d, %s %s; want would_turn_off with the kept session", code, out, errOut)
	}
}

// TestHeadedObjectionHandOver: the filled form is left in a visible window;
// the person reviews it and closes the window without sending it; optout
// asks, records the answer, and the site received nothing.
func TestHeadedObjectionHandOver(t *testing.T) {
	t.Setenv("DISPLAY", automationtest.Display(t))
	h := newHousehold(t, []fixtures.Member{fakeMember("in", false)}, "in")
	p := startOptoutIn(t, strings.NewReader("n\n"), h.argsFor("in", "objection", "--full-name", "Ann Example", "--email", "in@example.org")...)
	p.waitStep(t, "Close the window")
	w := windowAt(t, personAt(t, h.profiles["in"]), flows.ObjectionPath)
	if got := w.MustEval(`() => [...document.querySelectorAll('input,textarea')].map(e => e.value).join('|')`).Str(); !strings.Contains(got, "Ann Example") || !strings.Contains(got, "in@example.org") {
		t.Fatalf("the person sees a form without their details: %q", got)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	p.waitStep(t, "Did you submit the form? [y/N] n") // the piped answer, shown on its own line
	if code, _ := p.wait(t); code != 0 {
		t.Fatalf("exit %d", code)
	}
	r := p.result(t)
	if r.Outcome != flows.Prefilled || r.Submitted == nil || *r.Submitted || r.PersonSubmitted == nil || *r.PersonSubmitted {
		t.Errorf("result %s, submitted %v, person says %v: want prefilled, not submitted, the person's no recorded", r.Outcome, r.Submitted, r.PersonSubmitted)
	}
	if subs := h.site.Submissions(); len(subs) != 0 {
		t.Errorf("the site received %d submissions", len(subs))
	}
	noBrowserLeft(t, h.profiles["in"])
}
