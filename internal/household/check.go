package household

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// The checks yaml.v3 cannot make, on the parsed tree before decoding.

// rules check the text of a key's value wherever the key stands; each
// returns why the value is refused, or "".
var rules = map[string]func(string) string{
	"name": NameProblem, "profile_dir": dirProblem,
	"full_name": controlProblem, "email": EmailProblem, "profile_url": ProfileURLProblem,
}

// secretWords mark keys that would hold a credential. optout signs in through
// the person's own browser window and never sees a password or cookie.
var secretWords = regexp.MustCompile(`(?i)password|passwd|secret|token|cookie|li[_-]at`)

// check finds what the file must not hold though YAML allows it: anchors,
// aliases, merge keys and tags (each makes a line mean something written
// elsewhere, or other than it reads), keys that look like secrets, and
// values the rules refuse. It returns the line and the reason, or "".
func check(n *yaml.Node) (int, string) {
	switch {
	case n.Kind == yaml.AliasNode:
		return n.Line, fmt.Sprintf("alias \"*%s\" is not allowed; write the value out in full", n.Value)
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

// yamlError turns a yaml.v3 error into an *Error at its line: a syntax
// error, or the first decoding error in the file's words (keys, lists,
// text) rather than Go's type names.
func yamlError(file string, err error) *Error {
	msg, decoding := strings.TrimPrefix(err.Error(), "yaml: "), false
	if te := (*yaml.TypeError)(nil); errors.As(err, &te) && len(te.Errors) > 0 {
		msg, decoding = te.Errors[0], true
	}
	e := &Error{File: file, Msg: strings.Join(strings.Fields(msg), " ")}
	if m := atLine.FindStringSubmatch(e.Msg); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
		e.Msg = m[2]
	}
	if !decoding {
		e.Msg = "not valid YAML: " + e.Msg
	}
	for _, w := range rewording {
		e.Msg = w.re.ReplaceAllString(e.Msg, w.with)
	}
	return e
}

var atLine = regexp.MustCompile(`^line (\d+): (.*)$`)

// rewording puts yaml.v3's decoding messages in the file's words.
var rewording = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`^field (.+) not found in type household\.File$`), `unknown key "$1" (known: accounts)`},
	{regexp.MustCompile(`^field (.+) not found in type household\.Account$`), `unknown key "$1" (known: name, profile_dir, objection)`},
	{regexp.MustCompile(`^field (.+) not found in type household\.Objection$`), `unknown key "$1" (known: full_name, email, profile_url, reason)`},
	{regexp.MustCompile(`^mapping key (".*") already defined at line (\d+)$`), `duplicate key $1 (first at line $2)`},
	{regexp.MustCompile(`^cannot unmarshal !!seq( into \S+)$`), "a list$1"},
	{regexp.MustCompile(`^cannot unmarshal !!map( into \S+)$`), "a mapping$1"},
	{regexp.MustCompile(`^cannot unmarshal !!\w+(?: .*)?( into \S+)$`), "a single value$1"},
	{regexp.MustCompile(` into string$`), " where text belongs"},
	{regexp.MustCompile(` into household\.File$`), ` where a mapping with the key "accounts" belongs`},
	{regexp.MustCompile(` into \[\]household\.Account$`), " where a list of accounts belongs"},
	{regexp.MustCompile(` into household\.Account$`), ` where an account (a mapping with at least "name") belongs`},
	{regexp.MustCompile(` into household\.Objection$`), " where a mapping of full_name, email, profile_url, reason belongs"},
}
