package automationtest

import (
	"flag"
	"strconv"
)

// OverlapTests lets parallel browser tests, which mostly wait on pages,
// overlap n at a time, more than GOMAXPROCS allows on a small machine,
// unless the command line gives -parallel. Call it from TestMain before
// m.Run.
func OverlapTests(n int) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		_ = flag.Set("test.parallel", strconv.Itoa(n))
	}
}
