package automation_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/optout/optout/automation"
	"github.com/optout/optout/automation/automationtest"
)

const formDoc = `<!doctype html><main>
<form id="f" method="post" action="/send">
  <label for="a">Full name <span aria-hidden="true">*</span></label><input id="a" name="full_name" required autocomplete="name">
  <label for="b">Email</label><input id="b" name="email" type="email" value="pre@example.org">
  <input type="hidden" name="csrf" value="x">
  <input name="gone" style="display:none">
  <label for="c">Kind</label><select id="c" name="kind" required><option value="">Choose</option><option value="p">Personal</option><option value="ai">AI training</option></select>
  <span id="gl">Which one?</span>
  <ul role="radiogroup" aria-labelledby="gl" aria-required="true">
    <li role="radio" aria-checked="false" data-value="one" onclick="pick(this)">One</li>
    <li role="radio" aria-checked="false" data-value="two" onclick="pick(this)">Two</li>
  </ul>
  <label for="d">Details</label><textarea id="d" name="details"></textarea>
  <input type="checkbox" name="agree" aria-label="Agree">
  <button id="go" type="submit">Send</button>
</form></main>
<script>
function pick(li) { for (const x of li.parentElement.children) x.setAttribute('aria-checked', String(x === li)); }
document.getElementById('c').addEventListener('change', (e) => document.body.dataset.changed = e.target.value);
</script>`

// formSite serves formDoc and counts form posts.
func formSite(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var posts atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			posts.Add(1)
			fmt.Fprint(w, "<h1>sent</h1>")
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, formDoc)
	}))
	t.Cleanup(srv.Close)
	return srv, &posts
}

func openForm(t *testing.T) (*automation.Page, *automation.Element, *atomic.Int64) {
	t.Helper()
	srv, posts := formSite(t)
	p := openPage(t, srv.URL)
	ctx := timeout(t)
	if err := p.Navigate(ctx, srv.URL+"/"); err != nil {
		t.Fatal(err)
	}
	m, err := p.WaitFirst(ctx, automation.Locator{Name: "the form", Finds: []automation.Find{automation.ByCSS("form")}})
	if err != nil {
		t.Fatal(err)
	}
	return p, m.Element, posts
}

func TestControlsListsWhatAPersonFills(t *testing.T) {
	p, form, _ := openForm(t)
	ctx := timeout(t)
	cs, err := p.Controls(ctx, form)
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		kind     automation.ControlKind
		label    string
		required bool
		value    string
		options  int
	}
	wants := []want{
		{automation.ControlText, "Full name", true, "", 0},
		{automation.ControlText, "Email", false, "pre@example.org", 0},
		{automation.ControlSelect, "Kind", true, "", 2},
		{automation.ControlChoice, "Which one?", true, "", 2},
		{automation.ControlTextarea, "Details", false, "", 0},
		{automation.ControlOther, "Agree", false, "", 0},
	}
	if len(cs) != len(wants) {
		for _, c := range cs {
			t.Logf("%+v", *c)
		}
		t.Fatalf("got %d controls, want %d (hidden, invisible and buttons left out)", len(cs), len(wants))
	}
	for i, w := range wants {
		c := cs[i]
		if c.Kind != w.kind || c.Label != w.label || c.Required != w.required || c.Value != w.value || len(c.Options) != w.options {
			t.Errorf("control %d = %+v, want %+v", i, *c, w)
		}
	}
	if cs[0].Autocomplete != "name" || cs[0].Name != "full_name" || cs[1].Type != "email" {
		t.Errorf("attributes not read: %+v %+v", *cs[0], *cs[1])
	}
	if cs[3].Options[1].Value != "two" || cs[3].Options[1].Text != "Two" {
		t.Errorf("choice options %+v", cs[3].Options)
	}
}

func TestFillAndChooseAsAPersonWould(t *testing.T) {
	p, form, posts := openForm(t)
	ctx := timeout(t)
	cs, err := p.Controls(ctx, form)
	if err != nil {
		t.Fatal(err)
	}
	name, email, kind, which, details := cs[0], cs[1], cs[2], cs[3], cs[4]
	if err := name.Fill(ctx, "Zoë Tester"); err != nil {
		t.Fatal(err)
	}
	if err := email.Fill(ctx, "zoe@example.net"); err != nil {
		t.Fatal(err)
	}
	if err := kind.Choose(ctx, "ai"); err != nil {
		t.Fatal(err)
	}
	if err := which.Choose(ctx, "two"); err != nil {
		t.Fatal(err)
	}
	if err := details.Fill(ctx, "line one\nline two"); err != nil {
		t.Fatal(err)
	}
	if err := kind.Choose(ctx, "nope"); !errors.Is(err, automation.ErrNoSuchOption) {
		t.Errorf("unknown option: got %v", err)
	}
	if err := cs[5].Fill(ctx, "x"); err == nil {
		t.Error("filled a checkbox")
	}

	// Read everything back from a fresh look at the page.
	again, err := p.Controls(ctx, form)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range again {
		got[c.Label] = c.Value + "|" + c.Shown
	}
	want := map[string]string{
		"Full name": "Zoë Tester|Zoë Tester", "Email": "zoe@example.net|zoe@example.net",
		"Kind": "ai|AI training", "Which one?": "two|Two", "Details": "line one\nline two|line one\nline two", "Agree": "|",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s read back %q, want %q", k, got[k], v)
		}
	}
	res, err := p.Rod().Context(ctx).Eval(`() => document.body.dataset.changed || ""`)
	if err != nil || res.Value.Str() != "ai" {
		t.Errorf("the page's change handler did not see the choice: %v %v", res, err)
	}
	if n := posts.Load(); n != 0 {
		t.Fatalf("filling sent the form %d times", n)
	}
}

func TestHeldSubmissionsNeverReachTheSite(t *testing.T) {
	p, _, posts := openForm(t)
	ctx := timeout(t)
	if err := p.HoldSubmissions(); err != nil {
		t.Fatal(err)
	}
	// The page's own script submits, and so does the button: both refused.
	for _, js := range []string{`() => document.getElementById('f').submit()`, `() => document.getElementById('go').click()`} {
		if _, err := p.Rod().Context(ctx).Eval(js); err != nil {
			t.Fatal(err)
		}
	}
	if !automationtest.Eventually(10*time.Second, func() bool { return p.HeldSubmissions() >= 1 }) {
		t.Fatal("no submission was held")
	}
	if n := posts.Load(); n != 0 {
		t.Fatalf("the site received %d posts while held", n)
	}

	// The form is still there for the person (no error page in its place),
	// and once released, their own submission goes through.
	if res, err := p.Rod().Context(ctx).Eval(`() => !!document.getElementById('f')`); err != nil || !res.Value.Bool() {
		t.Fatalf("the form is gone after a held submission: %v", err)
	}
	p.ReleaseSubmissions()
	if _, err := p.Rod().Context(ctx).Eval(`() => document.getElementById('f').submit()`); err != nil {
		t.Fatal(err)
	}
	for posts.Load() == 0 && ctx.Err() == nil {
		time.Sleep(20 * time.Millisecond)
	}
	if posts.Load() != 1 {
		t.Fatalf("released: %d posts, want 1", posts.Load())
	}
}

func TestWaitClosedReturnsWhenTheTabCloses(t *testing.T) {
	p, _, _ := openForm(t)
	ctx := timeout(t)
	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	if err := p.WaitClosed(short); !errors.Is(err, automation.ErrTimeout) {
		t.Fatalf("open tab: got %v, want a timeout", err)
	}
	go func() {
		time.Sleep(200 * time.Millisecond)
		_ = p.Close()
	}()
	if err := p.WaitClosed(ctx); err != nil {
		t.Fatalf("closed tab: %v", err)
	}
}

// TestWaitEndsWhenTheBrowserIsGone: a wait on a tab whose browser died
// ends at once with ErrBrowserGone, not after its whole deadline.
func TestWaitEndsWhenTheBrowserIsGone(t *testing.T) {
	srv, _ := formSite(t)
	b := automationtest.Launch(t, "")
	u, _ := url.Parse(srv.URL)
	ctx := timeout(t)
	p, err := b.NewPage(ctx, automation.NewOriginGuard(u, ""))
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Navigate(ctx, srv.URL+"/"); err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(300 * time.Millisecond)
		_ = syscall.Kill(-b.PID(), syscall.SIGKILL) // the browser and its helpers
	}()
	start := time.Now()
	_, err = p.WaitFirst(ctx, automation.Locator{Name: "nothing", Finds: []automation.Find{automation.ByCSS("#never")}})
	if !errors.Is(err, automation.ErrBrowserGone) {
		t.Fatalf("got %v, want ErrBrowserGone", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("noticed after %v", d)
	}
}
