//go:build unix

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
	return serveForm(t, formDoc)
}

// serveForm serves doc and counts form posts.
func serveForm(t *testing.T, doc string) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var posts atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			posts.Add(1)
			fmt.Fprint(w, "<h1>sent</h1>")
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, doc)
	}))
	t.Cleanup(srv.Close)
	return srv, &posts
}

func openForm(t *testing.T) (*automation.Page, *automation.Element, *atomic.Int64) {
	t.Helper()
	return openFormDoc(t, formDoc)
}

func openFormDoc(t *testing.T, doc string) (*automation.Page, *automation.Element, *atomic.Int64) {
	t.Helper()
	srv, posts := serveForm(t, doc)
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

// bareDoc holds lists of choices drawn the help centre's way: li#option-…
// items without any ARIA, their value kept in a hidden input, most behind a
// button that opens them; one list nothing opens, one whose items do
// nothing, and a required hidden input no list keeps.
const bareDoc = `<!doctype html><main>
<form id="f" method="post" action="/send">
  <label for="a">Name</label><input id="a" name="name">
  <label for="b">City</label><input id="b" name="city">
  <div class="field"><span>Which processing?</span>
    <button type="button">Select an option</button>
    <ul hidden><li id="option-processing-type-0">Personal</li><li id="option-processing-type-1">AI training</li></ul>
    <input type="hidden" name="processingType" value="">
  </div>
  <div class="field"><span>Colour</span>
    <ul><li id="option-colour-0">Red</li><li id="option-colour-1">Blue</li></ul>
    <input type="hidden" name="colour_value" value="">
  </div>
  <div class="field"><span>Locked list</span>
    <ul hidden><li id="option-locked-0">A</li></ul>
    <input type="hidden" name="locked" value="">
  </div>
  <div class="field" data-dead><span>Dead list</span>
    <button type="button">Pick</button>
    <ul hidden><li id="option-dead-0">X</li></ul>
    <input type="hidden" name="dead" value="">
  </div>
  <div class="field"><span>Country</span><div class="fancy"></div><input type="hidden" name="country" data-required></div>
  <input type="hidden" name="csrf" value="x">
  <button id="go" type="submit">Send</button>
</form></main>
<script>
window.events = {a: [], b: []};
for (const id of ['a', 'b']) {
  for (const ev of ['keydown', 'keyup', 'input', 'change', 'focus', 'blur']) {
    document.getElementById(id).addEventListener(ev, () => events[id].push(ev));
  }
}
for (const box of document.querySelectorAll('.field')) {
  const btn = box.querySelector('button'), ul = box.querySelector('ul'), hid = box.querySelector('input[type=hidden]');
  if (!ul) continue;
  if (btn) btn.addEventListener('click', () => { ul.hidden = !ul.hidden; });
  if (box.hasAttribute('data-dead')) continue;
  for (const li of ul.querySelectorAll('li')) {
    li.addEventListener('click', () => {
      hid.value = li.textContent.toLowerCase();
      if (btn) { btn.textContent = li.textContent; ul.hidden = true; }
    });
  }
}
</script>`

// TestControlsFindChoicesWithoutRoles: lists of li#option-… items without
// ARIA are fields, named by the text before them and by the hidden input
// that keeps their value; so is a required hidden input no list keeps.
func TestControlsFindChoicesWithoutRoles(t *testing.T) {
	p, form, _ := openFormDoc(t, bareDoc)
	ctx := timeout(t)
	cs, err := p.Controls(ctx, form)
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		kind          automation.ControlKind
		label, name   string
		required      bool
		options       int
		firstOptValue string
	}
	wants := []want{
		{automation.ControlText, "Name", "name", false, 0, ""},
		{automation.ControlText, "City", "city", false, 0, ""},
		{automation.ControlChoice, "Which processing?", "processingType", true, 2, "option-processing-type-0"},
		{automation.ControlChoice, "Colour", "colour_value", true, 2, "option-colour-0"},
		{automation.ControlChoice, "Locked list", "locked", true, 1, "option-locked-0"},
		{automation.ControlChoice, "Dead list", "dead", true, 1, "option-dead-0"},
		{automation.ControlOther, "Country", "country", true, 0, ""},
	}
	if len(cs) != len(wants) {
		for _, c := range cs {
			t.Logf("%+v", *c)
		}
		t.Fatalf("got %d controls, want %d", len(cs), len(wants))
	}
	for i, w := range wants {
		c := cs[i]
		first := ""
		if len(c.Options) > 0 {
			first = c.Options[0].Value
		}
		if c.Kind != w.kind || c.Label != w.label || c.Name != w.name || c.Required != w.required ||
			len(c.Options) != w.options || first != w.firstOptValue || c.Value != "" {
			t.Errorf("control %d = %+v, want %+v", i, *c, w)
		}
	}
}

// TestChooseOpensAListWithoutRoles: a list behind its button is opened and
// chosen from with the mouse, and read back from the hidden input and the
// button's text; a list nothing opens, or whose items do not take the
// click, is an error, never a silent success.
func TestChooseOpensAListWithoutRoles(t *testing.T) {
	p, form, posts := openFormDoc(t, bareDoc)
	ctx := timeout(t)
	cs, err := p.Controls(ctx, form)
	if err != nil {
		t.Fatal(err)
	}
	processing, colour, locked, dead := cs[2], cs[3], cs[4], cs[5]
	if err := processing.Choose(ctx, "option-processing-type-1"); err != nil {
		t.Fatal(err)
	}
	if processing.Value != "option-processing-type-1" || processing.Shown != "AI training" {
		t.Errorf("processing read back %q %q", processing.Value, processing.Shown)
	}
	if err := colour.Choose(ctx, "option-colour-1"); err != nil {
		t.Fatal(err)
	}
	res, err := p.Rod().Context(ctx).Eval(`() => [...document.querySelectorAll('input[type=hidden]')].map((h) => h.name + '=' + h.value).join(' ') +
		' | ' + document.querySelector('.field button').textContent`)
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Value.Str(); got != "processingType=ai training colour_value=blue locked= dead= country= csrf=x | AI training" {
		t.Errorf("page state %q", got)
	}
	if err := locked.Choose(ctx, "option-locked-0"); !errors.Is(err, automation.ErrNotClickable) {
		t.Errorf("a list nothing opens: got %v, want ErrNotClickable", err)
	}
	if err := dead.Choose(ctx, "option-dead-0"); !errors.Is(err, automation.ErrChoiceNotTaken) {
		t.Errorf("a list whose items do nothing: got %v, want ErrChoiceNotTaken", err)
	}
	// A fresh look at the page reads the same.
	again, err := p.Controls(ctx, form)
	if err != nil {
		t.Fatal(err)
	}
	if again[2].Shown != "AI training" || again[3].Shown != "Blue" || again[4].Value != "" || again[5].Value != "" {
		t.Errorf("read back %+v %+v %+v %+v", *again[2], *again[3], *again[4], *again[5])
	}
	if n := posts.Load(); n != 0 {
		t.Fatalf("choosing sent the form %d times", n)
	}
}

// TestFillFiresOnlyWhatTypingFires: filling a field fires its input events
// and nothing synthetic; its change event comes when the focus moves on, as
// for a person.
func TestFillFiresOnlyWhatTypingFires(t *testing.T) {
	p, form, _ := openFormDoc(t, bareDoc)
	ctx := timeout(t)
	cs, err := p.Controls(ctx, form)
	if err != nil {
		t.Fatal(err)
	}
	count := func(id, ev string) int {
		res, err := p.Rod().Context(ctx).Eval(`(id, ev) => events[id].filter((e) => e === ev).length`, id, ev)
		if err != nil {
			t.Fatal(err)
		}
		return res.Value.Int()
	}
	if err := cs[0].Fill(ctx, "Zoë Tester"); err != nil {
		t.Fatal(err)
	}
	if in, ch := count("a", "input"), count("a", "change"); in != 1 || ch != 0 {
		t.Errorf("after filling: %d input and %d change events, want 1 and 0 (a change comes on leaving the field)", in, ch)
	}
	if err := cs[1].Fill(ctx, "Köln"); err != nil {
		t.Fatal(err)
	}
	if ch, bl := count("a", "change"), count("a", "blur"); ch != 1 || bl != 1 {
		t.Errorf("after moving on: %d change and %d blur events, want 1 each", ch, bl)
	}
	if cs[0].Value != "Zoë Tester" {
		t.Errorf("read back %q", cs[0].Value)
	}
}
