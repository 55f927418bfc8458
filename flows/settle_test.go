package flows_test

import (
	"strings"
	"testing"
	"time"

	"github.com/optout/optout/fixtures"
	"github.com/optout/optout/flows"
)

// TestTheSwitchIsReadAsTheDataSaysNotAfterAQuietNetwork: a page may show a
// card's value a while after the card has answered, its switch drawn OFF
// meanwhile. A read that trusts a quiet network then gives already_off for
// a member whose setting is on; the read waits for the switch to show what
// the page's data says, and distrusts a switch that never does.
func TestTheSwitchIsReadAsTheDataSaysNotAfterAQuietNetwork(t *testing.T) {
	t.Parallel()
	drawLate := func(d time.Duration) func(*fixtures.Member) {
		return func(m *fixtures.Member) {
			m.EarlyState, m.DataDelay, m.DrawDelay = true, 100*time.Millisecond, d
		}
	}
	rg := newRig(t, member("late-dry", drawLate(700*time.Millisecond)), member("late-real", drawLate(700*time.Millisecond)),
		member("never", drawLate(time.Minute)))

	r := rg.session(t, "late-dry").GenAI(runCtx(t), flows.SwitchOptions{DryRun: true})
	if r.Outcome != flows.WouldTurnOff || r.Before != flows.On {
		t.Fatalf("dry run, value drawn 700ms after its data: got %s (before %s, %q), want would_turn_off from on", r.Outcome, r.Before, r.Error)
	}
	r = rg.session(t, "late-real").GenAI(runCtx(t), flows.SwitchOptions{})
	if r.Outcome != flows.TurnedOffVerified || r.Before != flows.On || r.After != flows.Off || rg.site.GenAIOn("late-real") {
		t.Fatalf("real run, value drawn 700ms after its data: got %s (%s→%s, %q), site on=%v; want turned_off_verified",
			r.Outcome, r.Before, r.After, r.Error, rg.site.GenAIOn("late-real"))
	}
	// The switch keeps showing its default while the data says on: the
	// state is unknown, never already_off, and nothing is clicked.
	r = rg.session(t, "never").GenAI(runCtx(t), flows.SwitchOptions{})
	if r.Outcome != flows.Uncertain || r.Before != flows.Unknown || len(rg.site.Saves("never")) != 0 ||
		!strings.Contains(r.Error, "shows off") || !strings.Contains(r.Error, "says on") {
		t.Fatalf("switch that never shows its data: got %s (before %s, %q) with %d saves; want uncertain, unknown, none",
			r.Outcome, r.Before, r.Error, len(rg.site.Saves("never")))
	}
}

// TestSettingsDataInAnotherShapeIsReadTheSlowWay: LinkedIn's own answers
// may not be in the shape the fake usually gives. Then nothing is taken
// from them: the switch is read after the quiet period, the lists decide
// nothing, and every state is still right, never a false already_off.
func TestSettingsDataInAnotherShapeIsReadTheSlowWay(t *testing.T) {
	t.Parallel()
	other := func(on bool) func(*fixtures.Member) {
		return func(m *fixtures.Member) { m.EarlyState, m.OtherDataShape, m.GenAIOn = true, true, on }
	}
	rg := newRig(t, member("dry", other(true)), member("real", other(true)), member("off", other(false)), member("status", other(true)))
	r := rg.session(t, "dry").GenAI(runCtx(t), flows.SwitchOptions{DryRun: true})
	if r.Outcome != flows.WouldTurnOff || r.Before != flows.On {
		t.Fatalf("dry run: got %s (before %s, %q), want would_turn_off from on", r.Outcome, r.Before, r.Error)
	}
	r = rg.session(t, "real").GenAI(runCtx(t), flows.SwitchOptions{})
	if r.Outcome != flows.TurnedOffVerified || rg.site.GenAIOn("real") {
		t.Fatalf("real run: got %s (%s→%s, %q), site on=%v; want turned_off_verified", r.Outcome, r.Before, r.After, r.Error, rg.site.GenAIOn("real"))
	}
	r = rg.session(t, "off").GenAI(runCtx(t), flows.SwitchOptions{DryRun: true})
	if r.Outcome != flows.AlreadyOff {
		t.Fatalf("setting off: got %s (%q), want already_off", r.Outcome, r.Error)
	}
	sets, err := flows.SelectSettings("research_sharing,ads_age,ads_gender")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rg.session(t, "status").Sweep(runCtx(t), sets, flows.SwitchOptions{DryRun: true, PreferDirect: true, ReadLists: true}) {
		if r.Outcome != flows.WouldTurnOff || r.Route == flows.RouteList {
			t.Errorf("status %s: got %s by %s (%q), want would_turn_off from its page", r.Setting, r.Outcome, r.Route, r.Error)
		}
	}
}
