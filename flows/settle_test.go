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
