// Package automationtest starts real headless Chromium for tests: the system
// browser, quiet flags, no outside DNS, a throw-away profile, closed at the
// end of the test. It also starts a virtual display for tests of a visible
// window, and waits, bounded, on what a test does not drive.
package automationtest

import (
	"context"
	"testing"
	"time"

	"github.com/go-rod/rod"

	"github.com/optout/optout/automation"
)

// TestFlags keep a test browser off every network but loopback.
var TestFlags = []string{"host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"}

// Options returns launch options for a headless test browser on profileDir
// ("" for a throw-away profile).
func Options(profileDir string) automation.LaunchOptions {
	return automation.LaunchOptions{Headless: true, ProfileDir: profileDir, ExtraFlags: TestFlags}
}

// Launch starts a headless test browser and closes it when the test ends.
func Launch(t testing.TB, profileDir string) *automation.Browser {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, err := automation.Launch(ctx, Options(profileDir))
	if err != nil {
		t.Fatalf("launch test browser: %v", err)
	}
	t.Cleanup(func() {
		if err := b.Close(); err != nil {
			t.Errorf("close test browser: %v", err)
		}
	})
	return b
}

// Rod starts a headless test browser and returns it as a plain rod browser,
// for tests that drive pages directly (the fixture site's own tests).
func Rod(t testing.TB) *rod.Browser {
	t.Helper()
	return Launch(t, "").Rod()
}
