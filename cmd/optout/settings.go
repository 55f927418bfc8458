package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/optout/optout/flows"
)

// settingsOptions are what `optout settings` works with.
type settingsOptions struct {
	IO      *ioStreams
	Globals globals
}

func newCmdSettings(io *ioStreams, runF runFunc[settingsOptions]) *cli.Command {
	opts := &settingsOptions{IO: io}
	return &cli.Command{
		Name:  "settings",
		Usage: "list the settings optout manages: name, group, title and address",
		Description: `The catalogue (one embedded, versioned file): the names and groups --only takes.

Examples:
  optout settings
  optout --json settings`,
		Action: action(io, &opts.Globals, opts, runF, settingsRun),
	}
}

// settingLine is one catalogue entry as --json prints it.
type settingLine struct {
	Name     string `json:"name"`
	Group    string `json:"group"`
	Title    string `json:"title"`
	URL      string `json:"url"`
	Key      string `json:"key"`
	Protects string `json:"protects"`
}

func settingsRun(_ context.Context, opts *settingsOptions) error {
	base := opts.Globals.base
	for _, s := range flows.Catalogue() {
		u := base.JoinPath(s.Path).String()
		if opts.Globals.json {
			line, err := json.Marshal(settingLine{s.Name, s.Group, s.Title(), u, s.Key, string(s.Protects)})
			if err != nil {
				return fmt.Errorf("encode the catalogue: %w", err)
			}
			if _, err := fmt.Fprintf(opts.IO.out, "%s\n", line); err != nil {
				return err
			}
			continue
		}
		if _, err := fmt.Fprintf(opts.IO.out, "%-22s %-9s %s\n%-32s %s\n", s.Name, s.Group, s.Title(), "", u); err != nil {
			return err
		}
	}
	if !opts.Globals.json {
		fmt.Fprintf(opts.IO.out, "\ncatalogue version %d; groups: %s\n", flows.CatalogueVersion(), strings.Join(groups(), ", "))
	}
	return nil
}

func groups() []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range flows.Catalogue() {
		if !seen[s.Group] {
			seen[s.Group] = true
			out = append(out, s.Group)
		}
	}
	return out
}
