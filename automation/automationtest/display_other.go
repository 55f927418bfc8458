//go:build !unix

package automationtest

import (
	"runtime"
	"testing"
)

// Display skips the test: a virtual X display (Xvfb) is for Unix only.
func Display(t testing.TB) string {
	t.Helper()
	t.Skip("a virtual display (Xvfb) needs Unix, not " + runtime.GOOS)
	return ""
}
