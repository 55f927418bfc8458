package household

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode"
)

// The rules for an account's name and objection details, shared by the file
// and the command line's flags. Each says why a value is refused, or "".

// maxNameLen bounds an account name, which becomes a directory name.
const maxNameLen = 64

// NameProblem says why name is not a safe account label, or "" when it is
// one. The name becomes a directory and a receipts folder, so it stays plain:
// ASCII letters, digits, '.', '_' and '-', not starting with '.' or '-'.
func NameProblem(name string) string {
	switch {
	case name == "":
		return "is empty; every account needs a label such as \"alice\""
	case len(name) > maxNameLen:
		return fmt.Sprintf("is %d characters long; the limit is %d", len(name), maxNameLen)
	case name[0] == '.' || name[0] == '-':
		return fmt.Sprintf("%q must not start with \".\" or \"-\"", name)
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._-", r)) {
			return fmt.Sprintf("%q contains %q; use only ASCII letters, digits, \".\", \"_\" and \"-\"", name, r)
		}
	}
	return ""
}

// controlProblem refuses control characters, a line break included.
func controlProblem(s string) string {
	if i := strings.IndexFunc(s, unicode.IsControl); i >= 0 {
		return fmt.Sprintf("contains the control character %q", []rune(s[i:])[0])
	}
	return ""
}

func dirProblem(dir string) string {
	switch {
	case dir == "":
		return "is empty; leave the key out to use the default"
	case strings.HasPrefix(dir, "~") && dir != "~" && !strings.HasPrefix(dir, "~/"):
		return fmt.Sprintf("is %q; only a leading \"~/\" is expanded, write the full path", dir)
	}
	return controlProblem(dir)
}

// EmailProblem says why s does not look like an email address, or "" (also
// "" for an empty s: every objection detail is optional).
func EmailProblem(s string) string {
	local, domain, ok := strings.Cut(s, "@")
	switch {
	case s == "":
		return ""
	case strings.ContainsFunc(s, unicode.IsSpace):
		return fmt.Sprintf("%q contains a space; write one address like \"alice@example.org\"", s)
	case !ok || strings.Contains(domain, "@"):
		return fmt.Sprintf("%q must contain exactly one \"@\", like \"alice@example.org\"", s)
	case local == "" || domain == "":
		return fmt.Sprintf("%q needs text on both sides of \"@\", like \"alice@example.org\"", s)
	}
	return controlProblem(s)
}

// ProfileURLProblem says why s is not an https URL, or "" (also for an
// empty s).
func ProfileURLProblem(s string) string {
	u, err := url.Parse(s)
	if ue := (*url.Error)(nil); errors.As(err, &ue) {
		err = ue.Err
	}
	switch {
	case s == "":
		return ""
	case err != nil:
		return fmt.Sprintf("%q is not a URL: %v", s, err)
	case strings.ContainsFunc(s, unicode.IsSpace):
		return fmt.Sprintf("%q contains a space; a URL has none", s)
	case u.Scheme != "https" || u.Host == "":
		return fmt.Sprintf("%q must be an https URL, like \"https://www.linkedin.com/in/alice-example\"", s)
	case u.User != nil:
		return fmt.Sprintf("%q must not contain a user name or password", s)
	}
	return ""
}
