// Package rules says what optout accepts as an account name, an email
// address, a LinkedIn profile URL and a line of text, wherever the value
// comes from (the household file, the command line). Each function returns
// why a value is refused, or "" when it is accepted.
package rules

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode"
)

const maxNameLen = 64 // an account name becomes a directory name

var unplain = regexp.MustCompile(`[^A-Za-z0-9._-]`) // what an account name must not hold

// NameProblem says why name is not a safe account label, or "" when it is
// one. The name becomes a directory and a receipts folder, so it stays plain:
// ASCII letters, digits, '.', '_' and '-', not starting with '.' or '-'.
func NameProblem(name string) string {
	switch bad := unplain.FindString(name); {
	case name == "":
		return "is empty; every account needs a label such as \"alice\""
	case len(name) > maxNameLen:
		return fmt.Sprintf("is %d characters long; the limit is %d", len(name), maxNameLen)
	case name[0] == '.' || name[0] == '-':
		return fmt.Sprintf("%q must not start with \".\" or \"-\"", name)
	case bad != "":
		return fmt.Sprintf("%q contains %q; use only ASCII letters, digits, \".\", \"_\" and \"-\"", name, []rune(bad)[0])
	}
	return ""
}

// ControlProblem refuses control characters, a line break included.
func ControlProblem(s string) string {
	if i := strings.IndexFunc(s, unicode.IsControl); i >= 0 {
		return fmt.Sprintf("contains the control character %q", []rune(s[i:])[0])
	}
	return ""
}

// EmailProblem says why s does not look like an email address, or "" (also
// "" for an empty s: every objection detail is optional).
func EmailProblem(s string) string {
	local, domain, _ := strings.Cut(s, "@")
	switch {
	case s == "":
		return ""
	case strings.ContainsFunc(s, unicode.IsSpace):
		return fmt.Sprintf("%q contains a space; write one address like \"alice@example.org\"", s)
	case strings.Count(s, "@") != 1:
		return fmt.Sprintf("%q must contain exactly one \"@\", like \"alice@example.org\"", s)
	case local == "" || domain == "":
		return fmt.Sprintf("%q needs text on both sides of \"@\", like \"alice@example.org\"", s)
	}
	return ControlProblem(s)
}

// ProfileURLProblem says why s is not an https URL, or "" (also for an empty s).
func ProfileURLProblem(s string) string {
	u, err := url.Parse(s)
	switch {
	case s == "":
		return ""
	case err != nil:
		return fmt.Sprintf("%q is not a URL: %v", s, errors.Unwrap(err)) // without the URL again
	case strings.ContainsFunc(s, unicode.IsSpace):
		return fmt.Sprintf("%q contains a space; a URL has none", s)
	case u.Scheme != "https" || u.Host == "":
		return fmt.Sprintf("%q must be an https URL, like \"https://www.linkedin.com/in/alice-example\"", s)
	case u.User != nil:
		return fmt.Sprintf("%q must not contain a user name or password", s)
	}
	return ""
}
