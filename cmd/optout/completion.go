package main

import (
	"embed"
	"fmt"

	"github.com/urfave/cli/v2"
)

//go:embed completion/optout.bash completion/optout.zsh
var completionScripts embed.FS

func completionCommand() *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print a shell completion script (bash or zsh)",
		ArgsUsage: "bash|zsh",
		Description: `Examples:
  source <(optout completion bash)        # in ~/.bashrc
  source <(optout completion zsh)         # in ~/.zshrc`,
		Action: func(c *cli.Context) error {
			shell := c.Args().First()
			if shell != "bash" && shell != "zsh" || c.NArg() != 1 {
				return usageError{fmt.Sprintf("completion %q: want bash or zsh", shell)}
			}
			script, err := completionScripts.ReadFile("completion/optout." + shell)
			if err != nil {
				return fmt.Errorf("completion script: %w", err)
			}
			_, err = c.App.Writer.Write(script)
			return err
		},
	}
}
