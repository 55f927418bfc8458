package main

import (
	"context"

	"github.com/urfave/cli/v2"

	"github.com/optout/optout/flows"
)

// batchOptions are what `optout batch` works with.
type batchOptions struct {
	IO       *ioStreams
	Globals  globals
	Accounts string // household file
	DryRun   bool
	Parallel int
	Only     string // settings and groups to sweep
}

func newCmdBatch(io *ioStreams, runF runFunc[batchOptions]) *cli.Command {
	opts := &batchOptions{IO: io}
	return &cli.Command{
		Name:  "batch",
		Usage: "run genai (or, with --only, a sweep) for every account in a household file, each in its own browser profile",
		Description: `For accounts you own or are authorised to manage, and nobody else's. Each account
is signed in once by its owner with optout login (optout never signs anyone in,
and the file holds no passwords). One account's failure never stops the others;
a summary table, one JSON line per account (--json) and an HTML report beside
the receipts follow. Exit code: the worst of the accounts (1 > 3 > 4 > 0).

The file is checked strictly before any browser starts: an unknown key, a
duplicate name or two accounts sharing a profile directory is an error naming
the line (exit 2).

Examples:
  optout batch --accounts ~/.config/optout/household.yaml --dry-run
  optout --headless --yes --json batch --accounts household.yaml --parallel 2
  optout --headless --yes --json batch --accounts household.yaml --only all`,
		Flags: []cli.Flag{
			accountsFlag(&opts.Accounts),
			&cli.BoolFlag{Name: "dry-run", Destination: &opts.DryRun, Usage: "read and report only; never click anything that changes a setting"},
			parallelFlag(&opts.Parallel),
			onlyFlag(&opts.Only, flows.SettingGenAI),
		},
		Action: action(io, &opts.Globals, opts, runF, batchRun),
	}
}

func batchRun(ctx context.Context, opts *batchOptions) error {
	g := opts.Globals
	if opts.Accounts == "" {
		return usageError{"--accounts: batch needs a household file"}
	}
	accts, sets, err := planRun(g, opts.Accounts, opts.Parallel, opts.Only)
	if err != nil {
		return err
	}
	if err := opts.IO.needYes(g, opts.DryRun); err != nil {
		return err
	}
	if !opts.DryRun && !g.yes && opts.Parallel > 1 {
		return usageError{"--parallel above 1 needs --yes: questions for several accounts at once would mix"}
	}
	opts.IO.explain(g)
	return runner{g: g, io: opts.IO}.runAccounts(ctx, accts, opts.Parallel, settingsJob(sets, flows.SwitchOptions{DryRun: opts.DryRun}))
}
