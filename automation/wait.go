package automation

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/go-rod/rod/lib/proto"
)

// pollInterval is how often a wait looks at the page again.
const pollInterval = 50 * time.Millisecond

// ErrTimeout means a bounded wait ran out before any awaited thing appeared.
var ErrTimeout = errors.New("timed out")

// ErrBrowserGone means the tab, or the whole browser, is no longer there
// (closed, crashed or killed): waiting longer cannot help.
var ErrBrowserGone = errors.New("the browser tab is gone")

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
	locs := []Locator{} // never null: the page script maps over it
	for _, t := range targets {
		if l, ok := t.(Locator); ok {
			locs = append(locs, l)
		}
	}
	var m Match
	err := poll(ctx, func() (bool, error) {
		var ok bool
		var err error
		m, ok, err = p.lookOnce(ctx, targets, locs)
		return ok, err
	})
	if err != nil {
		return Match{}, fmt.Errorf("wait for %s: %w", targetNames(targets), err)
	}
	return m, nil
}

// poll calls try every pollInterval until it reports done or fails, or ctx
// ends (ErrTimeout).
func poll(ctx context.Context, try func() (done bool, err error)) error {
	ticker := time.NewTicker(pollInterval)
	defer ticker.Stop()
	for {
		done, err := try()
		if err != nil || done {
			return err
		}
		select {
		case <-ctx.Done():
			return timeoutErr(ctx.Err())
		case <-ticker.C:
		}
	}
}

// WaitGone waits until loc finds nothing on the current document; ctx
// bounds the wait. A page that does not answer a look (mid-navigation) is
// looked at again.
func (p *Page) WaitGone(ctx context.Context, loc Locator) error {
	targets, locs := []Target{loc}, []Locator{loc}
	err := poll(ctx, func() (bool, error) {
		_, found, err := p.look(ctx, targets, locs)
		if err != nil && ctx.Err() == nil && !p.alive(ctx) {
			return false, ErrBrowserGone
		}
		return err == nil && !found, nil
	})
	if err != nil {
		return fmt.Errorf("wait for %s to go: %w", loc.Name, err)
	}
	return nil
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

func timeoutErr(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return ErrTimeout
	}
	return err
}
