package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"
)

// TestCommandsBindTheirFlags: a command's flags land in its options and the
// global flags in an immutable value, without running anything (the runF
// each constructor takes stands in for the command's own run).
func TestCommandsBindTheirFlags(t *testing.T) {
	io := newIOStreams(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
	var batch *batchOptions
	var demo *demoOptions
	app := newApp(io, []*cli.Command{
		newCmdBatch(io, func(_ context.Context, o *batchOptions) error { batch = o; return nil }),
		newCmdDemo(io, func(_ context.Context, o *demoOptions) error { demo = o; return nil }),
	})
	args := []string{"optout", "--yes", "--evidence-dir", "/r", "--account", "mum", "batch", "--accounts", "h.yaml", "--dry-run", "--parallel", "3"}
	if err := app.Run(args); err != nil {
		t.Fatal(err)
	}
	if batch == nil || batch.Accounts != "h.yaml" || !batch.DryRun || batch.Parallel != 3 ||
		!batch.Globals.yes || batch.Globals.evidenceDir != "/r" || batch.Globals.account != "mum" || batch.IO != io {
		t.Fatalf("batch options: %+v", batch)
	}

	// The demo notes the global flags it has no use for, and makes its own
	// settings from the parsed ones without changing them.
	if err := app.Run([]string{"optout", "--pace", "2s", "--headless", "demo", "--listen", "127.0.0.1:9"}); err != nil {
		t.Fatal(err)
	}
	if demo == nil || demo.Listen != "127.0.0.1:9" || strings.Join(demo.Ignored, ",") != "pace" {
		t.Fatalf("demo options: %+v", demo)
	}
	parsed := demo.Globals
	own := demoSettings(parsed, &demo.Globals.base, "/tmp/p")
	if own.pace != 0 || own.account != "demo" || own.profileDir != "/tmp/p" || !own.headless {
		t.Errorf("demo settings: %+v", own)
	}
	if demo.Globals.pace != 2e9 || demo.Globals.account != "default" {
		t.Errorf("the parsed settings changed: %+v", demo.Globals)
	}
}
