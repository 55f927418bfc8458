package automationtest

import "time"

// Eventually checks cond every 50 ms until it holds or within has passed,
// and reports whether it held. It is for tests that wait on what they do not
// drive: a browser process ending, the site's record, a tab's address.
func Eventually(within time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
	return true
}
