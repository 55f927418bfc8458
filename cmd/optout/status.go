package main

import (
	"context"

	"github.com/urfave/cli/v2"

	"github.com/optout/optout/flows"
)

// statusOptions are what `optout status` works with.
type statusOptions struct {
	IO       *ioStreams
	Globals  globals
	Parallel int
	Accounts string // household file; "" for the one account the globals name
	Only     string // settings and groups to read
}

func newCmdStatus(io *ioStreams, runF runFunc[statusOptions]) *cli.Command {
	opts := &statusOptions{IO: io}
	return &cli.Command{
		Name:  "status",
		Usage: "read-only: report the setting's state for one account or a household (exit 4 when one is on)",
		Description: `Never clicks anything that changes a setting. For cron: exit 4 means a setting is
back on, 3 that an account must sign in again (optout login).

Examples:
  optout --headless --json status
  optout --headless status --accounts ~/.config/optout/household.yaml
  optout --headless --json status --only all --accounts household.yaml`,
		Flags:  []cli.Flag{accountsFlag(&opts.Accounts), parallelFlag(&opts.Parallel), onlyFlag(&opts.Only, flows.SettingGenAI)},
		Action: action(io, &opts.Globals, opts, runF, statusRun),
	}
}

func statusRun(ctx context.Context, opts *statusOptions) error {
	accts, sets, err := planRun(opts.Globals, opts.Accounts, opts.Parallel, opts.Only)
	if err != nil {
		return err
	}
	rn := runner{g: opts.Globals, io: opts.IO}
	return rn.runAccounts(ctx, accts, opts.Parallel, settingsJob(sets, flows.SwitchOptions{DryRun: true, PreferDirect: true, ReadLists: true}))
}
