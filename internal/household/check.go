package household

import (
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/optout/optout/internal/rules"
)

// What yaml.v3 cannot say; the values' own rules are package rules' (the
// command line's flags follow them too).
var (
	// secretWords mark keys that would hold a credential: optout signs in
	// through the person's own browser and never sees a password or cookie.
	secretWords = regexp.MustCompile(`(?i)password|passwd|secret|token|cookie|li[_-]at`)
	// valueRules check a key's text wherever the key stands.
	valueRules = map[string]func(string) string{
		"name": rules.NameProblem, "profile_dir": dirProblem,
		"full_name": rules.ControlProblem, "email": rules.EmailProblem, "profile_url": rules.ProfileURLProblem,
	}
)

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
			switch rule := valueRules[key]; {
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

// dirProblem says why dir is no profile directory to write down.
func dirProblem(dir string) string {
	switch {
	case dir == "":
		return "is empty; leave the key out to use the default"
	case strings.HasPrefix(dir, "~") && dir != "~" && !strings.HasPrefix(dir, "~/"):
		return fmt.Sprintf("is %q; only a leading \"~/\" is expanded, write the full path", dir)
	}
	return rules.ControlProblem(dir)
}
