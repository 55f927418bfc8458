package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"

	"github.com/urfave/cli/v2"
)

// optout's exit codes (cli-contract.md), all in this one table. The outcome
// words carry theirs in flows.Outcome.ExitCode: 0, 3 (needs_human), 4
// (would_turn_off) or 1; a run of several accounts exits with the worst.
const (
	exitOK      = 0   // done, or every outcome was fine
	exitFailure = 1   // a failure that is no outcome (and page_changed, uncertain, failed)
	exitUsage   = 2   // a bad flag, argument or household file line: one line on stderr
	exitSignal  = 128 // plus the signal's number: 130 Ctrl-C, 143 SIGTERM, 129 SIGHUP
)

// usageError is a bad flag, argument or file: one line, exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// outcomeExit ends a command whose results are reported already with their
// worst outcome's exit code.
type outcomeExit struct{ code int }

func (e outcomeExit) Error() string { return fmt.Sprintf("exit %d", e.code) }

// outcomeError is nil for code 0, else the outcomeExit that ends the command
// with code.
func outcomeError(code int) error {
	if code == exitOK {
		return nil
	}
	return outcomeExit{code}
}

// interrupted is the cause of a run's cancellation by a signal.
type interrupted struct{ sig os.Signal }

func (i interrupted) Error() string { return fmt.Sprintf("interrupted (%s)", i.sig) }

// exitStatus is the process's exit code for a command that ended with err
// in a run whose context ended with cause; what needs saying goes to stderr.
func exitStatus(err, cause error, stderr io.Writer) int {
	var sig interrupted
	var done outcomeExit
	var usage usageError
	var helpErr cli.ExitCoder // urfave/cli's own word: "No help topic for …"
	switch {
	case errors.As(cause, &sig):
		if s, ok := sig.sig.(syscall.Signal); ok {
			return exitSignal + int(s)
		}
		return exitSignal + int(syscall.SIGINT)
	case err == nil:
		return exitOK
	case errors.As(err, &done):
		return done.code
	case errors.As(err, &usage), errors.As(err, &helpErr):
		fmt.Fprintf(stderr, "optout: %s\n", err)
		return exitUsage
	default:
		fmt.Fprintf(stderr, "optout: %s\n", err)
		return exitFailure
	}
}
