// Package household reads optout's household file: the YAML list of the
// accounts one person looks after, each with a label, where its browser
// profile lives and what the objection form is pre-filled with; never a secret.
// The file is checked completely before any browser starts, and every problem
// is an *Error naming the file and line, which the CLI reports as a usage error
// (exit 2). yaml.v3 checks syntax, unknown and duplicate keys and the kinds of
// values; check.go adds what it cannot say. It knows nothing about browsers.
package household

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// MaxSize is the largest household file accepted, in bytes. A real one is a
// few hundred bytes; anything near this is not a household file.
const MaxSize = 1 << 20

// File is a parsed household file.
type File struct {
	Accounts []Account `yaml:"accounts"` // in the file's order; never empty
}

// Account is one entry: a label and where its browser profile lives; no
// secrets of any kind.
type Account struct {
	Name       string     `yaml:"name"`        // the label; unique in the file, compared without case
	ProfileDir string     `yaml:"profile_dir"` // Chromium's user-data-dir: absolute, clean, not shared
	Objection  *Objection `yaml:"objection"`   // what the objection form is pre-filled with, or nil
	Line       int        `yaml:"-"`           // the entry's line in the file, for messages
}

// Objection is what the objection form is pre-filled with. Every field is
// optional; an empty one is left for the person to fill in.
type Objection struct {
	FullName   string `yaml:"full_name"`
	Email      string `yaml:"email"`
	ProfileURL string `yaml:"profile_url"`
	Reason     string `yaml:"reason"`
}

// Error is a usage error at a line of the file. Line is 0 when the problem
// belongs to the file as a whole (unreadable, empty, too large).
type Error struct {
	File string
	Line int
	Msg  string
}

// Error returns "<file>:<line>: <msg>", or "<file>: <msg>" when Line is 0.
func (e *Error) Error() string {
	if e.Line <= 0 {
		return e.File + ": " + e.Msg
	}
	return e.File + ":" + strconv.Itoa(e.Line) + ": " + e.Msg
}

// Load reads the household file at path and parses it (see Parse). Every
// error, including a missing or unreadable file, is an *Error naming path.
func Load(path, profilesRoot string) (*File, error) {
	f, err := os.Open(path)
	if err == nil {
		defer f.Close()
		var data []byte
		if data, err = io.ReadAll(io.LimitReader(f, MaxSize+1)); err == nil {
			return Parse(path, data, profilesRoot)
		}
	}
	// err is an *fs.PathError; its path is in the message already.
	return nil, &Error{File: path, Msg: "cannot read the household file: " + errors.Unwrap(err).Error()}
}

// Parse checks and decodes a household file; name is used only in messages.
// An account without a profile_dir gets profilesRoot/NAME. Every error is an
// *Error; the first problem found is the one reported.
func Parse(name string, data []byte, profilesRoot string) (*File, error) {
	fail := func(line int, format string, args ...any) (*File, error) {
		return nil, &Error{File: name, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	if len(data) > MaxSize {
		return fail(0, "file is larger than %d bytes (1 MiB); a household file lists a few accounts", MaxSize)
	}
	docs, typed := yaml.NewDecoder(bytes.NewReader(data)), yaml.NewDecoder(bytes.NewReader(data))
	typed.KnownFields(true)
	var tree, next yaml.Node
	if err := docs.Decode(&tree); err != nil && !errors.Is(err, io.EOF) {
		return nil, yamlError(name, err)
	}
	if docs.Decode(&next) == nil {
		return fail(next.Line, "a second YAML document starts here; put every account in one \"accounts\" list")
	}
	if line, why := check(&tree); why != "" {
		return fail(line, "%s", why)
	}
	f := &File{}
	if err := typed.Decode(f); err != nil && !errors.Is(err, io.EOF) {
		return nil, yamlError(name, err)
	}
	if len(f.Accounts) == 0 {
		return fail(0, "no account listed; the file needs an \"accounts\" list with at least one account, such as \"- name: alice\"")
	}
	var entries struct{ Accounts []yaml.Node } // for each account's line
	_ = tree.Decode(&entries)                  // cannot fail: the typed decoding did not
	byDir := map[string]*Account{}
	for i := range f.Accounts {
		a := &f.Accounts[i]
		a.Line = entries.Accounts[i].Line
		dir, err := resolveDir(cmp.Or(a.ProfileDir, filepath.Join(profilesRoot, a.Name)))
		switch first, dup := (&File{f.Accounts[:i]}).Find(a.Name); {
		case a.Name == "":
			return fail(a.Line, "account #%d has no \"name\"; every account needs a label such as \"alice\"", i+1)
		case dup:
			return fail(a.Line, "duplicate account name %q (%q is at line %d; names are compared without case)", a.Name, first.Name, first.Line)
		case err != nil:
			return fail(a.Line, "profile_dir of account %q: %v", a.Name, err)
		case byDir[dir] != nil: // one profile holds one login session
			return fail(a.Line, "account %q shares the profile directory %q with account %q at line %d (each account needs its own)",
				a.Name, dir, byDir[dir].Name, byDir[dir].Line)
		}
		a.ProfileDir, byDir[dir] = dir, a
	}
	return f, nil
}

// resolveDir expands a leading "~" and makes dir absolute and clean.
func resolveDir(dir string) (string, error) {
	if dir == "~" || strings.HasPrefix(dir, "~/") {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		dir = home + dir[1:]
	}
	return filepath.Abs(dir)
}

// Find returns the account called name, or false. Names are unique without
// regard to case, so the match ignores case too.
func (f *File) Find(name string) (Account, bool) {
	for _, a := range f.Accounts {
		if strings.EqualFold(a.Name, name) {
			return a, true
		}
	}
	return Account{}, false
}

// yamlError turns a yaml.v3 error into an *Error at its line: a syntax
// error, or the first decoding error in the file's words.
func yamlError(file string, err error) *Error {
	msg, prefix := strings.TrimPrefix(err.Error(), "yaml: "), "not valid YAML: "
	if te := (*yaml.TypeError)(nil); errors.As(err, &te) {
		msg, prefix = te.Errors[0], ""
	}
	m := atLine.FindStringSubmatch(strings.Join(strings.Fields(msg), " ")) // one line
	e := &Error{File: file, Msg: prefix + m[2]}
	e.Line, _ = strconv.Atoi(m[1]) // 0 when the message names no line
	for _, w := range rewording {
		e.Msg = regexp.MustCompile(w[0]).ReplaceAllString(e.Msg, w[1])
	}
	return e
}

var atLine = regexp.MustCompile(`^(?:line (\d+): )?(.*)$`)

// rewording puts yaml.v3's decoding messages in the file's words.
var rewording = [][2]string{
	{`^field (.+) not found in type household\.File$`, `unknown key "$1" (known: accounts)`},
	{`^field (.+) not found in type household\.Account$`, `unknown key "$1" (known: name, profile_dir, objection)`},
	{`^field (.+) not found in type household\.Objection$`, `unknown key "$1" (known: full_name, email, profile_url, reason)`},
	{`^mapping key (".*") already defined at line (\d+)$`, `duplicate key $1 (first at line $2)`},
	{`^cannot unmarshal !!seq( into \S+)$`, "a list$1"},
	{`^cannot unmarshal !!map( into \S+)$`, "a mapping$1"},
	{`^cannot unmarshal !!\w+(?: .*)?( into \S+)$`, "a single value$1"},
	{` into string$`, " where text belongs"},
	{` into household\.File$`, ` where a mapping with the key "accounts" belongs`},
	{` into \[\]household\.Account$`, " where a list of accounts belongs"},
	{` into household\.Account$`, ` where an account (a mapping with at least "name") belongs`},
	{` into household\.Objection$`, " where a mapping of full_name, email, profile_url, reason belongs"},
}
