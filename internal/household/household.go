// Package household reads optout's household file: the YAML list of the
// accounts one person looks after, each with a label, where its browser
// profile lives, and what the objection form is pre-filled with.
//
// It is strict on purpose. The file is checked completely before any browser
// starts, and every problem is an *Error naming the file and line, so the CLI
// can report it as a usage error (exit 2). The file never holds secrets: keys
// that look like passwords, tokens or cookies are refused outright. This
// package knows nothing about browsers or LinkedIn.
package household

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// MaxSize is the largest household file accepted, in bytes. A real one is a
// few hundred bytes; anything near this is not a household file.
const MaxSize = 1 << 20

// File is a parsed household file.
type File struct {
	// Accounts are the entries in the order the file lists them; never empty.
	Accounts []Account

	name string // the file name used in messages
}

// Account is one entry: a label and where its browser profile lives; no
// secrets of any kind.
type Account struct {
	// Name is the account's label; unique in the file, compared without case.
	Name string
	// ProfileDir is the Chromium user-data-dir as written, with a leading ~
	// expanded; "" when absent (see File.ResolveProfileDirs).
	ProfileDir string
	// Objection is what the objection form is pre-filled with; nil when absent.
	Objection *Objection
	// Line is the line of the entry in the file, for messages.
	Line int
}

// Objection is what the objection form is pre-filled with. Every field is
// optional; an empty one is left for the person to fill in.
type Objection struct {
	FullName, Email, ProfileURL, Reason string
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

// Load reads the household file at path and parses it. Every error, including
// a missing or unreadable file, is an *Error naming path.
func Load(path string) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{File: path, Msg: "cannot read the household file: " + pathErrorText(err)}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, &Error{File: path, Msg: "cannot read the household file: " + pathErrorText(err)}
	}
	return Parse(path, data)
}

// pathErrorText drops the path from err, since the message already names it.
func pathErrorText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Parse checks and decodes a household file. name is used only in messages.
// Every error is an *Error; the first problem found is the one reported.
func Parse(name string, data []byte) (*File, error) {
	p := parser{file: name}
	accounts, err := p.parse(data)
	if err != nil {
		return nil, err
	}
	return &File{Accounts: accounts, name: name}, nil
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

// ResolveProfileDirs fills every empty ProfileDir with
// filepath.Join(defaultRoot, Name), makes every path absolute and clean, and
// fails with an *Error naming both lines when two accounts end up sharing a
// directory: one profile holds one login session, and two accounts in one
// profile would act on each other's settings. On error f is left unchanged.
func (f *File) ResolveProfileDirs(defaultRoot string) error {
	resolved := make([]string, len(f.Accounts))
	owner := make(map[string]int, len(f.Accounts))
	for i, a := range f.Accounts {
		dir := a.ProfileDir
		if dir == "" {
			if defaultRoot == "" {
				return fmt.Errorf("resolve profile directory of account %q: no default profile root", a.Name)
			}
			dir = filepath.Join(defaultRoot, a.Name)
		}
		abs, err := filepath.Abs(dir)
		if err != nil {
			return &Error{File: f.name, Line: a.Line, Msg: fmt.Sprintf("profile_dir of account %q: %v", a.Name, err)}
		}
		if j, taken := owner[abs]; taken {
			return sharedDirError(f.name, f.Accounts[j], a, abs)
		}
		owner[abs] = i
		resolved[i] = abs
	}
	for i := range f.Accounts {
		f.Accounts[i].ProfileDir = resolved[i]
	}
	return nil
}

func sharedDirError(file string, first, second Account, dir string) *Error {
	return &Error{File: file, Line: second.Line, Msg: fmt.Sprintf(
		"account %q shares the profile directory %q with account %q at line %d (each account needs its own)",
		second.Name, dir, first.Name, first.Line)}
}

// The keys each level allows, in the order messages list them.
var (
	topKeys       = []string{"accounts"}
	accountKeys   = []string{"name", "profile_dir", "objection"}
	objectionKeys = []string{"full_name", "email", "profile_url", "reason"}
)

// secretWords mark keys that would hold a credential. optout signs in through
// the person's own browser window and never sees a password or cookie.
var secretWords = []string{"password", "passwd", "secret", "token", "cookie", "li_at"}

// maxNameLen bounds an account name, which becomes a directory name.
const maxNameLen = 64

var nameChars = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)

type parser struct {
	file string
}

func (p *parser) errorf(line int, format string, args ...any) *Error {
	return &Error{File: p.file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) parse(data []byte) ([]Account, error) {
	if len(data) > MaxSize {
		return nil, p.errorf(0, "file is larger than %d bytes (1 MiB); a household file lists a few accounts", MaxSize)
	}
	if !utf8.Valid(data) {
		return nil, p.errorf(firstInvalidUTF8Line(data), "file is not UTF-8 text")
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, p.errorf(0, "file is empty; it needs an \"accounts\" list")
		}
		return nil, p.yamlError(err)
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		return nil, p.errorf(next.Line, "a second YAML document starts here; put every account in one \"accounts\" list")
	case !errors.Is(err, io.EOF):
		return nil, p.yamlError(err)
	}
	if err := p.refuseIndirection(&doc); err != nil {
		return nil, err
	}
	if len(doc.Content) == 0 || isNull(doc.Content[0]) {
		return nil, p.errorf(0, "file is empty; it needs an \"accounts\" list")
	}
	return p.top(doc.Content[0])
}

// firstInvalidUTF8Line is the line holding the first byte that is not UTF-8.
func firstInvalidUTF8Line(data []byte) int {
	line := 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		data = data[size:]
	}
	return line
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlError turns a yaml.v3 syntax error into an *Error carrying its line.
func (p *parser) yamlError(err error) *Error {
	msg := strings.Join(strings.Fields(err.Error()), " ")
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return p.errorf(line, "not valid YAML: %s", m[2])
	}
	return p.errorf(0, "not valid YAML: %s", strings.TrimPrefix(msg, "yaml: "))
}

// refuseIndirection rejects anchors, aliases and explicit tags anywhere in
// the tree: each makes a line mean something written elsewhere, or something
// other than what it reads as.
func (p *parser) refuseIndirection(n *yaml.Node) error {
	switch {
	case n.Kind == yaml.AliasNode:
		return p.errorf(n.Line, "alias \"*%s\" is not allowed; write the value out in full", n.Value)
	case n.Anchor != "":
		return p.errorf(n.Line, "anchor \"&%s\" is not allowed; write each value out in full", n.Anchor)
	case n.Style&yaml.TaggedStyle != 0 && n.Tag != "!!str":
		return p.errorf(n.Line, "tag %q is not allowed; write plain values", n.Tag)
	}
	for _, c := range n.Content {
		if err := p.refuseIndirection(c); err != nil {
			return err
		}
	}
	return nil
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if isNull(n) {
			return "empty"
		}
		return "a single value"
	}
	return "something else"
}

// entry is one key and its value in a mapping.
type entry struct {
	key   string
	line  int
	value *yaml.Node
}

// mapping checks the keys of n: each a plain string, none twice, none that
// looks like a secret, none outside known. where names the mapping in
// messages ("in account \"alice\"").
func (p *parser) mapping(n *yaml.Node, where string, known []string) ([]entry, error) {
	entries := make([]entry, 0, len(n.Content)/2)
	seen := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || isNull(k) {
			return nil, p.errorf(k.Line, "a key %s is %s; keys are plain words like %q", where, kindName(k), known[0])
		}
		if first, dup := seen[k.Value]; dup {
			return nil, p.errorf(k.Line, "duplicate key %q %s (first at line %d)", k.Value, where, first)
		}
		seen[k.Value] = k.Line
		if looksSecret(k.Value) {
			return nil, p.errorf(k.Line,
				"key %q %s looks like a secret: optout never takes passwords, tokens or cookies (sign in with \"optout login\" instead)",
				k.Value, where)
		}
		if !slices.Contains(known, k.Value) {
			return nil, p.errorf(k.Line, "unknown key %q %s (known: %s)", k.Value, where, strings.Join(known, ", "))
		}
		entries = append(entries, entry{key: k.Value, line: k.Line, value: v})
	}
	return entries, nil
}

func looksSecret(key string) bool {
	k := strings.ToLower(strings.ReplaceAll(key, "-", "_"))
	for _, w := range secretWords {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

func (p *parser) top(n *yaml.Node) ([]Account, error) {
	if n.Kind != yaml.MappingNode {
		return nil, p.errorf(n.Line, "the top level is %s; it must be a mapping with the key \"accounts\"", kindName(n))
	}
	entries, err := p.mapping(n, "at the top level", topKeys)
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return nil, p.errorf(n.Line, "missing key \"accounts\" at the top level")
	}
	list := entries[0]
	if list.value.Kind != yaml.SequenceNode {
		return nil, p.errorf(list.line, "\"accounts\" is %s; it must be a list of accounts", kindName(list.value))
	}
	if len(list.value.Content) == 0 {
		return nil, p.errorf(list.line, "\"accounts\" is an empty list; add at least one account")
	}

	accounts := make([]Account, 0, len(list.value.Content))
	nameLine := make(map[string]Account, len(list.value.Content))
	dirLine := make(map[string]Account, len(list.value.Content))
	for i, item := range list.value.Content {
		a, err := p.account(item, i+1)
		if err != nil {
			return nil, err
		}
		folded := strings.ToLower(a.Name)
		if first, dup := nameLine[folded]; dup {
			return nil, p.errorf(a.Line, "duplicate account name %q (%q is at line %d; names are compared without case)",
				a.Name, first.Name, first.Line)
		}
		nameLine[folded] = a
		if a.ProfileDir != "" {
			dir := filepath.Clean(a.ProfileDir)
			if first, dup := dirLine[dir]; dup {
				return nil, sharedDirError(p.file, first, a, dir)
			}
			dirLine[dir] = a
		}
		accounts = append(accounts, a)
	}
	return accounts, nil
}

// account decodes the index-th entry (1-based) of the accounts list.
func (p *parser) account(n *yaml.Node, index int) (Account, error) {
	if n.Kind != yaml.MappingNode {
		return Account{}, p.errorf(n.Line, "account #%d is %s; each account is a mapping with at least \"name\"", index, kindName(n))
	}
	a := Account{Line: n.Line}
	where := fmt.Sprintf("in account #%d", index)
	// Name the account in messages about its other keys, when it has a usable name.
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k, v := n.Content[i], n.Content[i+1]; k.Value == "name" && v.Kind == yaml.ScalarNode && nameProblem(v.Value) == "" {
			where = fmt.Sprintf("in account %q", v.Value)
			break
		}
	}
	entries, err := p.mapping(n, where, accountKeys)
	if err != nil {
		return Account{}, err
	}
	hasName := false
	for _, e := range entries {
		switch e.key {
		case "name":
			hasName = true
			if a.Name, err = p.text(e, where, false); err != nil {
				return Account{}, err
			}
			if why := nameProblem(a.Name); why != "" {
				return Account{}, p.errorf(e.line, "\"name\" %s %s", where, why)
			}
		case "profile_dir":
			if isNull(e.value) {
				continue
			}
			dir, err := p.text(e, where, false)
			if err != nil {
				return Account{}, err
			}
			if a.ProfileDir, err = p.expandHome(dir, e.line, where); err != nil {
				return Account{}, err
			}
		case "objection":
			if isNull(e.value) {
				continue
			}
			if a.Objection, err = p.objection(e, where); err != nil {
				return Account{}, err
			}
		}
	}
	if !hasName {
		return Account{}, p.errorf(n.Line, "account #%d has no \"name\"; every account needs a label such as \"alice\"", index)
	}
	return a, nil
}

// nameProblem says why name is not a safe label, or "" when it is one. The
// name becomes a directory and a receipts folder, so it stays plain.
func nameProblem(name string) string {
	switch {
	case name == "":
		return "is empty; every account needs a label such as \"alice\""
	case len(name) > maxNameLen:
		return fmt.Sprintf("is %d characters long; the limit is %d", len(name), maxNameLen)
	case name[0] == '.' || name[0] == '-':
		return fmt.Sprintf("%q must not start with \".\" or \"-\"", name)
	case !nameChars.MatchString(name):
		for _, r := range name {
			if !strings.ContainsRune("._-", r) && !(r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))) {
				return fmt.Sprintf("%q contains %q; use only ASCII letters, digits, \".\", \"_\" and \"-\"", name, r)
			}
		}
	}
	return ""
}

// text reads a value that must be a single piece of text. Control characters
// are refused, except line breaks and tabs where multiline is true.
func (p *parser) text(e entry, where string, multiline bool) (string, error) {
	v := e.value
	if v.Kind != yaml.ScalarNode {
		return "", p.errorf(v.Line, "%q %s is %s; it must be text", e.key, where, kindName(v))
	}
	if isNull(v) {
		return "", nil
	}
	for _, r := range v.Value {
		if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\t')) {
			return "", p.errorf(v.Line, "%q %s contains the control character %q", e.key, where, r)
		}
	}
	return v.Value, nil
}

// expandHome expands a leading "~" or "~/" to the home directory.
func (p *parser) expandHome(dir string, line int, where string) (string, error) {
	if dir == "" {
		return "", p.errorf(line, "\"profile_dir\" %s is empty; leave the key out to use the default", where)
	}
	if dir != "~" && !strings.HasPrefix(dir, "~/") {
		if strings.HasPrefix(dir, "~") {
			return "", p.errorf(line, "\"profile_dir\" %s is %q; only a leading \"~/\" is expanded, write the full path", where, dir)
		}
		return dir, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", p.errorf(line, "\"profile_dir\" %s starts with \"~\" but the home directory is unknown: %v", where, err)
	}
	return home + dir[1:], nil
}

func (p *parser) objection(e entry, account string) (*Objection, error) {
	if e.value.Kind != yaml.MappingNode {
		return nil, p.errorf(e.value.Line, "\"objection\" %s is %s; it must be a mapping of %s",
			account, kindName(e.value), strings.Join(objectionKeys, ", "))
	}
	where := "in the objection of " + strings.TrimPrefix(account, "in ")
	entries, err := p.mapping(e.value, where, objectionKeys)
	if err != nil {
		return nil, err
	}
	o := &Objection{}
	for _, f := range entries {
		val, err := p.text(f, where, f.key == "reason")
		if err != nil {
			return nil, err
		}
		switch f.key {
		case "full_name":
			o.FullName = val
		case "email":
			if why := EmailProblem(val); why != "" {
				return nil, p.errorf(f.line, "\"email\" %s %s", where, why)
			}
			o.Email = val
		case "profile_url":
			if why := ProfileURLProblem(val); why != "" {
				return nil, p.errorf(f.line, "\"profile_url\" %s %s", where, why)
			}
			o.ProfileURL = val
		case "reason":
			o.Reason = val
		}
	}
	return o, nil
}

// EmailProblem says why s does not look like an email address, or "" (also
// "" for an empty s: every objection detail is optional).
func EmailProblem(s string) string {
	if s == "" {
		return ""
	}
	local, domain, ok := strings.Cut(s, "@")
	switch {
	case strings.ContainsFunc(s, unicode.IsSpace):
		return fmt.Sprintf("%q contains a space; write one address like \"alice@example.org\"", s)
	case !ok || strings.Contains(domain, "@"):
		return fmt.Sprintf("%q must contain exactly one \"@\", like \"alice@example.org\"", s)
	case local == "" || domain == "":
		return fmt.Sprintf("%q needs text on both sides of \"@\", like \"alice@example.org\"", s)
	}
	return ""
}

// ProfileURLProblem says why s is not an https URL, or "" (also for an
// empty s).
func ProfileURLProblem(s string) string {
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	switch {
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
