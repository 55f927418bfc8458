//go:build windows

package automation

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// Windows values the syscall package does not name.
const (
	errSharingViolation            syscall.Errno = 32     // ERROR_SHARING_VIOLATION
	processQueryLimitedInformation uint32        = 0x1000 // PROCESS_QUERY_LIMITED_INFORMATION
)

// checkProfileLock tries Chromium's Windows profile lock: the browser keeps
// "lockfile" in the profile open for writing, shared for reading only, and
// deleted when it closes (even when it dies). Opening it for writing fails
// with a sharing violation exactly while a browser holds it.
func checkProfileLock(dir string) error {
	f, err := os.OpenFile(filepath.Join(dir, "lockfile"), os.O_WRONLY, 0)
	if err == nil {
		_ = f.Close() // left by a browser that is gone
		return nil
	}
	if errors.Is(err, errSharingViolation) {
		return fmt.Errorf("%s: %w", dir, ErrProfileInUse)
	}
	return nil // no lock (or one being deleted): Chromium decides
}

// processAlive reports whether pid is a running process: one that can be
// opened and has not yet signalled its exit. A process this user may not
// open still exists.
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	h, err := syscall.OpenProcess(processQueryLimitedInformation|syscall.SYNCHRONIZE, false, uint32(pid))
	if err != nil {
		return errors.Is(err, syscall.ERROR_ACCESS_DENIED)
	}
	defer func() { _ = syscall.CloseHandle(h) }()
	event, err := syscall.WaitForSingleObject(h, 0)
	return err == nil && event == syscall.WAIT_TIMEOUT
}
