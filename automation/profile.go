package automation

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
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

// CheckProfileFree returns ErrProfileInUse when Chromium's singleton lock in
// dir names a live process on this host. A stale lock (dead process) is not
// an error: Chromium clears it itself.
func CheckProfileFree(dir string) error {
	target, err := os.Readlink(filepath.Join(dir, "SingletonLock"))
	if err != nil {
		return nil // no lock
	}
	// The lock reads "<hostname>-<pid>".
	i := strings.LastIndex(target, "-")
	if i < 0 {
		return nil
	}
	host, pidText := target[:i], target[i+1:]
	pid, err := strconv.Atoi(pidText)
	if err != nil {
		return nil
	}
	if self, err := os.Hostname(); err == nil && self != host {
		return fmt.Errorf("%s: %w (locked by host %s)", dir, ErrProfileInUse, host)
	}
	if processAlive(pid) {
		return fmt.Errorf("%s: %w", dir, ErrProfileInUse)
	}
	return nil
}

// processAlive reports whether pid is a running (not zombie) process.
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	if err := syscall.Kill(pid, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return false
	}
	stat, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return !errors.Is(err, os.ErrNotExist)
	}
	// Field 3 (after the parenthesised command) is the state; Z is a zombie.
	if i := strings.LastIndexByte(string(stat), ')'); i >= 0 && i+2 < len(stat) {
		return stat[i+2] != 'Z'
	}
	return true
}
