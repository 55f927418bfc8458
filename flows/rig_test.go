package flows_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/optout/optout/automation"
	"github.com/optout/optout/automation/automationtest"
	"github.com/optout/optout/fixtures"
	"github.com/optout/optout/flows"
)

// rig is the fake site on a loopback port and one headless browser.
type rig struct {
	site    *fixtures.Site
	srv     *httptest.Server
	base    *url.URL
	browser *automation.Browser
}

func newRig(t *testing.T, members ...fixtures.Member) *rig {
	t.Helper()
	site := fixtures.NewSite()
	for _, m := range members {
		site.AddMember(m)
	}
	srv := httptest.NewServer(site)
	t.Cleanup(srv.Close)
	base, _ := url.Parse(srv.URL)
	return &rig{site: site, srv: srv, base: base, browser: automationtest.Launch(t, "")}
}

// session opens a tab signed in as member key ("" for nobody) and returns a
// flows session on it with short, test-sized waits.
func (rg *rig) session(t *testing.T, key string) *flows.Session {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if key != "" {
		if err := rg.browser.SetCookie(ctx, rg.srv.URL, "li_at", rg.site.SessionCookie(key).Value); err != nil {
			t.Fatal(err)
		}
	}
	page, err := rg.browser.NewPage(ctx, automation.NewOriginGuard(rg.base, ""))
	if err != nil {
		t.Fatal(err)
	}
	return &flows.Session{
		Account:     "acct-" + key,
		Page:        page,
		Base:        rg.base,
		StepTimeout: 8 * time.Second,
		Receipts:    &flows.Receipts{Dir: t.TempDir()},
		Version:     "test",
		Log:         zerolog.New(zerolog.NewTestWriter(t)),
	}
}

func member(key string, tweak func(*fixtures.Member)) fixtures.Member {
	m := fixtures.Member{
		Key: key, FullName: "Member " + key, Email: key + "@example.org",
		ProfileURL: "https://www.linkedin.com/in/" + key, Lang: "en", GenAIOn: true,
	}
	if tweak != nil {
		tweak(&m)
	}
	return m
}

func runCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}
