package automation

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/launcher"
	"github.com/go-rod/rod/lib/proto"
)

// ErrNoDisplay means a visible window was asked for where there is no
// display to show it on (an SSH session, a container, cron).
var ErrNoDisplay = errors.New("a visible browser window needs a display, and DISPLAY and WAYLAND_DISPLAY are not set")

// ErrRemoteBrowser means a DevTools endpoint is on another machine and
// remote browsers were not allowed.
var ErrRemoteBrowser = errors.New("host is not loopback")

// hasDisplay reports whether a visible window can be shown. Only X11 and
// Wayland systems say so through the environment; elsewhere (macOS,
// Windows) there is always a desktop to assume.
func hasDisplay(getenv func(string) string) bool {
	switch runtime.GOOS {
	case "darwin", "windows":
		return true
	}
	return getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != ""
}

// QuietFlags are the Chromium switches that keep a closed network quiet: no
// background fetches, no component updates, no sync, no first-run pages.
var QuietFlags = []string{
	"disable-background-networking",
	"disable-component-update",
	"no-first-run",
	"disable-sync",
}

// LaunchOptions describes the browser to start or attach to.
type LaunchOptions struct {
	// Bin is the browser binary; empty means FindBrowser("").
	Bin string
	// Headless hides the window.
	Headless bool
	// ProfileDir is the account's user-data-dir; it is created 0700 when
	// missing and never deleted. Empty means a throw-away directory.
	ProfileDir string
	// BrowserURL attaches to a running browser's DevTools endpoint instead of
	// launching one. Only loopback hosts are accepted unless AllowRemote.
	BrowserURL string
	// AllowRemote accepts a non-loopback BrowserURL.
	AllowRemote bool
	// ExtraFlags are added to the command line ("name" or "name=value").
	ExtraFlags []string
}

// Browser is a launched or attached Chromium.
type Browser struct {
	rod      *rod.Browser
	launcher *launcher.Launcher
	attached bool
	// incognito marks a context opened by Incognito: Close disposes only
	// that context.
	incognito bool
	tempDir   string
	pages     []*rod.Page
}

// Launch starts (or attaches to) a browser as opts says. The context bounds
// the start-up only.
func Launch(ctx context.Context, opts LaunchOptions) (*Browser, error) {
	if opts.BrowserURL != "" {
		return attach(ctx, opts)
	}
	bin, err := FindBrowser(opts.Bin)
	if err != nil {
		return nil, err
	}
	if !opts.Headless && !hasDisplay(os.Getenv) {
		return nil, ErrNoDisplay
	}
	b := &Browser{}
	dir := opts.ProfileDir
	if dir == "" {
		dir, err = os.MkdirTemp("", "optout-profile-")
		if err != nil {
			return nil, fmt.Errorf("create temporary profile: %w", err)
		}
		b.tempDir = dir
	} else {
		if err := EnsureProfileDir(dir); err != nil {
			return nil, err
		}
		if err := CheckProfileFree(dir); err != nil {
			return nil, err
		}
	}

	// Leakless (rod's default, set here on purpose) starts the browser under a
	// small guard process that kills it when optout dies, even by SIGKILL, so
	// a profile is never left locked by an orphaned browser.
	l := launcher.New().Context(ctx).Bin(bin).Headless(opts.Headless).UserDataDir(dir).
		Leakless(true).Delete("enable-automation")
	// Chromium refuses to run as root without --no-sandbox; never drop the
	// sandbox otherwise.
	l.NoSandbox(os.Geteuid() == 0)
	for _, f := range QuietFlags {
		l.Set(flagName(f))
	}
	for _, f := range opts.ExtraFlags {
		name, value, ok := cutFlag(f)
		if ok {
			l.Set(flagName(name), value)
		} else {
			l.Set(flagName(name))
		}
	}
	wsURL, err := l.Launch()
	if err != nil {
		b.removeTemp()
		// Another Chromium took the profile between the check and now.
		if strings.Contains(err.Error(), "ProcessSingleton") {
			return nil, fmt.Errorf("%s: %w", dir, ErrProfileInUse)
		}
		return nil, fmt.Errorf("launch %s: %s", filepath.Base(bin), launchFailure(err))
	}
	b.launcher = l
	b.rod, err = connect(ctx, wsURL)
	if err != nil {
		l.Kill()
		b.removeTemp()
		return nil, err
	}
	return b, nil
}

// connect opens the DevTools connection. The connection and its event loop
// live as long as the browser, so they get their own background context; ctx
// bounds only the dial.
func connect(ctx context.Context, wsURL string) (*rod.Browser, error) {
	r := rod.New().ControlURL(wsURL)
	done := make(chan error, 1)
	go func() { done <- r.Connect() }()
	select {
	case err := <-done:
		if err != nil {
			return nil, fmt.Errorf("connect to browser: %w", err)
		}
		return r, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("connect to browser: %w", timeoutErr(ctx.Err()))
	}
}

func attach(ctx context.Context, opts LaunchOptions) (*Browser, error) {
	if err := CheckBrowserURL(opts.BrowserURL, opts.AllowRemote); err != nil {
		return nil, err
	}
	wsURL := opts.BrowserURL
	u, _ := url.Parse(wsURL)
	if u.Scheme == "http" || u.Scheme == "https" {
		resolved, err := launcher.ResolveURL(u.Host)
		if err != nil {
			return nil, fmt.Errorf("resolve browser URL: %w", err)
		}
		wsURL = resolved
	}
	r, err := connect(ctx, wsURL)
	if err != nil {
		return nil, fmt.Errorf("attach: %w", err)
	}
	return &Browser{rod: r, attached: true}, nil
}

// CheckBrowserURL accepts ws://, wss://, http:// or https:// DevTools
// endpoints on a loopback host, and any host only when allowRemote (else
// the error is ErrRemoteBrowser).
func CheckBrowserURL(raw string, allowRemote bool) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("%q: not a DevTools URL (want ws://127.0.0.1:9222/devtools/browser/…)", raw)
	}
	switch u.Scheme {
	case "ws", "wss", "http", "https":
	default:
		return fmt.Errorf("%q: scheme must be ws, wss, http or https", raw)
	}
	if allowRemote {
		return nil
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("%q: %w", raw, ErrRemoteBrowser)
}

// PID returns the launched browser's process id, or 0 when attached.
func (b *Browser) PID() int {
	if b.launcher == nil {
		return 0
	}
	return b.launcher.PID()
}

// Rod exposes the underlying rod browser for tests and benchmarks.
func (b *Browser) Rod() *rod.Browser { return b.rod }

// NewPage opens a blank tab whose navigations are limited to guard's origins.
func (b *Browser) NewPage(ctx context.Context, guard *OriginGuard) (*Page, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("open tab: %w", err)
	}
	// The tab outlives ctx (rod keeps the creating context in the page), so
	// it is created without one; every later call carries its own.
	p, err := b.rod.Page(proto.TargetCreateTarget{URL: "about:blank"})
	if err != nil {
		return nil, fmt.Errorf("open tab: %w", err)
	}
	b.pages = append(b.pages, p)
	page := &Page{rod: p, guard: guard}
	if err := page.installGuard(); err != nil {
		_ = p.Close()
		return nil, err
	}
	if err := page.startTraffic(); err != nil {
		_ = page.Close()
		return nil, err
	}
	return page, nil
}

// SetCookie stores a cookie in the browser's profile (used by the demo to
// sign its fake member in; never for a real account).
func (b *Browser) SetCookie(ctx context.Context, rawURL, name, value string) error {
	err := b.rod.Context(ctx).SetCookies([]*proto.NetworkCookieParam{{URL: rawURL, Name: name, Value: value}})
	if err != nil {
		return fmt.Errorf("set cookie: %w", err)
	}
	return nil
}

// Close shuts a launched browser down cleanly, so the profile keeps its
// session; for an attached browser it closes only the tabs this process opened;
// for a context from Incognito it disposes only that context.
// Closing a closed browser does nothing.
func (b *Browser) Close() error {
	if b == nil || b.rod == nil {
		return nil
	}
	defer func() { b.rod = nil }() // closing twice is a no-op
	if b.incognito {
		return b.dispose()
	}
	defer b.removeTemp()
	if b.attached {
		var firstErr error
		for _, p := range b.pages {
			if err := p.Close(); err != nil && firstErr == nil {
				firstErr = err
			}
		}
		return firstErr
	}
	closed := make(chan error, 1)
	go func() { closed <- b.rod.Close() }()
	select {
	case err := <-closed:
		b.waitExit(5 * time.Second)
		if err != nil {
			gone := !processAlive(b.PID())
			b.launcher.Kill() // the helpers of a browser that died, too
			if gone {
				return nil // it had died already: nothing is left to close
			}
			return fmt.Errorf("close browser: %w", err)
		}
		return nil
	case <-time.After(5 * time.Second):
		b.launcher.Kill()
		return errors.New("close browser: timed out, killed it")
	}
}

// waitExit waits a bounded time for the browser process to leave, so that its
// profile lock is released before the caller goes on.
func (b *Browser) waitExit(limit time.Duration) {
	pid := b.PID()
	if pid == 0 {
		return
	}
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if !processAlive(pid) {
			return
		}
		select {
		case <-deadline.C:
			b.launcher.Kill()
			return
		case <-tick.C:
		}
	}
}

func (b *Browser) removeTemp() {
	if b.tempDir != "" {
		_ = os.RemoveAll(b.tempDir)
		b.tempDir = ""
	}
}

// launchFailure sums up a failed launch in one line: the launcher's message
// and the first telling error Chromium printed (its whole stderr is in err).
// D-Bus complaints and the zygote's broken pipes come with every failed
// start on a server and say nothing about why it failed.
func launchFailure(err error) string {
	lines := strings.Split(strings.TrimSpace(err.Error()), "\n")
	msg := strings.TrimSpace(lines[0])
	why := ""
	for _, line := range lines[1:] {
		i := strings.Index(line, ":ERROR:")
		if i < 0 || strings.Contains(line, "dbus/") || strings.Contains(line, "zygote") {
			continue
		}
		if j := strings.Index(line[i:], "] "); j >= 0 {
			why = strings.TrimSpace(line[i+j+2:])
			break
		}
	}
	if why != "" {
		if strings.Contains(msg, "Failed to get the debug url") {
			// The rest of rod's line is stderr's first line, often noise.
			msg = "the browser stopped before it was ready"
		}
		msg += ": " + why
	}
	const limit = 300
	if len(msg) > limit {
		msg = msg[:limit] + "…"
	}
	return msg
}
