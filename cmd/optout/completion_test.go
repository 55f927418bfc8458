package main

import (
	"os"
	"strings"
	"testing"
)

// TestCompletion: the scripts for bash and zsh ask urfave/cli's completion
// protocol, which lists the commands.
func TestCompletion(t *testing.T) {
	for _, shell := range []string{"bash", "zsh"} {
		code, out, _ := runCLI(t, "completion", shell)
		if code != 0 || !strings.Contains(out, "--generate-bash-completion") || !strings.Contains(out, "optout") {
			t.Errorf("completion %s: exit %d", shell, code)
		}
	}
	// The protocol reads the process's own os.Args, so they are set as a
	// shell would run optout.
	saved := os.Args
	os.Args = []string{"optout", "--generate-bash-completion"}
	t.Cleanup(func() { os.Args = saved })
	code, out, _ := runCLI(t, "--generate-bash-completion")
	for _, cmd := range []string{"genai", "status", "objection", "login", "batch", "demo", "version", "completion"} {
		if !strings.Contains(out, cmd) {
			t.Errorf("completion candidates lack %s: exit %d %q", cmd, code, out)
		}
	}
}
