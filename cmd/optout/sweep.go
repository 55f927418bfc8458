package main

import (
	"context"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/optout/optout/flows"
	"github.com/optout/optout/internal/household"
)

// sweepOptions are what `optout sweep` works with.
type sweepOptions struct {
	IO      *ioStreams
	Globals globals
	Only    string // settings and groups, comma-separated
	DryRun  bool
}

// defaultSweep is what a sweep covers unless told otherwise.
const defaultSweep = "ai,sharing,research"

func newCmdSweep(io *ioStreams, runF runFunc[sweepOptions]) *cli.Command {
	opts := &sweepOptions{IO: io}
	return &cli.Command{
		Name:  "sweep",
		Usage: "switch off every setting in a list (AI, partners, research, ads…) and read each back",
		Description: `Reaches the first setting by the menus (Me → Settings & Privacy → Data privacy),
the others by their addresses, in one browser; on a terminal it lists the
switches that are on and asks once for them all. Each setting is read back
after a reload: one result (and one JSON line) per setting. See optout settings
for the names and groups.

Examples:
  optout sweep
  optout sweep --only all --dry-run
  optout --headless --yes --json sweep --only ai,ads`,
		Flags: []cli.Flag{
			onlyFlag(&opts.Only, defaultSweep),
			&cli.BoolFlag{Name: "dry-run", Destination: &opts.DryRun, Usage: "read and report only; never click anything that changes a setting"},
		},
		Action: action(io, &opts.Globals, opts, runF, sweepRun),
	}
}

func sweepRun(ctx context.Context, opts *sweepOptions) error {
	sets, err := selectSettings(opts.Only)
	if err != nil {
		return err
	}
	if err := opts.IO.needYes(opts.Globals, opts.DryRun); err != nil {
		return err
	}
	opts.IO.explain(opts.Globals)
	rn := runner{g: opts.Globals, io: opts.IO}
	return rn.runAccounts(ctx, []household.Account{theAccount(opts.Globals)}, 1, settingsJob(sets, flows.SwitchOptions{DryRun: opts.DryRun}))
}

// onlyFlag is --only LIST with its default.
func onlyFlag(dest *string, def string) cli.Flag {
	return &cli.StringFlag{Name: "only", Value: def, Destination: dest,
		Usage: "settings or groups, comma-separated (`LIST`; all for every one; see optout settings)"}
}

// planRun reads what a run over a household needs before any browser
// starts: its accounts (the file's, else the one the globals name), a
// sound --parallel and the settings --only names; each problem is a usage
// error.
func planRun(g globals, file string, parallel int, only string) ([]household.Account, []flows.Setting, error) {
	accts, err := accountsFrom(g, file)
	if err != nil {
		return nil, nil, err
	}
	if err := checkParallel(parallel); err != nil {
		return nil, nil, err
	}
	sets, err := selectSettings(only)
	if err != nil {
		return nil, nil, err
	}
	return accts, sets, nil
}

// selectSettings reads --only, as a usage error when it names nothing known.
func selectSettings(list string) ([]flows.Setting, error) {
	sets, err := flows.SelectSettings(list)
	if err != nil {
		return nil, usageError{fmt.Sprintf("--only: %v", err)}
	}
	return sets, nil
}

// settingsJob runs genai alone as genai does, and a list of settings as a
// sweep, in one browser for each account.
func settingsJob(sets []flows.Setting, opts flows.SwitchOptions) job {
	if len(sets) == 1 && sets[0].Name == flows.SettingGenAI {
		return genaiJob(opts)
	}
	names := make([]string, len(sets))
	for i, s := range sets {
		names[i] = s.Name
	}
	return job{
		setting: names[0], settings: names, dryRun: opts.DryRun,
		runAll: func(ctx context.Context, s *flows.Session, _ household.Account) []flows.Result {
			return s.Sweep(ctx, sets, opts)
		},
	}
}
