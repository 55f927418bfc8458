package main

import (
	"bytes"
	"encoding/json"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"

	"github.com/optout/optout/flows"
)

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(append([]string{"optout"}, args...), strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestDemoEndsTurnedOffVerified(t *testing.T) {
	code, out, errOut := runCLI(t, "--headless", "--json", "--yes", "--evidence-dir", t.TempDir(), "demo")
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	var r flows.Result
	if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &r); err != nil {
		t.Fatalf("stdout is not one JSON line: %v\n%s", err, out)
	}
	if r.Outcome != flows.TurnedOffVerified || r.Before != flows.On || r.After != flows.Off || len(r.Evidence) != 2 {
		t.Fatalf("result %+v", r)
	}
	if !strings.Contains(errOut, "recorded 1 save request(s); its stored setting is now off") {
		t.Errorf("the fake site's record was not reported:\n%s", errOut)
	}
}

func TestDemoObjectionPrefillsAndSubmitsNothing(t *testing.T) {
	code, out, errOut := runCLI(t, "--headless", "--json", "--evidence-dir", t.TempDir(), "demo", "--objection")
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	var r flows.Result
	if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &r); err != nil {
		t.Fatalf("stdout is not one JSON line: %v\n%s", err, out)
	}
	if r.Outcome != flows.Prefilled || r.Submitted == nil || *r.Submitted || len(r.Missing) != 0 || len(r.Fields) < 4 {
		t.Fatalf("result %+v", r)
	}
	if !strings.Contains(errOut, "recorded 0 form submission(s)") {
		t.Errorf("the fake site's record was not reported:\n%s", errOut)
	}
}

func TestUsageErrorsExit2WithOneLine(t *testing.T) {
	for _, args := range [][]string{
		{"--no-such-flag", "genai"},
		{"--base-url", "ftp://x", "status"},
		{"--timeout", "-1s", "status"},
		{"--pace", "fast", "status"},
		{"--account", "../etc", "status"},
		{"--browser-url", "ws://10.0.0.9:9222/x", "status"},
		{"--headless", "genai"}, // a change, stdin not a terminal, no --yes
		{"objection", "--email", "bob"},
		{"objection", "--profile-url", "http://www.linkedin.com/in/x"},
		{"objection", "--processing", "everything"},
	} {
		code, _, errOut := runCLI(t, args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", args, code, errOut)
		}
		if lines := strings.Count(strings.TrimSpace(errOut), "\n"); !strings.HasPrefix(errOut, "optout: ") && !strings.Contains(errOut, "Incorrect Usage") || lines > 0 && strings.HasPrefix(errOut, "optout: ") {
			t.Errorf("%v: want one line naming the problem, got %q", args, errOut)
		}
	}
}

// TestNoSecretFlags: no command has a flag for a password, token or cookie;
// optout never takes one.
func TestNoSecretFlags(t *testing.T) {
	app := newApp(strings.NewReader(""), io.Discard, io.Discard)
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
