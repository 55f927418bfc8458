package main

import (
	"context"
	"embed"
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"
)

//go:embed completion/optout.bash completion/optout.zsh
var completionScripts embed.FS

// completionOptions are what `optout completion` works with.
type completionOptions struct {
	IO    *ioStreams
	Shell string // bash or zsh
}

func newCmdCompletion(io *ioStreams, runF runFunc[completionOptions]) *cli.Command {
	opts := &completionOptions{IO: io}
	return &cli.Command{
		Name:      "completion",
		Usage:     "print a shell completion script (bash or zsh)",
		ArgsUsage: "bash|zsh",
		Description: `Examples:
  source <(optout completion bash)        # in ~/.bashrc
  source <(optout completion zsh)         # in ~/.zshrc`,
		Action: func(c *cli.Context) error {
			opts.Shell = strings.Join(c.Args().Slice(), " ")
			return orDefault(runF, completionRun)(c.Context, opts)
		},
	}
}

func completionRun(_ context.Context, opts *completionOptions) error {
	if opts.Shell != "bash" && opts.Shell != "zsh" {
		return usageError{fmt.Sprintf("completion %q: want bash or zsh", opts.Shell)}
	}
	script, err := completionScripts.ReadFile("completion/optout." + opts.Shell)
	if err != nil {
		return fmt.Errorf("completion script: %w", err)
	}
	_, err = opts.IO.out.Write(script)
	return err
}
