package household

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/optout/optout/internal/rules"
)

// FuzzParse holds Parse to its contract on any input: it never panics, every
// error is an *Error with a one-line message, and a file it accepts has at
// least one account, each with a safe, unique name and its own absolute
// profile directory.
func FuzzParse(f *testing.F) {
	f.Add([]byte(goodFile))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse("fuzz.yaml", data, "/profiles")
		if err != nil {
			var herr *Error
			if !errors.As(err, &herr) {
				t.Fatalf("error is %T, want *Error: %v", err, err)
			}
			if herr.File != "fuzz.yaml" || herr.Line < 0 || strings.ContainsAny(herr.Msg, "\r\n") {
				t.Fatalf("malformed error: %#v", herr)
			}
			return
		}
		if len(file.Accounts) == 0 {
			t.Fatal("accepted a file with no accounts")
		}
		seen, dirs := map[string]bool{}, map[string]bool{}
		for _, a := range file.Accounts {
			if why := rules.NameProblem(a.Name); why != "" {
				t.Fatalf("accepted the name %q, which %s", a.Name, why)
			}
			folded := strings.ToLower(a.Name)
			if seen[folded] {
				t.Fatalf("accepted the name %q twice", a.Name)
			}
			seen[folded] = true
			if a.Line < 1 {
				t.Fatalf("account %q has line %d", a.Name, a.Line)
			}
			if !filepath.IsAbs(a.ProfileDir) || dirs[a.ProfileDir] {
				t.Fatalf("account %q has the profile directory %q: relative, or shared", a.Name, a.ProfileDir)
			}
			dirs[a.ProfileDir] = true
		}
	})
}
