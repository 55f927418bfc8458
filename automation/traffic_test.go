package automation_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/optout/optout/automation"
)

// trafficSite serves a page that fetches its data slowly, keeps a stream
// open, sends a beacon and saves on a click, and answers a POST as told.
func trafficSite(t *testing.T, saveStatus int) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<p id="state">default</p><button id="b">save</button><script>
				fetch('/realtime/connect');
				navigator.sendBeacon('/li/track', 'view');
				fetch('/data?k=1').then(r => r.text()).then(t => { document.getElementById('state').textContent = t; });
				document.getElementById('b').onclick = () => {
					fetch('/li/track', {method: 'POST', body: 'click'});
					setTimeout(() => fetch('/api/save?x=1', {method: 'PUT', body: '{}'}), 300);
				};
			</script>`)
		case "/data":
			time.Sleep(600 * time.Millisecond)
			fmt.Fprint(w, "loaded")
		case "/realtime/connect":
			w.Header().Set("Content-Type", "text/event-stream")
			w.WriteHeader(http.StatusOK)
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		case "/li/track":
			select {
			case <-time.After(3 * time.Second):
			case <-r.Context().Done():
			}
			w.WriteHeader(http.StatusNoContent)
		case "/api/save":
			w.WriteHeader(saveStatus)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

var isData = func(r automation.Request) bool {
	return (r.Type == "Fetch" || r.Type == "XHR") && r.Method == http.MethodGet && !strings.HasPrefix(r.Path, "/realtime/")
}

func TestWaitDocumentSettledWaitsForTheDataNotTheStream(t *testing.T) {
	srv := trafficSite(t, http.StatusOK)
	p := openPage(t, srv.URL)
	ctx := timeout(t)
	if err := p.Navigate(ctx, srv.URL+"/"); err != nil {
		t.Fatal(err)
	}
	got, err := p.WaitDocumentSettled(ctx, 200*time.Millisecond, isData, nil)
	if err != nil {
		t.Fatalf("settle: %v (a stream that never ends must not count)", err)
	}
	if len(got) != 1 || got[0].Path != "/data" || !got[0].OK() {
		t.Fatalf("data requests %+v, want the one answered GET /data", got)
	}
	html, err := p.HTML(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(html, ">loaded<") {
		t.Fatal("settled before the page drew its data")
	}
	// Without a filter the never-ending stream keeps the page unsettled.
	short, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	if _, err := p.WaitDocumentSettled(short, 200*time.Millisecond, func(automation.Request) bool { return true }, nil); !errors.Is(err, automation.ErrTimeout) {
		t.Fatalf("with the stream counted: got %v, want a timeout", err)
	}
}

func TestWaitRequestFindsADelayedSaveAmongBeacons(t *testing.T) {
	srv := trafficSite(t, http.StatusInternalServerError)
	p := openPage(t, srv.URL)
	ctx := timeout(t)
	if err := p.Navigate(ctx, srv.URL+"/"); err != nil {
		t.Fatal(err)
	}
	mark := p.Mark()
	el, err := p.Find(ctx, automation.Locator{Name: "save", Finds: []automation.Find{automation.ByCSS("#b")}})
	if err != nil || el == nil {
		t.Fatalf("find: %v %v", el, err)
	}
	start := time.Now()
	if err := el.Click(ctx); err != nil {
		t.Fatal(err)
	}
	save, err := p.WaitRequest(ctx, mark, func(r automation.Request) bool { return r.Method == "PUT" && r.Path == "/api/save" })
	if err != nil {
		t.Fatal(err)
	}
	if save.Status != 500 || save.OK() || save.String() != "PUT /api/save" {
		t.Fatalf("save %+v, want the PUT /api/save answered 500", save)
	}
	// The beacon after the click answers after 3 s; the save must not wait for it.
	if d := time.Since(start); d > 2500*time.Millisecond {
		t.Logf("note: the save took %v (a loaded machine?)", d)
	}
	if _, err := p.WaitRequest(ctx, p.Mark(), func(automation.Request) bool { return true }); err == nil {
		t.Fatal("a wait for a request sent after the latest mark ended without one")
	}
}

func TestDocumentKeepsStatusAndRetryAfter(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "7")
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprint(w, "slow down")
	}))
	t.Cleanup(srv.Close)
	p := openPage(t, srv.URL)
	ctx := timeout(t)
	if err := p.Navigate(ctx, srv.URL+"/x?q=secret"); err != nil {
		t.Fatal(err)
	}
	doc, ok := p.Document()
	if !ok || doc.Status != 429 || doc.RetryAfter != "7" || doc.Path != "/x" {
		t.Fatalf("document %+v, want 429 with Retry-After 7 at /x", doc)
	}
}
