//go:build unix

package flows_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
	"github.com/go-rod/rod/lib/utils"
	"github.com/rs/zerolog"

	"github.com/optout/optout/automation"
	"github.com/optout/optout/automation/automationtest"
	"github.com/optout/optout/fixtures"
	"github.com/optout/optout/fixtures/fixturestest"
	"github.com/optout/optout/flows"
)

// The site's own pauses, the same for every benchmark so that they compare:
// the switch drawn as soon as its data arrives, the Me menu's animation at
// the site's usual length.
const (
	benchRenderDelay = 0
	benchMenuDelay   = 150 * time.Millisecond
	// benchRunTimeout bounds one whole iteration (launch to close).
	benchRunTimeout = 60 * time.Second
	// benchPoll is how often the bare script looks for an element again.
	benchPoll = 50 * time.Millisecond
)

// The fixture site's markup, for the bare script (fixtures/templates and
// fixtures/static/site.js).
const (
	bareMeMenu      = `.global-nav__me button`
	bareSettings    = `a[href^="/mypreferences/d/categories/account"]`
	bareDataPrivacy = `a[href="/mypreferences/d/categories/privacy"]`
	bareGenAIEntry  = `a[href="/mypreferences/d/settings/data-for-ai-improvement"]`
	bareSwitch      = `[role="switch"]`
	bareSaveAPI     = "/mysettings-api/settingsApiSettings/allowDataForGenerativeAI"
)

// benchSite is the fake site on a loopback port, shared by a benchmark's
// iterations; each iteration signs in a member of its own.
type benchSite struct {
	site *fixtures.Site
	srv  *httptest.Server
	base *url.URL
	next int
	// realistic: members get the page drawn before its data arrives, and
	// beacons and a stream on every page.
	realistic bool
}

// newBenchSite serves the fake site over HTTP/2 and TLS, as LinkedIn serves
// its own (fixturestest.ServeHTTP2 says why it matters here).
func newBenchSite(b *testing.B) *benchSite {
	b.Helper()
	srv := fixturestest.ServeHTTP2(b)
	return &benchSite{site: srv.Site, srv: srv.HTTP, base: srv.Base}
}

// newMember adds a fresh English member with the setting on, default nav and
// switch, and the benchmarks' fixed delays, and returns its key.
func (bs *benchSite) newMember() string {
	bs.next++
	key := fmt.Sprintf("bench-%d", bs.next)
	bs.site.AddMember(member(key, func(m *fixtures.Member) {
		m.RenderDelay = benchRenderDelay
		m.MenuDelay = benchMenuDelay
		if bs.realistic {
			// The page's data arrives as late as the plain page draws it:
			// the difference measured is the tool's, not the site's.
			m.EarlyState, m.Background = true, true
			m.DataDelay = max(benchRenderDelay, time.Millisecond)
		}
	}))
	return key
}

// isPageLoad tells document requests from scripts, styles and API calls in
// the site's record of paths.
func isPageLoad(path string) bool {
	return !strings.HasPrefix(path, "/static/") && !strings.Contains(path, "/api/") && !strings.HasPrefix(path, "/mysettings-api/") &&
		!strings.HasPrefix(path, "/realtime/") && !strings.HasPrefix(path, "/li/") && !strings.HasPrefix(path, "/sensorCollect") && path != "/favicon.ico"
}

// childCPU is the processor time used so far by this process's children
// that have ended (the browsers), user and system.
func childCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// waitReaped waits, bounded, until this process has no child left (rod
// starts the browser under its "leakless" guard, whose end comes after the
// browser's), so that the browser's processor time is counted in childCPU.
func waitReaped() {
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if !hasChildren() {
			return
		}
	}
}

// hasChildren reports whether a process whose parent is this one is still
// there (reaped or not), reading /proc.
func hasChildren() bool {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	me := strconv.Itoa(os.Getpid())
	for _, f := range stats {
		data, err := os.ReadFile(f)
		if err != nil {
			continue // gone meanwhile
		}
		// pid (comm) state ppid …; comm may hold spaces and parentheses.
		rest := string(data[bytes.LastIndexByte(data, ')')+1:])
		if fields := strings.Fields(rest); len(fields) > 1 && fields[1] == me {
			return true
		}
	}
	return false
}

// phases sums the time spent in each named part of an iteration.
type phases struct {
	order []string
	total map[string]time.Duration
	best  time.Duration // the fastest whole iteration
	cpu   time.Duration // the browsers' processor time
}

// browserCPU adds the processor time of the browsers that ended since
// before (a childCPU reading).
func (ph *phases) browserCPU(before time.Duration) {
	waitReaped()
	ph.cpu += childCPU() - before
}

// iteration notes one whole iteration's time, for the fastest.
func (ph *phases) iteration(d time.Duration) {
	if ph.best == 0 || d < ph.best {
		ph.best = d
	}
}

func (ph *phases) add(name string, d time.Duration) {
	if ph.total == nil {
		ph.total = map[string]time.Duration{}
	}
	if _, ok := ph.total[name]; !ok {
		ph.order = append(ph.order, name)
	}
	ph.total[name] += d
}

// report gives the fastest iteration, the browser's processor time and the
// coarse phases as metrics (the fastest iteration and the processor time are
// the figures least disturbed by other work on the machine); with -v it also
// logs every phase (the flow's steps included).
func (ph *phases) report(b *testing.B, metrics ...string) {
	b.ReportMetric(float64(ph.best.Milliseconds()), "best-ms")
	b.ReportMetric(float64(ph.cpu.Milliseconds())/float64(b.N), "browser-cpu-ms/op")
	for _, name := range metrics {
		b.ReportMetric(float64(ph.total[name].Milliseconds())/float64(b.N), name+"-ms/op")
	}
	if testing.Verbose() {
		for _, name := range ph.order {
			b.Logf("N=%d %-45s %7.0f ms/op", b.N, name, float64(ph.total[name].Microseconds())/1000/float64(b.N))
		}
	}
}

// coldRuns times b.N cold iterations on one site. Each gets a fresh member;
// then, timed: a browser launched with the tool's flags, run (the "flow"
// phase, which may note finer phases in ph), and the browser closed. Outside
// the timer, check asserts on the site's record for that member. Page loads,
// the browsers' processor time and the phases are reported.
func coldRuns(b *testing.B, bs *benchSite, run func(ctx context.Context, br *automation.Browser, bs *benchSite, key string, ph *phases) error, check func(bs *benchSite, key string)) {
	var ph phases
	loads := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		key := bs.newMember()
		pathsBefore := len(bs.site.Paths())
		ctx, cancel := context.WithTimeout(context.Background(), benchRunTimeout)
		cpuBefore := childCPU()
		b.StartTimer()

		t0 := time.Now()
		opts := automationtest.Options("")
		opts.ExtraFlags = append(opts.ExtraFlags, "ignore-certificate-errors") // the test server's own certificate
		br, err := automation.Launch(ctx, opts)
		if err != nil {
			b.Fatalf("launch: %v", err)
		}
		t1 := time.Now()
		ph.add("launch", t1.Sub(t0))
		err = run(ctx, br, bs, key, &ph)
		t2 := time.Now()
		ph.add("flow", t2.Sub(t1))
		if cerr := br.Close(); cerr != nil {
			b.Fatalf("close: %v", cerr)
		}
		ph.add("close", time.Since(t2))
		ph.iteration(time.Since(t0))

		b.StopTimer()
		cancel()
		ph.browserCPU(cpuBefore)
		if err != nil {
			b.Fatal(err)
		}
		check(bs, key)
		loads += countPageLoads(b, i, bs.site.Paths()[pathsBefore:])
		b.StartTimer()
	}
	b.StopTimer()
	b.ReportMetric(float64(loads)/float64(b.N), "pageloads/op")
	ph.report(b, "launch", "flow", "close")
}

// benchGenAI runs the tool's whole work for one account per iteration, cold:
// launch, sign-in cookie, guarded tab, the flow with receipts, close.
func benchGenAI(b *testing.B, opts flows.SwitchOptions, want flows.Outcome) {
	benchSettings(b, newBenchSite(b), nil, opts, want)
}

// benchSettings is benchGenAI for a sweep of settings (nil: genai alone).
func benchSettings(b *testing.B, bs *benchSite, settings []flows.Setting, opts flows.SwitchOptions, want flows.Outcome) {
	receipts := b.TempDir() // each member is an account of its own in it
	coldRuns(b, bs, func(ctx context.Context, br *automation.Browser, bs *benchSite, key string, ph *phases) error {
		t0 := time.Now()
		if err := br.SetCookie(ctx, bs.srv.URL, "li_at", bs.site.SessionCookie(key).Value); err != nil {
			return err
		}
		page, err := br.NewPage(ctx, automation.NewOriginGuard(bs.base, ""))
		if err != nil {
			return err
		}
		ph.add("  cookie+tab", time.Since(t0))
		stepAt := time.Now()
		s := flows.Session{
			Account: "acct-" + key, Page: page, Base: bs.base,
			StepTimeout: 30 * time.Second, // the tool's default --timeout
			Receipts:    &flows.Receipts{Dir: receipts},
			Version:     "bench",
			Log:         zerolog.Nop(),
			Events: func(e flows.Event) {
				switch e.Kind {
				case flows.StepStarted:
					ph.add("  (outside steps: receipt, screenshots)", time.Since(stepAt))
					stepAt = time.Now()
				case flows.StepDone, flows.StepFailed:
					ph.add("  step: "+e.Text, time.Since(stepAt))
					stepAt = time.Now()
				}
			},
		}
		var rs []flows.Result
		if settings == nil {
			rs = []flows.Result{s.GenAI(ctx, opts)}
		} else {
			rs = s.Sweep(ctx, settings, opts)
		}
		ph.add("  (after the last step: screenshot, receipt)", time.Since(stepAt))
		for _, r := range rs {
			if r.Outcome != want {
				return fmt.Errorf("%s: outcome %s (%s→%s), error %q; want %s", r.Setting, r.Outcome, r.Before, r.After, r.Error, want)
			}
		}
		return nil
	}, func(bs *benchSite, key string) {
		if on := bs.site.GenAIOn(key); on != opts.DryRun {
			b.Fatalf("the site stores the setting on=%v after the run (dry run %v)", on, opts.DryRun)
		}
		for _, set := range settings {
			if on := bs.site.Setting(key, set.Key); on != opts.DryRun {
				b.Fatalf("the site stores %s on=%v after the run (dry run %v)", set.Name, on, opts.DryRun)
			}
		}
	})
}

// BenchmarkGenAIRealisticSite is BenchmarkGenAIColdBrowser on the page the
// real site draws: the switch shown before its data arrives, and beacons
// and a stream on every page (goal: at most 1.5 times the plain page).
func BenchmarkGenAIRealisticSite(b *testing.B) {
	bs := newBenchSite(b)
	bs.realistic = true
	benchSettings(b, bs, nil, flows.SwitchOptions{}, flows.TurnedOffVerified)
}

func mustSelect(b *testing.B, list string) []flows.Setting {
	sets, err := flows.SelectSettings(list)
	if err != nil {
		b.Fatal(err)
	}
	return sets
}

// BenchmarkSweepDefault sweeps the default three settings (goal: at most
// 1.6 times one genai run).
func BenchmarkSweepDefault(b *testing.B) {
	benchSettings(b, newBenchSite(b), mustSelect(b, "ai,sharing,research"), flows.SwitchOptions{}, flows.TurnedOffVerified)
}

// BenchmarkSweepAll sweeps all thirteen (goal: at most 4 times one genai run).
func BenchmarkSweepAll(b *testing.B) {
	benchSettings(b, newBenchSite(b), mustSelect(b, "all"), flows.SwitchOptions{}, flows.TurnedOffVerified)
}

// BenchmarkStatusAll is `status --only all` (goal: at most 2.5 times one status).
func BenchmarkStatusAll(b *testing.B) {
	benchSettings(b, newBenchSite(b), mustSelect(b, "all"), flows.SwitchOptions{DryRun: true, PreferDirect: true, ReadLists: true}, flows.WouldTurnOff)
}

// BenchmarkGenAIColdBrowser measures what the tool does for one account, from
// launching the browser to closing it, receipts included.
func BenchmarkGenAIColdBrowser(b *testing.B) {
	benchGenAI(b, flows.SwitchOptions{}, flows.TurnedOffVerified)
}

// BenchmarkGenAIDryRun is the same, reading the setting without changing it.
func BenchmarkGenAIDryRun(b *testing.B) {
	benchGenAI(b, flows.SwitchOptions{DryRun: true}, flows.WouldTurnOff)
}

// BenchmarkGenAIStatus is `optout status`: a dry run by the setting's own
// address, the menus only as a fallback.
func BenchmarkGenAIStatus(b *testing.B) {
	benchGenAI(b, flows.SwitchOptions{DryRun: true, PreferDirect: true}, flows.WouldTurnOff)
}

// BenchmarkBareRodColdBrowser is the least a plain rod script must do for the
// same result on the same site, with the same browser and flags: the
// baseline the tool's overhead is measured against. Its element waits poll
// every 50ms like the tool's, not with rod's default back-off (100ms growing
// to 1s), so that the comparison measures the tool's extra work, not the
// polling.
func BenchmarkBareRodColdBrowser(b *testing.B) {
	var on bool
	coldRuns(b, newBenchSite(b), func(ctx context.Context, br *automation.Browser, bs *benchSite, key string, ph *phases) error {
		var err error
		on, err = bareTurnOff(ctx, br.Rod(), bs.srv.URL, bs.site.SessionCookie(key).Value, ph)
		if err != nil {
			return fmt.Errorf("bare script: %w", err)
		}
		return nil
	}, func(bs *benchSite, key string) {
		if on || bs.site.GenAIOn(key) {
			b.Fatalf("after the bare script the page reads on=%v, the site stores on=%v; want both off", on, bs.site.GenAIOn(key))
		}
		if saves := bs.site.Saves(key); len(saves) != 1 || saves[0].Enabled || !saves[0].Kept {
			b.Fatalf("site saw saves %+v, want exactly one kept save of off", saves)
		}
	})
}

// bareTurnOff is the plain rod script: Me menu → Settings & Privacy → Data
// privacy → the setting, one click, the save's answer, a reload, the state
// read back. It returns whether the switch reads on after the reload.
func bareTurnOff(ctx context.Context, br *rod.Browser, site, cookie string, ph *phases) (on bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	at := time.Now()
	mark := func(name string) {
		ph.add("  step: "+name, time.Since(at))
		at = time.Now()
	}
	br = br.Context(ctx).Sleeper(func() utils.Sleeper { return utils.BackoffSleeper(benchPoll, benchPoll, nil) })
	if err := br.SetCookies([]*proto.NetworkCookieParam{{URL: site, Name: "li_at", Value: cookie}}); err != nil {
		return false, err
	}
	page := br.MustPage("")
	page.MustNavigate(site + "/feed/")
	mark("cookie, tab, /feed/")
	// A link's click starts a navigation: wait for the new document before
	// looking into it, or the look-up races the old one going away.
	follow := func(el *rod.Element) {
		navigated := page.WaitNavigation(proto.PageLifecycleEventNameDOMContentLoaded)
		el.MustClick()
		navigated()
	}
	page.MustElement(bareMeMenu).MustClick()
	mark("Me menu")
	follow(page.MustElement(bareSettings).MustWaitVisible())
	mark("Settings & Privacy")
	follow(page.MustElement(bareDataPrivacy))
	mark("Data privacy")
	follow(page.MustElement(bareGenAIEntry))
	mark("the setting's entry")
	sw := page.MustElement(bareSwitch)
	mark("the switch")

	var saveID proto.NetworkRequestID
	saved := page.EachEvent(func(e *proto.NetworkRequestWillBeSent) {
		if e.Request.Method == "PUT" && strings.Contains(e.Request.URL, bareSaveAPI) {
			saveID = e.RequestID
		}
	}, func(e *proto.NetworkResponseReceived) bool {
		return saveID != "" && e.RequestID == saveID
	})
	sw.MustClick()
	saved()
	mark("click, the save's answer")

	page.MustReload()
	res := page.MustElement(bareSwitch).MustEval(`function() {
		const a = this.getAttribute("aria-checked");
		return a === null ? this.checked : a === "true";
	}`)
	mark("reload, read back")
	return res.Bool(), nil
}

// countPageLoads counts the page loads among paths; with -v it logs those
// of a benchmark's first iteration.
func countPageLoads(b *testing.B, i int, paths []string) int {
	pages := slices.DeleteFunc(slices.Clone(paths), func(p string) bool { return !isPageLoad(p) })
	if i == 0 && testing.Verbose() {
		b.Logf("page loads: %s", strings.Join(pages, " "))
	}
	return len(pages)
}
