package flows_test

import (
	"testing"

	"github.com/optout/optout/flows"
)

// TestReadOnlySweepsSaveNothing: a dry-run sweep and status of every
// setting (the same run, by address first) read all thirteen, each on,
// and send no save.
func TestReadOnlySweepsSaveNothing(t *testing.T) {
	t.Parallel()
	all, err := flows.SelectSettings("all")
	if err != nil {
		t.Fatal(err)
	}
	rg := newRig(t, member("dry", nil), member("status", nil))
	for key, opts := range map[string]flows.SwitchOptions{"dry": {DryRun: true}, "status": {DryRun: true, PreferDirect: true}} {
		t.Run(key, func(t *testing.T) {
			rs := rg.session(t, key).Sweep(runCtx(t), all, opts)
			if len(rs) != len(all) {
				t.Fatalf("%d results, want %d", len(rs), len(all))
			}
			for _, r := range rs {
				if r.Outcome != flows.WouldTurnOff || r.Before != flows.On || !r.DryRun {
					t.Errorf("%s: %s (before %s, dry run %v, %q), want would_turn_off from on", r.Setting, r.Outcome, r.Before, r.DryRun, r.Error)
				}
			}
			if saves := rg.site.Saves(key); len(saves) != 0 {
				t.Errorf("a read-only sweep sent %d saves: %+v", len(saves), saves)
			}
		})
	}
}
