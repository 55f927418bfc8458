package automation

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// The tab's request interception (the CDP Fetch domain, one set of patterns
// per tab: this file owns it). Always: the origin guard refuses every
// document request it does not allow before it is sent. While requests are
// held (HoldRequests … ReleaseRequests): every request other than GET,
// whatever sends it (a form, fetch, XHR, sendBeacon, …), is stopped before
// it leaves the browser, and counted and named.

// HeldRequest is one kind of request the page tried to send while requests
// were held, and how often it tried.
type HeldRequest struct {
	Method string
	// Path is the request's path, without query or fragment: those may
	// carry personal data.
	Path string
	// Kind says what sent it: "form" (a page navigation), "fetch/xhr" (a
	// script; the browser does not tell the two apart here), "beacon"
	// (navigator.sendBeacon), or the browser's resource type.
	Kind  string
	Count int
}

// String names the request for messages and receipts: "POST /path (fetch) ×2".
func (h HeldRequest) String() string {
	s := h.Method + " " + h.Path + " (" + h.Kind + ")"
	if h.Count > 1 {
		s += fmt.Sprintf(" ×%d", h.Count)
	}
	return s
}

// maxHeldKinds bounds the distinct requests remembered; more are counted
// under one last entry.
const maxHeldKinds = 50

var (
	// documentsOnly is what the guard alone needs: one round trip per page
	// load, none per image, script or style.
	documentsOnly = []*proto.FetchRequestPattern{{URLPattern: "*", ResourceType: proto.NetworkResourceTypeDocument}}
	// everyRequest is what holding needs: a request's method is known only
	// once it is paused, so every request is paused and GETs go on at once.
	everyRequest = []*proto.FetchRequestPattern{{URLPattern: "*"}}
)

// requestHold is a tab's request interception and what it held.
type requestHold struct {
	page   *rod.Page // carries the interception's own context
	guard  *OriginGuard
	cancel context.CancelFunc

	switching sync.Mutex // orders holds and releases with their patterns
	mu        sync.Mutex
	holding   bool
	held      []HeldRequest
}

// installGuard intercepts the tab's document requests for the origin guard
// (and, while held, every request; see HoldRequests).
func (p *Page) installGuard() error {
	if p.guard == nil {
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	h := &requestHold{page: p.rod.Context(ctx), guard: p.guard, cancel: cancel}
	// Enabled before the event loop, so that rod sees the domain enabled
	// and does not enable it again without patterns (which pauses everything).
	if err := (proto.FetchEnable{Patterns: documentsOnly}).Call(h.page); err != nil {
		cancel()
		return fmt.Errorf("install origin guard: %w", err)
	}
	wait := h.page.EachEvent(func(e *proto.FetchRequestPaused) {
		go h.decide(e)
	})
	go wait()
	p.hold = h
	return nil
}

// decide sends a paused request on, answers it or fails it.
func (h *requestHold) decide(e *proto.FetchRequestPaused) {
	document := e.ResourceType == proto.NetworkResourceTypeDocument
	if e.Request.Method != http.MethodGet && h.note(e) {
		if document {
			// 204 No Content: the browser stays on the filled form
			// instead of showing an error page, and the site hears nothing.
			// The empty body must be set: fulfilling with no body at all
			// leaves the tab hanging (measured with Chromium 156).
			_ = proto.FetchFulfillRequest{RequestID: e.RequestID, ResponseCode: http.StatusNoContent, Body: []byte{}}.Call(h.page)
			return
		}
		// A script's request fails as if blocked by an extension: the
		// page learns it was not sent, and cannot go on as if it had been.
		_ = proto.FetchFailRequest{RequestID: e.RequestID, ErrorReason: proto.NetworkErrorReasonBlockedByClient}.Call(h.page)
		return
	}
	if document {
		u, err := url.Parse(e.Request.URL)
		if err != nil || !h.guard.Allows(u) {
			h.guard.noteRefused(e.Request.URL)
			_ = proto.FetchFailRequest{RequestID: e.RequestID, ErrorReason: proto.NetworkErrorReasonBlockedByClient}.Call(h.page)
			return
		}
	}
	_ = proto.FetchContinueRequest{RequestID: e.RequestID}.Call(h.page)
}

// note records a request the page tried to send, and reports whether
// requests are held (and so whether it must be stopped).
func (h *requestHold) note(e *proto.FetchRequestPaused) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.holding {
		return false
	}
	r := HeldRequest{Method: e.Request.Method, Path: pathOnly(e.Request.URL), Kind: requestKind(e.ResourceType), Count: 1}
	for i := range h.held {
		if x := &h.held[i]; x.Method == r.Method && x.Path == r.Path && x.Kind == r.Kind {
			x.Count++
			return true
		}
	}
	if len(h.held) == maxHeldKinds {
		r = HeldRequest{Method: "*", Path: "(more requests)", Kind: "other", Count: 1}
		if last := &h.held[len(h.held)-1]; last.Path == r.Path {
			last.Count++
			return true
		}
	}
	h.held = append(h.held, r)
	return true
}

// setHolding switches holding on or off, with the patterns it needs. The
// switch comes first: a request paused meanwhile is already decided the new
// way, and every request sent after the patterns are set is paused.
func (h *requestHold) setHolding(ctx context.Context, on bool) error {
	h.switching.Lock()
	defer h.switching.Unlock()
	h.mu.Lock()
	h.holding = on
	h.mu.Unlock()
	if on {
		if err := (proto.FetchEnable{Patterns: everyRequest}).Call(h.page.Context(ctx)); err != nil {
			return fmt.Errorf("hold the page's requests: %w", err)
		}
		return nil
	}
	// A failure here only leaves every request paused and sent on, which
	// costs time, not correctness.
	if err := (proto.FetchEnable{Patterns: documentsOnly}).Call(h.page.Context(ctx)); err != nil {
		return fmt.Errorf("stop pausing every request: %w", err)
	}
	return nil
}

// leaveWait bounds leaving a held page before its tab closes.
const leaveWait = 5 * time.Second

// leave takes a tab whose requests are held to a blank page, so that its
// unload handlers run while the interception still holds what they send:
// a tab closed with the page on it sends its pagehide beacons and
// keepalive fetches without their ever being paused (measured with
// Chromium 156). A browser shut down whole runs no unload handlers.
func (h *requestHold) leave() {
	h.mu.Lock()
	holding := h.holding
	h.mu.Unlock()
	if !holding {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), leaveWait)
	defer cancel()
	pg := h.page.Context(ctx)
	wait := pg.WaitNavigation(proto.PageLifecycleEventNameLoad)
	if err := pg.Navigate("about:blank"); err == nil {
		wait()
	}
}

// stop ends the interception with the tab.
func (h *requestHold) stop() { h.cancel() }

// HoldRequests stops every request other than GET the tab makes, from now
// until ReleaseRequests, whatever sends it: a form (answered 204 No
// Content, so the filled form stays), fetch, XHR, navigator.sendBeacon or
// anything else (failed as blocked). None reaches the site; each is counted
// and named (HeldRequests). It needs the origin guard's interception, so a
// tab without a guard cannot hold requests.
func (p *Page) HoldRequests(ctx context.Context) error {
	if p.hold == nil {
		return errors.New("hold the page's requests: the tab has no request interception")
	}
	return p.hold.setHolding(ctx, true)
}

// ReleaseRequests lets every request through again (the person's own
// submission included). An error means only that every request is still
// paused and sent on, at a small cost per request.
func (p *Page) ReleaseRequests(ctx context.Context) error {
	if p.hold == nil {
		return nil
	}
	return p.hold.setHolding(ctx, false)
}

// HeldRequests lists what the page tried to send while held, in the order
// they were first stopped.
func (p *Page) HeldRequests() []HeldRequest {
	if p.hold == nil {
		return nil
	}
	p.hold.mu.Lock()
	defer p.hold.mu.Unlock()
	return append([]HeldRequest(nil), p.hold.held...)
}

// requestKind names what sent a request of the browser's resource type.
func requestKind(t proto.NetworkResourceType) string {
	switch t {
	case proto.NetworkResourceTypeDocument:
		return "form"
	case proto.NetworkResourceTypePing:
		return "beacon"
	case proto.NetworkResourceTypeXHR, proto.NetworkResourceTypeFetch:
		// Paused requests of fetch() carry the type XHR too.
		return "fetch/xhr"
	case "":
		return "other"
	}
	return strings.ToLower(string(t))
}

// pathOnly keeps a request address's path: no query, fragment, user or
// host. An address without a path (data:, blob:) is named by its scheme.
func pathOnly(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable address)"
	}
	if u.Opaque != "" || u.Host == "" && u.Path == "" {
		return u.Scheme + ":"
	}
	if u.Path == "" {
		return "/"
	}
	return u.EscapedPath()
}
