package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/optout/optout/flows"
	"github.com/optout/optout/internal/household"
	"github.com/optout/optout/internal/rules"
)

// objectionOptions are what `optout objection` works with.
type objectionOptions struct {
	IO       *ioStreams
	Globals  globals
	Accounts string // household file whose entry for --account pre-fills the form
	// Given are the details given as flags, by flag name (full-name, email,
	// profile-url, reason); they override the household entry's.
	Given      map[string]string
	Processing string
}

// detailFlags name the objection's details as flags.
var detailFlags = []struct {
	name, usage string
	field       func(*flows.Objector) *string
}{
	{"full-name", "your name as on your account", func(o *flows.Objector) *string { return &o.FullName }},
	{"email", "the email address of your account", func(o *flows.Objector) *string { return &o.Email }},
	{"profile-url", "your public profile address, https://www.linkedin.com/in/…", func(o *flows.Objector) *string { return &o.ProfileURL }},
	{"reason", "your objection in your words (default: a short standard text you can edit)", func(o *flows.Objector) *string { return &o.Reason }},
}

func newCmdObjection(io *ioStreams, runF runFunc[objectionOptions]) *cli.Command {
	opts := &objectionOptions{IO: io, Given: map[string]string{}}
	kinds := make([]string, len(flows.Processings))
	for i, p := range flows.Processings {
		kinds[i] = string(p)
	}
	var flags []cli.Flag
	for _, f := range detailFlags {
		flags = append(flags, &cli.StringFlag{Name: f.name, Usage: f.usage})
	}
	flags = append(flags,
		&cli.StringFlag{Name: "processing", Value: string(flows.ProcessingAI), Destination: &opts.Processing, Usage: "what you object to: " + strings.Join(kinds, ", ")},
		accountsFlag(&opts.Accounts))
	return &cli.Command{
		Name:  "objection",
		Usage: "pre-fill LinkedIn's Data Processing Objection Form for you to review and submit",
		Description: `Opens the Data Processing Objection Form (the route for LinkedIn's machine-learning
uses that the genai setting does not cover), fills in what you give here or in
your household file's objection: entry, and leaves it to you. optout never
submits the form: you read it, change what you like, and press submit yourself.
Fields optout cannot fill for certain are named so you can complete them.

Headless, it fills the form, reads every field back, saves a screenshot and
stops (outcome prefilled); nothing is sent.

Examples:
  optout objection --full-name "Alice Example" --email alice@example.org
  optout objection --accounts household.yaml --account alice
  optout objection --processing personalisation --reason "…"`,
		Flags: flags,
		Before: func(c *cli.Context) error {
			for _, f := range detailFlags {
				if c.IsSet(f.name) {
					opts.Given[f.name] = strings.TrimSpace(c.String(f.name))
				}
			}
			return nil
		},
		Action: action(io, &opts.Globals, opts, runF, objectionRun),
	}
}

func objectionRun(ctx context.Context, opts *objectionOptions) error {
	a, err := namedAccount(opts.Globals, opts.Accounts)
	if err != nil {
		return err
	}
	who, err := objector(a, opts)
	if err != nil {
		return err
	}
	rn := runner{g: opts.Globals, io: opts.IO}
	return rn.runAccounts(ctx, []household.Account{a}, 1, objectionJob(opts.IO, who))
}

// objector gathers what the form is pre-filled with: the account's
// household entry, overridden by the flags given, held to the same checks.
func objector(a household.Account, opts *objectionOptions) (flows.Objector, error) {
	var who flows.Objector
	if e := a.Objection; e != nil {
		who = flows.Objector{FullName: e.FullName, Email: e.Email, ProfileURL: e.ProfileURL, Reason: e.Reason}
	}
	for _, f := range detailFlags {
		if v, ok := opts.Given[f.name]; ok {
			*f.field(&who) = v
		}
	}
	if why := rules.EmailProblem(who.Email); why != "" {
		return who, usageError{"--email: " + why}
	}
	if why := rules.ProfileURLProblem(who.ProfileURL); why != "" {
		return who, usageError{"--profile-url: " + why}
	}
	who.Processing = flows.Processing(opts.Processing)
	if !slices.Contains(flows.Processings, who.Processing) {
		return who, usageError{fmt.Sprintf("--processing %q: want one of ai, personalisation, moderation, other", who.Processing)}
	}
	return who, nil
}

// personDone is how the person at the window says they are done with a
// page handed to them: Enter at the terminal; nil (only closing the window)
// when nobody is at a terminal or at the window.
func (s *ioStreams) personDone(session *flows.Session) func(context.Context) error {
	if session.HandOverTimeout > 0 && s.interactive {
		return s.waitForEnter
	}
	return nil
}

// objectionJob fills the form for each account; with the person at the
// window, they review it and say when they are done.
func objectionJob(io *ioStreams, who flows.Objector) job {
	return job{
		setting: flows.SettingObjection,
		run: func(ctx context.Context, s *flows.Session, _ household.Account) flows.Result {
			return s.Objection(ctx, flows.ObjectionOptions{Person: who, WaitForPerson: io.personDone(s)})
		},
	}
}
