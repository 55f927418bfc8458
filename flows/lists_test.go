package flows_test

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/optout/optout/fixtures"
	"github.com/optout/optout/flows"
)

// TestStatusReadsTheSettingsLists: a status check of every setting reads
// the two settings lists that show them (their values drawn Off before the
// list's data arrives), the two-switch page on its own, and a setting the
// member's region lacks on its page; every state agrees with the site's
// record, and nothing is saved.
func TestStatusReadsTheSettingsLists(t *testing.T) {
	t.Parallel()
	off := map[string]bool{"allowAdsByAge": false, "allowDataForGenerativeAI": false, "tipsForUsingLinkedinViaEmail": false}
	rg := newRig(t, member("en", func(m *fixtures.Member) {
		m.EarlyState, m.DataDelay, m.DrawDelay, m.Settings = true, 300*time.Millisecond, 300*time.Millisecond, off
		m.Absent = []string{"shareDataWithTrustedPartners"}
	}))
	sets, err := flows.SelectSettings("all")
	if err != nil {
		t.Fatal(err)
	}
	pathsBefore := len(rg.site.Paths())
	rs := rg.session(t, "en").Sweep(runCtx(t), sets, flows.SwitchOptions{DryRun: true, PreferDirect: true, ReadLists: true})
	if len(rs) != len(sets) {
		t.Fatalf("%d results for %d settings", len(rs), len(sets))
	}
	byList := 0
	for i, r := range rs {
		set := sets[i]
		if r.Setting != set.Name {
			t.Fatalf("result %d is for %s, want %s", i, r.Setting, set.Name)
		}
		if set.Name == "partner_sharing" {
			if r.Outcome != flows.NotOffered || r.Route == flows.RouteList {
				t.Errorf("partner_sharing, absent in the region: got %s by %s (%q), want not_offered from its page", r.Outcome, r.Route, r.Error)
			}
			continue
		}
		want, outcome := flows.On, flows.WouldTurnOff
		if !rg.site.Setting("en", set.Key) {
			want, outcome = flows.Off, flows.AlreadyOff
		}
		if r.Before != want || r.Outcome != outcome {
			t.Errorf("%s: got %s (before %s, by %s, %q), want %s from %s", set.Name, r.Outcome, r.Before, r.Route, r.Error, outcome, want)
		}
		if r.Route == flows.RouteList {
			byList++
			if len(r.Evidence) != 1 || !strings.HasSuffix(r.Evidence[0], "before.png") {
				t.Errorf("%s: evidence %q, want the row's before.png", set.Name, r.Evidence)
			} else if _, err := os.Stat(r.Evidence[0]); err != nil {
				t.Errorf("%s: %v", set.Name, err)
			}
		}
		if strings.HasPrefix(set.Name, "promotions_") && r.Route == flows.RouteList {
			t.Errorf("%s was read from the list's one value for a page of two switches", set.Name)
		}
	}
	if byList != 10 {
		t.Errorf("%d settings read from the lists, want 10 (all but the two-switch page's and the absent one)", byList)
	}
	lists := slices.DeleteFunc(slices.Clone(rg.site.Paths()[pathsBefore:]), func(p string) bool { return !strings.HasPrefix(p, "/mypreferences/d/categories/") })
	// privacy and ads once each; then partner_sharing's own address,
	// absent in the region, leads back to its list.
	want := []string{"/mypreferences/d/categories/privacy", "/mypreferences/d/categories/ads", "/mypreferences/d/categories/privacy"}
	if !slices.Equal(lists, want) {
		t.Errorf("settings lists loaded: %q, want %q", lists, want)
	}
	if n := len(rg.site.Saves("en")); n != 0 {
		t.Errorf("a status check sent %d saves", n)
	}
}

// TestListsInAnotherLanguageAreLeftToThePages: a list whose values are in
// a wording not known here (German) decides nothing; each setting is read
// on its page.
func TestListsInAnotherLanguageAreLeftToThePages(t *testing.T) {
	t.Parallel()
	rg := newRig(t, member("de", func(m *fixtures.Member) { m.Lang = "de" }))
	sets, err := flows.SelectSettings("research_sharing,ads_age,ads_gender")
	if err != nil {
		t.Fatal(err)
	}
	rs := rg.session(t, "de").Sweep(runCtx(t), sets, flows.SwitchOptions{DryRun: true, PreferDirect: true, ReadLists: true})
	for _, r := range rs {
		if r.Outcome != flows.WouldTurnOff || r.Route != flows.RouteDirect {
			t.Errorf("%s: got %s by %s (%q), want would_turn_off by its page", r.Setting, r.Outcome, r.Route, r.Error)
		}
	}
}

// TestARowThatNeverShowsItsDataDecidesNothing: a list whose rows keep
// showing their default (Off) while its data says on is not read as
// either; the settings go to their pages, which here never show their
// data either: uncertain, never already_off.
func TestARowThatNeverShowsItsDataDecidesNothing(t *testing.T) {
	t.Parallel()
	rg := newRig(t, member("stuck", func(m *fixtures.Member) { m.EarlyState, m.DrawDelay = true, time.Minute }))
	sets, err := flows.SelectSettings("ads_age,ads_gender")
	if err != nil {
		t.Fatal(err)
	}
	rs := rg.session(t, "stuck").Sweep(runCtx(t), sets, flows.SwitchOptions{DryRun: true, PreferDirect: true, ReadLists: true})
	for _, r := range rs {
		if r.Outcome != flows.Uncertain || r.Route == flows.RouteList {
			t.Errorf("%s: got %s by %s (%q), want uncertain from its page", r.Setting, r.Outcome, r.Route, r.Error)
		}
	}
}

// TestAListWithoutTheFirstSettingIsStillRead: a member LinkedIn does not
// offer the AI setting to has no row for it; the list still answers for
// the others, and the AI setting is not_offered from its own page.
func TestAListWithoutTheFirstSettingIsStillRead(t *testing.T) {
	t.Parallel()
	rg := newRig(t, member("no-ai", func(m *fixtures.Member) { m.NotOffered = true }))
	sets, err := flows.SelectSettings("genai_training,research_sharing")
	if err != nil {
		t.Fatal(err)
	}
	rs := rg.session(t, "no-ai").Sweep(runCtx(t), sets, flows.SwitchOptions{DryRun: true, PreferDirect: true, ReadLists: true})
	if rs[0].Outcome != flows.NotOffered {
		t.Errorf("genai_training: got %s by %s (%q), want not_offered", rs[0].Outcome, rs[0].Route, rs[0].Error)
	}
	if rs[1].Outcome != flows.WouldTurnOff || rs[1].Route != flows.RouteList {
		t.Errorf("research_sharing: got %s by %s (%q), want would_turn_off from the list", rs[1].Outcome, rs[1].Route, rs[1].Error)
	}
}

// TestStatusOfAllOnTheRealisticSite: the lists on the page the real site
// draws (values Off until their data comes, beacons and a stream, the
// consent alert over the page) give every setting's stored state, the
// alert declined and said so, nothing saved.
func TestStatusOfAllOnTheRealisticSite(t *testing.T) {
	t.Parallel()
	rg := newRig(t, fixtures.RealisticMember(member("real", func(m *fixtures.Member) {
		m.Settings = map[string]bool{"allowAdsByGender": false, "shareDataWithTrustedPartners": false}
	})))
	sets, err := flows.SelectSettings("all")
	if err != nil {
		t.Fatal(err)
	}
	rs := rg.session(t, "real").Sweep(runCtx(t), sets, flows.SwitchOptions{DryRun: true, PreferDirect: true, ReadLists: true})
	listed, declined := 0, false
	for i, r := range rs {
		want := flows.WouldTurnOff
		if !rg.site.Setting("real", sets[i].Key) {
			want = flows.AlreadyOff
		}
		if r.Outcome != want {
			t.Errorf("%s: got %s by %s (%q), want %s", r.Setting, r.Outcome, r.Route, r.Error, want)
		}
		if r.Route == flows.RouteList {
			listed++
		}
		declined = declined || slices.ContainsFunc(r.Notes, func(n string) bool { return strings.Contains(n, "cookie") })
	}
	if listed < 10 {
		t.Errorf("%d settings read from the lists, want the 11 they show alone", listed)
	}
	if !declined || rg.site.ConsentChoice("real") != "DENY" {
		t.Errorf("consent choice %q, noted %v: want DENY, and said so", rg.site.ConsentChoice("real"), declined)
	}
	if n := len(rg.site.Saves("real")); n != 0 {
		t.Errorf("a status check sent %d saves", n)
	}
}
