package main

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/optout/optout/fixtures"
)

// terminalRun is optout on a pseudo-terminal (util-linux script(1)), as a
// person runs it: stdin and stderr are a terminal.
type terminalRun struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	screen chan string // what the terminal shows, in chunks
	seen   strings.Builder
}

func startOnTerminal(t *testing.T, env []string, args ...string) *terminalRun {
	t.Helper()
	if _, err := exec.LookPath("script"); err != nil {
		t.Skip("script(1) from util-linux is needed for terminal tests")
	}
	quoted := []string{shellQuote(os.Args[0])}
	for _, a := range args {
		quoted = append(quoted, shellQuote(a))
	}
	cmd := exec.Command("script", "-qfec", strings.Join(quoted, " "), "/dev/null")
	cmd.Env = append(append(os.Environ(), "OPTOUT_TEST_AS_MAIN=1", "TERM=xterm"), env...)
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tr := &terminalRun{cmd: cmd, in: in, screen: make(chan string, 64)}
	go func() {
		defer close(tr.screen)
		r := bufio.NewReader(out)
		buf := make([]byte, 4096)
		for {
			n, err := r.Read(buf)
			if n > 0 {
				tr.screen <- string(buf[:n])
			}
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	return tr
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// expect waits until the terminal has shown text, and returns all shown so far.
func (tr *terminalRun) expect(t *testing.T, text string) string {
	t.Helper()
	deadline := time.After(40 * time.Second)
	for !strings.Contains(tr.seen.String(), text) {
		select {
		case chunk, ok := <-tr.screen:
			if !ok {
				t.Fatalf("optout ended without showing %q; the terminal showed:\n%s", text, tr.seen.String())
			}
			tr.seen.WriteString(chunk)
		case <-deadline:
			t.Fatalf("the terminal never showed %q; it showed:\n%s", text, tr.seen.String())
		}
	}
	return tr.seen.String()
}

func (tr *terminalRun) typeLine(t *testing.T, line string) {
	t.Helper()
	if _, err := io.WriteString(tr.in, line+"\r"); err != nil {
		t.Fatal(err)
	}
}

func (tr *terminalRun) exitCode(t *testing.T) int {
	t.Helper()
	for range tr.screen {
	}
	err := tr.cmd.Wait()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0
}

// TestGuidedGenAIOnATerminal: a person at a terminal sees what opting out
// does and does not do, each step ticked off, and a question before the
// change; their answer decides.
func TestGuidedGenAIOnATerminal(t *testing.T) {
	h := newHousehold(t, []fixtures.Member{fakeMember("yes", true), fakeMember("no", true)}, "yes", "no")
	for _, c := range []struct {
		key, answer string
		code, saves int
		stillOn     bool
	}{
		{"yes", "y", 0, 1, false},
		{"no", "n", 4, 0, true},
	} {
		t.Run(c.key, func(t *testing.T) {
			tr := startOnTerminal(t, nil, "--headless", "--base-url", h.srv.URL, "--evidence-dir", h.evidence,
				"--account", c.key, "--profile-dir", h.profiles[c.key], "genai")
			shown := tr.expect(t, "[y/N]")
			for _, want := range []string{"not retroactive", "optout objection", "✓", "Open Data for Generative AI Improvement",
				"Turn off “Data for Generative AI Improvement”?"} {
				if !strings.Contains(shown, want) {
					t.Errorf("before the question the terminal lacks %q:\n%s", want, shown)
				}
			}
			if n := len(h.site.Saves(c.key)); n != 0 {
				t.Fatalf("%d saves before the person answered", n)
			}
			tr.typeLine(t, c.answer)
			tr.expect(t, "receipt:")
			if code := tr.exitCode(t); code != c.code {
				t.Errorf("exit %d, want %d; terminal:\n%s", code, c.code, tr.seen.String())
			}
			if n := len(h.site.Saves(c.key)); n != c.saves || h.site.GenAIOn(c.key) != c.stillOn {
				t.Errorf("site: %d saves, on=%v; want %d, on=%v", n, h.site.GenAIOn(c.key), c.saves, c.stillOn)
			}
		})
	}
}

// TestNoColor: marks are coloured on a terminal unless NO_COLOR is set.
func TestNoColor(t *testing.T) {
	h := newHousehold(t, []fixtures.Member{fakeMember("c", false)}, "c")
	for _, noColor := range []bool{false, true} {
		var env []string
		if noColor {
			env = []string{"NO_COLOR=1"}
		}
		tr := startOnTerminal(t, env, "--headless", "--base-url", h.srv.URL, "--evidence-dir", h.evidence,
			"--account", "c", "--profile-dir", h.profiles["c"], "status")
		tr.expect(t, "receipt:")
		if code := tr.exitCode(t); code != 0 {
			t.Fatalf("exit %d:\n%s", code, tr.seen.String())
		}
		coloured := strings.Contains(tr.seen.String(), "\x1b[32m✓")
		if coloured == noColor {
			t.Errorf("NO_COLOR=%v: coloured marks %v; terminal:\n%q", noColor, coloured, tr.seen.String())
		}
	}
}
