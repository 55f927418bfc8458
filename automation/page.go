package automation

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

//go:embed locate.js
var locateJS string

// pollInterval is how often a wait looks at the page again.
const pollInterval = 50 * time.Millisecond

// ErrTimeout means a bounded wait ran out before any awaited thing appeared.
var ErrTimeout = errors.New("timed out")

// ErrBrowserGone means the tab, or the whole browser, is no longer there
// (closed, crashed or killed): waiting longer cannot help.
var ErrBrowserGone = errors.New("the browser tab is gone")

// Page is one browser tab whose navigations are held to an origin guard.
type Page struct {
	rod    *rod.Page
	guard  *OriginGuard
	router *rod.HijackRouter
	// holdSubmits refuses form submissions (document requests other than
	// GET) while the tool, not the person, has the page.
	holdSubmits atomic.Bool
	heldSubmits atomic.Int64
}

// installGuard makes the browser refuse every document request (navigation,
// redirect hop or frame) that the guard does not allow, before it is sent.
func (p *Page) installGuard() error {
	if p.guard == nil {
		return nil
	}
	router := p.rod.HijackRequests()
	err := router.Add("*", proto.NetworkResourceTypeDocument, func(h *rod.Hijack) {
		u := h.Request.URL()
		if h.Request.Method() != http.MethodGet && p.holdSubmits.Load() {
			// 204 No Content: the browser stays on the filled form
			// instead of showing an error page, and the site hears nothing.
			p.heldSubmits.Add(1)
			// The empty body must be set: fulfilling with no body at all
			// leaves the tab hanging (measured with Chromium 156).
			h.Response.Payload().ResponseCode = http.StatusNoContent
			h.Response.SetBody([]byte{})
			return
		}
		if p.guard.Allows(u) {
			h.ContinueRequest(&proto.FetchContinueRequest{})
			return
		}
		p.guard.noteRefused(u.String())
		h.Response.Fail(proto.NetworkErrorReasonBlockedByClient)
	})
	if err != nil {
		return fmt.Errorf("install origin guard: %w", err)
	}
	go router.Run()
	p.router = router
	return nil
}

// HoldSubmissions makes the tab refuse every form submission (a document
// request other than GET) until ReleaseSubmissions: a pre-filled form stays
// unsent whatever the page's scripts or a stray key press do. It needs the
// origin guard's request interception, so a page without a guard cannot
// hold submissions.
func (p *Page) HoldSubmissions() error {
	if p.router == nil {
		return errors.New("hold form submissions: the tab has no request guard")
	}
	p.holdSubmits.Store(true)
	return nil
}

// ReleaseSubmissions lets the person submit forms again.
func (p *Page) ReleaseSubmissions() { p.holdSubmits.Store(false) }

// HeldSubmissions counts the submissions refused while held.
func (p *Page) HeldSubmissions() int { return int(p.heldSubmits.Load()) }

// Rod exposes the underlying rod page for tests and benchmarks.
func (p *Page) Rod() *rod.Page { return p.rod }

// Guard returns the page's origin guard.
func (p *Page) Guard() *OriginGuard { return p.guard }

// Close closes the tab.
func (p *Page) Close() error {
	if p.router != nil {
		_ = p.router.Stop()
	}
	if err := p.rod.Close(); err != nil {
		return fmt.Errorf("close tab: %w", err)
	}
	return nil
}

// Navigate loads rawURL after checking it against the origin guard, and
// returns once the new document's DOM is ready (or ctx ends).
func (p *Page) Navigate(ctx context.Context, rawURL string) error {
	if p.guard != nil {
		if err := p.guard.Check(rawURL); err != nil {
			return err
		}
	}
	pg := p.rod.Context(ctx)
	refusedBefore := p.refusedCount()
	wait := pg.WaitNavigation(proto.PageLifecycleEventNameDOMContentLoaded)
	if err := pg.Navigate(rawURL); err != nil {
		if refused := p.guard.Refused(); len(refused) > refusedBefore {
			return fmt.Errorf("%w: %s", ErrOffOrigin, refused[len(refused)-1])
		}
		return fmt.Errorf("navigate: %w", err)
	}
	wait()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("navigate: %w", timeoutErr(err))
	}
	return nil
}

func (p *Page) refusedCount() int { return len(p.guard.Refused()) }

// Reload reloads the current document and returns once its DOM is ready.
func (p *Page) Reload(ctx context.Context) error {
	pg := p.rod.Context(ctx)
	wait := pg.WaitNavigation(proto.PageLifecycleEventNameDOMContentLoaded)
	if err := pg.Reload(); err != nil {
		return fmt.Errorf("reload: %w", err)
	}
	wait()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("reload: %w", timeoutErr(err))
	}
	return nil
}

// URL returns the address of the current document.
func (p *Page) URL(ctx context.Context) (*url.URL, error) {
	res, err := p.rod.Context(ctx).Eval(`() => location.href`)
	if err != nil {
		return nil, fmt.Errorf("read page address: %w", err)
	}
	return url.Parse(res.Value.Str())
}

// Title returns the current document's title.
func (p *Page) Title(ctx context.Context) (string, error) {
	res, err := p.rod.Context(ctx).Eval(`() => document.title`)
	if err != nil {
		return "", fmt.Errorf("read page title: %w", err)
	}
	return res.Value.Str(), nil
}

// HTML returns the current document's markup.
func (p *Page) HTML(ctx context.Context) (string, error) {
	html, err := p.rod.Context(ctx).HTML()
	if err != nil {
		return "", fmt.Errorf("read page markup: %w", err)
	}
	return html, nil
}

// Target is something a wait can end on: a Locator or a URLCondition.
type Target interface {
	// Describe names the target in messages.
	Describe() string
}

// URLCondition is met when the current address satisfies Match.
type URLCondition struct {
	Name  string
	Match func(*url.URL) bool
}

// Describe names the condition in messages.
func (c URLCondition) Describe() string { return c.Name }

// StatusCondition is met when the current document's HTTP status satisfies
// Match (0 when unknown, as for about:blank).
type StatusCondition struct {
	Name  string
	Match func(status int) bool
}

// Describe names the condition in messages.
func (c StatusCondition) Describe() string { return c.Name }

// ServerError is met by a document the server answered with a 5xx status.
var ServerError = StatusCondition{Name: "a server error page", Match: func(status int) bool { return status >= 500 }}

// Match says which target a wait ended on.
type Match struct {
	// Index is the position of the target in the WaitFirst call.
	Index int
	// Element is the element found, for a Locator target.
	Element *Element
	// URL is the page address when the wait ended.
	URL *url.URL
	// Status is the document's HTTP status, for a StatusCondition target.
	Status int
}

// WaitFirst waits until one of targets is present and returns the first of
// them (in the order given) that is; ctx bounds the wait. Pages that are
// still loading or navigating are simply looked at again.
func (p *Page) WaitFirst(ctx context.Context, targets ...Target) (Match, error) {
	var locs []Locator
	for _, t := range targets {
		if l, ok := t.(Locator); ok {
			locs = append(locs, l)
		}
	}
	ticker := time.NewTicker(pollInterval)
	defer ticker.Stop()
	for {
		m, ok, err := p.lookOnce(ctx, targets, locs)
		if err != nil {
			return Match{}, fmt.Errorf("wait for %s: %w", targetNames(targets), err)
		}
		if ok {
			return m, nil
		}
		select {
		case <-ctx.Done():
			return Match{}, fmt.Errorf("wait for %s: %w", targetNames(targets), timeoutErr(ctx.Err()))
		case <-ticker.C:
		}
	}
}

// lookOnce checks every target once. Errors from a page in mid-navigation
// are not errors: the caller looks again; a tab that is gone is one.
func (p *Page) lookOnce(ctx context.Context, targets []Target, locs []Locator) (Match, bool, error) {
	m, ok, err := p.look(ctx, targets, locs)
	if err != nil && ctx.Err() == nil && !p.alive(ctx) {
		return Match{}, false, ErrBrowserGone
	}
	return m, ok, nil
}

// alive reports whether the tab still exists in a browser that answers.
func (p *Page) alive(ctx context.Context) bool {
	actx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	_, err := proto.TargetGetTargetInfo{TargetID: p.rod.TargetID}.Call(p.rod.Browser().Context(actx))
	return err == nil || ctx.Err() != nil
}

// look checks every target once; err is the page's failure to answer.
func (p *Page) look(ctx context.Context, targets []Target, locs []Locator) (Match, bool, error) {
	pg := p.rod.Context(ctx)
	res, err := pg.Eval(`(locs) => { const find = `+locateJS+`;
		const nav = performance.getEntriesByType("navigation")[0];
		return {href: location.href, status: nav && nav.responseStatus || 0, found: locs.map((l) => !!find(l))}; }`, locs)
	if err != nil {
		// A document being replaced has no context to evaluate in; the
		// caller looks again, and its deadline ends a page that never settles.
		return Match{}, false, err
	}
	u, perr := url.Parse(res.Value.Get("href").Str())
	if perr != nil {
		return Match{}, false, nil
	}
	found := res.Value.Get("found").Arr()
	status := res.Value.Get("status").Int()
	li := 0
	for i, t := range targets {
		switch t := t.(type) {
		case URLCondition:
			if t.Match(u) {
				return Match{Index: i, URL: u}, true, nil
			}
		case StatusCondition:
			if t.Match(status) {
				return Match{Index: i, URL: u, Status: status}, true, nil
			}
		case Locator:
			hit := li < len(found) && found[li].Bool()
			li++
			if !hit {
				continue
			}
			el, ferr := p.find(ctx, t)
			if ferr != nil || el == nil {
				return Match{}, false, ferr // gone again: look once more
			}
			return Match{Index: i, Element: el, URL: u}, true, nil
		}
	}
	return Match{}, false, nil
}

// Find returns the element loc matches now, or nil when there is none.
func (p *Page) Find(ctx context.Context, loc Locator) (*Element, error) {
	return p.find(ctx, loc)
}

func (p *Page) find(ctx context.Context, loc Locator) (*Element, error) {
	pg := p.rod.Context(ctx)
	res, err := pg.Evaluate(rod.Eval(`(loc) => (`+locateJS+`)(loc)`, loc).ByObject())
	if err != nil {
		return nil, fmt.Errorf("find %s: %w", loc.Name, err)
	}
	if res.Type == proto.RuntimeRemoteObjectTypeObject && res.Subtype == proto.RuntimeRemoteObjectSubtypeNull || res.ObjectID == "" {
		return nil, nil
	}
	el, err := pg.ElementFromObject(res)
	if err != nil {
		return nil, fmt.Errorf("find %s: %w", loc.Name, err)
	}
	return &Element{page: p, rod: el, name: loc.Name}, nil
}

// Locator finds an element the way that survives page changes: each Find is
// tried in order (put link targets first, then roles, then label texts, then
// CSS classes) and the first visible match wins.
type Locator struct {
	// Name describes the element for messages ("Settings & Privacy link").
	Name string `json:"-"`
	// Finds are the ways to find it, best first.
	Finds []Find `json:"finds"`
	// Hidden accepts elements that are not visible.
	Hidden bool `json:"hidden"`
}

// Describe names the element in messages.
func (l Locator) Describe() string { return l.Name }

// Find is one way of finding an element; its parts must all hold.
type Find struct {
	// CSS selects candidates by selector.
	CSS string `json:"css,omitempty"`
	// Role selects by ARIA role (explicit, or implicit for link, button,
	// checkbox and textbox).
	Role string `json:"role,omitempty"`
	// Href selects links whose resolved path is one of these.
	Href []string `json:"href,omitempty"`
	// Texts keeps candidates whose accessible name or text contains one of
	// these, compared without case and with spaces collapsed.
	Texts []string `json:"texts,omitempty"`
	// LastWord compares Texts against the name's last word(s) only ("Alice
	// Example Me" ends with "Me"), for short labels that "contains" would
	// find inside other words.
	LastWord bool `json:"lastWord,omitempty"`
	// Only matches when exactly one candidate is left: for finding "the"
	// switch of a page without knowing its language.
	Only bool `json:"only,omitempty"`
}

// ByHref finds links to any of paths.
func ByHref(paths ...string) Find { return Find{Href: paths} }

// ByRole finds elements with an ARIA role, optionally named by one of texts.
func ByRole(role string, texts ...string) Find { return Find{Role: role, Texts: texts} }

// ByCSS finds elements by selector.
func ByCSS(selector string) Find { return Find{CSS: selector} }

// ByText finds elements matching selector whose text contains one of texts.
func ByText(selector string, texts ...string) Find { return Find{CSS: selector, Texts: texts} }

// ByLastWord finds elements matching selector whose name ends with one of
// words.
func ByLastWord(selector string, words ...string) Find {
	return Find{CSS: selector, Texts: words, LastWord: true}
}

// ByOnly finds the single visible element matching selector, and nothing when
// there are several.
func ByOnly(selector string) Find { return Find{CSS: selector, Only: true} }

func targetNames(ts []Target) string {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = t.Describe()
	}
	return strings.Join(names, " or ")
}

func timeoutErr(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return ErrTimeout
	}
	return err
}

// MarshalJSON keeps Locator's JSON form stable for the page script.
func (l Locator) MarshalJSON() ([]byte, error) {
	type plain Locator
	if l.Finds == nil {
		l.Finds = []Find{}
	}
	return json.Marshal(plain(l))
}

// WaitClosed waits until the person closes the tab (or the whole browser),
// or ctx ends.
func (p *Page) WaitClosed(ctx context.Context) error {
	ticker := time.NewTicker(4 * pollInterval)
	defer ticker.Stop()
	for {
		if _, err := (proto.TargetGetTargetInfo{TargetID: p.rod.TargetID}).Call(p.rod.Browser().Context(ctx)); err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("wait for the tab to close: %w", timeoutErr(ctx.Err()))
			}
			return nil // the tab, or the browser with it, is gone
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait for the tab to close: %w", timeoutErr(ctx.Err()))
		case <-ticker.C:
		}
	}
}
