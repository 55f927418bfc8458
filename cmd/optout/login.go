package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/optout/optout/flows"
)

func loginCommand() *cli.Command {
	return &cli.Command{
		Name:  "login",
		Usage: "sign in yourself in a visible window; the session stays in the account's profile",
		Description: `Opens a window on LinkedIn with this account's own browser profile. You sign in
there yourself (password, 2FA, CAPTCHA and checks are yours: optout never asks
for, reads or stores a password). optout waits until the signed-in page shows,
up to 15 minutes, then closes the window; the session stays in the profile for
later runs. Run it once per account, by the account's owner.

Examples:
  optout --account alice login
  optout --account bob --profile-dir ~/profiles/bob login
  optout --account bob login --accounts household.yaml   # bob's profile_dir from the file`,
		Flags: []cli.Flag{accountsFlag(false)},
		Action: func(c *cli.Context) error {
			o, err := readOptions(c)
			if err != nil {
				return err
			}
			a, err := o.namedAccount(c)
			if err != nil {
				return err
			}
			return o.runLogin(c.Context, a)
		},
	}
}

// loginLine is login's JSON line: login has no setting, so no outcome word
// of its own unless the person is needed.
type loginLine struct {
	Account  string        `json:"account"`
	SignedIn bool          `json:"signed_in"`
	Already  bool          `json:"already,omitempty"`
	Outcome  flows.Outcome `json:"outcome,omitempty"`
	Error    string        `json:"error,omitempty"`
}

func (o *options) runLogin(ctx context.Context, a account) error {
	line := loginLine{Account: a.name}
	var flowErr error
	err := o.withSession(ctx, a, nil, func(s *flows.Session) {
		if s.HandOverTimeout > 0 {
			fmt.Fprintln(o.stderr, "Sign in in the browser window; optout never sees your password.")
		}
		line.Already, flowErr = s.Login(ctx)
	})
	if err == nil {
		err = flowErr
	}
	if err != nil {
		line.Outcome, line.Error = flows.Classify(err), err.Error()
	} else {
		line.SignedIn = true
	}
	if o.json {
		data, err := json.Marshal(line)
		if err != nil {
			return fmt.Errorf("encode result: %w", err)
		}
		fmt.Fprintf(o.stdout, "%s\n", data)
	}
	switch {
	case line.SignedIn && line.Already:
		fmt.Fprintf(o.stderr, "%s: already signed in; the session is in %s\n", a.name, a.profileDir)
		return nil
	case line.SignedIn:
		fmt.Fprintf(o.stderr, "%s: signed in; the session is kept in %s\n", a.name, a.profileDir)
		return nil
	case line.Outcome == flows.NeedsHuman && o.headless:
		fmt.Fprintf(o.stderr, "%s: needs_human — not signed in; run optout login without --headless and sign in in the window\n", a.name)
	default:
		fmt.Fprintf(o.stderr, "%s: %s — not signed in (%s)\n", a.name, line.Outcome, line.Error)
	}
	return exitCode(line.Outcome.ExitCode())
}
