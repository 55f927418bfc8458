package household

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"
)

// What yaml.v3 cannot say. NameProblem, EmailProblem and ProfileURLProblem
// also check the command line's flags.
var (
	// secretWords mark keys that would hold a credential: optout signs in
	// through the person's own browser and never sees a password or cookie.
	secretWords = regexp.MustCompile(`(?i)password|passwd|secret|token|cookie|li[_-]at`)
	// rules check a key's text wherever the key stands.
	rules = map[string]func(string) string{
		"name": NameProblem, "profile_dir": dirProblem,
		"full_name": controlProblem, "email": EmailProblem, "profile_url": ProfileURLProblem,
	}
	unplain = regexp.MustCompile(`[^A-Za-z0-9._-]`) // what an account name must not hold
)

const maxNameLen = 64 // an account name becomes a directory name

// check finds, in document order, what YAML allows but the file must not
// hold: anchors (and so aliases), merge keys and tags, each making a line
// mean something written elsewhere or other than it reads; keys that look
// like secrets; and values the rules refuse. It returns the line and why.
func check(n *yaml.Node) (int, string) {
	switch {
	case n.Anchor != "":
		return n.Line, fmt.Sprintf("anchor \"&%s\" is not allowed; write each value out in full", n.Anchor)
	case n.Style&yaml.TaggedStyle != 0 && n.Tag != "!!str":
		return n.Line, fmt.Sprintf("tag %q is not allowed; write plain values", n.Tag)
	}
	for i, c := range n.Content {
		if n.Kind == yaml.MappingNode && i%2 == 0 {
			key, value := c.Value, n.Content[i+1]
			switch rule := rules[key]; {
			case key == "<<":
				return c.Line, "merge key \"<<\" is not allowed; write each value out in full"
			case secretWords.MatchString(key):
				return c.Line, fmt.Sprintf("key %q looks like a secret: optout never takes passwords, tokens or cookies (sign in with \"optout login\" instead)", key)
			case rule != nil && value.Kind == yaml.ScalarNode && value.Tag != "!!null" && rule(value.Value) != "":
				return value.Line, fmt.Sprintf("%q %s", key, rule(value.Value))
			}
		}
		if line, why := check(c); why != "" {
			return line, why
		}
	}
	return 0, ""
}

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
	return controlProblem(s)
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
