package automation

import (
	"errors"
	"fmt"
	"os"
)

// ErrProfileInUse means another browser already runs on the profile directory.
var ErrProfileInUse = errors.New("profile is in use by another browser (close it, or wait for the other optout run)")

// EnsureProfileDir creates dir (and its parents) with mode 0700, and tightens
// an existing dir to 0700: the sign-in session lives there.
func EnsureProfileDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create profile dir: %w", err)
	}
	info, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("profile dir: %w", err)
	}
	if !info.IsDir() {
		return fmt.Errorf("profile dir %s: not a directory", dir)
	}
	if info.Mode().Perm() != 0o700 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return fmt.Errorf("restrict profile dir: %w", err)
		}
	}
	return nil
}

// CheckProfileFree returns ErrProfileInUse when a live browser holds
// Chromium's profile lock in dir. Each platform reads the lock Chromium
// itself takes there: the SingletonLock symlink on Linux and macOS
// (profile_unix.go), the lockfile held open on Windows (profile_windows.go).
// A stale lock left by a dead browser is not an error: Chromium clears it.
func CheckProfileFree(dir string) error {
	return checkProfileLock(dir)
}
