package automation

import (
	"context"
	"fmt"
	"net/url"
	"sync"

	"github.com/go-rod/rod/lib/proto"
)

// Mutation is one state-changing request (any method but GET, HEAD and
// OPTIONS) the page sent, and how it ended.
type Mutation struct {
	Method string
	// Path is the request's path, without query.
	Path string
	// Status is the HTTP status, 0 when no answer came.
	Status int
	// Failed is true when the request got no answer (connection cut, blocked).
	Failed bool
}

// OK reports whether the request was answered with a 2xx status.
func (m Mutation) OK() bool { return !m.Failed && m.Status >= 200 && m.Status < 300 }

// MutationWatch collects the page's state-changing requests from the moment
// it is armed: the way to know a click's save has been answered, without
// knowing the site's API or waiting a fixed time.
type MutationWatch struct {
	mu      sync.Mutex
	changed chan struct{}
	order   []proto.NetworkRequestID
	byID    map[proto.NetworkRequestID]*watched
	stop    context.CancelFunc
}

type watched struct {
	m    Mutation
	done bool
}

// WatchMutations arms a MutationWatch on the page. Call Stop when done.
func (p *Page) WatchMutations(ctx context.Context) (*MutationWatch, error) {
	wctx, cancel := context.WithCancel(ctx)
	w := &MutationWatch{changed: make(chan struct{}, 1), byID: map[proto.NetworkRequestID]*watched{}, stop: cancel}
	pg := p.rod.Context(wctx)
	if err := (proto.NetworkEnable{}).Call(pg); err != nil {
		cancel()
		return nil, fmt.Errorf("watch requests: %w", err)
	}
	wait := pg.EachEvent(
		func(e *proto.NetworkRequestWillBeSent) {
			switch e.Request.Method {
			case "GET", "HEAD", "OPTIONS":
				return
			}
			path := e.Request.URL
			if u, err := url.Parse(e.Request.URL); err == nil {
				path = u.Path
			}
			w.update(e.RequestID, func(x *watched) { x.m.Method, x.m.Path = e.Request.Method, path }, true)
		},
		func(e *proto.NetworkResponseReceived) {
			// The answer's headers are the answer: a page that never reads
			// the body never gets a loadingFinished.
			w.update(e.RequestID, func(x *watched) { x.m.Status, x.done = e.Response.Status, true }, false)
		},
		func(e *proto.NetworkLoadingFailed) {
			w.update(e.RequestID, func(x *watched) { x.done, x.m.Failed = true, true }, false)
		},
	)
	go wait()
	return w, nil
}

func (w *MutationWatch) update(id proto.NetworkRequestID, f func(*watched), create bool) {
	w.mu.Lock()
	x, ok := w.byID[id]
	if !ok {
		if !create {
			w.mu.Unlock()
			return
		}
		x = &watched{}
		w.byID[id] = x
		w.order = append(w.order, id)
	}
	f(x)
	w.mu.Unlock()
	select {
	case w.changed <- struct{}{}:
	default:
	}
}

// Settled waits until at least one state-changing request was sent and every
// one sent so far has been answered or has failed; ctx bounds the wait.
func (w *MutationWatch) Settled(ctx context.Context) ([]Mutation, error) {
	for {
		if ms, ok := w.snapshot(); ok {
			return ms, nil
		}
		select {
		case <-ctx.Done():
			ms, _ := w.snapshot()
			return ms, fmt.Errorf("wait for the save to be answered: %w", timeoutErr(ctx.Err()))
		case <-w.changed:
		}
	}
}

func (w *MutationWatch) snapshot() ([]Mutation, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	ms := make([]Mutation, 0, len(w.order))
	all := len(w.order) > 0
	for _, id := range w.order {
		x := w.byID[id]
		all = all && x.done
		ms = append(ms, x.m)
	}
	return ms, all
}

// Stop ends the watch.
func (w *MutationWatch) Stop() { w.stop() }
