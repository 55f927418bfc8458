//go:build unix

package automation

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// TestSingletonLockNamesTheHolder: a profile is in use while its
// SingletonLock names a live process on this host or any process on another
// host; a lock left by a dead process, or none, leaves it free.
func TestSingletonLockNamesTheHolder(t *testing.T) {
	host, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, target string
		inUse        bool
	}{
		{"this process", host + "-" + strconv.Itoa(os.Getpid()), true},
		{"a dead process", host + "-" + strconv.Itoa(dead.Process.Pid), false},
		{"another host", "elsewhere.example-" + strconv.Itoa(os.Getpid()), true},
		{"not a lock", "garbage", false},
		{"no lock", "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.target != "" {
				if err := os.Symlink(tt.target, filepath.Join(dir, "SingletonLock")); err != nil {
					t.Fatal(err)
				}
			}
			err := CheckProfileFree(dir)
			if got := errors.Is(err, ErrProfileInUse); got != tt.inUse {
				t.Errorf("CheckProfileFree = %v, want in use %v", err, tt.inUse)
			}
		})
	}
}

// TestProcessAliveWithoutProc: where there is no /proc (macOS) the kernel's
// answer stands; on Linux a pid missing from /proc is gone.
func TestProcessAliveWithoutProc(t *testing.T) {
	self := os.Getpid()
	if !processAliveIn("", self) {
		t.Error("without a proc dir, this process is not alive")
	}
	if processAliveIn(t.TempDir(), self) {
		t.Error("a pid missing from the proc dir is alive")
	}
	if procDir("darwin") != "" || procDir("linux") != "/proc" {
		t.Errorf("procDir: darwin %q, linux %q", procDir("darwin"), procDir("linux"))
	}
	if !processAlive(self) {
		t.Error("this process is not alive")
	}
}
