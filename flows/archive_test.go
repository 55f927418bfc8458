package flows_test

import (
	"context"
	"maps"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod"

	"github.com/optout/optout/automation"
	"github.com/optout/optout/automation/automationtest"
	"github.com/optout/optout/fixtures"
	"github.com/optout/optout/flows"
)

// archivesOf is the site's record of member key's archive requests.
func archivesOf(rg *rig, key string) []fixtures.ArchiveRequest {
	return slices.DeleteFunc(rg.site.ArchiveRequests(), func(a fixtures.ArchiveRequest) bool { return a.Member != key })
}

// checked reads the page's radio buttons and checkboxes: the values of
// those that are checked.
func checked(t *testing.T, s *flows.Session) string {
	t.Helper()
	return s.Page.Rod().Timeout(5 * time.Second).MustEval(`() =>
		[...document.querySelectorAll("form[data-archive] input:checked")].map((i) => i.value).join(",")`).Str()
}

// TestArchiveHeadless: headless, optout walks to Get a copy of your data,
// chooses the larger archive (or the named data files), reads the choice
// back and stops prefilled with a screenshot: the site records no request,
// in English and in German on the realistic site.
func TestArchiveHeadless(t *testing.T) {
	t.Parallel()
	rg := newRig(t,
		member("plain", nil),
		fixtures.RealisticMember(member("real-de", func(m *fixtures.Member) { m.Lang = "de"; m.ArchiveAsksPassword = true })),
		member("files-de", func(m *fixtures.Member) { m.Lang = "de" }),
	)
	for _, tc := range []struct {
		key, want, files string
		opts             flows.ArchiveOptions
	}{
		{key: "plain", want: "FULL"},
		{key: "real-de", want: "FULL"},
		{key: "files-de", want: "PARTIAL,CONNECTIONS,MESSAGES", files: "connections, messages",
			opts: flows.ArchiveOptions{Categories: []string{"messages", "connections"}}},
	} {
		t.Run(tc.key, func(t *testing.T) {
			s := rg.session(t, tc.key)
			var handed []string
			s.Events = func(e flows.Event) {
				if e.Kind == flows.HandOver {
					handed = append(handed, e.Text)
				}
			}
			r := s.Archive(runCtx(t), tc.opts)
			if r.Outcome != flows.Prefilled || r.Setting != flows.SettingArchive || r.Route != flows.RoutePath {
				t.Fatalf("outcome %s, setting %s, route %s (%q), want prefilled by the menus", r.Outcome, r.Setting, r.Route, r.Error)
			}
			if got := checked(t, s); got != tc.want {
				t.Errorf("the page shows %q chosen, want %q", got, tc.want)
			}
			wantFields := map[string]string{"archive": "larger archive"}
			if tc.files != "" {
				wantFields = map[string]string{"archive": "data files", "data_files": tc.files}
			}
			if !maps.Equal(r.Fields, wantFields) {
				t.Errorf("fields %v, want %v", r.Fields, wantFields)
			}
			if r.Submitted == nil || *r.Submitted || r.PersonSubmitted != nil || len(handed) != 0 {
				t.Errorf("submitted %v, person says %v, hand-overs %q: optout never requests, and nobody is there", r.Submitted, r.PersonSubmitted, handed)
			}
			if u, _ := url.Parse(r.URL); u == nil || u.Path != flows.ArchivePath {
				t.Errorf("url %q", r.URL)
			}
			if !slices.ContainsFunc(r.Evidence, func(p string) bool { return filepath.Base(p) == "archive.png" }) {
				t.Errorf("no screenshot of the page in %q", r.Evidence)
			}
			if got := archivesOf(rg, tc.key); len(got) != 0 {
				t.Errorf("the site recorded %d archive requests: %+v", len(got), got)
			}
		})
	}
}

// TestArchiveRefusedRecently: when LinkedIn refuses a new request because
// one was made recently, optout says so in the page's own words and ends
// not_offered (exit 0), a word a script tells from prefilled and from a
// failure; nothing is chosen or sent.
func TestArchiveRefusedRecently(t *testing.T) {
	t.Parallel()
	rg := newRig(t,
		member("recent", func(m *fixtures.Member) { m.ArchiveRecentlyRequested = true }),
		member("recent-fr", func(m *fixtures.Member) { m.ArchiveRecentlyRequested = true; m.Lang = "fr" }),
	)
	for key, words := range map[string]string{
		"recent":    "LinkedIn says: “Your archive was requested recently. You can request a new one after ",
		"recent-fr": "LinkedIn says: “Votre archive a été demandée récemment. Vous pourrez en demander une nouvelle après le ",
	} {
		s := rg.session(t, key)
		r := s.Archive(runCtx(t), flows.ArchiveOptions{})
		if r.Outcome != flows.NotOffered || r.Outcome.ExitCode() != 0 || !strings.HasPrefix(r.Error, words) {
			t.Errorf("%s: outcome %s, error %q; want not_offered in the page's words", key, r.Outcome, r.Error)
		}
		if r.Fields != nil || len(r.Evidence) == 0 {
			t.Errorf("%s: fields %v, evidence %q: want nothing chosen and a screenshot of the refusal", key, r.Fields, r.Evidence)
		}
		if got := checked(t, s); got != "PARTIAL" {
			t.Errorf("%s: the page shows %q chosen; optout must leave a refused page alone", key, got)
		}
		if n := len(archivesOf(rg, key)); n != 0 {
			t.Errorf("%s: %d archive requests", key, n)
		}
	}
}

// TestArchivePageThatSendsItself: the page's script sends the request as
// soon as the choice changes; optout holds it in the browser, so the site
// records nothing, and the result names what was held.
func TestArchivePageThatSendsItself(t *testing.T) {
	t.Parallel()
	rg := newRig(t, member("eager", func(m *fixtures.Member) { m.ArchiveSendsOnChange = true }))
	s := rg.session(t, "eager")
	r := s.Archive(runCtx(t), flows.ArchiveOptions{})
	if r.Outcome != flows.Prefilled || checked(t, s) != "FULL" {
		t.Fatalf("outcome %s (%q), want prefilled with the larger archive", r.Outcome, r.Error)
	}
	if r.HeldRequests == nil || *r.HeldRequests == 0 ||
		!slices.Contains(r.HeldNames, "POST /mypreferences/d/api/download-my-data/requests (fetch/xhr)") {
		t.Errorf("held %v %q: want the page's own request held", r.HeldRequests, r.HeldNames)
	}
	if got := archivesOf(rg, "eager"); len(got) != 0 {
		t.Errorf("the site recorded %d archive requests: %+v", len(got), got)
	}
}

// TestArchiveNeedsThePersonOrAKnownFile: headless, a security check ends
// needs_human; a data file optout does not know fails before any page.
func TestArchiveNeedsThePersonOrAKnownFile(t *testing.T) {
	t.Parallel()
	rg := newRig(t, member("cp", func(m *fixtures.Member) { m.Checkpoint = true }), member("ann", nil))
	if r := rg.session(t, "cp").Archive(runCtx(t), flows.ArchiveOptions{}); r.Outcome != flows.NeedsHuman {
		t.Errorf("checkpoint: %s (%q), want needs_human", r.Outcome, r.Error)
	}
	s := rg.session(t, "ann")
	r := s.Archive(runCtx(t), flows.ArchiveOptions{Categories: []string{"connections", "photos"}})
	if r.Outcome != flows.Failed || !strings.Contains(r.Error, `unknown data file "photos"`) {
		t.Errorf("unknown data file: %s (%q)", r.Outcome, r.Error)
	}
	if u, err := s.Page.URL(runCtx(t)); err != nil || u.String() != "about:blank" || r.URL != "" {
		t.Errorf("the tab went to %v (%v) for an unknown data file", u, err)
	}
}

// TestArchiveVisibleWindow: in a real window on a virtual display, optout
// chooses the larger archive and hands the page over; the person presses
// "Request archive", types their password in LinkedIn's prompt and presses
// Done, then Enter: the site records exactly that one request, and optout
// records the person's answer.
func TestArchiveVisibleWindow(t *testing.T) {
	t.Setenv("DISPLAY", automationtest.Display(t))
	site := fixtures.NewSite()
	site.AddMember(member("person", func(m *fixtures.Member) { m.ArchiveAsksPassword = true }))
	srv := httptest.NewServer(site)
	t.Cleanup(srv.Close)
	base, _ := url.Parse(srv.URL)
	lctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	opts := automationtest.Options("")
	opts.Headless = false
	b, err := automation.Launch(lctx, opts)
	if err != nil {
		t.Fatalf("launch a visible browser: %v", err)
	}
	t.Cleanup(func() { _ = b.Close() })
	rg := &rig{site: site, srv: srv, base: base, browser: b}

	s := rg.session(t, "person")
	s.HandOverTimeout = 30 * time.Second
	var handed []string
	handedCh := make(chan struct{}, 4)
	s.Events = func(e flows.Event) {
		if e.Kind == flows.HandOver {
			handed = append(handed, e.Text)
			handedCh <- struct{}{}
		}
	}
	enter := make(chan struct{})
	go func() {
		defer close(enter) // whether or not it arrived: the checks below say which
		<-handedCh
		if n := len(archivesOf(rg, "person")); n != 0 {
			t.Errorf("%d requests before the person had the page", n)
		}
		p := s.Page.Rod().Timeout(20 * time.Second)
		if seen := p.MustEval(`() => navigator.userAgent + " | " + document.visibilityState`).Str(); strings.Contains(seen, "Headless") || !strings.HasSuffix(seen, "| visible") {
			t.Errorf("not a visible window: %s", seen)
		}
		err := rod.Try(func() {
			p.MustElement("[data-archive-request]").MustClick()
			dialog := p.MustElement(`[role="dialog"]`)
			dialog.MustElement(`input[type="password"]`).MustInput("the person's own password")
			dialog.MustElementR("button", "/^Done$/").MustClick()
			automationtest.Eventually(20*time.Second, func() bool { return len(archivesOf(rg, "person")) > 0 })
			p.MustElement("[data-archive-done]").MustWaitVisible()
		})
		if err != nil {
			t.Errorf("the person's request did not go through: %v", err)
		}
	}()
	var asked int
	s.Confirm = func(_ context.Context, question string) (bool, error) {
		if question != "Did you press “Request archive”?" {
			t.Errorf("asked %q", question)
		}
		asked++
		return true, nil
	}
	r := s.Archive(runCtx(t), flows.ArchiveOptions{WaitForPerson: pressesEnter(enter)})
	if r.Outcome != flows.Prefilled || r.Submitted == nil || *r.Submitted {
		t.Fatalf("outcome %s (%q), submitted %v: want prefilled, never requested by optout", r.Outcome, r.Error, r.Submitted)
	}
	if r.PersonSubmitted == nil || !*r.PersonSubmitted || asked != 1 {
		t.Errorf("person's answer %v after %d questions, want their yes", r.PersonSubmitted, asked)
	}
	if len(handed) != 1 || !strings.Contains(handed[0], "the larger data archive is chosen") || !strings.Contains(handed[0], "press “Request archive”") {
		t.Errorf("hand-over lines %q: want one saying what is chosen and what to press", handed)
	}
	got := archivesOf(rg, "person")
	if len(got) != 1 || !got[0].Full || !got[0].Accepted() {
		t.Errorf("site record %+v, want the person's one accepted request for the larger archive", got)
	}
}
