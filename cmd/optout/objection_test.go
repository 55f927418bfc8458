package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/optout/optout/fixtures"
	"github.com/optout/optout/flows"
)

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
