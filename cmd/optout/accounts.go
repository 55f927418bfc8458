package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"
)

// maxParallel bounds --parallel: each account is a whole browser.
const maxParallel = 8

func accountsFlag(required bool) cli.Flag {
	return &cli.StringFlag{
		Name: "accounts", Required: required, TakesFile: true,
		Usage: "household YAML file: one entry per account, each with its own browser profile",
	}
}

func parallelFlag() cli.Flag {
	return &cli.IntFlag{Name: "parallel", Value: 1, Usage: fmt.Sprintf("accounts at a time, 1 to %d (1 keeps a person's pace)", maxParallel)}
}

// accountsFrom returns the household's accounts with --accounts, else the
// one account the global flags name.
func (o *options) accountsFrom(c *cli.Context) ([]account, error) {
	path := c.String("accounts")
	if path == "" {
		return []account{o.singleAccount()}, nil
	}
	if c.IsSet("profile-dir") {
		return nil, usageError{"--profile-dir: with --accounts each account's profile comes from the file (profile_dir)"}
	}
	accts, err := o.householdAccounts(path)
	if err != nil {
		return nil, err
	}
	o.multi = len(accts) > 1
	return accts, nil
}

// namedAccount is the account --account names: its entry in the household
// file with --accounts, else the one the global flags describe.
func (o *options) namedAccount(c *cli.Context) (account, error) {
	path := c.String("accounts")
	if path == "" {
		return o.singleAccount(), nil
	}
	if c.IsSet("profile-dir") {
		return account{}, usageError{"--profile-dir: with --accounts the account's profile comes from the file (profile_dir)"}
	}
	accts, err := o.householdAccounts(path)
	if err != nil {
		return account{}, err
	}
	i := slices.IndexFunc(accts, func(x account) bool { return strings.EqualFold(x.name, o.account) })
	if i < 0 {
		return account{}, usageError{fmt.Sprintf("--account %q: no such account in %s", o.account, path)}
	}
	return accts[i], nil
}

// readAccounts reads the global flags, the accounts to run (--accounts, or
// the one account the global flags name) and --parallel.
func readAccounts(c *cli.Context) (*options, []account, int, error) {
	o, err := readOptions(c)
	if err != nil {
		return nil, nil, 0, err
	}
	accts, err := o.accountsFrom(c)
	if err != nil {
		return nil, nil, 0, err
	}
	parallel, err := parallelOf(c)
	if err != nil {
		return nil, nil, 0, err
	}
	return o, accts, parallel, nil
}

func parallelOf(c *cli.Context) (int, error) {
	n := c.Int("parallel")
	if n < 1 || n > maxParallel {
		return 0, usageError{fmt.Sprintf("--parallel %d: want 1 to %d", n, maxParallel)}
	}
	return n, nil
}
