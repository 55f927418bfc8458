package flows_test

import (
	"errors"
	"testing"
	"time"

	"github.com/optout/optout/flows"
)

// TestLoginWaitsForThePerson: signed in already, Login says so; signed out
// and headless, it is needs_human at once; with the person at the window, it
// waits while they sign in on the sign-in page (optout types nothing) and
// returns once the signed-in navigation shows.
func TestLoginWaitsForThePerson(t *testing.T) {
	t.Parallel()
	rg := newRig(t, member("alice", nil), member("bob", nil))

	already, err := rg.session(t, "alice").Login(runCtx(t))
	if err != nil || !already {
		t.Fatalf("signed in: already=%v err=%v", already, err)
	}

	rg = newRig(t, member("bob", nil)) // a browser with no session in it
	s := rg.session(t, "")
	if _, err := s.Login(runCtx(t)); !errors.Is(err, flows.ErrNeedsHuman) {
		t.Fatalf("signed out, headless: %v, want needs human", err)
	}

	s = rg.session(t, "")
	s.HandOverTimeout = 20 * time.Second
	s.Events = func(e flows.Event) {
		if e.Kind != flows.HandOver {
			return
		}
		go func() { // the person signs in, after a moment
			time.Sleep(300 * time.Millisecond)
			p := s.Page.Rod().Timeout(10 * time.Second)
			p.MustElement("#username").MustInput("bob@example.org")
			p.MustElement("#password").MustInput("the person's own password")
			p.MustElement("button[type=submit]").MustClick()
		}()
	}
	start := time.Now()
	already, err = s.Login(runCtx(t))
	if err != nil || already {
		t.Fatalf("after the person signed in: already=%v err=%v", already, err)
	}
	if time.Since(start) < 300*time.Millisecond {
		t.Error("Login returned before the person signed in")
	}
	s.Confirm = nil
	if r := s.GenAI(runCtx(t), flows.SwitchOptions{DryRun: true}); r.Outcome != flows.WouldTurnOff {
		t.Errorf("the new session does not reach the setting: %s (%s)", r.Outcome, r.Error)
	}
}

// TestGenAIHandsOverMidRunAndResumes: a visible run that meets the sign-in
// page hands the window to the person, waits while they sign in, and then
// goes on to switch the setting off.
func TestGenAIHandsOverMidRunAndResumes(t *testing.T) {
	t.Parallel()
	rg := newRig(t, member("carol", nil))
	s := rg.session(t, "")
	s.HandOverTimeout = 20 * time.Second
	handed := 0
	var failed []string
	s.Events = func(e flows.Event) {
		if e.Kind == flows.StepFailed {
			failed = append(failed, e.Text)
		}
		if e.Kind != flows.HandOver {
			return
		}
		handed++
		go func() {
			p := s.Page.Rod().Timeout(10 * time.Second)
			p.MustElement("#username").MustInput("carol@example.org")
			p.MustElement("#password").MustInput("carol's own password")
			p.MustElement("button[type=submit]").MustClick()
		}()
	}
	r := s.GenAI(runCtx(t), flows.SwitchOptions{})
	if r.Outcome != flows.TurnedOffVerified || handed != 1 {
		t.Fatalf("outcome %s (%q) after %d hand-overs; want turned_off_verified after one", r.Outcome, r.Error, handed)
	}
	if rg.site.GenAIOn("carol") || len(rg.site.Saves("carol")) != 1 {
		t.Error("the site's record does not show the one save")
	}
	// Meeting the sign-in page with the person there is a hand-over, not a
	// failed step: no red cross before "sign in in the window".
	if len(failed) != 0 {
		t.Errorf("steps shown as failed: %q", failed)
	}
}
