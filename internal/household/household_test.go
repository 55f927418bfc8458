package household

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const goodFile = `# the Example household
accounts:
  - name: alice
    profile_dir: ~/.config/optout/profiles/alice   # optional
    objection:
      full_name: Alice Example
      email: alice@example.org
      profile_url: https://www.linkedin.com/in/alice-example
      reason: |
        I object to the processing of my personal data
        for training AI models.
  - name: Bob_2.work
  - name: carol
    profile_dir: /srv/optout/carol
    objection:
      email: carol@example.org
`

func TestParseGoodFile(t *testing.T) {
	home, err := os.UserHomeDir()
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse("household.yaml", []byte(goodFile), "/profiles")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	want := []Account{
		{
			Name:       "alice",
			ProfileDir: home + "/.config/optout/profiles/alice",
			Objection: &Objection{
				FullName:   "Alice Example",
				Email:      "alice@example.org",
				ProfileURL: "https://www.linkedin.com/in/alice-example",
				Reason:     "I object to the processing of my personal data\nfor training AI models.\n",
			},
			Line: 3,
		},
		{Name: "Bob_2.work", ProfileDir: "/profiles/Bob_2.work", Line: 12},
		{Name: "carol", ProfileDir: "/srv/optout/carol", Objection: &Objection{Email: "carol@example.org"}, Line: 13},
	}
	if !reflect.DeepEqual(f.Accounts, want) {
		t.Errorf("accounts:\n got %+v\nwant %+v", f.Accounts, want)
	}

	a, ok := f.Find("BOB_2.WORK")
	if !ok || a.Name != "Bob_2.work" {
		t.Errorf("Find(BOB_2.WORK) = %+v, %v; want Bob_2.work", a, ok)
	}
	if _, ok := f.Find("dave"); ok {
		t.Error("Find(dave) found an account that is not in the file")
	}
}

func TestParseOptionalNulls(t *testing.T) {
	f, err := Parse("h.yaml", []byte("accounts:\n- name: a\n  profile_dir:\n  objection:\n- name: b\n  objection: {}\n"), "/profiles")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if a := f.Accounts[0]; a.ProfileDir != "/profiles/a" || a.Objection != nil {
		t.Errorf("empty optional keys: got %+v, want them absent", a)
	}
	if o := f.Accounts[1].Objection; o == nil || *o != (Objection{}) {
		t.Errorf("objection {}: got %+v, want an empty Objection", o)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "household.yaml")
	if err := os.WriteFile(path, []byte(goodFile), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := Load(path, "/profiles")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(f.Accounts) != 3 {
		t.Errorf("Load: %d accounts, want 3", len(f.Accounts))
	}

	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("accounts:\n- name: a\n  pofile_dir: x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = Load(bad, "/profiles")
	if got, want := errString(err), bad+`:3: unknown key "pofile_dir" (known: name, profile_dir, objection)`; got != want {
		t.Errorf("Load(bad):\n got %s\nwant %s", got, want)
	}

	missing := filepath.Join(dir, "missing.yaml")
	_, err = Load(missing, "/profiles")
	if got, want := errString(err), missing+": cannot read the household file: no such file or directory"; got != want {
		t.Errorf("Load(missing):\n got %s\nwant %s", got, want)
	}
	var herr *Error
	if !errors.As(err, &herr) {
		t.Errorf("Load(missing) error is %T, want *Error", err)
	}

	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, []byte("accounts:\n- name: a\n"+strings.Repeat("#", MaxSize)), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(big, "/profiles"); !strings.Contains(errString(err), "larger than") {
		t.Errorf("Load(big) = %v, want a size error", err)
	}
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// TestParseRejects has one case per rule: each asserts the line reported and
// the words (usually the key) the message must name.
func TestParseRejects(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		line int
		want []string // substrings of the message
	}{
		// The file as a whole.
		{"empty file", "", 0, []string{"no account listed", `"accounts"`}},
		{"comments only", "# nothing\n\n", 0, []string{"no account listed"}},
		{"empty document", "---\n", 0, []string{"no account listed"}},
		{"not utf-8", "accounts:\n- name: a\n  objection:\n    reason: caf\xe9\n", 0, []string{"not valid YAML", "UTF-8"}},
		{"over 1 MiB", "accounts:\n- name: a\n" + strings.Repeat("#", MaxSize), 0, []string{"larger than", "1 MiB"}},
		// Syntax errors carry yaml.v3's line, which for these points at the
		// line before the problem (it counts its context mark from zero).
		{"syntax error", "accounts:\n- name: a\n  profile_dir: [x\n", 2, []string{"not valid YAML", "']'"}},
		{"tab indentation", "accounts:\n- name: a\n\t- name: b\n", 2, []string{"not valid YAML", "tab"}},
		{"control character", "accounts:\n- name: a\x01\n", 0, []string{"not valid YAML", "control characters"}},
		{"two documents", "accounts:\n- name: a\n---\naccounts:\n- name: b\n", 3, []string{"second YAML document"}},
		{"anchor", "accounts:\n- &a\n  name: a\n- name: b\n", 2, []string{"anchor", "&a"}},
		{"alias", "accounts:\n- name: a\n  objection: &o\n    email: a@b.c\n- name: b\n  objection: *o\n", 3, []string{"anchor", "&o"}},
		{"alias alone", "x: &n a\naccounts: *n\n", 1, []string{"anchor"}},
		{"merge key", "accounts:\n- name: a\n  <<: {name: b}\n", 3, []string{`merge key "<<"`, "not allowed"}},
		{"custom tag", "accounts:\n- name: !secret a\n", 2, []string{"tag", `"!secret"`}},

		// The top level.
		{"top level list", "- name: a\n", 1, []string{"a list where", `mapping with the key "accounts"`}},
		{"top level scalar", "alice\n", 1, []string{"a single value where", `"accounts"`}},
		{"missing accounts", "{}\n", 0, []string{"no account listed", `"accounts"`}},
		{"unknown top key", "accounts:\n- name: a\nversion: 2\n", 3, []string{`unknown key "version"`, "(known: accounts)"}},
		{"duplicate top key", "accounts:\n- name: a\naccounts:\n- name: b\n", 3, []string{`duplicate key "accounts"`, "line 1"}},
		{"accounts not a list", "accounts:\n  name: a\n", 2, []string{"a mapping where a list of accounts belongs"}},
		{"accounts empty list", "accounts: []\n", 0, []string{"no account listed"}},
		{"accounts null", "accounts:\n", 0, []string{"no account listed"}},
		{"secret at top", "accounts:\n- name: a\ntoken: x\n", 3, []string{`"token"`, "never takes passwords", "cookies"}},

		// An account.
		{"account not a mapping", "accounts:\n- alice\n", 2, []string{"a single value where an account", `"name"`}},
		{"missing name", "accounts:\n- name: a\n- profile_dir: /p\n", 3, []string{"account #2", `no "name"`}},
		{"empty name", "accounts:\n- name: \"\"\n", 2, []string{`"name"`, "is empty"}},
		{"null name", "accounts:\n- name:\n", 2, []string{"account #1", `no "name"`}},
		{"name is a list", "accounts:\n- name: [a, b]\n", 2, []string{"a list where text belongs"}},
		{"name is a mapping", "accounts:\n- name:\n    first: a\n", 3, []string{"a mapping where text belongs"}},
		{"name with a space", "accounts:\n- name: alice smith\n", 2, []string{`"name"`, `contains ' '`, "ASCII letters"}},
		{"name with a slash", "accounts:\n- name: ../etc\n", 2, []string{`"name"`, `must not start with "."`}},
		{"name with a path", "accounts:\n- name: a/b\n", 2, []string{`"name"`, `contains '/'`}},
		{"name starting with dash", "accounts:\n- name: -rf\n", 2, []string{`"name"`, `must not start with "." or "-"`}},
		{"name not ascii", "accounts:\n- name: zoë\n", 2, []string{`"name"`, `contains 'ë'`}},
		{"name too long", "accounts:\n- name: " + strings.Repeat("a", 65) + "\n", 2, []string{`"name"`, "65 characters", "64"}},
		{"duplicate name", "accounts:\n- name: alice\n- name: bob\n- name: Alice\n", 4, []string{`duplicate account name "Alice"`, `"alice" is at line 2`}},
		{"duplicate name on one line", "accounts: [{name: a}, {name: A}]\n", 1, []string{`duplicate account name "A"`, `"a" is at line 1`}},
		{"duplicate key in account", "accounts:\n- name: a\n  profile_dir: /x\n  profile_dir: /y\n", 4, []string{`duplicate key "profile_dir"`, "line 3"}},
		{"unknown account key", "accounts:\n- name: alice\n  profile: /p\n", 3, []string{`unknown key "profile" (known: name, profile_dir, objection)`}},
		{"unknown key before name", "accounts:\n- nmae: alice\n", 2, []string{`unknown key "nmae"`}},
		{"key is a list", "accounts:\n- name: a\n  ? [x]\n  : y\n", 3, []string{"a list where text belongs"}},
		{"password key", "accounts:\n- name: a\n  password: hunter2\n", 3, []string{`key "password"`, "never takes passwords", "cookies"}},
		{"passwd key", "accounts:\n- name: a\n  passwd: x\n", 3, []string{`"passwd"`, "never takes passwords"}},
		{"secret key", "accounts:\n- name: a\n  client_secret: x\n", 3, []string{`"client_secret"`, "never takes passwords"}},
		{"cookie key", "accounts:\n- name: a\n  Cookie: x\n", 3, []string{`"Cookie"`, "never takes passwords"}},
		{"li_at key", "accounts:\n- name: a\n  li-at: x\n", 3, []string{`"li-at"`, "never takes passwords"}},
		{"profile_dir a list", "accounts:\n- name: a\n  profile_dir: [a]\n", 3, []string{"a list where text belongs"}},
		{"profile_dir empty string", "accounts:\n- name: a\n  profile_dir: ''\n", 3, []string{`"profile_dir"`, "is empty"}},
		{"profile_dir other home", "accounts:\n- name: a\n  profile_dir: ~bob/p\n", 3, []string{`"profile_dir"`, `"~/"`}},
		{"profile_dir control char", "accounts:\n- name: a\n  profile_dir: \"/p\\0\"\n", 3, []string{`"profile_dir"`, "control character"}},
		{"shared profile_dir", "accounts:\n- name: a\n  profile_dir: /p/x\n- name: b\n  profile_dir: /p/./x/\n", 4, []string{`account "b" shares the profile directory "/p/x"`, `account "a" at line 2`}},
		{"shared profile_dir via ~", "accounts:\n- name: a\n  profile_dir: ~/x\n- name: b\n  profile_dir: " + homeDir(t) + "/x\n", 4, []string{"shares the profile directory", "line 2"}},

		// The objection.
		{"objection a list", "accounts:\n- name: a\n  objection: [x]\n", 3, []string{"a list where a mapping of full_name"}},
		{"objection a string", "accounts:\n- name: a\n  objection: yes\n", 3, []string{"a single value where a mapping of full_name"}},
		{"unknown objection key", "accounts:\n- name: a\n  objection:\n    phone: 123\n", 4, []string{`unknown key "phone" (known: full_name, email, profile_url, reason)`}},
		{"duplicate objection key", "accounts:\n- name: a\n  objection:\n    email: a@b\n    email: c@d\n", 5, []string{`duplicate key "email"`, "line 4"}},
		{"secret in objection", "accounts:\n- name: a\n  objection:\n    session_token: x\n", 4, []string{`"session_token"`, "never takes passwords"}},
		{"full_name a list", "accounts:\n- name: a\n  objection:\n    full_name: [A, B]\n", 4, []string{"a list where text belongs"}},
		{"full_name two lines", "accounts:\n- name: a\n  objection:\n    full_name: \"A\\nB\"\n", 4, []string{`"full_name"`, "control character"}},
		{"reason a mapping", "accounts:\n- name: a\n  objection:\n    reason:\n      text: x\n", 5, []string{"a mapping where text belongs"}},
		{"email without @", "accounts:\n- name: a\n  objection:\n    email: alice.example.org\n", 4, []string{`"email"`, `exactly one "@"`}},
		{"email two @", "accounts:\n- name: a\n  objection:\n    email: a@b@c\n", 4, []string{`"email"`, `exactly one "@"`}},
		{"email with space", "accounts:\n- name: a\n  objection:\n    email: a @b.c\n", 4, []string{`"email"`, "space"}},
		{"email empty side", "accounts:\n- name: a\n  objection:\n    email: '@b.c'\n", 4, []string{`"email"`, "both sides"}},
		{"profile_url http", "accounts:\n- name: a\n  objection:\n    profile_url: http://www.linkedin.com/in/a\n", 4, []string{`"profile_url"`, "https URL"}},
		{"profile_url no host", "accounts:\n- name: a\n  objection:\n    profile_url: https:/in/a\n", 4, []string{`"profile_url"`, "https URL"}},
		{"profile_url not a url", "accounts:\n- name: a\n  objection:\n    profile_url: \"https://a/%zz\"\n", 4, []string{`"profile_url"`, "not a URL"}},
		{"profile_url with user", "accounts:\n- name: a\n  objection:\n    profile_url: https://me:pw@www.linkedin.com/in/a\n", 4, []string{`"profile_url"`, "user name or password"}},
		{"profile_url with space", "accounts:\n- name: a\n  objection:\n    profile_url: https://www.linkedin.com/in/a b\n", 4, []string{`"profile_url"`, "space"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse("household.yaml", []byte(tt.yaml), "/profiles")
			if err == nil {
				t.Fatalf("Parse accepted the file: %+v", f.Accounts)
			}
			var herr *Error
			if !errors.As(err, &herr) {
				t.Fatalf("error is %T (%v), want *Error", err, err)
			}
			if herr.File != "household.yaml" || herr.Line != tt.line {
				t.Errorf("error at %s:%d, want household.yaml:%d (%v)", herr.File, herr.Line, tt.line, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(herr.Msg, w) {
					t.Errorf("message %q does not mention %q", herr.Msg, w)
				}
			}
			checkMessageShape(t, herr)
		})
	}
}

// checkMessageShape holds every message to one line with a lower-case start.
func checkMessageShape(t *testing.T, e *Error) {
	t.Helper()
	if strings.ContainsAny(e.Msg, "\r\n") {
		t.Errorf("message spans lines: %q", e.Msg)
	}
	if e.Msg == "" || strings.ToLower(e.Msg[:1]) != e.Msg[:1] {
		t.Errorf("message does not start in lower case: %q", e.Msg)
	}
}

func homeDir(t *testing.T) string {
	home, err := os.UserHomeDir()
	if err != nil {
		t.Skip("no home directory:", err)
	}
	return home
}

func TestErrorString(t *testing.T) {
	if got := (&Error{File: "h.yaml", Line: 7, Msg: "bad"}).Error(); got != "h.yaml:7: bad" {
		t.Errorf("with line: %q", got)
	}
	if got := (&Error{File: "h.yaml", Msg: "bad"}).Error(); got != "h.yaml: bad" {
		t.Errorf("without line: %q", got)
	}
}

// TestProfileDirs: a missing profile_dir is the root's NAME, a given one is
// made absolute and clean, and two accounts that end up in one directory
// are refused, naming both lines.
func TestProfileDirs(t *testing.T) {
	home := homeDir(t)
	root := t.TempDir()
	f, err := Parse("h.yaml", []byte("accounts:\n- name: alice\n- name: bob\n  profile_dir: ~/profiles/bob\n- name: carol\n  profile_dir: /srv/../srv/carol/\n- name: dave\n  profile_dir: rel/dave\n"), root)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{f.Accounts[0].ProfileDir, f.Accounts[1].ProfileDir, f.Accounts[2].ProfileDir, f.Accounts[3].ProfileDir}
	want := []string{filepath.Join(root, "alice"), filepath.Join(home, "profiles/bob"), "/srv/carol", filepath.Join(mustGetwd(t), "rel/dave")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("profile dirs: got %q, want %q", got, want)
	}

	shared := []struct {
		name string
		yaml string
		line int
		want []string
	}{
		{
			"~/x and $HOME/x",
			"accounts:\n- name: a\n  profile_dir: ~/x\n- name: b\n  profile_dir: " + home + "/./x\n",
			4, []string{`account "b"`, `account "a" at line 2`, filepath.Join(home, "x")},
		},
		{
			"explicit dir equals another's default",
			"accounts:\n- name: alice\n- name: bob\n  profile_dir: " + filepath.Join(root, "alice") + "\n",
			3, []string{`account "bob"`, `account "alice" at line 2`},
		},
		{
			"relative equals absolute",
			"accounts:\n- name: a\n  profile_dir: p\n- name: b\n  profile_dir: " + filepath.Join(mustGetwd(t), "p") + "\n",
			4, []string{`account "b"`, "line 2"},
		},
	}
	for _, tt := range shared {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("h.yaml", []byte(tt.yaml), root)
			var herr *Error
			if !errors.As(err, &herr) {
				t.Fatalf("got %v, want an *Error", err)
			}
			if herr.Line != tt.line {
				t.Errorf("line %d, want %d: %v", herr.Line, tt.line, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(herr.Msg, w) {
					t.Errorf("message %q does not mention %q", herr.Msg, w)
				}
			}
			checkMessageShape(t, herr)
		})
	}
}

func mustGetwd(t *testing.T) string {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return wd
}
