package main

import (
	"context"

	"github.com/urfave/cli/v2"

	"github.com/optout/optout/flows"
	"github.com/optout/optout/internal/household"
)

// loginOptions are what `optout login` works with.
type loginOptions struct {
	IO       *ioStreams
	Globals  globals
	Accounts string // household file whose entry for --account gives the profile
}

func newCmdLogin(io *ioStreams, runF runFunc[loginOptions]) *cli.Command {
	opts := &loginOptions{IO: io}
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
		Flags:  []cli.Flag{accountsFlag(&opts.Accounts)},
		Action: action(io, &opts.Globals, opts, runF, loginRun),
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

func loginRun(ctx context.Context, opts *loginOptions) error {
	a, err := namedAccount(opts.Globals, opts.Accounts)
	if err != nil {
		return err
	}
	line, err := signIn(ctx, runner{g: opts.Globals, io: opts.IO}, a)
	if err != nil {
		line.Outcome, line.Error = flows.Classify(err), err.Error()
	}
	if opts.Globals.json {
		if err := opts.IO.writeJSON(line); err != nil {
			return err
		}
	}
	switch {
	case line.SignedIn && line.Already:
		opts.IO.printf("%s: already signed in; the session is in %s\n", a.Name, a.ProfileDir)
		return nil
	case line.SignedIn:
		opts.IO.printf("%s: signed in; the session is kept in %s\n", a.Name, a.ProfileDir)
		return nil
	case line.Outcome == flows.NeedsHuman && opts.Globals.headless:
		opts.IO.printf("%s: needs_human — not signed in; run optout login without --headless and sign in in the window\n", a.Name)
	default:
		opts.IO.printf("%s: %s — not signed in (%s)\n", a.Name, line.Outcome, line.Error)
	}
	return outcomeError(line.Outcome.ExitCode())
}

// signIn opens the account's browser on the sign-in page and waits for the
// person to sign in (or finds them signed in already).
func signIn(ctx context.Context, rn runner, a household.Account) (loginLine, error) {
	line := loginLine{Account: a.Name}
	var flowErr error
	err := rn.withSession(ctx, a, false, nil, func(s *flows.Session) {
		if s.HandOverTimeout > 0 {
			rn.io.printf("Sign in in the browser window; optout never sees your password.\n")
		}
		line.Already, flowErr = s.Login(ctx)
	})
	if err == nil {
		err = flowErr
	}
	line.SignedIn = err == nil
	return line, err
}
