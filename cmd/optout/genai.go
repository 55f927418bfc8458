package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/optout/optout/automation"
	"github.com/optout/optout/flows"
)

func genaiCommand() *cli.Command {
	return &cli.Command{
		Name:  "genai",
		Usage: "switch \"Use my data for training content creation AI models\" off and read it back",
		Description: `Walks avatar → Settings & Privacy → Data privacy → Data for Generative AI Improvement,
switches the setting off after asking you, reloads and reads it back.

Opting out is not retroactive and covers content-generating models only; for
LinkedIn's other machine-learning uses, see its Data Processing Objection Form.

Examples:
  optout genai
  optout --headless --yes --json genai
  optout genai --dry-run`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "dry-run", Usage: "read and report only; never click anything that changes a setting"},
			&cli.BoolFlag{Name: "direct", Usage: "open the setting's address first, the menus only as a fallback"},
		},
		Action: func(c *cli.Context) error {
			o, err := readOptions(c)
			if err != nil {
				return err
			}
			return o.runGenAI(c.Context, flows.GenAIOptions{DryRun: c.Bool("dry-run"), PreferDirect: c.Bool("direct")}, nil)
		},
	}
}

func statusCommand() *cli.Command {
	return &cli.Command{
		Name:  "status",
		Usage: "read-only: report the setting's state (exit 4 when it is on)",
		Description: `Never clicks anything. For cron: exit 4 means the setting is back on.

Example:
  optout --headless --json status`,
		Action: func(c *cli.Context) error {
			o, err := readOptions(c)
			if err != nil {
				return err
			}
			return o.runGenAI(c.Context, flows.GenAIOptions{DryRun: true, PreferDirect: true}, nil)
		},
	}
}

// prepare is a hook run on the launched browser before the flow (the demo
// signs its fake member in with it).
type prepare func(ctx context.Context, b *automation.Browser) error

// runGenAI launches the account's browser, runs the flow, reports, and
// returns the outcome's exit code.
func (o *options) runGenAI(ctx context.Context, opts flows.GenAIOptions, before prepare) error {
	if !opts.DryRun && !o.yes && !isTerminal(o.stdin) {
		return usageError{"a change needs --yes when stdin is not a terminal (or use --dry-run)"}
	}
	startCtx, cancel := context.WithTimeout(ctx, o.timeout)
	b, err := automation.Launch(startCtx, automation.LaunchOptions{
		Bin: o.browser, Headless: o.headless, ProfileDir: o.profileDir,
		BrowserURL: o.browserURL, AllowRemote: o.allowRemote,
	})
	cancel()
	if err != nil {
		return o.fail(flows.SettingGenAI, opts.DryRun, err)
	}
	defer func() {
		if err := b.Close(); err != nil {
			o.log.Warn().Err(err).Msg("close browser")
		}
	}()
	if before != nil {
		if err := before(ctx, b); err != nil {
			return o.fail(flows.SettingGenAI, opts.DryRun, err)
		}
	}
	pctx, cancel := context.WithTimeout(ctx, o.timeout)
	page, err := b.NewPage(pctx, automation.NewOriginGuard(o.base, o.family))
	cancel()
	if err != nil {
		return o.fail(flows.SettingGenAI, opts.DryRun, err)
	}
	s := o.session(page)
	r := s.GenAI(ctx, opts)
	if err := o.report(r); err != nil {
		return err
	}
	return exitCode(r.Outcome.ExitCode())
}

func (o *options) session(page *automation.Page) *flows.Session {
	s := &flows.Session{
		Account: o.account, Page: page, Base: o.base, Pace: o.pace, StepTimeout: o.timeout,
		Receipts: &flows.Receipts{Dir: o.evidenceDir}, Version: version,
		Log:    o.log.With().Str("account", o.account).Logger(),
		Events: o.printEvent,
	}
	if !o.headless {
		s.HandOverTimeout = 10 * time.Minute
	}
	if !o.yes {
		s.Confirm = o.confirm
	}
	return s
}

// printEvent shows each step on stderr as it happens.
func (o *options) printEvent(e flows.Event) {
	mark := map[flows.EventKind]string{flows.StepStarted: "…", flows.StepDone: "✓", flows.StepFailed: "✗", flows.HandOver: "→", flows.Notice: "·"}[e.Kind]
	if e.Kind == flows.StepStarted {
		return // the ✓/✗ line follows
	}
	fmt.Fprintf(o.stderr, "  %s %s\n", mark, e.Text)
}

// confirm asks on the terminal; anything but y/yes is no.
func (o *options) confirm(ctx context.Context, question string) (bool, error) {
	fmt.Fprintf(o.stderr, "%s [y/N] ", question)
	answer := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(o.stdin).ReadString('\n')
		answer <- line
	}()
	select {
	case <-ctx.Done():
		return false, ctx.Err()
	case line := <-answer:
		a := strings.ToLower(strings.TrimSpace(line))
		return a == "y" || a == "yes", nil
	}
}

// fail reports a run that ended before the flow could start.
func (o *options) fail(setting string, dryRun bool, err error) error {
	now := time.Now().UTC()
	r := flows.Result{
		Account: o.account, Setting: setting, Outcome: flows.Failed, Before: flows.Unknown, After: flows.Unknown,
		DryRun: dryRun, Evidence: []string{}, StartedAt: now, FinishedAt: now, Error: err.Error(), Version: version,
	}
	if rerr := o.report(r); rerr != nil {
		return rerr
	}
	return exitCode(1)
}

func exitCode(code int) error {
	if code == 0 {
		return nil
	}
	return exitError{code}
}
