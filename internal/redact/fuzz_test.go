package redact

import (
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// anEmail is the common shape of an address, written independently of the
// package's own, broader pattern.
var anEmail = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)

// FuzzHTML holds HTML to what it promises on any document and secret: it
// never panics, no address survives anywhere in the output, and a secret
// survives in no text, attribute value or doctype of the output as an HTML
// parser reads it back.
//
// The secret is checked only when it is redacted at all (three characters or
// more) and is made of letters, and not when it is part of the placeholder
// itself ("act", "redacted"). It is not checked against markup names: tag and
// attribute names are kept on purpose, and a letters-only secret like "html"
// or "amp" is bound to appear in the markup and its escapes; what is read
// back is the content, with escapes decoded.
func FuzzHTML(f *testing.F) {
	f.Add(`<p>Hello Jane</p>`, "jane")
	f.Add(`<a href="https://www.linkedin.com/in/jane-doe/" aria-label="Jane Doe">Me</a>`, "Doe")
	f.Add(`<p>Ja<!-- -->ne</p><input value="jane@x.io"><textarea>Jane</textarea>`, "jane")
	f.Add(`<svg><xmp>&amp;#74;ane</xmp></svg>`, "jane")
	f.Add(`<!DOCTYPE jane@x.io PUBLIC "jane" "x@y.io"><jane@x.io a@b.io=1>`, "jane")
	f.Add(`<table>ja<tr><td>x</td></tr>ne</table>`, "jane")
	f.Add(`<!DOCTYPE a&b>`, "amp")
	f.Add(`<math><mtext><xmp>&</xmp></mtext></math>`, "amp")
	f.Add(`<p>ja&#0;ne</p><svg><p>ja&#0;ne</p></svg>`, "jane")
	f.Fuzz(func(t *testing.T, doc, secret string) {
		out := HTML(doc, secret)
		if m := anEmail.FindString(out); m != "" {
			t.Fatalf("output holds the address %q\n in: %q\nout: %q", m, doc, out)
		}
		if !checkable(secret) {
			return
		}
		root, err := html.Parse(strings.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		for s := range contents(root) {
			if containsFold(s, secret) {
				t.Fatalf("output holds the secret %q in %q\n in: %q\nout: %q", secret, s, doc, out)
			}
			if m := anEmail.FindString(s); m != "" {
				t.Fatalf("output holds the address %q read back\n in: %q\nout: %q", m, doc, out)
			}
		}
	})
}

// checkable reports whether the fuzz target can hold HTML to removing secret.
func checkable(secret string) bool {
	if utf8.RuneCountInString(secret) < minSecretLen || containsFold(Placeholder, secret) {
		return false
	}
	for _, r := range secret {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// contents yields every text, attribute value and doctype of the tree.
func contents(n *html.Node) func(func(string) bool) {
	return func(yield func(string) bool) {
		var walk func(*html.Node) bool
		walk = func(n *html.Node) bool {
			switch n.Type {
			case html.TextNode, html.CommentNode, html.DoctypeNode:
				if !yield(n.Data) {
					return false
				}
			}
			for _, a := range n.Attr {
				if !yield(a.Val) {
					return false
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if !walk(c) {
					return false
				}
			}
			return true
		}
		walk(n)
	}
}

// containsFold reports whether s holds sub under Unicode simple case
// folding, the folding a case-insensitive regexp uses.
func containsFold(s, sub string) bool {
	n := utf8.RuneCountInString(sub)
	for i := range s {
		j, k := i, 0
		for k < n && j < len(s) {
			_, size := utf8.DecodeRuneInString(s[j:])
			j += size
			k++
		}
		if k == n && strings.EqualFold(s[i:j], sub) {
			return true
		}
	}
	return false
}
