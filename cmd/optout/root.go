package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/urfave/cli/v2"
)

// commands are optout's commands, each built by its own file's newCmdX
// with no test hook. A new command is one file and one line here.
func commands(io *ioStreams) []*cli.Command {
	return []*cli.Command{
		newCmdGenAI(io, nil),
		newCmdSweep(io, nil),
		newCmdSettings(io, nil),
		newCmdStatus(io, nil),
		newCmdObjection(io, nil),
		newCmdArchive(io, nil),
		newCmdLogin(io, nil),
		newCmdBatch(io, nil),
		newCmdDemo(io, nil),
		newCmdVersion(io, nil),
		newCmdCompletion(io, nil),
	}
}

// run is optout: it parses args, runs the command and returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	streams := newIOStreams(stdin, stdout, stderr)
	// Ctrl-C, SIGTERM or a closed terminal (SIGHUP) cancels the run: flows
	// stop at their next wait, every browser is closed, results so far are
	// reported and receipts written; then optout exits 130, 143 or 129.
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	go func() {
		select {
		case sig := <-sigs:
			streams.printf("\noptout: %s: stopping, closing the browser and writing what was done\n", sig)
			cancel(interrupted{sig})
		case <-ctx.Done():
		}
	}()
	err := newApp(streams, commands(streams)).RunContext(ctx, args)
	return exitStatus(err, context.Cause(ctx), stderr)
}

// newApp is optout's command line over cmds.
func newApp(io *ioStreams, cmds []*cli.Command) *cli.App {
	usage := func(_ *cli.Context, err error, _ bool) error { return usageError{err.Error()} }
	for _, c := range cmds {
		c.OnUsageError = usage
	}
	return &cli.App{
		Name:                 "optout",
		Usage:                "take your LinkedIn account out of \"Data for Generative AI Improvement\", with you present",
		Version:              version,
		Reader:               io.in,
		Writer:               io.out,
		ErrWriter:            io.err,
		EnableBashCompletion: true,
		Flags:                globalFlags(),
		OnUsageError:         usage,
		Commands:             cmds,
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usageError{fmt.Sprintf("%q is not an optout command (see optout --help)", c.Args().First())}
			}
			return cli.ShowAppHelp(c)
		},
		ExitErrHandler: func(*cli.Context, error) {}, // exit codes are exitStatus's
	}
}

// runFunc does a command's work with its options. A command's constructor
// takes one to stand in for its own (nil: its own), so a test can see what
// the flags bound without running anything.
type runFunc[T any] func(ctx context.Context, opts *T) error

// orDefault is runF when a test gave one, else the command's own run.
func orDefault[T any](runF, run runFunc[T]) runFunc[T] {
	if runF != nil {
		return runF
	}
	return run
}

// action is the Action of a command that runs with the global settings: it
// parses them into *g, then runs the command with opts.
func action[T any](io *ioStreams, g *globals, opts *T, runF, run runFunc[T]) cli.ActionFunc {
	return func(c *cli.Context) (err error) {
		if *g, err = parseGlobals(c, io); err != nil {
			return err
		}
		return orDefault(runF, run)(c.Context, opts)
	}
}
