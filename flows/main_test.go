package flows_test

import (
	"os"
	"testing"

	"github.com/optout/optout/automation/automationtest"
	"github.com/optout/optout/fixtures/fixturestest"
)

// TestMain lets the tests (each rig its own site and browser context)
// overlap three at a time, and closes the headless browser they share when
// they are done.
func TestMain(m *testing.M) {
	automationtest.OverlapTests(3)
	os.Exit(fixturestest.Main(m))
}
