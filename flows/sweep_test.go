package flows_test

import (
	"context"
	"strings"
	"testing"

	"github.com/optout/optout/fixtures"
	"github.com/optout/optout/flows"
)

// TestSweepAsksOnceForAllThatAreOn: with the person at a terminal, a sweep
// reads every setting first, lists the ones that are on in one question,
// and only then switches them off; a setting already off is not asked about.
func TestSweepAsksOnceForAllThatAreOn(t *testing.T) {
	t.Parallel()
	sets, err := flows.SelectSettings("ai,sharing,research")
	if err != nil {
		t.Fatal(err)
	}
	offResearch := func(m *fixtures.Member) { m.Settings = map[string]bool{"allowAnonymizedDataResearch": false} }
	rg := newRig(t, member("yes", offResearch), member("no", offResearch))

	for _, answer := range []bool{true, false} {
		key := map[bool]string{true: "yes", false: "no"}[answer]
		t.Run(key, func(t *testing.T) {
			s := rg.session(t, key)
			var questions []string
			s.Confirm = func(_ context.Context, q string) (bool, error) {
				questions = append(questions, q)
				return answer, nil
			}
			rs := s.Sweep(runCtx(t), sets, flows.SwitchOptions{})
			if len(questions) != 1 || !strings.Contains(questions[0], "Share data with affiliates and partners") ||
				!strings.Contains(questions[0], "Data for Generative AI Improvement") || strings.Contains(questions[0], "research") {
				t.Fatalf("questions %q, want one listing the two switches that are on", questions)
			}
			want := map[string]flows.Outcome{"genai_training": flows.WouldTurnOff, "partner_sharing": flows.WouldTurnOff, "research_sharing": flows.AlreadyOff}
			if answer {
				want["genai_training"], want["partner_sharing"] = flows.TurnedOffVerified, flows.TurnedOffVerified
			}
			for _, r := range rs {
				if r.Outcome != want[r.Setting] || r.DryRun {
					t.Errorf("%s: %s (dry run %v, %q), want %s", r.Setting, r.Outcome, r.DryRun, r.Error, want[r.Setting])
				}
			}
			if saves := rg.site.Saves(key); answer && len(saves) != 2 || !answer && len(saves) != 0 {
				t.Errorf("site saw %d saves, want %d", len(saves), map[bool]int{true: 2, false: 0}[answer])
			}
			if on := rg.site.GenAIOn(key); on == answer {
				t.Errorf("site stores genai on=%v after answering %v", on, answer)
			}
		})
	}
}

// TestADryRunReadsBothSwitchesOfOnePageInOneLoad: the two switches of
// LinkedIn promotions are read on one load of their page, each by its key.
func TestADryRunReadsBothSwitchesOfOnePageInOneLoad(t *testing.T) {
	t.Parallel()
	rg := newRig(t, member("promo", func(m *fixtures.Member) {
		m.Settings = map[string]bool{"tipsForUsingLinkedinViaEmail": false}
	}))
	sets, err := flows.SelectSettings("promotions_ads,promotions_email")
	if err != nil {
		t.Fatal(err)
	}
	before := len(rg.site.Paths())
	rs := rg.session(t, "promo").Sweep(runCtx(t), sets, flows.SwitchOptions{DryRun: true, PreferDirect: true})
	if len(rs) != 2 || rs[0].Outcome != flows.WouldTurnOff || rs[1].Outcome != flows.AlreadyOff {
		t.Fatalf("got %+v, want would_turn_off for the ads switch and already_off for the email one", rs)
	}
	loads := 0
	for _, p := range rg.site.Paths()[before:] {
		if p == "/mypreferences/d/settings/linkedin-promotions" {
			loads++
		}
	}
	if loads != 1 {
		t.Errorf("the page of two switches was loaded %d times, want once", loads)
	}
}
