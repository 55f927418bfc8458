package automation_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/optout/optout/automation"
	"github.com/optout/optout/automation/automationtest"
)

// holdDoc is a page whose scripts can send every kind of request.
const holdDoc = `<!doctype html><main>
<form id="f" method="post" action="/send?who=zoe"><input name="x" value="1"><button id="go">Send</button></form>
</main>
<script>
const settle = (p) => p.then(() => 'sent', () => 'blocked');
window.send = {
  fetch: (m) => settle(fetch('/api/fetch?email=zoe%40example.net', {method: m || 'POST', body: 'a'})),
  keepalive: () => settle(fetch('/api/keepalive', {method: 'POST', body: 'd', keepalive: true})),
  xhr: () => new Promise((res) => {
    const x = new XMLHttpRequest();
    x.open('PUT', '/api/xhr');
    x.onload = () => res('sent');
    x.onerror = () => res('blocked');
    x.send('b');
  }),
  beacon: () => navigator.sendBeacon('/api/beacon', 'c'),
  get: () => fetch('/api/get').then((r) => r.status),
};
</script>`

// reached records every request that reaches a test server.
type reached struct {
	mu   sync.Mutex
	reqs []string // "METHOD /path"
}

func (r *reached) add(req *http.Request) {
	if req.URL.Path == "/favicon.ico" { // the browser's own, whenever it likes
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reqs = append(r.reqs, req.Method+" "+req.URL.Path)
}

func (r *reached) list() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.reqs)
}

// recordingSite serves holdDoc at / and answers every other request with
// 200, recording all of them.
func recordingSite(t *testing.T) (*httptest.Server, *reached) {
	t.Helper()
	rec := &reached{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.add(r)
		if r.URL.Path == "/" {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, holdDoc)
			return
		}
		fmt.Fprint(w, "ok")
	}))
	t.Cleanup(srv.Close)
	return srv, rec
}

func evalStr(t *testing.T, ctx context.Context, p *automation.Page, js string) string {
	t.Helper()
	res, err := p.Rod().Context(ctx).Eval(js)
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return res.Value.String()
}

func heldNames(p *automation.Page) []string {
	var out []string
	for _, h := range p.HeldRequests() {
		out = append(out, h.String())
	}
	return out
}

// TestHoldStopsEveryRequestButGET: while held, a form post, fetch (plain and
// keepalive), XHR and a beacon are all stopped before they leave the
// browser, and named without their query; GETs go on. Released, the same
// requests reach the site.
func TestHoldStopsEveryRequestButGET(t *testing.T) {
	srv, rec := recordingSite(t)
	p := openPage(t, srv.URL)
	ctx := timeout(t)
	if err := p.Navigate(ctx, srv.URL+"/"); err != nil {
		t.Fatal(err)
	}
	if err := p.HoldRequests(ctx); err != nil {
		t.Fatal(err)
	}
	for js, want := range map[string]string{
		`() => send.fetch()`:         "blocked",
		`() => send.fetch('DELETE')`: "blocked",
		`() => send.keepalive()`:     "blocked",
		`() => send.xhr()`:           "blocked",
		`() => send.beacon()`:        "true", // queued; the browser sends it later
		`() => send.get()`:           "200",
	} {
		if got := evalStr(t, ctx, p, js); got != want {
			t.Errorf("%s = %s, want %s", js, got, want)
		}
	}
	// The page's own script submits, and so does the button.
	evalStr(t, ctx, p, `() => document.getElementById('f').submit()`)
	if !automationtest.Eventually(20*time.Second, func() bool { return slices.Contains(heldNames(p), "POST /send (form)") }) {
		t.Fatalf("the script's form submission was not held: %q", heldNames(p))
	}
	evalStr(t, ctx, p, `() => document.getElementById('go').click()`)
	want := []string{
		"POST /api/fetch (fetch/xhr)", "DELETE /api/fetch (fetch/xhr)", "POST /api/keepalive (fetch/xhr)",
		"PUT /api/xhr (fetch/xhr)", "POST /api/beacon (beacon)", "POST /send (form) ×2",
	}
	all := func() bool {
		got := heldNames(p)
		for _, w := range want {
			if !slices.Contains(got, w) {
				return false
			}
		}
		return true
	}
	if !automationtest.Eventually(20*time.Second, all) {
		t.Fatalf("held %q, want all of %q", heldNames(p), want)
	}
	if got := rec.list(); !slices.Equal(got, []string{"GET /", "GET /api/get"}) {
		t.Fatalf("reached the site while held: %q", got)
	}
	for _, h := range heldNames(p) {
		if strings.Contains(h, "zoe") || strings.Contains(h, "?") {
			t.Errorf("held request named with its query: %q", h)
		}
	}
	// The form is still there for the person, not an error page.
	if evalStr(t, ctx, p, `() => !!document.getElementById('f')`) != "true" {
		t.Fatal("the form is gone after a held submission")
	}

	if err := p.ReleaseRequests(ctx); err != nil {
		t.Fatal(err)
	}
	held := len(p.HeldRequests())
	if got := evalStr(t, ctx, p, `() => send.fetch()`); got != "sent" {
		t.Errorf("released fetch: %s", got)
	}
	if got := evalStr(t, ctx, p, `() => send.xhr()`); got != "sent" {
		t.Errorf("released XHR: %s", got)
	}
	evalStr(t, ctx, p, `() => send.beacon()`)
	evalStr(t, ctx, p, `() => document.getElementById('go').click()`)
	wantReached := []string{"POST /api/fetch", "PUT /api/xhr", "POST /api/beacon", "POST /send"}
	if !automationtest.Eventually(20*time.Second, func() bool {
		got := rec.list()
		return !slices.ContainsFunc(wantReached, func(w string) bool { return !slices.Contains(got, w) })
	}) {
		t.Fatalf("released: the site got %q, want also %q", rec.list(), wantReached)
	}
	if n := len(p.HeldRequests()); n != held {
		t.Errorf("released requests were counted as held: %d, then %d", held, n)
	}
}

// TestHoldKeepsTheOriginGuard: while held, a document GET elsewhere is
// still refused by the guard, and one on the site still loads.
func TestHoldKeepsTheOriginGuard(t *testing.T) {
	other, otherHits := pages(t, map[string]string{"/": "<h1>elsewhere</h1>"})
	srv, rec := recordingSite(t)
	p := openPage(t, srv.URL)
	ctx := timeout(t)
	if err := p.HoldRequests(ctx); err != nil {
		t.Fatal(err)
	}
	if err := p.Navigate(ctx, srv.URL+"/"); err != nil {
		t.Fatalf("navigate on the site while held: %v", err)
	}
	// The page's script leads elsewhere: the interception refuses it.
	evalStr(t, ctx, p, `() => { location.href = `+"`"+other.URL+"/`"+`; return 1; }`)
	if !automationtest.Eventually(20*time.Second, func() bool { return len(p.Guard().Refused()) == 1 }) {
		t.Fatalf("refused %v, want the other origin", p.Guard().Refused())
	}
	if otherHits.Load() != 0 {
		t.Fatalf("the other origin got %d requests", otherHits.Load())
	}
	if got := rec.list(); !slices.Equal(got, []string{"GET /"}) {
		t.Fatalf("the site got %q", got)
	}
	if len(p.HeldRequests()) != 0 {
		t.Fatalf("GETs held: %v", p.HeldRequests())
	}
}

// subresourcePage serves a page with 30 subresources (images, scripts and
// style sheets), none cacheable, so every load fetches them all.
func subresourcePage(b *testing.B) *httptest.Server {
	b.Helper()
	var page strings.Builder
	page.WriteString("<!doctype html><title>thirty</title>")
	for i := range 10 {
		fmt.Fprintf(&page, `<link rel="stylesheet" href="/s%d.css"><script src="/j%d.js"></script><img src="/i%d.svg" alt="">`, i, i, i)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		switch {
		case r.URL.Path == "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, page.String())
		case strings.HasSuffix(r.URL.Path, ".css"):
			w.Header().Set("Content-Type", "text/css")
			fmt.Fprint(w, "body{margin:0}")
		case strings.HasSuffix(r.URL.Path, ".js"):
			w.Header().Set("Content-Type", "text/javascript")
			fmt.Fprint(w, "window.n=(window.n||0)+1;")
		default:
			w.Header().Set("Content-Type", "image/svg+xml")
			fmt.Fprint(w, `<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>`)
		}
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkLoadWhileHeld: what holding costs a page load with 30
// subresources, each paused and sent on (documents-only interception when
// not held, every request when held).
func BenchmarkLoadWhileHeld(b *testing.B) {
	srv := subresourcePage(b)
	br := automationtest.Launch(b, "")
	u, _ := url.Parse(srv.URL)
	for _, held := range []bool{false, true} {
		name := map[bool]string{false: "free", true: "held"}[held]
		b.Run(name, func(b *testing.B) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			p, err := br.NewPage(ctx, automation.NewOriginGuard(u, ""))
			if err != nil {
				b.Fatal(err)
			}
			defer p.Close()
			if held {
				if err := p.HoldRequests(ctx); err != nil {
					b.Fatal(err)
				}
			}
			for b.Loop() {
				if err := p.Navigate(ctx, srv.URL+"/"); err != nil {
					b.Fatal(err)
				}
				if err := p.Rod().Context(ctx).WaitLoad(); err != nil {
					b.Fatal(err)
				}
			}
			if res, err := p.Rod().Context(ctx).Eval(`() => window.n`); err != nil || res.Value.Int() != 10 {
				b.Fatalf("scripts run: %v %v", res, err)
			}
		})
	}
}

// TestClosingAHeldTabSendsNothing: the beacons and keepalive fetches a
// page sends from its unload handlers are held too when the tab closes.
func TestClosingAHeldTabSendsNothing(t *testing.T) {
	srv, rec := recordingSite(t)
	p := openPage(t, srv.URL)
	ctx := timeout(t)
	if err := p.Navigate(ctx, srv.URL+"/"); err != nil {
		t.Fatal(err)
	}
	evalStr(t, ctx, p, `() => { addEventListener('pagehide', () => {
		navigator.sendBeacon('/api/bye', 'x');
		fetch('/api/bye-keepalive', {method: 'POST', keepalive: true, body: 'y'});
	}); return 1; }`)
	if err := p.HoldRequests(ctx); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	want := []string{"POST /api/bye (beacon)", "POST /api/bye-keepalive (fetch/xhr)"}
	if got := heldNames(p); !slices.Equal(slices.Sorted(slices.Values(got)), want) { // decided concurrently, in any order
		t.Errorf("held %q, want %q", got, want)
	}
	if got := rec.list(); !slices.Equal(got, []string{"GET /"}) {
		t.Fatalf("reached the site as the tab closed: %q", got)
	}
}
