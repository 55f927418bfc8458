//go:build unix

package automation

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
)

// checkProfileLock reads Chromium's SingletonLock: a symlink in the profile
// whose target is "<hostname>-<pid>" of the browser holding it.
func checkProfileLock(dir string) error {
	target, err := os.Readlink(filepath.Join(dir, "SingletonLock"))
	if err != nil {
		return nil // no lock
	}
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
	return processAliveIn(procDir(runtime.GOOS), pid)
}

// procDir is where goos lists its processes, or "" where there is no /proc
// (macOS, the BSDs): there kill(pid, 0) alone answers.
func procDir(goos string) string {
	if goos == "linux" || goos == "android" {
		return "/proc"
	}
	return ""
}

// processAliveIn asks the kernel whether pid exists, then, with a proc
// directory, whether it is more than a zombie (a dead browser whose parent
// has not reaped it yet still holds its pid).
func processAliveIn(proc string, pid int) bool {
	if pid <= 0 {
		return false
	}
	if err := syscall.Kill(pid, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return false
	}
	if proc == "" {
		return true
	}
	stat, err := os.ReadFile(filepath.Join(proc, strconv.Itoa(pid), "stat"))
	if err != nil {
		return !errors.Is(err, os.ErrNotExist)
	}
	// Field 3 (after the parenthesised command) is the state; Z is a zombie.
	if i := strings.LastIndexByte(string(stat), ')'); i >= 0 && i+2 < len(stat) {
		return stat[i+2] != 'Z'
	}
	return true
}
