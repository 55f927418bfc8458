package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/optout/optout/fixtures"
)

// TestNoPersonalDataInLogsOrFiles runs every command against fake members
// with distinctive personal data, with debug logs on, and searches
// everything optout wrote (logs, terminal lines, JSON, receipts, the HTML
// report, failure evidence) for that data and for the session cookie. The
// one place personal data belongs is the objection result's "fields", which
// the contract fixes as what the form shows; it is left out of the search.
func TestNoPersonalDataInLogsOrFiles(t *testing.T) {
	t.Parallel() // its own site, profiles and receipts; it runs optout in this process, which keeps no global state
	const (
		name    = "Quentin Zyxwvut"
		email   = "quentin.zyx@unusual-mail.example"
		profile = "https://www.linkedin.com/in/quentin-zyxwvut-99"
	)
	person := func(key string, tweak func(*fixtures.Member)) fixtures.Member {
		m := fixtures.Member{Key: key, FullName: name, Email: email, ProfileURL: profile, Lang: "en", GenAIOn: true}
		if tweak != nil {
			tweak(&m)
		}
		return m
	}
	h := newHousehold(t, []fixtures.Member{
		person("on", nil),
		person("changed", func(m *fixtures.Member) { m.SwitchMissing = true }),
		person("form", func(m *fixtures.Member) { m.Form = fixtures.FormDyna; m.FormExtraRequired = true }),
		person("out", nil),
	}, "on", "changed", "form")
	secrets := []string{"Zyxwvut", "unusual-mail", "quentin-zyx", "quentin.zyx"}
	for _, key := range []string{"on", "changed", "form"} {
		secrets = append(secrets, h.site.SessionCookie(key).Value)
	}
	file := writeFile(t, fmt.Sprintf(`accounts:
  - name: on
    profile_dir: %s
  - name: changed
    profile_dir: %s
  - name: form
    profile_dir: %s
    objection:
      full_name: %s
      email: %s
      profile_url: %s
  - name: out
    profile_dir: %s
`, h.profiles["on"], h.profiles["changed"], h.profiles["form"], name, email, profile, h.profiles["out"]))

	logs := []string{"--log-level", "debug", "--log-format", "json"}
	runs := [][]string{
		append(logs, "status", "--accounts", file),
		append(logs, "batch", "--accounts", file),
		append(logs, "--account", "form", "objection", "--accounts", file),
		append(logs, "--account", "out", "--profile-dir", h.profiles["out"], "login"),
		append(logs, "--account", "changed", "--profile-dir", h.profiles["changed"], "genai", "--dry-run"),
	}
	var written strings.Builder
	for _, args := range runs {
		code, results, errOut := h.run(t, append([]string{"--timeout", "4s"}, args...)...)
		if code == 2 {
			t.Fatalf("%v: usage error: %s", args, errOut)
		}
		written.WriteString(errOut)
		for _, r := range results {
			r.Fields = nil // the contract's place for what the form shows
			line, _ := json.Marshal(r)
			written.Write(line)
		}
	}
	if !strings.Contains(written.String(), `"level":"debug"`) {
		t.Fatal("no debug log was written: the test would prove nothing")
	}
	files := 0
	err := filepath.WalkDir(h.evidence, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, ".png") {
			return err
		}
		data, err := os.ReadFile(path)
		files++
		fmt.Fprintf(&written, "\n== %s\n%s", path, data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 5 || !strings.Contains(written.String(), "page.html") {
		t.Fatalf("only %d files written, or no failure evidence: the test would prove little", files)
	}
	all := strings.ToLower(written.String())
	for _, s := range secrets {
		if i := strings.Index(all, strings.ToLower(s)); i >= 0 {
			from, to := max(0, i-200), min(len(all), i+100)
			t.Errorf("personal data %q found in what optout wrote:\n…%s…", s, written.String()[from:to])
		}
	}
}
