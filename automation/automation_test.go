package automation_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/optout/optout/automation"
	"github.com/optout/optout/automation/automationtest"
)

// pages serves small HTML documents by path, counting requests.
func pages(t *testing.T, docs map[string]string) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if to, ok := docs["redirect:"+r.URL.Path]; ok {
			http.Redirect(w, r, to, http.StatusFound)
			return
		}
		doc, ok := docs[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, doc)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func openPage(t *testing.T, base string) *automation.Page {
	t.Helper()
	b := automationtest.Launch(t, "")
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p, err := b.NewPage(ctx, automation.NewOriginGuard(u, ""))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// timeout is a test's budget for what must succeed: generous, because a
// loaded CI machine running the race detector is slow, and a wait that must
// time out uses its own short deadline.
func timeout(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestOriginGuardRefusesOtherOriginsBeforeAnyRequest(t *testing.T) {
	other, otherHits := pages(t, map[string]string{"/": "<h1>elsewhere</h1>"})
	site, _ := pages(t, map[string]string{
		"/":               `<a id="away" href="` + other.URL + `/">away</a><a id="home" href="/b">home</a>`,
		"/b":              `<h1>b</h1>`,
		"redirect:/leave": other.URL + "/",
	})
	p := openPage(t, site.URL)
	ctx := timeout(t)

	if err := p.Navigate(ctx, other.URL+"/"); !errors.Is(err, automation.ErrOffOrigin) {
		t.Fatalf("direct navigation elsewhere: got %v, want ErrOffOrigin", err)
	}
	if err := p.Navigate(ctx, site.URL+"/leave"); !errors.Is(err, automation.ErrOffOrigin) {
		t.Fatalf("redirect elsewhere: got %v, want ErrOffOrigin", err)
	}
	if err := p.Navigate(ctx, site.URL+"/"); err != nil {
		t.Fatal(err)
	}
	away, err := p.WaitFirst(ctx, automation.Locator{Name: "away link", Finds: []automation.Find{automation.ByCSS("#away")}})
	if err != nil {
		t.Fatal(err)
	}
	if err := away.Element.FollowLink(ctx); !errors.Is(err, automation.ErrOffOrigin) {
		t.Fatalf("link elsewhere: got %v, want ErrOffOrigin", err)
	}
	if n := otherHits.Load(); n != 0 {
		t.Fatalf("the other origin received %d requests, want 0", n)
	}
	if got := p.Guard().Refused(); len(got) != 3 {
		t.Fatalf("refused %v, want three entries", got)
	}
}

func TestWaitGoneWaitsForTheElementToGo(t *testing.T) {
	site, _ := pages(t, map[string]string{"/": `<div id="alert">Cookies?</div><div id="stays">here</div><script>
		setTimeout(() => document.getElementById("alert").remove(), 300);
	</script>`})
	p := openPage(t, site.URL)
	ctx := timeout(t)
	if err := p.Navigate(ctx, site.URL+"/"); err != nil {
		t.Fatal(err)
	}
	alert := automation.Locator{Name: "alert", Finds: []automation.Find{automation.ByCSS("#alert")}}
	if m, err := p.WaitFirst(ctx, alert); err != nil || m.Element == nil {
		t.Fatalf("the alert is not there to begin with: %v", err)
	}
	if err := p.WaitGone(ctx, alert); err != nil {
		t.Fatal(err)
	}
	if el, err := p.Find(ctx, alert); err != nil || el != nil {
		t.Fatalf("WaitGone returned while the alert is there (%v)", err)
	}
	stays := automation.Locator{Name: "stays", Finds: []automation.Find{automation.ByCSS("#stays")}}
	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	if err := p.WaitGone(short, stays); !errors.Is(err, automation.ErrTimeout) {
		t.Fatalf("got %v for an element that stays, want ErrTimeout", err)
	}
}

func TestWaitFirstPrefersOrderAndTimesOut(t *testing.T) {
	site, _ := pages(t, map[string]string{"/": `<div id="late"></div><script>
		setTimeout(() => { document.getElementById("late").innerHTML = '<a href="/x/y?trk=1">Go there</a>'; }, 300);
	</script>`})
	p := openPage(t, site.URL)
	ctx := timeout(t)
	if err := p.Navigate(ctx, site.URL+"/"); err != nil {
		t.Fatal(err)
	}
	never := automation.Locator{Name: "missing", Finds: []automation.Find{automation.ByCSS("#nope")}}
	link := automation.Locator{Name: "link", Finds: []automation.Find{automation.ByHref("/x/y")}}
	m, err := p.WaitFirst(ctx, never, link)
	if err != nil {
		t.Fatal(err)
	}
	if m.Index != 1 || m.Element == nil {
		t.Fatalf("matched %d, want the late link (1)", m.Index)
	}
	short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if _, err := p.WaitFirst(short, never); !errors.Is(err, automation.ErrTimeout) {
		t.Fatalf("got %v, want ErrTimeout", err)
	}
}

func TestClickReachesACoveredCheckboxThroughItsLabel(t *testing.T) {
	site, _ := pages(t, map[string]string{"/": `<style>
		.t{position:relative;width:60px;height:30px}
		.t input{position:absolute;left:0;top:0;width:60px;height:30px;opacity:0;margin:0}
		.t label{position:absolute;left:0;top:0;width:60px;height:30px;z-index:2;background:#0a66c2}
	</style><div class="t"><input id="ember7" type="checkbox" role="switch" aria-checked="true" checked
		onchange="this.setAttribute('aria-checked', this.checked)"><label for="ember7"><span style="position:absolute;clip:rect(0 0 0 0)">Use my data</span></label></div>`})
	p := openPage(t, site.URL)
	ctx := timeout(t)
	if err := p.Navigate(ctx, site.URL+"/"); err != nil {
		t.Fatal(err)
	}
	m, err := p.WaitFirst(ctx, automation.Locator{Name: "switch", Finds: []automation.Find{automation.ByRole("switch", "use my data")}})
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := m.Element.SwitchState(ctx); s != automation.SwitchOn {
		t.Fatalf("before: %s, want on", s)
	}
	if err := m.Element.Click(ctx); err != nil {
		t.Fatal(err)
	}
	if s, _ := m.Element.SwitchState(ctx); s != automation.SwitchOff {
		t.Fatalf("after: %s, want off", s)
	}
}

func TestClickRefusesAnElementCoveredBySomethingElse(t *testing.T) {
	site, _ := pages(t, map[string]string{"/": `<button id="b" style="position:absolute;left:0;top:0;width:80px;height:30px">go</button>
		<div style="position:absolute;left:0;top:0;width:200px;height:200px;z-index:5;background:#fff">cookie banner</div>`})
	p := openPage(t, site.URL)
	ctx := timeout(t)
	if err := p.Navigate(ctx, site.URL+"/"); err != nil {
		t.Fatal(err)
	}
	el, err := p.Find(ctx, automation.Locator{Name: "button", Finds: []automation.Find{automation.ByCSS("#b")}})
	if err != nil || el == nil {
		t.Fatalf("find: %v %v", el, err)
	}
	if err := el.Click(ctx); !errors.Is(err, automation.ErrNotClickable) {
		t.Fatalf("got %v, want ErrNotClickable", err)
	}
}

func TestProfileDirIsPrivateAndLockedWhileInUse(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "alice")
	b := automationtest.Launch(t, dir)
	info, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o700 {
		t.Fatalf("profile mode %v, want 0700", info.Mode().Perm())
	}
	ctx := timeout(t)
	if _, err := automation.Launch(ctx, automationtest.Options(dir)); !errors.Is(err, automation.ErrProfileInUse) {
		t.Fatalf("second launch on the same profile: got %v, want ErrProfileInUse", err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if err := automation.CheckProfileFree(dir); err != nil {
		t.Fatalf("after close: %v", err)
	}
}

func TestCheckBrowserURL(t *testing.T) {
	for _, tc := range []struct {
		raw    string
		remote bool
		ok     bool
	}{
		{"ws://127.0.0.1:9222/devtools/browser/x", false, true},
		{"http://localhost:9222", false, true},
		{"ws://[::1]:9222/devtools/browser/x", false, true},
		{"ws://10.0.0.5:9222/devtools/browser/x", false, false},
		{"ws://10.0.0.5:9222/devtools/browser/x", true, true},
		{"ws://evil.example:9222/", false, false},
		{"file:///tmp/x", false, false},
		{"127.0.0.1:9222", false, false},
	} {
		err := automation.CheckBrowserURL(tc.raw, tc.remote)
		if (err == nil) != tc.ok {
			t.Errorf("CheckBrowserURL(%q, %v) = %v, want ok=%v", tc.raw, tc.remote, err, tc.ok)
		}
	}
}

func TestFindBrowserNeverInventsOne(t *testing.T) {
	if _, err := automation.FindBrowser("/nonexistent/chromium"); err == nil {
		t.Fatal("an explicit missing browser was accepted")
	}
	t.Setenv("PATH", t.TempDir())
	if path, err := automation.FindBrowser(""); err == nil && path != "/usr/bin/chromium" && path != "/usr/bin/google-chrome" && path != "/usr/bin/chromium-browser" && path != "/usr/bin/google-chrome-stable" && path != "/snap/bin/chromium" {
		t.Fatalf("found %q with an empty PATH", path)
	}
}

// A reload or navigation returns only once the new document is there: a wait
// that ended on the old document's events would read the old page, and after
// a save the old page shows what the click drew, not what the server kept.
// The server holds each later answer back so the old page stays up meanwhile.
func TestReloadAndNavigateWaitForTheNewDocument(t *testing.T) {
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/favicon.ico" {
			http.NotFound(w, r)
			return
		}
		n := served.Add(1)
		if n > 1 {
			time.Sleep(700 * time.Millisecond) // the old document stays up meanwhile
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<title>doc %d</title><p>doc %d</p>`, n, n)
	}))
	t.Cleanup(srv.Close)
	p := openPage(t, srv.URL)
	ctx := timeout(t)
	if err := p.Navigate(ctx, srv.URL+"/a"); err != nil {
		t.Fatal(err)
	}
	for i, step := range []func() error{
		func() error { return p.Reload(ctx) },
		func() error { return p.Navigate(ctx, srv.URL+"/b") },
		func() error { return p.Reload(ctx) },
	} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
		title, err := p.Title(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("doc %d", i+2); title != want {
			t.Fatalf("step %d returned on %q, want %q", i+1, title, want)
		}
	}
}

// TestWaitFirstOnAddressesAlone: a wait given only address conditions (no
// element to look for) ends when the address matches. It used to pass the
// page script a null list and never match.
func TestWaitFirstOnAddressesAlone(t *testing.T) {
	site, _ := pages(t, map[string]string{"/": `<a id="go" href="/b">go</a>`, "/b": `<h1>b</h1>`})
	p := openPage(t, site.URL)
	ctx := timeout(t)
	if err := p.Navigate(ctx, site.URL+"/b"); err != nil {
		t.Fatal(err)
	}
	atB := automation.URLCondition{Name: "page b", Match: func(u *url.URL) bool { return u.Path == "/b" }}
	short, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	m, err := p.WaitFirst(short, atB)
	if err != nil || m.Index != 0 || m.URL.Path != "/b" {
		t.Fatalf("got %+v, %v; want page b at once", m, err)
	}
}
