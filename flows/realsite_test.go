package flows_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/optout/optout/fixtures"
	"github.com/optout/optout/flows"
)

// The tests in this file run the flows against the fake site's variants
// that imitate what public sources show of the real site in 2026
// (../shared/spec/linkedin-site.md, "Evidence added 2026-11"). Each would
// fail if the tool ignored the fact behind it.

// TestStateIsReadOnlyOnceThePageHasItsData: a page that draws the switch
// OFF before its data arrives must never give already_off for a member
// whose setting is on, in a real run or a dry run.
func TestStateIsReadOnlyOnceThePageHasItsData(t *testing.T) {
	t.Parallel()
	early := func(on bool) func(*fixtures.Member) {
		return func(m *fixtures.Member) {
			m.EarlyState, m.DataDelay, m.GenAIOn = true, 1500*time.Millisecond, on
		}
	}
	lateAsk := func(m *fixtures.Member) {
		early(true)(m)
		m.RenderDelay = 800 * time.Millisecond // the page asks for its data late
	}
	noData := func(m *fixtures.Member) { early(true)(m); m.DataFails = true }
	rg := newRig(t, member("on-dry", early(true)), member("on-real", early(true)), member("off", early(false)),
		member("late-ask", lateAsk), member("no-data", noData))

	r := rg.session(t, "on-dry").GenAI(runCtx(t), flows.SwitchOptions{DryRun: true})
	if r.Outcome != flows.WouldTurnOff || r.Before != flows.On {
		t.Fatalf("dry run on a page drawn early: got %s (before %s, %q), want would_turn_off from on", r.Outcome, r.Before, r.Error)
	}
	r = rg.session(t, "on-real").GenAI(runCtx(t), flows.SwitchOptions{})
	if r.Outcome != flows.TurnedOffVerified || r.Before != flows.On || r.After != flows.Off {
		t.Fatalf("real run on a page drawn early: got %s (%s→%s, %q), want turned_off_verified", r.Outcome, r.Before, r.After, r.Error)
	}
	if rg.site.GenAIOn("on-real") {
		t.Error("the site still stores the setting on")
	}
	r = rg.session(t, "off").GenAI(runCtx(t), flows.SwitchOptions{})
	if r.Outcome != flows.AlreadyOff || len(rg.site.Saves("off")) != 0 {
		t.Fatalf("setting off, page drawn early: got %s with %d saves, want already_off and none", r.Outcome, len(rg.site.Saves("off")))
	}
	r = rg.session(t, "late-ask").GenAI(runCtx(t), flows.SwitchOptions{DryRun: true})
	if r.Outcome != flows.WouldTurnOff || r.Before != flows.On {
		t.Fatalf("page that asks for its data late: got %s (before %s, %q), want would_turn_off from on", r.Outcome, r.Before, r.Error)
	}
	// The page's data never arrives: its switch shows a default, so the
	// state is not known. Never already_off, and nothing clicked.
	s := rg.session(t, "no-data")
	s.StepTimeout = 5 * time.Second
	r = s.GenAI(runCtx(t), flows.SwitchOptions{})
	if r.Outcome != flows.Uncertain || r.Before != flows.Unknown || len(rg.site.Saves("no-data")) != 0 || !strings.Contains(r.Error, "HTTP 500") {
		t.Fatalf("page whose data failed: got %s (before %s, %q) with %d saves, want uncertain, unknown, none",
			r.Outcome, r.Before, r.Error, len(rg.site.Saves("no-data")))
	}
}

// TestTheRealisticSiteEndsVerified is the combined variant: state drawn
// early, beacons and a stream, a delayed save, the consent alert over the
// nav, the Me marker on the profile link, German and the newer nav.
func TestTheRealisticSiteEndsVerified(t *testing.T) {
	t.Parallel()
	m := fixtures.RealisticMember(member("real", func(m *fixtures.Member) { m.Lang = "de"; m.Nav = fixtures.NavV2 }))
	rg := newRig(t, m)
	r := rg.session(t, "real").GenAI(runCtx(t), flows.SwitchOptions{})
	if r.Outcome != flows.TurnedOffVerified || r.Route != flows.RoutePath || r.Error != "" {
		t.Fatalf("got %s by %s (%q), want turned_off_verified by the menu path with no error", r.Outcome, r.Route, r.Error)
	}
	if rg.site.GenAIOn("real") {
		t.Error("the site still stores the setting on")
	}
	saves := rg.site.Saves("real")
	if len(saves) != 1 || saves[0].Key != "allowDataForGenerativeAI" || saves[0].Enabled || !saves[0].Kept {
		t.Errorf("site saw saves %+v, want one kept save of allowDataForGenerativeAI off", saves)
	}
	if got := rg.site.ConsentChoice("real"); got != "DENY" {
		t.Errorf("consent choice %q, want DENY (never ACCEPT on the person's behalf)", got)
	}
	if !slices.ContainsFunc(r.Notes, func(n string) bool { return strings.Contains(n, "cookie") }) {
		t.Errorf("notes %q do not say the consent alert was declined", r.Notes)
	}
	for _, p := range rg.site.Paths() {
		if strings.HasPrefix(p, "/in/") {
			t.Errorf("the run opened the profile page %s: the Me menu is its button, not the profile link", p)
		}
	}
	if len(rg.site.Beacons()) == 0 {
		t.Error("the site saw no background traffic: the variant is not on")
	}
	checkReceipt(t, r)
}

// TestKnownPagesAreDecidedNotWaitedOut: pages that are not the one asked
// for end (or are passed) with what they are, well within the step timeout.
func TestKnownPagesAreDecidedNotWaitedOut(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		tweak   func(*fixtures.Member)
		want    flows.Outcome
		errHas  string
		stillOn bool
	}{
		{"add-phone interstitial is skipped", func(m *fixtures.Member) { m.Interstitial = fixtures.InterstitialAddPhone }, flows.TurnedOffVerified, "", false},
		{"account restriction", func(m *fixtures.Member) { m.Interstitial = fixtures.InterstitialRestriction }, flows.NeedsHuman, "restriction", true},
		{"not offered: a notice", func(m *fixtures.Member) { m.NotOffered, m.NotOfferedAs = true, fixtures.NotOfferedNotice }, flows.NotOffered, "isn't available", true},
		{"not offered: 404", func(m *fixtures.Member) { m.NotOffered, m.NotOfferedAs = true, fixtures.NotOffered404 }, flows.NotOffered, "Page not found", true},
		{"429 with Retry-After", func(m *fixtures.Member) { m.Throttle = 2 }, flows.TurnedOffVerified, "", false},
		{"consent alert over the nav", func(m *fixtures.Member) { m.ConsentAlert = true }, flows.TurnedOffVerified, "", false},
		{"Me marker on the profile link", func(m *fixtures.Member) { m.MeLink = true }, flows.TurnedOffVerified, "", false},
	}
	var members []fixtures.Member
	for i, tc := range cases {
		members = append(members, member(keyOf(i), tc.tweak))
	}
	rg := newRig(t, members...)
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := rg.session(t, keyOf(i))
			s.StepTimeout = 45 * time.Second // a page waited out would show as a timeout in the error
			r := s.GenAI(runCtx(t), flows.SwitchOptions{})
			if r.Outcome != tc.want || !strings.Contains(r.Error, tc.errHas) {
				t.Logf("site paths: %q", rg.site.Paths())
				t.Fatalf("got %s (%q), want %s with %q in the error", r.Outcome, r.Error, tc.want, tc.errHas)
			}
			if strings.Contains(r.Error, "timed out") {
				t.Errorf("error %q: the page was waited out", r.Error)
			}
			if rg.site.GenAIOn(keyOf(i)) != tc.stillOn {
				t.Errorf("site stores on=%v, want %v", rg.site.GenAIOn(keyOf(i)), tc.stillOn)
			}
			if tc.want == flows.TurnedOffVerified && r.Route != flows.RoutePath {
				t.Errorf("route %s, want the menu path", r.Route)
			}
		})
	}
	t.Run("the interstitial's Skip is recorded", func(t *testing.T) {
		if !rg.site.SkippedInterstitial(keyOf(0)) {
			t.Error("the site did not see the Skip")
		}
	})
}

// TestRefusalStopsAtOnce: LinkedIn's 999 ends the run on the first page,
// with no other route tried and nothing loaded again.
func TestRefusalStopsAtOnce(t *testing.T) {
	t.Parallel()
	rg := newRig(t, member("denied", func(m *fixtures.Member) { m.Refused = true }))
	r := rg.session(t, "denied").GenAI(runCtx(t), flows.SwitchOptions{})
	if r.Outcome != flows.Failed || !strings.Contains(r.Error, "999") {
		t.Fatalf("got %s (%q), want failed saying LinkedIn refused (999)", r.Outcome, r.Error)
	}
	if paths := slices.DeleteFunc(rg.site.Paths(), func(p string) bool { return p == "/favicon.ico" }); len(paths) != 1 {
		t.Errorf("the site was asked %d times (%q), want once", len(paths), paths)
	}
}

// TestBeaconsAreNeitherTheSaveNorAReasonToWait: failing and slow tracking
// requests after the click do not make a verified save uncertain.
func TestBeaconsAreNeitherTheSaveNorAReasonToWait(t *testing.T) {
	t.Parallel()
	rg := newRig(t, member("bg", func(m *fixtures.Member) { m.Background, m.SaveDebounce = true, 400*time.Millisecond }))
	r := rg.session(t, "bg").GenAI(runCtx(t), flows.SwitchOptions{})
	if r.Outcome != flows.TurnedOffVerified || r.Error != "" {
		t.Fatalf("got %s (%q), want turned_off_verified with no error", r.Outcome, r.Error)
	}
	if saves := rg.site.Saves("bg"); len(saves) != 1 || !saves[0].Kept {
		t.Fatalf("site saw saves %+v, want one kept (the debounced save waited for)", saves)
	}
}

// TestOneSwitchOfATwoSwitchPage: LinkedIn promotions holds two switches;
// turning off one leaves the other as it was.
func TestOneSwitchOfATwoSwitchPage(t *testing.T) {
	t.Parallel()
	rg := newRig(t, member("promo", nil))
	set, ok := flows.LookupSetting("promotions_ads")
	if !ok {
		t.Fatal("promotions_ads is not in the catalogue")
	}
	r := rg.session(t, "promo").TurnOff(runCtx(t), set, flows.SwitchOptions{})
	if r.Outcome != flows.TurnedOffVerified || r.Setting != "promotions_ads" {
		t.Fatalf("got %s for %s (%q), want turned_off_verified for promotions_ads", r.Outcome, r.Setting, r.Error)
	}
	if rg.site.Setting("promo", "allowProfileAndActivityDataForMarketingAds") {
		t.Error("the asked-for switch is still on at the site")
	}
	if !rg.site.Setting("promo", "tipsForUsingLinkedinViaEmail") {
		t.Error("the other switch on the page was turned off")
	}
}

// TestRegionalAbsenceIsNotOffered: a setting LinkedIn does not offer in the
// member's region is not_offered, not a changed page.
func TestRegionalAbsenceIsNotOffered(t *testing.T) {
	t.Parallel()
	rg := newRig(t, member("eu", func(m *fixtures.Member) { m.Absent = []string{"shareDataWithTrustedPartners"} }))
	set, _ := flows.LookupSetting("partner_sharing")
	r := rg.session(t, "eu").TurnOff(runCtx(t), set, flows.SwitchOptions{})
	if r.Outcome != flows.NotOffered {
		t.Fatalf("got %s (%q), want not_offered", r.Outcome, r.Error)
	}
	if len(rg.site.Saves("eu")) != 0 {
		t.Error("a save reached the site")
	}
}

// TestTheConsentAnswerIsNoDataToWaitFor: when the consent alert sits over
// the setting's own page (a status check goes there first), its answer,
// which the page never reads to the end, is no data a read waits for.
func TestTheConsentAnswerIsNoDataToWaitFor(t *testing.T) {
	t.Parallel()
	rg := newRig(t, fixtures.RealisticMember(member("direct", nil)))
	s := rg.session(t, "direct")
	s.StepTimeout = 5 * time.Second
	r := s.GenAI(runCtx(t), flows.SwitchOptions{DryRun: true, PreferDirect: true})
	if r.Outcome != flows.WouldTurnOff || r.Route != flows.RouteDirect || rg.site.ConsentChoice("direct") != "DENY" {
		t.Fatalf("got %s by %s (%q), consent %q; want would_turn_off by the address, DENY", r.Outcome, r.Route, r.Error, rg.site.ConsentChoice("direct"))
	}
}
