package automation

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

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
