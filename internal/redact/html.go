package redact

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// emptied are elements whose content is dropped while the element stays:
// code and styles explain nothing about a locator and may embed anything;
// a textarea's text is what the person typed. The obsolete raw-text
// elements go too: their text is written unescaped or escaped depending on
// where they sit, and a parser reading the result back may take it
// differently from the one that wrote it.
var emptied = map[atom.Atom]bool{
	atom.Script:    true,
	atom.Noscript:  true,
	atom.Style:     true,
	atom.Iframe:    true,
	atom.Textarea:  true,
	atom.Xmp:       true,
	atom.Noembed:   true,
	atom.Noframes:  true,
	atom.Plaintext: true,
}

// blanked are the attributes, per element, whose value is set to "": image
// addresses point at profile photos.
var blanked = map[atom.Atom][]string{
	atom.Img:    {"src", "srcset"},
	atom.Source: {"src", "srcset"},
	atom.Image:  {"href"}, // SVG <image>, also as xlink:href
}

// tokenRun is a run of characters that looks like a session or tracking
// token rather than a word: long, and with letters and digits.
var tokenRun = regexp.MustCompile(`[A-Za-z0-9_-]{25,}`)

// cssURL is a url(...) in a style attribute: background images are photos.
var cssURL = regexp.MustCompile(`(?i)url\([^)]*\)`)

// HTML returns a copy of the HTML document doc that is safe to keep as
// evidence of a failure. It drops comments, the contents of scripts,
// styles, noscript, iframes and textareas, meta tags other than the charset,
// event handler and nonce attributes, input values, image addresses, and
// data-* attributes holding an address or a token; then it redacts what is
// left of every text and attribute value as Text does. Structure, tag names,
// ids, classes, roles, aria-* attributes and hrefs stay, so a developer can
// still see why a locator failed.
func HTML(doc string, secrets ...string) string {
	return redactHTML(doc, nil, secrets)
}

// Structure is HTML for pages where personal data may sit in any text and
// cannot all be named in advance (a member's name in the navigation, say):
// besides what HTML removes, every text and every text-bearing attribute
// (alt, title, aria-label, placeholder, label, …) becomes "…" unless keep
// accepts its trimmed text. Keep the texts the tool itself looks for, and
// the evidence still shows which of them the page had.
func Structure(doc string, keep func(text string) bool, secrets ...string) string {
	if keep == nil {
		keep = func(string) bool { return false }
	}
	return redactHTML(doc, keep, secrets)
}

// textAttrs are attributes that carry text a person reads or hears.
var textAttrs = map[string]bool{
	"alt": true, "title": true, "aria-label": true, "aria-description": true, "aria-valuetext": true,
	"aria-roledescription": true, "placeholder": true, "label": true, "value": true, "content": true,
}

// elided replaces a text that is not kept.
const elided = "…"

func redactHTML(doc string, keep func(string) bool, secrets []string) string {
	root, err := html.Parse(strings.NewReader(doc))
	if err != nil { // reading a strings.Reader does not fail
		return ""
	}
	strip(root)
	joinText(root)
	if keep != nil {
		elide(root, keep)
	}
	newRedactor(secrets).tree(root)
	var b strings.Builder
	// Render fails only on trees the parser does not build; what was written
	// up to then is already redacted.
	_ = html.Render(&b, root)
	return b.String()
}

// strip removes the nodes and attributes that are never kept.
func strip(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch {
		case c.Type == html.CommentNode:
			n.RemoveChild(c)
		case c.Type != html.ElementNode:
		case c.DataAtom == atom.Meta && !hasAttr(c, "charset"):
			n.RemoveChild(c)
		default:
			c.Attr = keptAttrs(c)
			if emptied[c.DataAtom] || c.DataAtom == atom.Code && isHidden(c) {
				removeChildren(c)
			}
			strip(c)
		}
		c = next
	}
}

// keptAttrs filters and blanks n's attributes.
func keptAttrs(n *html.Node) []html.Attribute {
	kept := n.Attr[:0]
	for _, a := range n.Attr {
		key := strings.ToLower(a.Key)
		switch {
		case n.DataAtom == atom.Meta && key != "charset":
			continue
		case strings.HasPrefix(key, "on"), key == "nonce":
			continue
		case n.DataAtom == atom.Input && key == "value":
			continue
		case strings.HasPrefix(key, "data-") && (strings.Contains(a.Val, "@") || looksLikeToken(a.Val)):
			continue
		case key == "style":
			a.Val = cssURL.ReplaceAllString(a.Val, "url()")
		}
		for _, k := range blanked[n.DataAtom] {
			if key == k {
				a.Val = ""
			}
		}
		kept = append(kept, a)
	}
	return kept
}

func looksLikeToken(s string) bool {
	for _, run := range tokenRun.FindAllString(s, -1) {
		if strings.ContainsAny(run, "0123456789") && strings.IndexFunc(run, isASCIILetter) >= 0 {
			return true
		}
	}
	return false
}

func isASCIILetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// isHidden reports whether n is hidden from the person: LinkedIn keeps its
// page data (names, addresses, URNs) as JSON in hidden <code> elements.
func isHidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch strings.ToLower(a.Key) {
		case "hidden":
			return true
		case "style":
			if strings.Contains(strings.ToLower(strings.ReplaceAll(a.Val, " ", "")), "display:none") {
				return true
			}
		}
	}
	return false
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return true
		}
	}
	return false
}

func removeChildren(n *html.Node) {
	for c := n.FirstChild; c != nil; c = n.FirstChild {
		n.RemoveChild(c)
	}
}

// joinText merges neighbouring text nodes, which removing a node between
// them leaves behind: they render as one text, so a secret split across them
// must be found in one.
func joinText(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		for c.Type == html.TextNode && c.NextSibling != nil && c.NextSibling.Type == html.TextNode {
			next := c.NextSibling
			c.Data += next.Data
			n.RemoveChild(next)
		}
		joinText(c)
	}
}

// tree redacts every text, attribute value and doctype of the tree rooted at
// n, and renames or drops markup names that hold an address or a token.
func (r redactor) tree(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		n.Data = r.text(cleanNUL(n.Data))
	case html.DoctypeNode:
		n.Data = r.text(cleanNUL(n.Data))
		for i := range n.Attr {
			n.Attr[i].Val = r.text(cleanNUL(n.Attr[i].Val))
		}
	case html.ElementNode:
		if !r.name(n.Data) {
			n.Data, n.DataAtom = "x-redacted", 0
		}
		kept := n.Attr[:0]
		for _, a := range n.Attr {
			if !r.name(a.Key) {
				continue
			}
			a.Val = r.text(cleanNUL(a.Val))
			kept = append(kept, a)
		}
		n.Attr = kept
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.tree(c)
	}
}

// cleanNUL replaces NUL characters the way a browser does: rendered as is,
// a re-reading parser would drop them and join the text on either side.
func cleanNUL(s string) string {
	return strings.ReplaceAll(s, "\x00", "\uFFFD")
}

// elide replaces every text, and every text-bearing attribute value, that
// keep does not accept.
func elide(n *html.Node, keep func(string) bool) {
	switch n.Type {
	case html.TextNode:
		if t := strings.TrimSpace(n.Data); t != "" && !keep(t) {
			n.Data = elided
		}
	case html.ElementNode:
		for i, a := range n.Attr {
			if t := strings.TrimSpace(a.Val); textAttrs[strings.ToLower(a.Key)] && t != "" && !keep(t) {
				n.Attr[i].Val = elided
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		elide(c, keep)
	}
}
