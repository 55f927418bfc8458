package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/optout/optout/flows"
	"github.com/optout/optout/internal/household"
)

func objectionCommand() *cli.Command {
	kinds := make([]string, len(flows.Processings))
	for i, p := range flows.Processings {
		kinds[i] = string(p)
	}
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
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "full-name", Usage: "your name as on your account"},
			&cli.StringFlag{Name: "email", Usage: "the email address of your account"},
			&cli.StringFlag{Name: "profile-url", Usage: "your public profile address, https://www.linkedin.com/in/…"},
			&cli.StringFlag{Name: "reason", Usage: "your objection in your words (default: a short standard text you can edit)"},
			&cli.StringFlag{Name: "processing", Value: string(flows.ProcessingAI), Usage: "what you object to: " + strings.Join(kinds, ", ")},
			accountsFlag(false),
		},
		Action: func(c *cli.Context) error {
			o, err := readOptions(c)
			if err != nil {
				return err
			}
			who, a, err := o.objector(c)
			if err != nil {
				return err
			}
			return o.runAccounts(c.Context, []account{a}, 1, o.objectionJob(who))
		},
	}
}

// objector gathers what the form is pre-filled with: the household entry of
// --account (with --accounts), overridden by the flags.
func (o *options) objector(c *cli.Context) (flows.Objector, account, error) {
	var who flows.Objector
	a, err := o.namedAccount(c)
	if err != nil {
		return who, a, err
	}
	if e := a.objection; e != nil {
		who = flows.Objector{FullName: e.FullName, Email: e.Email, ProfileURL: e.ProfileURL, Reason: e.Reason}
	}
	for flag, field := range map[string]*string{"full-name": &who.FullName, "email": &who.Email, "profile-url": &who.ProfileURL, "reason": &who.Reason} {
		if c.IsSet(flag) {
			*field = strings.TrimSpace(c.String(flag))
		}
	}
	// The same checks as the household file's objection entries.
	if why := household.EmailProblem(who.Email); why != "" {
		return who, a, usageError{"--email: " + why}
	}
	if why := household.ProfileURLProblem(who.ProfileURL); why != "" {
		return who, a, usageError{"--profile-url: " + why}
	}
	who.Processing = flows.Processing(c.String("processing"))
	if !slices.Contains(flows.Processings, who.Processing) {
		return who, a, usageError{fmt.Sprintf("--processing %q: want one of ai, personalisation, moderation, other", who.Processing)}
	}
	return who, a, nil
}

// objectionJob fills the form for each account; with the person at the
// window, they review it and say when they are done.
func (o *options) objectionJob(who flows.Objector) job {
	return job{
		setting: flows.SettingObjection,
		run: func(ctx context.Context, s *flows.Session, _ account) flows.Result {
			opts := flows.ObjectionOptions{Person: who}
			if s.HandOverTimeout > 0 && isTerminal(o.stdin) {
				opts.WaitForPerson = o.waitForEnter
			}
			return s.Objection(ctx, opts)
		},
	}
}
