package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/optout/optout/automation"
	"github.com/optout/optout/fixtures"
	"github.com/optout/optout/flows"
	"github.com/optout/optout/internal/household"
)

// demoOptions are what `optout demo` works with.
type demoOptions struct {
	IO        *ioStreams
	Globals   globals
	Serve     bool   // only serve the fake site
	Objection bool   // the objection flow instead of genai
	Sweep     bool   // a sweep of every setting instead of genai
	Archive   bool   // Get a copy of your data instead of genai
	Listen    string // the fake site's address
	// Ignored are the global flags given that the demo has no use for: it
	// makes its own site, account and profile, and runs at full speed.
	Ignored []string
}

// demoIgnores are the global flags the demo sets for itself.
var demoIgnores = []string{"account", "profile-dir", "base-url", "pace"}

func newCmdDemo(io *ioStreams, runF runFunc[demoOptions]) *cli.Command {
	opts := &demoOptions{IO: io}
	return &cli.Command{
		Name:  "demo",
		Usage: "run the genai flow against the built-in fake LinkedIn on 127.0.0.1 (no account needed)",
		Description: `Starts the fake site with a member whose setting is on, signs that fake member in
in a throw-away profile, and runs the guided genai flow to the end. It takes no
--account, --profile-dir, --base-url or --pace: it makes its own.

With --objection it runs the objection flow instead: the fake member's form is filled in
and left unsent (in a visible window, for you to look at and close).

Examples:
  optout --headless --yes demo
  optout demo --objection # pre-fill the fake objection form
  optout demo --sweep     # every setting of the catalogue, switched off and read back
  optout demo --archive   # the larger archive chosen, the request left to you
  optout demo --serve     # only serve the fake site, to click through it yourself`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "serve", Destination: &opts.Serve, Usage: "only serve the fake site until Ctrl-C"},
			&cli.BoolFlag{Name: "objection", Destination: &opts.Objection, Usage: "run the objection flow instead of genai"},
			&cli.BoolFlag{Name: "sweep", Destination: &opts.Sweep, Usage: "sweep every setting of the catalogue instead of genai alone"},
			&cli.BoolFlag{Name: "archive", Destination: &opts.Archive, Usage: "choose the larger archive on Get a copy of your data, and leave the request unsent"},
			&cli.StringFlag{Name: "listen", Value: "127.0.0.1:0", Destination: &opts.Listen, Usage: "address for the fake site (loopback)"},
		},
		Before: func(c *cli.Context) error {
			for _, name := range demoIgnores {
				if c.IsSet(name) {
					opts.Ignored = append(opts.Ignored, name)
				}
			}
			return nil
		},
		Action: action(io, &opts.Globals, opts, runF, demoRun),
	}
}

func demoRun(ctx context.Context, opts *demoOptions) error {
	if len(opts.Ignored) > 0 {
		return usageError{fmt.Sprintf("--%s: the demo sets its own site, account, profile and pace; leave it out", opts.Ignored[0])}
	}
	if err := opts.IO.needYes(opts.Globals, opts.Serve || opts.Objection || opts.Archive); err != nil {
		return err
	}
	site := fixtures.NewSite()
	m := fixtures.DemoMember()
	site.AddMember(m)
	ln, err := net.Listen("tcp", opts.Listen)
	if err != nil {
		return usageError{fmt.Sprintf("--listen %q: %v", opts.Listen, err)}
	}
	srv := &http.Server{Handler: site, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer func() { _ = srv.Close() }()
	base := &url.URL{Scheme: "http", Host: ln.Addr().String(), Path: "/"}
	opts.IO.printf("optout demo: fake LinkedIn at %s (sign in there as %s, any password)\n", base.String(), m.Email)
	if opts.Serve {
		<-ctx.Done()
		return nil
	}
	dir, err := os.MkdirTemp("", "optout-demo-")
	if err != nil {
		return fmt.Errorf("demo profile: %w", err)
	}
	defer os.RemoveAll(dir)
	rn := runner{g: demoSettings(opts.Globals, base, filepath.Join(dir, "profile")), io: opts.IO}
	var j job
	switch {
	case opts.Objection:
		j = objectionJob(opts.IO, flows.Objector{FullName: m.FullName, Email: m.Email, ProfileURL: m.ProfileURL, Processing: flows.ProcessingAI})
	case opts.Archive:
		j = archiveJob(opts.IO, nil)
	case opts.Sweep:
		j = settingsJob(flows.Catalogue(), flows.SwitchOptions{})
		opts.IO.explain(rn.g)
	default:
		j = genaiJob(flows.SwitchOptions{})
		opts.IO.explain(rn.g)
	}
	j.prepare = func(ctx context.Context, b *automation.Browser) error {
		return b.SetCookie(ctx, base.String(), "li_at", site.SessionCookie(m.Key).Value)
	}
	err = rn.runAccounts(ctx, []household.Account{theAccount(rn.g)}, 1, j)
	onOff := map[bool]string{true: "on", false: "off"}
	switch {
	case opts.Objection:
		opts.IO.printf("optout demo: the fake site recorded %d form submission(s)\n", len(site.Submissions()))
	case opts.Archive:
		opts.IO.printf("optout demo: the fake site recorded %d archive request(s)\n", len(site.ArchiveRequests()))
	case opts.Sweep:
		off := 0
		for _, set := range flows.Catalogue() {
			if !site.Setting(m.Key, set.Key) {
				off++
			}
		}
		opts.IO.printf("optout demo: the fake site recorded %d save request(s); it stores %d of %d settings off\n",
			len(site.Saves(m.Key)), off, len(flows.Catalogue()))
	default:
		opts.IO.printf("optout demo: the fake site recorded %d save request(s); its stored setting is now %s\n",
			len(site.Saves(m.Key)), onOff[site.GenAIOn(m.Key)])
	}
	return err
}

// demoSettings are the global settings g made over for the demo: its own
// site, a throw-away account and profile, and no pause between steps.
func demoSettings(g globals, base *url.URL, profileDir string) globals {
	g.base, g.family, g.pace = *base, "", 0
	g.account, g.profileDir, g.profileDirSet = "demo", profileDir, false
	return g
}
