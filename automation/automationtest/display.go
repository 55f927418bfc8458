//go:build unix

package automationtest

import (
	"bufio"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Display starts a virtual X display (Xvfb) for a visible, headed browser
// and returns its name (":N"), stopping it when the test ends. A headed
// Chromium behaves differently from a headless one (windows, focus,
// screenshots of a real surface), so the hand-overs to a person are tested
// with a real window. `make test` installs Xvfb (Debian's xvfb package).
func Display(t testing.TB) string {
	t.Helper()
	bin, err := exec.LookPath("Xvfb")
	if err != nil {
		t.Fatal("Xvfb is needed for tests of the visible window: run `make test`, which installs Debian's xvfb, or apt-get install xvfb")
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// -displayfd: Xvfb picks a free display and writes its number on fd 3.
	cmd := exec.Command(bin, "-displayfd", "3", "-screen", "0", "1280x900x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		w.Close()
		t.Fatalf("start Xvfb: %v", err)
	}
	w.Close()
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
		}
	})
	number := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		number <- strings.TrimSpace(line)
	}()
	select {
	case n := <-number:
		if n == "" {
			t.Fatal("Xvfb did not report a display")
		}
		return ":" + n
	case <-exited:
		t.Fatal("Xvfb exited before it was ready")
	case <-time.After(20 * time.Second):
		t.Fatal("Xvfb did not start within 20s")
	}
	return ""
}
