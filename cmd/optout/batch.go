package main

import (
	"github.com/urfave/cli/v2"

	"github.com/optout/optout/flows"
)

func batchCommand() *cli.Command {
	return &cli.Command{
		Name:  "batch",
		Usage: "run genai for every account in a household file, each in its own browser profile",
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
  optout --headless --yes --json batch --accounts household.yaml --parallel 2`,
		Flags: []cli.Flag{
			accountsFlag(true),
			&cli.BoolFlag{Name: "dry-run", Usage: "read and report only; never click anything that changes a setting"},
			parallelFlag(),
		},
		Action: func(c *cli.Context) error {
			o, accts, parallel, err := readAccounts(c)
			if err != nil {
				return err
			}
			opts := flows.GenAIOptions{DryRun: c.Bool("dry-run")}
			if err := o.needYes(opts.DryRun); err != nil {
				return err
			}
			if !opts.DryRun && !o.yes && parallel > 1 {
				return usageError{"--parallel above 1 needs --yes: questions for several accounts at once would mix"}
			}
			o.explain()
			return o.runAccounts(c.Context, accts, parallel, genaiJob(opts, nil))
		},
	}
}
