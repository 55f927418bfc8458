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
)

func demoCommand() *cli.Command {
	return &cli.Command{
		Name:  "demo",
		Usage: "run the genai flow against the built-in fake LinkedIn on 127.0.0.1 (no account needed)",
		Description: `Starts the fake site with a member whose setting is on, signs that fake member in
in a throw-away profile, and runs the guided genai flow to the end.

With --objection it runs the objection flow instead: the fake member's form is filled in
and left unsent (in a visible window, for you to look at and close).

Examples:
  optout --headless --yes demo
  optout demo --objection # pre-fill the fake objection form
  optout demo --serve     # only serve the fake site, to click through it yourself`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "serve", Usage: "only serve the fake site until Ctrl-C"},
			&cli.BoolFlag{Name: "objection", Usage: "run the objection flow instead of genai"},
			&cli.StringFlag{Name: "listen", Value: "127.0.0.1:0", Usage: "address for the fake site (loopback)"},
		},
		Action: func(c *cli.Context) error {
			o, err := readOptions(c)
			if err != nil {
				return err
			}
			return o.runDemo(c.Context, c.Bool("serve"), c.Bool("objection"), c.String("listen"))
		},
	}
}

func (o *options) runDemo(ctx context.Context, serveOnly, objection bool, listen string) error {
	site := fixtures.NewSite()
	m := fixtures.DemoMember()
	site.AddMember(m)
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return usageError{fmt.Sprintf("--listen %q: %v", listen, err)}
	}
	srv := &http.Server{Handler: site, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer func() { _ = srv.Close() }()
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(o.stderr, "optout demo: fake LinkedIn at %s (sign in there as %s, any password)\n", base, m.Email)
	if serveOnly {
		<-ctx.Done()
		return nil
	}
	o.base, _ = url.Parse(base + "/")
	o.family, o.pace = "", 0
	o.account = "demo"
	dir, err := os.MkdirTemp("", "optout-demo-")
	if err != nil {
		return fmt.Errorf("demo profile: %w", err)
	}
	defer os.RemoveAll(dir)
	o.profileDir = filepath.Join(dir, "profile")
	signIn := func(ctx context.Context, b *automation.Browser) error {
		return b.SetCookie(ctx, base, "li_at", site.SessionCookie(m.Key).Value)
	}
	if objection {
		job := o.objectionJob(flows.Objector{FullName: m.FullName, Email: m.Email, ProfileURL: m.ProfileURL, Processing: flows.ProcessingAI})
		job.prepare = signIn
		err = o.runAccounts(ctx, []account{o.singleAccount()}, 1, job)
		fmt.Fprintf(o.stderr, "optout demo: the fake site recorded %d form submission(s)\n", len(site.Submissions()))
		return err
	}
	if err := o.needYes(false); err != nil {
		return err
	}
	o.explain()
	err = o.runAccounts(ctx, []account{o.singleAccount()}, 1, genaiJob(flows.GenAIOptions{}, signIn))
	fmt.Fprintf(o.stderr, "optout demo: the fake site recorded %d save request(s); its stored setting is now %s\n",
		len(site.Saves(m.Key)), map[bool]string{true: "on", false: "off"}[site.GenAIOn(m.Key)])
	return err
}
