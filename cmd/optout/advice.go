package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"

	"github.com/optout/optout/automation"
	"github.com/optout/optout/flows"
)

// Messages that name optout's flags are worded here: automation and flows
// return typed errors and know nothing of a command line.

// browserURLAdvice words a refused --browser-url.
func browserURLAdvice(err error) string {
	if errors.Is(err, automation.ErrRemoteBrowser) {
		return err.Error() + " (add --allow-remote-browser if you mean it)"
	}
	return err.Error()
}

// launchAdvice adds to a failed launch what the person can do about it.
func launchAdvice(err error) error {
	switch {
	case errors.Is(err, automation.ErrNoDisplay):
		return fmt.Errorf("%w: run optout in your desktop session, or pass --headless", err)
	case errors.Is(err, automation.ErrNoBrowser):
		return fmt.Errorf("%w (%s, or pass --browser PATH)", err, installAdvice[runtime.GOOS])
	}
	return err
}

// installAdvice says how a browser optout finds is installed, per platform.
var installAdvice = map[string]string{
	"linux":   "install Chromium, e.g. \"sudo apt-get install chromium\" on Debian or Ubuntu",
	"darwin":  "install Google Chrome or Chromium into /Applications",
	"windows": "install Google Chrome, or repair Microsoft Edge",
}

// makeEvidenceDir makes the receipts' directory before any browser starts,
// so a run that could not keep its evidence never begins.
func makeEvidenceDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("%w (--evidence-dir): %w", flows.ErrReceipts, err)
	}
	return nil
}
