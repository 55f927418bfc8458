package automation

import (
	"context"
	"fmt"
	"net/url"

	"github.com/go-rod/rod"
)

// The tab itself: what it is, its address and markup. Request holding is in
// hold.go, navigation in navigate.go, waits in wait.go, locators in locator.go.

// Page is one browser tab whose navigations are held to an origin guard.
type Page struct {
	rod   *rod.Page
	guard *OriginGuard
	// hold intercepts the tab's requests: the origin guard's documents,
	// and every request other than GET while held (hold.go).
	hold *requestHold
	// traffic records the tab's requests, for waits on the page's own
	// data and on a save.
	traffic *traffic
}

// Rod exposes the underlying rod page for tests and benchmarks.
func (p *Page) Rod() *rod.Page { return p.rod }

// Guard returns the page's origin guard.
func (p *Page) Guard() *OriginGuard { return p.guard }

// Close closes the tab.
func (p *Page) Close() error {
	if p.hold != nil {
		// Held requests stay held while the tab closes: its unload
		// handlers' beacons are requests too (hold.go).
		p.hold.leave()
		defer p.hold.stop()
	}
	if p.traffic != nil {
		p.traffic.stop()
	}
	if err := p.rod.Close(); err != nil {
		return fmt.Errorf("close tab: %w", err)
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
