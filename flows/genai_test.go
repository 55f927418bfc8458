package flows_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/optout/optout/fixtures"
	"github.com/optout/optout/flows"
)

// TestGenAITurnsOffAcrossVariants runs the whole flow for members whose
// pages differ (language, nav, switch markup, late rendering) and checks the
// site's own record: exactly one save, kept, and the stored setting off.
func TestGenAITurnsOffAcrossVariants(t *testing.T) {
	t.Parallel()
	cases := map[string]func(*fixtures.Member){
		"english input switch": nil,
		"artdeco toggle":       func(m *fixtures.Member) { m.Switch = fixtures.SwitchArtdeco },
		"button switch":        func(m *fixtures.Member) { m.Switch = fixtures.SwitchButton },
		"new nav":              func(m *fixtures.Member) { m.Nav = fixtures.NavV2 },
		"german":               func(m *fixtures.Member) { m.Lang = "de"; m.Switch = fixtures.SwitchArtdeco },
		"french":               func(m *fixtures.Member) { m.Lang = "fr" },
		"spanish new nav":      func(m *fixtures.Member) { m.Lang = "es"; m.Nav = fixtures.NavV2 },
		"italian (no table)":   func(m *fixtures.Member) { m.Lang = "it"; m.Nav = fixtures.NavV2; m.Switch = fixtures.SwitchButton },
		"late render 2.5s": func(m *fixtures.Member) {
			m.RenderDelay = 2500 * time.Millisecond
			m.MenuDelay = 600 * time.Millisecond
		},
		"entry renamed": func(m *fixtures.Member) { m.EntryRenamed = true },
	}
	var members []fixtures.Member
	for name, tweak := range cases {
		members = append(members, member(strings.ReplaceAll(name, " ", "-"), tweak))
	}
	rg := newRig(t, members...)
	for name := range cases {
		key := strings.ReplaceAll(name, " ", "-")
		t.Run(name, func(t *testing.T) {
			s := rg.session(t, key)
			r := s.GenAI(runCtx(t), flows.SwitchOptions{})
			if r.Outcome != flows.TurnedOffVerified || r.Before != flows.On || r.After != flows.Off {
				t.Fatalf("outcome %s (%s→%s), error %q; want turned_off_verified on→off", r.Outcome, r.Before, r.After, r.Error)
			}
			if r.Route != flows.RoutePath {
				t.Errorf("route %s, want the menu path", r.Route)
			}
			if rg.site.GenAIOn(key) {
				t.Error("the site still stores the setting on")
			}
			saves := rg.site.Saves(key)
			if len(saves) != 1 || saves[0].Enabled || !saves[0].Kept {
				t.Errorf("site saw saves %+v, want exactly one kept save of off", saves)
			}
			if len(r.Evidence) != 2 {
				t.Errorf("evidence %v, want before and after screenshots", r.Evidence)
			}
			checkReceipt(t, r)
		})
	}
}

func checkReceipt(t *testing.T, r flows.Result) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(r.Receipt, "receipt.json"))
	if err != nil {
		t.Fatalf("receipt: %v", err)
	}
	var got flows.Result
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatalf("receipt: %v", err)
	}
	if got.Outcome != r.Outcome || got.Version == "" || got.URL == "" && r.URL != "" || got.StartedAt.IsZero() {
		t.Errorf("receipt %+v does not match the result", got)
	}
	for _, p := range append(r.Evidence, filepath.Join(r.Receipt, "receipt.json")) {
		info, err := os.Stat(p)
		if err != nil {
			t.Errorf("evidence %s: %v", p, err)
			continue
		}
		if info.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", p, info.Mode().Perm())
		}
	}
}

func TestGenAIOutcomes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		tweak   func(*fixtures.Member)
		dryRun  bool
		want    flows.Outcome
		before  flows.State
		after   flows.State
		saves   int
		stillOn bool
	}{
		{"already off", func(m *fixtures.Member) { m.GenAIOn = false }, false, flows.AlreadyOff, flows.Off, flows.Off, 0, false},
		{"dry run", nil, true, flows.WouldTurnOff, flows.On, flows.On, 0, true},
		{"dry run artdeco", func(m *fixtures.Member) { m.Switch = fixtures.SwitchArtdeco }, true, flows.WouldTurnOff, flows.On, flows.On, 0, true},
		{"not offered", func(m *fixtures.Member) { m.NotOffered = true }, false, flows.NotOffered, flows.Unknown, flows.Unknown, 0, true},
		{"checkpoint", func(m *fixtures.Member) { m.Checkpoint = true }, false, flows.NeedsHuman, flows.Unknown, flows.Unknown, 0, true},
		{"account picker", func(m *fixtures.Member) { m.AccountPicker = true }, false, flows.NeedsHuman, flows.Unknown, flows.Unknown, 0, true},
		{"save fails", func(m *fixtures.Member) { m.SaveFails = true }, false, flows.Uncertain, flows.On, flows.On, 1, true},
		{"save not kept", func(m *fixtures.Member) { m.SaveNotKept = true }, false, flows.Uncertain, flows.On, flows.On, 1, true},
		// Chromium itself re-sends a request whose connection closed before
		// any answer (it takes it for a stale keep-alive socket); the tool
		// clicked once. -1: at least one save, none kept.
		{"save cut", func(m *fixtures.Member) { m.SaveCut = true }, false, flows.Uncertain, flows.On, flows.On, -1, true},
		{"menu entry missing: direct URL", func(m *fixtures.Member) { m.MenuEntryMissing = true }, false, flows.TurnedOffVerified, flows.On, flows.Off, 1, false},
		{"entry missing: direct URL", func(m *fixtures.Member) { m.EntryMissing = true }, false, flows.TurnedOffVerified, flows.On, flows.Off, 1, false},
		{"switch missing", func(m *fixtures.Member) { m.SwitchMissing = true }, false, flows.PageChanged, flows.Unknown, flows.Unknown, 0, true},
		// A page that answers 500 is loaded again (a read), a bounded number of times.
		{"500 twice, then fine", func(m *fixtures.Member) { m.FailLoads = 2 }, false, flows.TurnedOffVerified, flows.On, flows.Off, 1, false},
		{"500 every time", func(m *fixtures.Member) { m.FailLoads = 1000 }, false, flows.Failed, flows.Unknown, flows.Unknown, 0, true},
	}
	var members []fixtures.Member
	for i, tc := range cases {
		members = append(members, member(keyOf(i), tc.tweak))
	}
	rg := newRig(t, members...)
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := rg.session(t, keyOf(i))
			if tc.name == "switch missing" {
				s.StepTimeout = 3 * time.Second
			}
			r := s.GenAI(runCtx(t), flows.SwitchOptions{DryRun: tc.dryRun})
			if r.Outcome != tc.want || r.Before != tc.before || r.After != tc.after {
				t.Fatalf("got %s (%s→%s) error %q; want %s (%s→%s)", r.Outcome, r.Before, r.After, r.Error, tc.want, tc.before, tc.after)
			}
			saves := rg.site.Saves(keyOf(i))
			if tc.saves >= 0 && len(saves) != tc.saves || tc.saves < 0 && len(saves) == 0 {
				t.Errorf("site saw %d saves, want %d", len(saves), tc.saves)
			}
			for _, sv := range saves {
				if sv.Kept && tc.stillOn {
					t.Errorf("a save was kept: %+v", sv)
				}
			}
			if rg.site.GenAIOn(keyOf(i)) != tc.stillOn {
				t.Errorf("site stores on=%v, want %v", rg.site.GenAIOn(keyOf(i)), tc.stillOn)
			}
			if r.Outcome.ExitCode() != 0 && r.Outcome != flows.WouldTurnOff && r.Error == "" {
				t.Error("a failing outcome without an error message")
			}
			checkReceipt(t, r)
		})
	}
}

func keyOf(i int) string { return "m" + string(rune('a'+i)) }

func TestGenAISignedOutNeedsHumanHeadless(t *testing.T) {
	t.Parallel()
	rg := newRig(t, member("alice", nil))
	s := rg.session(t, "") // no cookie
	start := time.Now()
	r := s.GenAI(runCtx(t), flows.SwitchOptions{})
	if r.Outcome != flows.NeedsHuman || r.Outcome.ExitCode() != 3 {
		t.Fatalf("got %s (%q), want needs_human", r.Outcome, r.Error)
	}
	if time.Since(start) > 6*time.Second {
		t.Errorf("headless needs_human took %s: it must end at once, not wait", time.Since(start))
	}
	if len(rg.site.AllSaves()) != 0 {
		t.Error("a save reached the site")
	}
}

func TestGenAIRefusesAnotherOrigin(t *testing.T) {
	t.Parallel()
	var otherHits int
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { otherHits++ }))
	defer other.Close()
	rg := newRig(t,
		member("link", func(m *fixtures.Member) { m.ForeignSettingsLink = other.URL + "/mypreferences/d/categories/account" }),
		member("both", func(m *fixtures.Member) {
			m.ForeignSettingsLink = other.URL + "/mypreferences/d/categories/account"
			m.ForeignSettingRedirect = other.URL + "/mypreferences/d/settings/data-for-ai-improvement"
		}),
	)
	r := rg.session(t, "link").GenAI(runCtx(t), flows.SwitchOptions{})
	if r.Outcome != flows.TurnedOffVerified || r.Route != flows.RouteDirect {
		t.Fatalf("foreign menu link: got %s via %s (%q), want turned_off_verified via the direct URL", r.Outcome, r.Route, r.Error)
	}
	if len(r.Refused) == 0 || !strings.Contains(r.Refused[0], "127.0.0.1") {
		t.Errorf("refused origins %v, want the other server reported", r.Refused)
	}
	r = rg.session(t, "both").GenAI(runCtx(t), flows.SwitchOptions{})
	if r.Outcome != flows.PageChanged || !rg.site.GenAIOn("both") {
		t.Fatalf("foreign link and redirect: got %s (%q), want page_changed with nothing changed", r.Outcome, r.Error)
	}
	if otherHits != 0 {
		t.Fatalf("the other origin received %d requests, want 0", otherHits)
	}
}

func TestGenAISiteTooSlowFails(t *testing.T) {
	t.Parallel()
	rg := newRig(t, member("slow", nil))
	rg.site.SetDelay(3 * time.Second)
	s := rg.session(t, "slow")
	s.StepTimeout = time.Second
	r := s.GenAI(runCtx(t), flows.SwitchOptions{})
	if r.Outcome != flows.Failed || r.Error == "" {
		t.Fatalf("got %s (%q), want failed with a reason", r.Outcome, r.Error)
	}
	if len(rg.site.AllSaves()) != 0 || !rg.site.GenAIOn("slow") {
		t.Fatal("a slow site saw a change")
	}
}

// TestGenAIReloadsOnlyThePageTheSiteFailed: when the setting's page answers
// 500, optout reloads that page, as a person would, instead of walking the
// menus from the feed again; the save and the read-back are unchanged.
func TestGenAIReloadsOnlyThePageTheSiteFailed(t *testing.T) {
	t.Parallel()
	rg := newRig(t, member("flaky", func(m *fixtures.Member) { m.FailLoads = 2 }))
	s := rg.session(t, "flaky")
	r := s.GenAI(runCtx(t), flows.SwitchOptions{})
	if r.Outcome != flows.TurnedOffVerified || r.Route != flows.RoutePath {
		t.Fatalf("got %s by %s (%q), want turned_off_verified by the menu path", r.Outcome, r.Route, r.Error)
	}
	var feed, setting int
	for _, p := range rg.site.Paths() {
		switch {
		case strings.HasPrefix(p, flows.FeedPath):
			feed++
		case strings.HasPrefix(p, flows.GenAIPath):
			setting++
		}
	}
	// Two failed loads, the good one, and the reload that reads the state back.
	if feed != 1 || setting != 4 {
		t.Errorf("site served the feed %d times and the setting's page %d times, want 1 and 4: %q", feed, setting, rg.site.Paths())
	}
	if len(rg.site.Saves("flaky")) != 1 {
		t.Errorf("site saw %d saves, want 1", len(rg.site.Saves("flaky")))
	}
}
