package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/optout/optout/internal/household"
)

// maxParallel bounds --parallel: each account is a whole browser.
const maxParallel = 8

func accountsFlag(dest *string) cli.Flag {
	return &cli.StringFlag{
		Name: "accounts", TakesFile: true, Destination: dest,
		Usage: "household YAML file: one entry per account, each with its own browser profile",
	}
}

func parallelFlag(dest *int) cli.Flag {
	return &cli.IntFlag{
		Name: "parallel", Value: 1, Destination: dest,
		Usage: fmt.Sprintf("accounts at a time, 1 to %d (1 keeps a person's pace)", maxParallel),
	}
}

// checkParallel refuses a --parallel out of range.
func checkParallel(n int) error {
	if n < 1 || n > maxParallel {
		return usageError{fmt.Sprintf("--parallel %d: want 1 to %d", n, maxParallel)}
	}
	return nil
}

// theAccount is the one account the global flags name.
func theAccount(g globals) household.Account {
	return household.Account{Name: g.account, ProfileDir: g.profileDir}
}

// householdFile loads the household file at path strictly: every problem is
// a usage error naming the file and line, found before any browser starts.
// Each account's profile comes from the file, so --profile-dir is refused.
func householdFile(g globals, path string) (*household.File, error) {
	if g.profileDirSet {
		return nil, usageError{"--profile-dir: with --accounts each account's profile comes from the file (profile_dir)"}
	}
	f, err := household.Load(path, profilesRoot())
	if err != nil {
		return nil, usageError{err.Error()}
	}
	return f, nil
}

// accountsFrom returns the household's accounts with a file path, else the
// one account the global flags name.
func accountsFrom(g globals, path string) ([]household.Account, error) {
	if path == "" {
		return []household.Account{theAccount(g)}, nil
	}
	f, err := householdFile(g, path)
	if err != nil {
		return nil, err
	}
	return f.Accounts, nil
}

// namedAccount is the account --account names: its entry in the household
// file at path, else the one the global flags describe.
func namedAccount(g globals, path string) (household.Account, error) {
	if path == "" {
		return theAccount(g), nil
	}
	f, err := householdFile(g, path)
	if err != nil {
		return household.Account{}, err
	}
	a, ok := f.Find(g.account)
	if !ok {
		return a, usageError{fmt.Sprintf("--account %q: no such account in %s", g.account, path)}
	}
	return a, nil
}
