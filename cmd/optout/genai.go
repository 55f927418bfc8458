package main

import (
	"context"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/optout/optout/flows"
)

func genaiCommand() *cli.Command {
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
			&cli.BoolFlag{Name: "dry-run", Usage: "read and report only; never click anything that changes a setting"},
			&cli.BoolFlag{Name: "direct", Usage: "open the setting's address first, the menus only as a fallback"},
		},
		Action: func(c *cli.Context) error {
			o, err := readOptions(c)
			if err != nil {
				return err
			}
			opts := flows.GenAIOptions{DryRun: c.Bool("dry-run"), PreferDirect: c.Bool("direct")}
			if err := o.needYes(opts.DryRun); err != nil {
				return err
			}
			o.explain()
			return o.runAccounts(c.Context, []account{o.singleAccount()}, 1, genaiJob(opts, nil))
		},
	}
}

func statusCommand() *cli.Command {
	return &cli.Command{
		Name:  "status",
		Usage: "read-only: report the setting's state for one account or a household (exit 4 when one is on)",
		Description: `Never clicks anything that changes a setting. For cron: exit 4 means a setting is
back on, 3 that an account must sign in again (optout login).

Examples:
  optout --headless --json status
  optout --headless status --accounts ~/.config/optout/household.yaml`,
		Flags: []cli.Flag{
			accountsFlag(false),
			parallelFlag(),
		},
		Action: func(c *cli.Context) error {
			o, accts, parallel, err := readAccounts(c)
			if err != nil {
				return err
			}
			return o.runAccounts(c.Context, accts, parallel, genaiJob(flows.GenAIOptions{DryRun: true, PreferDirect: true}, nil))
		},
	}
}

// genaiJob runs the genai flow on each account.
func genaiJob(opts flows.GenAIOptions, before prepare) job {
	return job{
		setting: flows.SettingGenAI, dryRun: opts.DryRun, prepare: before,
		run: func(ctx context.Context, s *flows.Session, _ account) flows.Result { return s.GenAI(ctx, opts) },
	}
}

// whatItDoes is the two lines every guided run starts with.
const whatItDoes = `Opting out stops future use for content-generating AI only; it is not retroactive.
LinkedIn's other machine-learning uses need its objection form (optout objection).`

// explain prints whatItDoes for a person at a terminal.
func (o *options) explain() {
	if isTerminal(o.stdin) && !o.json {
		fmt.Fprintln(o.stderr, whatItDoes)
	}
}

// needYes refuses a change nobody can confirm.
func (o *options) needYes(dryRun bool) error {
	if !dryRun && !o.yes && !isTerminal(o.stdin) {
		return usageError{"a change needs --yes when stdin is not a terminal (or use --dry-run)"}
	}
	return nil
}
