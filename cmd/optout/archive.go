package main

import (
	"context"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/optout/optout/flows"
	"github.com/optout/optout/internal/household"
)

// archiveOptions are what `optout archive` works with.
type archiveOptions struct {
	IO       *ioStreams
	Globals  globals
	Accounts string // household file: each account in turn
	Only     string // data files instead of the larger archive, comma-separated
}

func newCmdArchive(io *ioStreams, runF runFunc[archiveOptions]) *cli.Command {
	opts := &archiveOptions{IO: io}
	return &cli.Command{
		Name:  "archive",
		Usage: "open \"Get a copy of your data\", choose the full archive, and leave the request to you",
		Description: `A copy of your data shows what LinkedIn holds and infers about you, and is the only
record of what was used before you opted out (opting out is not retroactive): get
it first if you want it. optout walks Me → Settings & Privacy → Data privacy →
Get a copy of your data, chooses the larger archive (or, with --only, the named
data files), reads the choice back, and stops. It never presses "Request archive":
you do, in the window (LinkedIn may ask for your password there). While optout
works on the page, the page can send nothing.

Headless, it chooses, reads the choice back, saves a screenshot and ends
prefilled. When LinkedIn refuses a new request because one was made recently,
the outcome is not_offered, with LinkedIn's own words.

Examples:
  optout archive
  optout archive --only connections,messages
  optout archive --accounts household.yaml     # each account in turn, each in its own window`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "only", Destination: &opts.Only,
				Usage: "data files instead of the larger archive, comma-separated (`LIST` of " + strings.Join(flows.ArchiveCategories, ", ") + ")"},
			accountsFlag(&opts.Accounts),
		},
		Action: action(io, &opts.Globals, opts, runF, archiveRun),
	}
}

func archiveRun(ctx context.Context, opts *archiveOptions) error {
	var categories []string
	for _, c := range strings.Split(opts.Only, ",") {
		if c = strings.TrimSpace(c); c != "" {
			categories = append(categories, c)
		}
	}
	if err := flows.CheckArchiveCategories(categories); err != nil {
		return usageError{"--only: " + err.Error()}
	}
	accts, err := accountsFrom(opts.Globals, opts.Accounts)
	if err != nil {
		return err
	}
	rn := runner{g: opts.Globals, io: opts.IO}
	return rn.runAccounts(ctx, accts, 1, archiveJob(opts.IO, categories))
}

// archiveJob chooses the archive for each account; with the person at the
// window, they request it themselves and say when they are done.
func archiveJob(io *ioStreams, categories []string) job {
	return job{
		setting: flows.SettingArchive,
		run: func(ctx context.Context, s *flows.Session, _ household.Account) flows.Result {
			return s.Archive(ctx, flows.ArchiveOptions{Categories: categories, WaitForPerson: io.personDone(s)})
		},
	}
}
