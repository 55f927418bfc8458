package main

import (
	"errors"
	"io"
	"syscall"
	"testing"

	"github.com/urfave/cli/v2"
)

// TestExitStatus holds the exit code table: an error that is neither a
// usage error nor an outcome is a failure (1), never a usage error (2).
func TestExitStatus(t *testing.T) {
	for _, c := range []struct {
		name       string
		err, cause error
		want       int
	}{
		{"done", nil, nil, 0},
		{"outcome", outcomeExit{4}, nil, 4},
		{"usage", usageError{"--pace: bad"}, nil, 2},
		{"urfave's help topic", cli.Exit("No help topic for 'x'", 3), nil, 2},
		{"runtime failure", errors.New("write result: broken pipe"), nil, 1},
		{"Ctrl-C", outcomeExit{1}, interrupted{syscall.SIGINT}, 130},
		{"SIGTERM", nil, interrupted{syscall.SIGTERM}, 143},
	} {
		if got := exitStatus(c.err, c.cause, io.Discard); got != c.want {
			t.Errorf("%s: exit %d, want %d", c.name, got, c.want)
		}
	}
}
