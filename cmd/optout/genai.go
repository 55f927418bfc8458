package main

import (
	"context"

	"github.com/urfave/cli/v2"

	"github.com/optout/optout/flows"
	"github.com/optout/optout/internal/household"
)

// genaiOptions are what `optout genai` works with.
type genaiOptions struct {
	IO      *ioStreams
	Globals globals
	DryRun  bool // read and report only
	Direct  bool // the setting's address first, the menus only as a fallback
}

func newCmdGenAI(io *ioStreams, runF runFunc[genaiOptions]) *cli.Command {
	opts := &genaiOptions{IO: io}
	return &cli.Command{
		Name:  "genai",
		Usage: "switch \"Use my data for training content creation AI models\" off and read it back",
		Description: `Walks avatar → Settings & Privacy → Data privacy → Data for Generative AI Improvement,
switches the setting off after asking you, reloads and reads it back.

` + whatItDoes + `

Examples:
  optout genai
  optout --headless --yes --json genai
  optout genai --dry-run`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "dry-run", Destination: &opts.DryRun, Usage: "read and report only; never click anything that changes a setting"},
			&cli.BoolFlag{Name: "direct", Destination: &opts.Direct, Usage: "open the setting's address first, the menus only as a fallback"},
		},
		Action: action(io, &opts.Globals, opts, runF, genaiRun),
	}
}

func genaiRun(ctx context.Context, opts *genaiOptions) error {
	if err := opts.IO.needYes(opts.Globals, opts.DryRun); err != nil {
		return err
	}
	opts.IO.explain(opts.Globals)
	rn := runner{g: opts.Globals, io: opts.IO}
	job := genaiJob(flows.SwitchOptions{DryRun: opts.DryRun, PreferDirect: opts.Direct})
	return rn.runAccounts(ctx, []household.Account{theAccount(opts.Globals)}, 1, job)
}

// genaiJob runs the genai flow on each account.
func genaiJob(opts flows.SwitchOptions) job {
	return job{
		setting: flows.SettingGenAI, dryRun: opts.DryRun,
		run: func(ctx context.Context, s *flows.Session, _ household.Account) flows.Result {
			return s.GenAI(ctx, opts)
		},
	}
}
