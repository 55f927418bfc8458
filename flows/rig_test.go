package flows_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/optout/optout/automation"
	"github.com/optout/optout/fixtures"
	"github.com/optout/optout/fixtures/fixturestest"
	"github.com/optout/optout/flows"
)

// rig is the fake site on a loopback port and a browser: an incognito
// context of its own in the test binary's shared headless browser (see
// main_test.go), so a rig starts with no cookies and no history.
type rig struct {
	site    *fixtures.Site
	srv     *httptest.Server
	base    *url.URL
	browser *automation.Browser
}

func newRig(t *testing.T, members ...fixtures.Member) *rig {
	t.Helper()
	srv := fixturestest.Serve(t, members...)
	return &rig{site: srv.Site, srv: srv.HTTP, base: srv.Base, browser: fixturestest.Incognito(t)}
}

// session opens a tab signed in as member key ("" for nobody) and returns a
// flows session on it with short, test-sized waits; the tab closes when the
// (sub)test ends. The rig's tabs share its browser's cookies: the last
// member signed in is everyone's.
func (rg *rig) session(t *testing.T, key string) *flows.Session {
	t.Helper()
	if key != "" {
		fixturestest.SignIn(t, rg.browser, rg.site, rg.srv.URL, key)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	page, err := rg.browser.NewPage(ctx, automation.NewOriginGuard(rg.base, ""))
	if err != nil {
		t.Fatal(err)
	}
	// A tab outlives nothing of its (sub)test: left open, its page could
	// still send with the next member's cookie.
	t.Cleanup(func() { _ = page.Close() })
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

// member is fixturestest.Member: an English member key with the setting on.
func member(key string, tweak func(*fixtures.Member)) fixtures.Member {
	return fixturestest.Member(key, tweak)
}

// pressesEnter is a person at the terminal who presses Enter once enter
// is closed: a WaitForPerson.
func pressesEnter(enter <-chan struct{}) func(context.Context) error {
	return func(ctx context.Context) error {
		select {
		case <-enter:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func runCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}
