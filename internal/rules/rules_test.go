package rules

import (
	"strings"
	"testing"
)

func TestRules(t *testing.T) {
	for _, tc := range []struct {
		rule    string
		check   func(string) string
		value   string
		refused string // a part of the reason; "" when the value is accepted
	}{
		{"name", NameProblem, "alice", ""},
		{"name", NameProblem, "bob.smith-2_x", ""},
		{"name", NameProblem, "", "is empty"},
		{"name", NameProblem, strings.Repeat("a", 65), "the limit is 64"},
		{"name", NameProblem, ".hidden", "must not start with"},
		{"name", NameProblem, "-flag", "must not start with"},
		{"name", NameProblem, "a/../etc", `contains '/'`},
		{"name", NameProblem, "zoë", `contains 'ë'`},
		{"email", EmailProblem, "", ""},
		{"email", EmailProblem, "alice@example.org", ""},
		{"email", EmailProblem, "alice @example.org", "contains a space"},
		{"email", EmailProblem, "alice.example.org", `exactly one "@"`},
		{"email", EmailProblem, "@example.org", "both sides"},
		{"email", EmailProblem, "alice@exa\x07mple.org", "control character"},
		{"profile URL", ProfileURLProblem, "", ""},
		{"profile URL", ProfileURLProblem, "https://www.linkedin.com/in/alice-example", ""},
		{"profile URL", ProfileURLProblem, "http://www.linkedin.com/in/alice", "https URL"},
		{"profile URL", ProfileURLProblem, "https://user:pw@www.linkedin.com/in/alice", "user name or password"},
		{"profile URL", ProfileURLProblem, "https://www.linkedin.com/in/ alice", "contains a space"},
		{"profile URL", ProfileURLProblem, "https://www.linkedin.com/in/\x00", "not a URL"},
		{"text", ControlProblem, "Alice Example", ""},
		{"text", ControlProblem, "Alice\nExample", "control character"},
	} {
		got := tc.check(tc.value)
		if tc.refused == "" && got != "" || tc.refused != "" && !strings.Contains(got, tc.refused) {
			t.Errorf("%s %q: got %q, want %q", tc.rule, tc.value, got, tc.refused)
		}
	}
}
