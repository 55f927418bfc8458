package main

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/urfave/cli/v2"
)

// TestMain lets a test run this very binary as optout: in its own process
// (OPTOUT_TEST_AS_MAIN), so signals and killed browsers are tested on a real
// one, and as the `optout` command of the transcripts in testdata/script.
func TestMain(m *testing.M) {
	if os.Getenv("OPTOUT_TEST_AS_MAIN") == "1" {
		main()
	}
	testscript.Main(m, map[string]func(){"optout": main})
}

var update = flag.Bool("update", false, "rewrite the expected output in testdata/script from what optout prints")

// TestScripts runs the CLI's transcripts (testdata/script/*.txt): usage,
// --help of each command, errors and their exit codes, household file
// mistakes, and demo runs with their outcome lines. A changed message is a
// diff there; `go test -run TestScripts -update` rewrites them.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("testdata", "script"),
		RequireExplicitExec: true,
		UpdateScripts:       *update,
		Cmds:                map[string]func(*testscript.TestScript, bool, []string){"exits": exits, "usage": usage},
		Setup: func(e *testscript.Env) error {
			// The profiles and receipts of a run go under the script's own
			// home, never the developer's.
			e.Setenv("HOME", filepath.Join(e.WorkDir, "home"))
			return nil
		},
	})
}

// exits is the scripts' "exits CODE COMMAND ARGS…": it runs the command and
// checks that it exits with CODE.
func exits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE COMMAND ARGS…")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits %q: want an exit code", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("%s: %v", args[1], err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited %d, want %d", args[1], got, want)
	}
}

// usage is the scripts' "usage COMMAND ARGS…": the command ends with a
// usage error, exit 2 and one line on stderr.
func usage(ts *testscript.TestScript, neg bool, args []string) {
	exits(ts, neg, append([]string{"2"}, args...))
	if lines := strings.Split(strings.TrimSuffix(ts.ReadFile("stderr"), "\n"), "\n"); len(lines) != 1 {
		ts.Fatalf("a usage error is one line; stderr has %d", len(lines))
	}
}

// runCLI runs optout in this process with no input.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(append([]string{"optout"}, args...), strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestNoSecretFlags: no command has a flag for a password, token or cookie;
// optout never takes one.
func TestNoSecretFlags(t *testing.T) {
	io := newIOStreams(strings.NewReader(""), io.Discard, io.Discard)
	app := newApp(io, commands(io))
	check := func(where string, flags []cli.Flag) {
		for _, f := range flags {
			for _, name := range f.Names() {
				if regexp.MustCompile(`(?i)pass|pwd|secret|token|cookie|credential|otp`).MatchString(name) {
					t.Errorf("%s has a flag --%s", where, name)
				}
			}
		}
	}
	check("optout", app.Flags)
	for _, c := range app.Commands {
		check(c.Name, c.Flags)
	}
	if len(app.Commands) < 7 {
		t.Fatalf("only %d commands seen", len(app.Commands))
	}
}
