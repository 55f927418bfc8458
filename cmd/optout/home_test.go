package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/optout/optout/automation"
	"github.com/optout/optout/automation/automationtest"
	"github.com/optout/optout/fixtures"
	"github.com/optout/optout/fixtures/fixturestest"
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
	srv := fixturestest.Serve(t, members...)
	h := &home{site: srv.Site, srv: srv.HTTP, profiles: map[string]string{}, evidence: t.TempDir()}
	for _, m := range members {
		h.profiles[m.Key] = filepath.Join(t.TempDir(), "profile-"+m.Key)
	}
	for _, key := range signedIn {
		h.signIn(t, key)
	}
	return h
}

// signIn stores a persistent session cookie for key in its profile, the way
// a person's sign-in leaves it there: the CLI runs as a process of its own,
// so the session must be on disk, in a browser of its own.
func (h *home) signIn(t testing.TB, key string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, err := automation.Launch(ctx, automationtest.Options(h.profiles[key]))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.Close() }) // when signing in fails; closing twice does nothing
	fixturestest.SignIn(t, b, h.site, h.srv.URL, key)
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

// fakeMember is fixturestest.Member with the setting on or off.
func fakeMember(key string, on bool) fixtures.Member {
	return fixturestest.Member(key, func(m *fixtures.Member) { m.GenAIOn = on })
}
