// Package household reads optout's household file: the YAML list of the
// accounts one person looks after, each with a label, where its browser
// profile lives, and what the objection form is pre-filled with.
//
// It is strict on purpose: the file is checked completely before any browser
// starts, and every problem is an *Error naming the file and line, so the CLI
// can report it as a usage error (exit 2). yaml.v3 checks syntax, unknown and
// duplicate keys and the kinds of values; check.go adds what it cannot say.
// The file never holds secrets. This package knows nothing about browsers or
// LinkedIn.
package household

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// MaxSize is the largest household file accepted, in bytes. A real one is a
// few hundred bytes; anything near this is not a household file.
const MaxSize = 1 << 20

// File is a parsed household file.
type File struct {
	// Accounts are the entries in the order the file lists them; never empty.
	Accounts []Account `yaml:"accounts"`
}

// Account is one entry: a label and where its browser profile lives; no
// secrets of any kind.
type Account struct {
	// Name is the account's label; unique in the file, compared without case.
	Name string `yaml:"name"`
	// ProfileDir is the Chromium user-data-dir: absolute, clean, and never
	// shared with another account of the file.
	ProfileDir string `yaml:"profile_dir"`
	// Objection is what the objection form is pre-filled with; nil when absent.
	Objection *Objection `yaml:"objection"`
	// Line is the line of the entry in the file, for messages.
	Line int `yaml:"-"`
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
	if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
		err = pe.Err // the message names the path already
	}
	return nil, &Error{File: path, Msg: "cannot read the household file: " + err.Error()}
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
	docs := yaml.NewDecoder(bytes.NewReader(data))
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
	strict := yaml.NewDecoder(bytes.NewReader(data))
	strict.KnownFields(true)
	f := &File{}
	if err := strict.Decode(f); err != nil && !errors.Is(err, io.EOF) {
		return nil, yamlError(name, err)
	}
	if len(f.Accounts) == 0 {
		return fail(0, "no account listed; the file needs an \"accounts\" list with at least one account, such as \"- name: alice\"")
	}
	lines := accountLines(&tree)
	byDir := map[string]Account{}
	for i := range f.Accounts {
		a := &f.Accounts[i]
		a.Line = lines[i]
		if a.Name == "" {
			return fail(a.Line, "account #%d has no \"name\"; every account needs a label such as \"alice\"", i+1)
		}
		if first, _ := f.Find(a.Name); first.Line != a.Line { // an earlier one
			return fail(a.Line, "duplicate account name %q (%q is at line %d; names are compared without case)", a.Name, first.Name, first.Line)
		}
		dir, err := resolveDir(a.ProfileDir, filepath.Join(profilesRoot, a.Name))
		if err != nil {
			return fail(a.Line, "profile_dir of account %q: %v", a.Name, err)
		}
		if first, shared := byDir[dir]; shared {
			// One profile holds one login session: two accounts in it would
			// act on each other's settings.
			return fail(a.Line, "account %q shares the profile directory %q with account %q at line %d (each account needs its own)",
				a.Name, dir, first.Name, first.Line)
		}
		a.ProfileDir, byDir[dir] = dir, *a
	}
	return f, nil
}

// resolveDir is dir, or def when dir is empty, with a leading "~" expanded
// to the home directory, made absolute and clean.
func resolveDir(dir, def string) (string, error) {
	if dir == "" {
		dir = def
	}
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

// accountLines are the lines of the entries of a decoded file's accounts list.
func accountLines(tree *yaml.Node) []int {
	var lines []int
	top := tree.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value == "accounts" {
			for _, item := range top.Content[i+1].Content {
				lines = append(lines, item.Line)
			}
		}
	}
	return lines
}
