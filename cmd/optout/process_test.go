//go:build unix

package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/optout/optout/automation/automationtest"
	"github.com/optout/optout/fixtures"
	"github.com/optout/optout/flows"
)

// optoutProcess is optout running in its own process.
type optoutProcess struct {
	cmd    *exec.Cmd
	stdout bytes.Buffer
	steps  chan string // stderr, line by line
}

func startOptout(t *testing.T, args ...string) *optoutProcess {
	t.Helper()
	return startOptoutIn(t, nil, args...)
}

// startOptoutIn starts optout with stdin read from in (nil: /dev/null).
func startOptoutIn(t *testing.T, in io.Reader, args ...string) *optoutProcess {
	t.Helper()
	p := &optoutProcess{cmd: exec.Command(os.Args[0], args...), steps: make(chan string, 100)}
	p.cmd.Env = append(os.Environ(), "OPTOUT_TEST_AS_MAIN=1")
	p.cmd.Stdin = in
	p.cmd.Stdout = &p.stdout
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(p.steps)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			t.Logf("optout: %s", sc.Text())
			p.steps <- sc.Text()
		}
	}()
	// A run still going at the end is stopped the way a person stops it, so
	// it closes its browser; only one that does not stop is killed.
	t.Cleanup(func() {
		if p.cmd.ProcessState != nil {
			return
		}
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() {
			for range p.steps {
			}
			_ = p.cmd.Wait()
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			_ = p.cmd.Process.Kill()
		}
	})
	return p
}

// waitStep waits until optout prints a line containing text.
func (p *optoutProcess) waitStep(t *testing.T, text string) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case line, ok := <-p.steps:
			if !ok {
				t.Fatalf("optout ended before %q", text)
			}
			if strings.Contains(line, text) {
				return
			}
		case <-deadline:
			t.Fatalf("optout never printed %q", text)
		}
	}
}

// wait returns the exit code and how long the process took to end.
func (p *optoutProcess) wait(t *testing.T) (int, time.Duration) {
	t.Helper()
	start := time.Now()
	done := make(chan error, 1)
	go func() {
		for range p.steps { // drain stderr so the process can finish writing
		}
		done <- p.cmd.Wait()
	}()
	select {
	case <-done:
	case <-time.After(40 * time.Second):
		t.Fatal("optout did not end")
	}
	return p.cmd.ProcessState.ExitCode(), time.Since(start)
}

func (p *optoutProcess) result(t *testing.T) flows.Result {
	t.Helper()
	var r flows.Result
	if err := json.Unmarshal(bytes.TrimSpace(p.stdout.Bytes()), &r); err != nil {
		t.Fatalf("stdout is not one result: %v: %q", err, p.stdout.String())
	}
	return r
}

// profileProc is a process whose command line names a browser profile.
type profileProc struct {
	pid     int
	proc    string // its /proc directory
	exe     string
	cmdline []byte
}

// profileProcs lists the processes whose command line names one of dirs:
// a Chromium started on those profiles, its helpers, and Debian's
// /usr/bin/chromium shell wrapper around it.
func profileProcs(dirs ...string) []profileProc {
	var procs []profileProc
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		proc := filepath.Join("/proc", e.Name())
		cmdline, err := os.ReadFile(filepath.Join(proc, "cmdline"))
		if err != nil || !namesAny(cmdline, dirs) {
			continue
		}
		exe, _ := os.Readlink(filepath.Join(proc, "exe"))
		procs = append(procs, profileProc{pid: pid, proc: proc, exe: exe, cmdline: cmdline})
	}
	return procs
}

// browserPIDs lists the live processes on profile dir.
func browserPIDs(dir string) []int {
	var pids []int
	for _, p := range profileProcs(dir) {
		stat, _ := os.ReadFile(filepath.Join(p.proc, "stat"))
		if bytes.Contains(stat, []byte(") Z ")) {
			continue // a zombie holds nothing; its parent has not reaped it yet
		}
		pids = append(pids, p.pid)
	}
	return pids
}

// mainBrowser is the browser process itself: not a renderer or helper
// (--type=…), and not Debian's /usr/bin/chromium shell wrapper around it.
func mainBrowser(dir string) (profileProc, bool) {
	for _, p := range profileProcs(dir) {
		if isChromiumExe(p.exe) && !bytes.Contains(p.cmdline, []byte("--type=")) {
			return p, true
		}
	}
	return profileProc{}, false
}

func noBrowserLeft(t *testing.T, dir string) {
	t.Helper()
	// Helpers may take a moment to go on a busy machine.
	automationtest.Eventually(15*time.Second, func() bool { return len(browserPIDs(dir)) == 0 })
	if pids := browserPIDs(dir); len(pids) > 0 {
		t.Errorf("browser processes left running on %s: %v", dir, pids)
	}
}

// slowHousehold is one signed-in member on a site that answers every page
// after delay, so a run is still going when the test acts.
func slowHousehold(t *testing.T, delay time.Duration) *home {
	h := newHousehold(t, []fixtures.Member{fakeMember("slow", true)}, "slow")
	h.site.SetDelay(delay)
	return h
}

// args is the command line for the slow household's account, headless and
// confirmed, followed by extra.
func (h *home) args(extra ...string) []string {
	return h.argsFor("slow", append([]string{"--headless", "--yes"}, extra...)...)
}

// TestSignalsStopCleanly: Ctrl-C, SIGTERM and a closed terminal (SIGHUP)
// close the browser, write the result and receipt so far, change nothing,
// and exit 130, 143 and 129.
func TestSignalsStopCleanly(t *testing.T) {
	for sig, want := range map[syscall.Signal]int{syscall.SIGINT: 130, syscall.SIGTERM: 143, syscall.SIGHUP: 129} {
		t.Run(sig.String(), func(t *testing.T) {
			h := slowHousehold(t, 1500*time.Millisecond)
			p := startOptout(t, h.args("genai")...)
			p.waitStep(t, "Open LinkedIn")
			if err := p.cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			code, took := p.wait(t)
			if code != want {
				t.Fatalf("exit %d, want %d", code, want)
			}
			if took > 15*time.Second {
				t.Errorf("took %v to stop", took)
			}
			r := p.result(t)
			if r.Outcome != flows.Failed || !strings.Contains(r.Error, "interrupted") {
				t.Errorf("result %s %q, want failed, interrupted", r.Outcome, r.Error)
			}
			if _, err := os.Stat(filepath.Join(r.Receipt, "receipt.json")); err != nil {
				t.Errorf("no receipt: %v", err)
			}
			if len(h.site.AllSaves()) != 0 || !h.site.GenAIOn("slow") {
				t.Error("an interrupted run changed the setting")
			}
			noBrowserLeft(t, h.profiles["slow"])
		})
	}
}

// TestBrowserKilledMidRun: when Chromium dies under it, optout reports
// failed, exits cleanly with 1, and leaves no browser process behind.
func TestBrowserKilledMidRun(t *testing.T) {
	h := slowHousehold(t, 1500*time.Millisecond)
	p := startOptout(t, h.args("genai")...)
	p.waitStep(t, "Open LinkedIn")
	b, ok := mainBrowser(h.profiles["slow"])
	if !ok {
		t.Fatal("no browser process found for the profile")
	}
	if err := syscall.Kill(b.pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	code, took := p.wait(t)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if took > 25*time.Second {
		t.Errorf("took %v to notice", took)
	}
	if r := p.result(t); r.Outcome != flows.Failed || r.Error == "" {
		t.Errorf("result %s %q, want failed with a reason", r.Outcome, r.Error)
	}
	noBrowserLeft(t, h.profiles["slow"])
}

// TestOptoutKilledLeavesNoBrowser: even when optout itself is killed with
// SIGKILL, which it cannot catch, its browser does not outlive it, so the
// profile is free for the next run.
func TestOptoutKilledLeavesNoBrowser(t *testing.T) {
	h := slowHousehold(t, 1500*time.Millisecond)
	p := startOptout(t, h.args("genai")...)
	p.waitStep(t, "Open LinkedIn")
	if len(browserPIDs(h.profiles["slow"])) == 0 {
		t.Fatal("no browser process found for the profile")
	}
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	p.wait(t)
	noBrowserLeft(t, h.profiles["slow"])
	if code, out, _ := runCLI(t, h.args("status")...); code == 1 && strings.Contains(out, "profile is in use") {
		t.Errorf("the next run finds the profile in use: %s", out)
	}
}

// TestProfileInUse: a second run on a profile that a browser already holds
// fails at once with a clear error instead of waiting.
func TestProfileInUse(t *testing.T) {
	h := slowHousehold(t, 3*time.Second) // keeps the first run busy
	startOptout(t, h.args("genai")...)
	lock := filepath.Join(h.profiles["slow"], "SingletonLock")
	automationtest.Eventually(10*time.Second, func() bool { _, err := os.Lstat(lock); return err == nil })
	start := time.Now()
	code, out, errOut := runCLI(t, h.args("status")...)
	if code != 1 || !strings.Contains(out, "profile is in use") || time.Since(start) > 5*time.Second {
		t.Errorf("second run: exit %d after %v, stdout %q, stderr %q", code, time.Since(start), out, errOut)
	}
}

// TestInterruptedBatchReportsEveryAccount: an account whose turn never came
// because of Ctrl-C still gets its JSON line, failed and "not started".
func TestInterruptedBatchReportsEveryAccount(t *testing.T) {
	h := newHousehold(t, []fixtures.Member{fakeMember("first", true), fakeMember("second", true)}, "first", "second")
	h.site.SetDelay(1500 * time.Millisecond)
	p := startOptout(t, "--headless", "--json", "--yes", "--base-url", h.srv.URL, "--evidence-dir", h.evidence,
		"--timeout", "20s", "batch", "--accounts", h.file(t, "first", "second"))
	p.waitStep(t, "Open LinkedIn")
	if err := p.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if code, _ := p.wait(t); code != 130 {
		t.Fatalf("exit %d, want 130", code)
	}
	var got []flows.Result
	for _, line := range strings.Split(strings.TrimSpace(p.stdout.String()), "\n") {
		var r flows.Result
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%v: %q", err, line)
		}
		got = append(got, r)
	}
	if len(got) != 2 {
		t.Fatalf("%d result lines, want one per account: %q", len(got), p.stdout.String())
	}
	second := byAccount(got)["second"]
	if second.Outcome != flows.Failed || !strings.Contains(second.Error, "not started") || !strings.Contains(second.Error, "interrupted") {
		t.Errorf("second account: %s %q", second.Outcome, second.Error)
	}
	if len(h.site.Saves("second")) != 0 {
		t.Error("the account that never started was changed")
	}
}

// TestInterruptedSweepReportsEverySetting: Ctrl-C during a sweep reports
// each of its settings, the one under way and those not tried, and changes
// nothing.
func TestInterruptedSweepReportsEverySetting(t *testing.T) {
	h := slowHousehold(t, 1500*time.Millisecond)
	p := startOptout(t, append(h.args("--json"), "sweep", "--only", "ai,sharing,research")...)
	p.waitStep(t, "Open LinkedIn")
	if err := p.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if code, _ := p.wait(t); code != 130 {
		t.Fatalf("exit %d, want 130", code)
	}
	var settings []string
	for _, line := range strings.Split(strings.TrimSpace(p.stdout.String()), "\n") {
		var r flows.Result
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%v: %q", err, line)
		}
		if r.Outcome != flows.Failed || !strings.Contains(r.Error, "interrupted") {
			t.Errorf("%s: %s %q, want failed, interrupted", r.Setting, r.Outcome, r.Error)
		}
		settings = append(settings, r.Setting)
	}
	if want := []string{"genai_training", "partner_sharing", "research_sharing"}; !slices.Equal(settings, want) {
		t.Errorf("result lines for %q, want one for each of %q", settings, want)
	}
	if len(h.site.AllSaves()) != 0 {
		t.Error("an interrupted sweep changed a setting")
	}
	noBrowserLeft(t, h.profiles["slow"])
}
