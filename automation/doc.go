// Package automation drives a real Chromium for optout: it finds and launches
// the system browser (never downloading one), attaches to a running one, keeps
// one user-data-dir per account, guards navigation to a single origin, and
// offers page helpers in which every wait is bounded by a context deadline.
//
// It knows nothing about LinkedIn: selectors, texts and outcomes belong to the
// flows package.
package automation
