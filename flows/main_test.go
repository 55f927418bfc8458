package flows_test

import (
	"flag"
	"os"
	"testing"

	"github.com/optout/optout/fixtures/fixturestest"
)

// TestMain closes the headless browser the tests share (each rig is an
// incognito context in it) when they are done. The tests, which mostly
// wait on the fake site's delays, overlap more than GOMAXPROCS allows on a
// small machine (unless -parallel is given).
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		_ = flag.Set("test.parallel", "4")
	}
	os.Exit(fixturestest.Main(m))
}
