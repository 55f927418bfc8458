package flows_test

import (
	"os"
	"testing"

	"github.com/optout/optout/fixtures/fixturestest"
)

// TestMain closes the headless browser the tests share (each rig is an
// incognito context in it) when they are done.
func TestMain(m *testing.M) { os.Exit(fixturestest.Main(m)) }
