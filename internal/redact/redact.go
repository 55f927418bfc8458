// Package redact removes personal data from the text and HTML that optout
// keeps as evidence of a failure (a page that changed, a locator that found
// nothing), so a developer can see why a step failed without seeing whose
// account it was.
//
// It keeps what explains a failure (the page's structure, element names, ids,
// classes, roles, aria-* attributes, hrefs) and removes what identifies a
// person: e-mail addresses, LinkedIn profile addresses and member URNs,
// cookie and token values, form values, images, scripts, comments, and the
// caller's own secrets (a name, an address). It is a filter over strings: it
// knows nothing of browsers, flows or where the evidence is written.
package redact

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Placeholder replaces whatever is redacted.
const Placeholder = "[redacted]"

// minSecretLen is the shortest secret, in characters, that is redacted: a
// shorter one would match inside ordinary words and markup.
const minSecretLen = 3

// textRules are the replacements made in every text, in order. E-mail comes
// last among them: the placeholder holds no character an address is made of,
// so no later replacement can join the pieces of a new one.
var textRules = []struct {
	re   *regexp.Regexp
	with string
}{
	// Profile addresses, absolute or relative, also percent-encoded inside a
	// query ("%2Fin%2Fjane-doe"): keep the path shape, drop the slug.
	{regexp.MustCompile(`(?i)((?:/|%2F)in(?:/|%2F))(?:[\p{L}\p{N}_.~-]|%[0-9A-F]{2})+`), "${1}" + Placeholder},
	// Member and profile URNs name one person ("urn:li:member:123",
	// "urn:li:fsd_profile:ACoAA…"), also percent-encoded in tracking links.
	{regexp.MustCompile(`(?i)(urn(?::|%3A)li(?::|%3A)(?:member|person|fsd_profile|fs_profile|fs_miniprofile|fsd_miniprofile|profile)(?::|%3A))[A-Za-z0-9_-]+`), "${1}" + Placeholder},
	// Cookie-looking pairs: LinkedIn's session cookies and the usual session
	// and token cookie names, followed by = or : and a value.
	{regexp.MustCompile(`(?i)\b((?:li_at|li_rm|li_mc|liap|lidc|bcookie|bscookie|jsessionid|sessionid|csrftoken|csrf-token|xsrf-token|auth_token|access_token|refresh_token)"?\s*[=:]\s*"?)[^\s;,&"'<>]+`), "${1}" + Placeholder},
	// Query parameters that carry tokens, signatures or addresses.
	{regexp.MustCompile(`(?i)([?&;][A-Za-z_]*(?:token|sig|signature|session|csrf|auth|otp|secret|password|email|lipi)[A-Za-z_]*=)[^&#\s"'<>]+`), "${1}" + Placeholder},
	// LinkedIn's CSRF token format.
	{regexp.MustCompile(`ajax:[0-9]{6,}`), Placeholder},
	// Phone numbers in links.
	{regexp.MustCompile(`(?i)(tel:)[^\s"'<>]+`), "${1}" + Placeholder},
	// E-mail addresses, also with a percent-encoded @; loose on purpose
	// (".a@.b.cc" goes too).
	{regexp.MustCompile(`[\p{L}\p{N}._%+-]+(?:@|%40)[\p{L}\p{N}.-]+\.\p{L}{2,}`), Placeholder},
}

// Text returns s with e-mail addresses, LinkedIn profile addresses, member
// URNs, cookie and token values and each of secrets replaced by
// "[redacted]". Secrets match without regard to case; empty secrets and ones
// shorter than three characters are skipped.
func Text(s string, secrets ...string) string {
	return newRedactor(secrets).text(s)
}

type redactor struct {
	secrets *regexp.Regexp // nil when there is none to redact
}

func newRedactor(secrets []string) redactor {
	var alts []string
	for _, s := range secrets {
		s = strings.TrimSpace(validUTF8(s))
		if utf8.RuneCountInString(s) < minSecretLen {
			continue
		}
		alts = append(alts, spacedPattern(s))
		// As it appears in a URL's query or path.
		for _, enc := range []string{url.QueryEscape(s), url.PathEscape(s)} {
			if enc != s {
				alts = append(alts, regexp.QuoteMeta(enc))
			}
		}
	}
	if len(alts) == 0 {
		return redactor{}
	}
	// Longest first, so "Jane Doe" wins over "Jane" where both match.
	slices.SortStableFunc(alts, func(a, b string) int { return len(b) - len(a) })
	return redactor{secrets: regexp.MustCompile(`(?i)(?:` + strings.Join(alts, "|") + `)`)}
}

// validUTF8 replaces each byte of s that is not UTF-8 by U+FFFD, which is
// how a regexp reads such a byte in the text.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		b.WriteRune(r) // utf8.RuneError for a bad byte
		i += size
	}
	return b.String()
}

// spacedPattern matches s with any run of white space (a page wraps and
// indents names, or joins them with non-breaking spaces) where s has one.
func spacedPattern(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return strings.Join(words, `[\s\x{00A0}]+`)
}

// text applies the rules and then the secrets. A secret goes last: the
// placeholder is bracketed, so replacing one cannot complete an address.
func (r redactor) text(s string) string {
	for _, rule := range textRules {
		s = rule.re.ReplaceAllString(s, rule.with)
	}
	if r.secrets != nil {
		s = r.secrets.ReplaceAllLiteralString(s, Placeholder)
	}
	return s
}

// name reports whether a tag or attribute name may be kept: it must hold no
// address, URN or token (names are never checked against secrets, or a
// secret like "table" would erase the page's structure).
func (r redactor) name(s string) bool {
	return redactor{}.text(s) == s
}
