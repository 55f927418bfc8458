package automation_test

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"testing"

	"github.com/optout/optout/automation"
	"github.com/optout/optout/automation/automationtest"
)

// cookieEcho serves a page that shows the Cookie header it was sent.
func cookieEcho(t *testing.T) (*httptest.Server, *url.URL) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<p id="cookie">[%s]</p>`, html.EscapeString(r.Header.Get("Cookie")))
	}))
	t.Cleanup(srv.Close)
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return srv, u
}

// sentCookie opens a tab in b, loads the echo page and returns the Cookie
// header the server saw, with the tab.
func sentCookie(t *testing.T, b *automation.Browser, base *url.URL) (string, *automation.Page) {
	t.Helper()
	ctx := timeout(t)
	p, err := b.NewPage(ctx, automation.NewOriginGuard(base, ""))
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Navigate(ctx, base.String()+"/"); err != nil {
		t.Fatal(err)
	}
	return p.Rod().Context(ctx).MustElement("#cookie").MustText(), p
}

func TestIncognitoContextsShareNothingAndCloseAlone(t *testing.T) {
	srv, base := cookieEcho(t)
	profile := t.TempDir()
	b := automationtest.Launch(t, profile)
	ctx := timeout(t)
	if err := b.SetCookie(ctx, srv.URL, "who", "profile"); err != nil {
		t.Fatal(err)
	}
	one, err := b.Incognito(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = one.Close() })
	two, err := b.Incognito(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = two.Close() })
	if err := one.SetCookie(ctx, srv.URL, "who", "one"); err != nil {
		t.Fatal(err)
	}

	got1, p1 := sentCookie(t, one, base)
	got2, p2 := sentCookie(t, two, base)
	got0, _ := sentCookie(t, b, base)
	if got1 != "[who=one]" || got2 != "[]" || got0 != "[who=profile]" {
		t.Fatalf("cookies sent: context one %s, context two %s, the profile %s; want each its own", got1, got2, got0)
	}
	p1.Rod().Context(ctx).MustEval(`() => localStorage.setItem("who", "one")`)
	if v := p2.Rod().Context(ctx).MustEval(`() => localStorage.getItem("who")`); !v.Nil() {
		t.Fatalf("context two reads context one's storage: %v", v)
	}

	if err := one.Close(); err != nil {
		t.Fatalf("close context one: %v", err)
	}
	if err := one.Close(); err != nil {
		t.Fatalf("close context one again: %v", err)
	}
	if err := p1.WaitClosed(ctx); err != nil {
		t.Fatalf("context one's tab outlived it: %v", err)
	}
	if got, _ := sentCookie(t, two, base); got != "[]" {
		t.Errorf("context two after context one closed: sent %s", got)
	}
	if got, _ := sentCookie(t, b, base); got != "[who=profile]" {
		t.Errorf("the browser after context one closed: sent %s", got)
	}
	if _, err := os.Stat(profile); err != nil {
		t.Errorf("closing a context touched the browser's profile: %v", err)
	}
	if _, err := one.Incognito(ctx); err == nil {
		t.Error("a closed context opened another")
	}
}
