package automation

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/go-rod/rod/lib/proto"
)

// Request is one request the tab sent, as the browser's network saw it.
type Request struct {
	// Method is the HTTP method.
	Method string
	// Path is the request's path, without the query (which may carry
	// personal data).
	Path string
	// Type is the browser's resource type: Document, Fetch, XHR, Ping
	// (sendBeacon), EventSource, WebSocket, Script, …
	Type string
	// Status is the HTTP status, 0 while unanswered or when no answer came.
	Status int
	// RetryAfter is the answer's Retry-After header, if any.
	RetryAfter string
	// Failed is true when the request got no answer (cut, blocked, cancelled).
	Failed bool
	// Done is true once the answer has fully arrived, or the request failed.
	Done bool

	id      proto.NetworkRequestID
	seq     int
	loader  proto.NetworkLoaderID
	mainDoc bool
	changed time.Time
}

// OK reports whether the request was answered with a 2xx status.
func (r Request) OK() bool { return r.Done && !r.Failed && r.Status >= 200 && r.Status < 300 }

// answered reports whether the request's status arrived, or it failed: a
// page that never reads an answer's body never finishes loading it.
func (r Request) answered() bool { return r.Done || r.Status > 0 }

// ended reports whether the page has all of the request it will get: the
// whole answer, a failure, or an error status (whose body a page may never
// read, so the browser never finishes loading it).
func (r Request) ended() bool {
	return r.Done || r.Status != 0 && (r.Status < 200 || r.Status >= 300)
}

// String names the request for messages: method and path, never the query.
func (r Request) String() string { return r.Method + " " + r.Path }

// Mark is a point in a tab's traffic: the requests sent after it are the
// ones a wait that starts there cares about.
type Mark int

// traffic records every request of one tab from the moment it opens.
type traffic struct {
	mu      sync.Mutex
	reqs    []*Request
	byID    map[proto.NetworkRequestID]*Request
	changed chan struct{} // closed and replaced on every change
	doc     *Request      // the latest main-frame document request
	stop    context.CancelFunc
}

// startTraffic switches the tab's network events on and records them until
// the tab closes.
func (p *Page) startTraffic() error {
	ctx, cancel := context.WithCancel(context.Background())
	t := &traffic{byID: map[proto.NetworkRequestID]*Request{}, changed: make(chan struct{}), stop: cancel}
	pg := p.rod.Context(ctx)
	if err := (proto.NetworkEnable{}).Call(pg); err != nil {
		cancel()
		return fmt.Errorf("watch the tab's requests: %w", err)
	}
	mainFrame := p.rod.FrameID
	wait := pg.EachEvent(
		func(e *proto.NetworkRequestWillBeSent) {
			path := e.Request.URL
			if u, err := url.Parse(e.Request.URL); err == nil {
				path = u.Path
			}
			t.update(e.RequestID, true, func(r *Request) {
				// a redirect hop reuses the id: the request starts again
				r.Method, r.Path, r.Type, r.loader = e.Request.Method, path, string(e.Type), e.LoaderID
				r.Status, r.RetryAfter, r.Done, r.Failed = 0, "", false, false
				r.mainDoc = e.Type == proto.NetworkResourceTypeDocument && e.FrameID == mainFrame
			})
		},
		func(e *proto.NetworkResponseReceived) {
			t.update(e.RequestID, false, func(r *Request) {
				r.Status = e.Response.Status
				r.RetryAfter = headerValue(e.Response.Headers, "Retry-After")
			})
		},
		func(e *proto.NetworkLoadingFinished) {
			t.update(e.RequestID, false, func(r *Request) { r.Done = true })
		},
		func(e *proto.NetworkLoadingFailed) {
			t.update(e.RequestID, false, func(r *Request) { r.Done, r.Failed = true, true })
		},
	)
	go wait()
	p.traffic = t
	return nil
}

func headerValue(h proto.NetworkHeaders, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return v.Str()
		}
	}
	return ""
}

func (t *traffic) update(id proto.NetworkRequestID, create bool, f func(*Request)) {
	t.mu.Lock()
	r, ok := t.byID[id]
	if !ok {
		if !create {
			t.mu.Unlock()
			return
		}
		r = &Request{id: id, seq: len(t.reqs) + 1}
		t.byID[id] = r
		t.reqs = append(t.reqs, r)
	}
	f(r)
	r.changed = time.Now()
	if r.mainDoc {
		t.doc = r
	}
	close(t.changed)
	t.changed = make(chan struct{})
	t.mu.Unlock()
}

// snapshot returns copies of the requests keep accepts, and the channel that
// is closed at the next change.
func (t *traffic) snapshot(keep func(*Request) bool) ([]Request, <-chan struct{}) {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []Request
	for _, r := range t.reqs {
		if keep(r) {
			out = append(out, *r)
		}
	}
	return out, t.changed
}

// ResponseBody returns the body of r's answer, which the browser keeps for
// the current document's requests: for reading what a page was told, never
// for logging it (it may hold personal data).
func (p *Page) ResponseBody(ctx context.Context, r Request) ([]byte, error) {
	if !r.OK() {
		return nil, fmt.Errorf("read the answer to %s: it has no complete answer", r)
	}
	res, err := proto.NetworkGetResponseBody{RequestID: r.id}.Call(p.rod.Context(ctx))
	if err != nil {
		return nil, fmt.Errorf("read the answer to %s: %w", r, err)
	}
	if !res.Base64Encoded {
		return []byte(res.Body), nil
	}
	body, err := base64.StdEncoding.DecodeString(res.Body)
	if err != nil {
		return nil, fmt.Errorf("read the answer to %s: %w", r, err)
	}
	return body, nil
}

// Mark returns the point in the tab's traffic reached now.
func (p *Page) Mark() Mark {
	p.traffic.mu.Lock()
	defer p.traffic.mu.Unlock()
	return Mark(len(p.traffic.reqs))
}

// Document returns the request that brought the tab's current document (its
// status and Retry-After), and false before any.
func (p *Page) Document() (Request, bool) {
	p.traffic.mu.Lock()
	defer p.traffic.mu.Unlock()
	if p.traffic.doc == nil {
		return Request{}, false
	}
	return *p.traffic.doc, true
}

// WaitRequest waits until a request that match accepts, sent after since,
// has been answered or has failed, and returns it; ctx bounds the wait.
func (p *Page) WaitRequest(ctx context.Context, since Mark, match func(Request) bool) (Request, error) {
	for {
		got, changed := p.traffic.snapshot(func(r *Request) bool { return r.seq > int(since) && match(*r) })
		for _, r := range got {
			if r.answered() {
				return r, nil
			}
		}
		select {
		case <-ctx.Done():
			if len(got) > 0 {
				return got[0], fmt.Errorf("wait for the answer to %s: %w", got[0], timeoutErr(ctx.Err()))
			}
			return Request{}, fmt.Errorf("wait for the request: none was sent: %w", timeoutErr(ctx.Err()))
		case <-changed:
		}
	}
}

// WaitDocumentSettled waits until every request of the current document that
// isData accepts has ended, and none has started or ended for quiet: the
// page has what it asked for and has had time to draw it. Requests isData
// rejects (beacons, streams that never end) neither count nor delay. It
// returns the document's data requests; ctx bounds the wait. With need
// set, the page is settled only once a data request need accepts has ended:
// a page whose scripts ask for their data late has not settled before.
// With no quiet, it returns as soon as the data requests have ended.
func (p *Page) WaitDocumentSettled(ctx context.Context, quiet time.Duration, isData, need func(Request) bool) ([]Request, error) {
	timer := time.NewTimer(quiet)
	defer timer.Stop()
	for {
		p.traffic.mu.Lock()
		doc := p.traffic.doc
		var loader proto.NetworkLoaderID
		var since time.Time
		if doc != nil {
			loader, since = doc.loader, doc.changed
		}
		p.traffic.mu.Unlock()
		got, changed := p.traffic.snapshot(func(r *Request) bool {
			return doc != nil && r.loader == loader && !r.mainDoc && isData(*r)
		})
		pending := 0
		var waiting Request // the first unanswered, for messages
		needed := need == nil
		last := since
		for _, r := range got {
			if !r.ended() {
				if pending == 0 {
					waiting = r
				}
				pending++
			} else if need != nil && need(r) {
				needed = true
			}
			if r.changed.After(last) {
				last = r.changed
			}
		}
		left := quiet - time.Since(last)
		if doc != nil && pending == 0 && needed && left <= 0 {
			return got, nil
		}
		if left <= 0 {
			left = quiet
		}
		var quietEnds <-chan time.Time // with no quiet, only a change can end the wait
		if left > 0 {
			timer.Reset(left)
			quietEnds = timer.C
		}
		select {
		case <-ctx.Done():
			if !needed && pending == 0 {
				return got, fmt.Errorf("wait for the page's data: it was never asked for: %w", timeoutErr(ctx.Err()))
			}
			return got, fmt.Errorf("wait for the page's data (%d requests unanswered, %s among them): %w", pending, waiting, timeoutErr(ctx.Err()))
		case <-changed:
		case <-quietEnds:
		}
	}
}
