package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/urfave/cli/v2"
)

// versionOptions are what `optout version` works with.
type versionOptions struct {
	IO *ioStreams
}

func newCmdVersion(io *ioStreams, runF runFunc[versionOptions]) *cli.Command {
	opts := &versionOptions{IO: io}
	return &cli.Command{
		Name:   "version",
		Usage:  "print optout's version (the one written into every receipt)",
		Action: func(c *cli.Context) error { return orDefault(runF, versionRun)(c.Context, opts) },
	}
}

func versionRun(_ context.Context, opts *versionOptions) error {
	rev := ""
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				rev = " (" + s.Value[:12] + ")"
			}
		}
	}
	_, err := fmt.Fprintf(opts.IO.out, "optout %s%s %s/%s\n", version, rev, runtime.GOOS, runtime.GOARCH)
	return err
}
