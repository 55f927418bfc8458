package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"

	"github.com/optout/optout/automation"
	"github.com/optout/optout/automation/automationtest"
	"github.com/optout/optout/fixtures"
	"github.com/optout/optout/flows"
)

// home is a fake site with members and, for each, a browser profile;
// a member listed in signedIn has a live session in its profile, as after
// `optout login`.
type home struct {
	site     *fixtures.Site
	srv      *httptest.Server
	profiles map[string]string
	evidence string
}

func newHousehold(t testing.TB, members []fixtures.Member, signedIn ...string) *home {
	t.Helper()
	site := fixtures.NewSite()
	h := &home{site: site, profiles: map[string]string{}, evidence: t.TempDir()}
	for _, m := range members {
		site.AddMember(m)
		h.profiles[m.Key] = filepath.Join(t.TempDir(), "profile-"+m.Key)
	}
	h.srv = httptest.NewServer(site)
	t.Cleanup(h.srv.Close)
	for _, key := range signedIn {
		h.signIn(t, key)
	}
	return h
}

// signIn stores a persistent session cookie for key in its profile, the way
// a person's sign-in leaves it there.
func (h *home) signIn(t testing.TB, key string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, err := automation.Launch(ctx, automationtest.Options(h.profiles[key]))
	if err != nil {
		t.Fatal(err)
	}
	c := h.site.SessionCookie(key)
	err = b.Rod().Context(ctx).SetCookies([]*proto.NetworkCookieParam{{
		URL: h.srv.URL, Name: c.Name, Value: c.Value, HTTPOnly: true,
		Expires: proto.TimeSinceEpoch(time.Now().Add(24 * time.Hour).Unix()),
	}})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
}

// file writes a household file listing keys with their profiles.
func (h *home) file(t testing.TB, keys ...string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("accounts:\n")
	for _, k := range keys {
		fmt.Fprintf(&b, "  - name: %s\n    profile_dir: %s\n", k, h.profiles[k])
	}
	return writeFile(t, b.String())
}

func writeFile(t testing.TB, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "household.yaml")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// argsFor is optout's command line for one account of the household: the
// site, the evidence dir, the account's own profile and JSON results, then
// extra (more global flags, the command and its flags).
func (h *home) argsFor(key string, extra ...string) []string {
	return append([]string{"--json", "--base-url", h.srv.URL, "--evidence-dir", h.evidence,
		"--account", key, "--profile-dir", h.profiles[key], "--timeout", "20s"}, extra...)
}

func (h *home) run(t *testing.T, args ...string) (code int, results []flows.Result, stderr string) {
	t.Helper()
	all := append([]string{"--headless", "--json", "--yes", "--base-url", h.srv.URL, "--evidence-dir", h.evidence, "--timeout", "10s"}, args...)
	code, out, errOut := runCLI(t, all...)
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		var r flows.Result
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("stdout line is not a result: %v\n%s", err, line)
		}
		results = append(results, r)
	}
	return code, results, errOut
}

func byAccount(results []flows.Result) map[string]flows.Result {
	m := map[string]flows.Result{}
	for _, r := range results {
		m[r.Account] = r
	}
	return m
}

func fakeMember(key string, on bool) fixtures.Member {
	return fixtures.Member{Key: key, FullName: "Member " + key, Email: key + "@example.org", Lang: "en", GenAIOn: on}
}

// TestBatchThreeAccounts: on, off and signed out give three correct
// outcomes, exit 3, a summary table and an HTML report with the screenshots.
func TestBatchThreeAccounts(t *testing.T) {
	h := newHousehold(t, []fixtures.Member{fakeMember("on", true), fakeMember("off", false), fakeMember("out", true)}, "on", "off")
	code, results, errOut := h.run(t, "batch", "--accounts", h.file(t, "on", "off", "out"))
	if code != 3 {
		t.Fatalf("exit %d, want 3 (worst: needs_human); stderr:\n%s", code, errOut)
	}
	got := byAccount(results)
	want := map[string]flows.Outcome{"on": flows.TurnedOffVerified, "off": flows.AlreadyOff, "out": flows.NeedsHuman}
	for acct, outcome := range want {
		if got[acct].Outcome != outcome {
			t.Errorf("%s: %s (%s), want %s", acct, got[acct].Outcome, got[acct].Error, outcome)
		}
	}
	if len(results) != 3 {
		t.Errorf("%d JSON lines, want 3", len(results))
	}
	if h.site.GenAIOn("on") || !h.site.GenAIOn("out") || len(h.site.Saves("off")) != 0 || len(h.site.Saves("out")) != 0 {
		t.Error("the site's record does not match: only the signed-in account that was on may have been switched off")
	}
	for _, row := range []string{`(?m)^on\s+turned_off_verified\s+on → off`, `(?m)^off\s+already_off\s+off → off`, `(?m)^out\s+needs_human\s+unknown → unknown`} {
		if !regexp.MustCompile(row).MatchString(errOut) {
			t.Errorf("summary table lacks %q:\n%s", row, errOut)
		}
	}

	// The report sits beside the receipts and shows the screenshots.
	page, err := os.ReadFile(filepath.Join(h.evidence, "report.html"))
	if err != nil {
		t.Fatalf("no HTML report: %v", err)
	}
	srcs := regexp.MustCompile(`<img[^>]+src="([^"]+)"`).FindAllStringSubmatch(string(page), -1)
	if len(srcs) < 3 { // on: before and after; off: before
		t.Fatalf("report shows %d screenshots, want at least 3", len(srcs))
	}
	for _, m := range srcs {
		if _, err := os.Stat(filepath.Join(h.evidence, filepath.FromSlash(m[1]))); err != nil {
			t.Errorf("report image %s: %v", m[1], err)
		}
	}
}

// TestBadHouseholdFileExit2BeforeAnyRequest: every mistake in the file is a
// one-line usage error naming the line, and no request reaches the site.
func TestBadHouseholdFileExit2BeforeAnyRequest(t *testing.T) {
	h := newHousehold(t, []fixtures.Member{fakeMember("a", true), fakeMember("b", true)}, "a", "b")
	shared := filepath.Join(t.TempDir(), "shared")
	cases := map[string]struct{ yaml, want string }{
		"duplicate name": {"accounts:\n  - name: a\n  - name: A\n", ":3:"},
		"unknown key":    {"accounts:\n  - name: a\n    password: hunter2\n", ":3:"},
		"shared profile": {fmt.Sprintf("accounts:\n  - name: a\n    profile_dir: %s\n  - name: b\n    profile_dir: %s\n", shared, shared), ":4:"},
		"not YAML":       {"accounts: [\n", "household.yaml"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			h.site.Reset()
			for _, cmd := range [][]string{{"batch", "--accounts"}, {"status", "--accounts"}} {
				code, results, errOut := h.run(t, append(cmd, writeFile(t, c.yaml))...)
				if code != 2 || len(results) != 0 {
					t.Errorf("%s: exit %d with %d results, want 2 and none", cmd[0], code, len(results))
				}
				if lines := strings.Count(strings.TrimSpace(errOut), "\n"); lines != 0 || !strings.Contains(errOut, c.want) {
					t.Errorf("%s: want one line naming %q, got %q", cmd[0], c.want, errOut)
				}
			}
			if paths := h.site.Paths(); len(paths) != 0 {
				t.Errorf("requests reached the site: %v", paths)
			}
		})
	}
	if n := len(h.site.AllSaves()); n != 0 {
		t.Errorf("%d saves", n)
	}
}

// TestStatusHouseholdDrift: a read-only check over the household exits 4
// when a setting is back on, and clicks nothing.
func TestStatusHouseholdDrift(t *testing.T) {
	h := newHousehold(t, []fixtures.Member{fakeMember("drifted", true), fakeMember("fine", false)}, "drifted", "fine")
	code, results, errOut := h.run(t, "status", "--accounts", h.file(t, "drifted", "fine"), "--parallel", "2")
	if code != 4 {
		t.Fatalf("exit %d, want 4; stderr:\n%s", code, errOut)
	}
	got := byAccount(results)
	if got["drifted"].Outcome != flows.WouldTurnOff || got["fine"].Outcome != flows.AlreadyOff {
		t.Errorf("outcomes %s, %s", got["drifted"].Outcome, got["fine"].Outcome)
	}
	if n := len(h.site.AllSaves()); n != 0 {
		t.Errorf("status made %d save request(s)", n)
	}
}

// TestObjectionCommandPrefillsAndNeverSubmits drives the objection command
// headless, with the details from the household file and a flag.
func TestObjectionCommandPrefillsAndNeverSubmits(t *testing.T) {
	h := newHousehold(t, []fixtures.Member{fakeMember("alice", true)}, "alice")
	file := writeFile(t, fmt.Sprintf(`accounts:
  - name: alice
    profile_dir: %s
    objection:
      full_name: Alice Example
      email: alice@example.org
      profile_url: https://www.linkedin.com/in/alice-example
`, h.profiles["alice"]))
	code, results, errOut := h.run(t, "--account", "alice", "objection", "--accounts", file, "--reason", "My own words.")
	if code != 0 || len(results) != 1 {
		t.Fatalf("exit %d, %d results; stderr:\n%s", code, len(results), errOut)
	}
	r := results[0]
	if r.Outcome != flows.Prefilled || r.Submitted == nil || *r.Submitted || len(r.Missing) != 0 {
		t.Fatalf("result %+v", r)
	}
	var values []string
	for _, v := range r.Fields {
		values = append(values, v)
	}
	for _, v := range []string{"Alice Example", "alice@example.org", "https://www.linkedin.com/in/alice-example", "My own words."} {
		if !slices.Contains(values, v) {
			t.Errorf("fields %v lack %q", r.Fields, v)
		}
	}
	if n := len(h.site.Submissions()); n != 0 {
		t.Fatalf("%d submissions", n)
	}
	if !strings.Contains(errOut, "was not submitted") {
		t.Errorf("closing line: %s", errOut)
	}

	code, _, errOut = h.run(t, "--account", "bob", "objection", "--accounts", file)
	if code != 2 || !strings.Contains(errOut, `--account "bob": no such account`) {
		t.Errorf("unknown account: exit %d, %q", code, errOut)
	}
}

// TestLoginHeadless: a live session is recognised; without one, a headless
// login is needs_human (exit 3), since only the person can sign in.
func TestLoginHeadless(t *testing.T) {
	h := newHousehold(t, []fixtures.Member{fakeMember("in", true), fakeMember("out", true)}, "in")
	for key, want := range map[string]int{"in": 0, "out": 3} {
		code, out, errOut := runCLI(t, h.argsFor(key, "--headless", "login")...)
		if code != want {
			t.Errorf("%s: exit %d, want %d; stderr %s", key, code, want, errOut)
		}
		var line struct {
			SignedIn bool          `json:"signed_in"`
			Outcome  flows.Outcome `json:"outcome"`
		}
		if err := json.Unmarshal([]byte(out), &line); err != nil {
			t.Fatalf("%s: %v: %q", key, err, out)
		}
		if line.SignedIn != (want == 0) || want == 3 && line.Outcome != flows.NeedsHuman {
			t.Errorf("%s: %+v", key, line)
		}
	}
	// The profile can come from the household file, by account name.
	code, _, errOut := runCLI(t, "--headless", "--base-url", h.srv.URL, "--account", "in", "login", "--accounts", h.file(t, "in", "out"))
	if code != 0 || !strings.Contains(errOut, "already signed in") {
		t.Errorf("login --accounts: exit %d, %s", code, errOut)
	}
}

// TestVisibleWindowWithoutDisplay: asked for a window where there is no
// display (SSH, cron, a container), every command says so in one line and
// suggests --headless, before the site sees a request.
func TestVisibleWindowWithoutDisplay(t *testing.T) {
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	h := newHousehold(t, []fixtures.Member{fakeMember("in", true)}, "in")
	for _, cmd := range [][]string{{"login"}, {"objection", "--full-name", "Ann Example"}, {"--yes", "genai"}} {
		code, out, errOut := runCLI(t, h.argsFor("in", cmd...)...)
		if code != 1 || !strings.Contains(out+errOut, "needs a display") || !strings.Contains(out+errOut, "--headless") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 1 naming the missing display", cmd, code, out, errOut)
		}
		if strings.Contains(out+errOut, "debug url") {
			t.Errorf("%s: the launcher's raw message leaked: %q", cmd, out+errOut)
		}
	}
	if paths := h.site.Paths(); len(paths) != 0 {
		t.Errorf("the site saw requests: %q", paths)
	}
}

func TestVersionAndCompletion(t *testing.T) {
	code, out, _ := runCLI(t, "version")
	if code != 0 || !strings.HasPrefix(out, "optout "+version) {
		t.Errorf("version: exit %d, %q", code, out)
	}
	for _, shell := range []string{"bash", "zsh"} {
		code, out, _ := runCLI(t, "completion", shell)
		if code != 0 || !strings.Contains(out, "--generate-bash-completion") || !strings.Contains(out, "optout") {
			t.Errorf("completion %s: exit %d", shell, code)
		}
	}
	if code, _, errOut := runCLI(t, "completion", "fish"); code != 2 || !strings.Contains(errOut, "fish") {
		t.Errorf("completion fish: exit %d, %q", code, errOut)
	}
	// urfave/cli's completion protocol lists the commands. (It reads the
	// process's own os.Args, so they are set as a shell would run optout.)
	saved := os.Args
	os.Args = []string{"optout", "--generate-bash-completion"}
	t.Cleanup(func() { os.Args = saved })
	code, out, _ = runCLI(t, "--generate-bash-completion")
	for _, cmd := range []string{"genai", "status", "objection", "login", "batch", "demo", "version"} {
		if !strings.Contains(out, cmd) {
			t.Errorf("completion candidates lack %s: exit %d %q", cmd, code, out)
		}
	}
}

// TestEvidenceDirUnwritable: receipts that cannot be written stop the run
// before anything reaches the site, with a clear one-line reason.
func TestEvidenceDirUnwritable(t *testing.T) {
	h := newHousehold(t, []fixtures.Member{fakeMember("a", true)}, "a")
	notADir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notADir, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "--headless", "--json", "--yes", "--base-url", h.srv.URL, "--evidence-dir", filepath.Join(notADir, "receipts"),
		"--account", "a", "--profile-dir", h.profiles["a"], "genai")
	var r flows.Result
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v: %q", err, out)
	}
	if code != 1 || r.Outcome != flows.Failed || !strings.Contains(r.Error, "receipt") || strings.Contains(r.Error, "\n") {
		t.Errorf("exit %d, result %s %q; stderr %s", code, r.Outcome, r.Error, errOut)
	}
	if paths := h.site.Paths(); len(paths) != 0 || !h.site.GenAIOn("a") {
		t.Errorf("the site saw %v", paths)
	}
}
