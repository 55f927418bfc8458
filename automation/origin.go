package automation

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
)

// ErrOffOrigin means a navigation or link led away from the allowed origins.
var ErrOffOrigin = errors.New("refused to leave the site's origin")

// OriginGuard holds navigations to one origin (scheme, host and port), plus,
// optionally, the subdomains of a registrable domain over https (LinkedIn's
// own hosts when the default base URL is used). It remembers what it refused.
type OriginGuard struct {
	base         *url.URL
	domainSuffix string // e.g. "linkedin.com": https hosts equal to it or ending in "."+it

	mu      sync.Mutex
	refused []string
}

// NewOriginGuard allows base's origin, and, when familyDomain is not empty,
// every https host equal to familyDomain or under it.
func NewOriginGuard(base *url.URL, familyDomain string) *OriginGuard {
	return &OriginGuard{base: base, domainSuffix: strings.ToLower(familyDomain)}
}

// Allows reports whether u may be navigated to. Only http and https URLs on
// the allowed origins pass; about:blank is allowed (a fresh tab).
func (g *OriginGuard) Allows(u *url.URL) bool {
	if u == nil {
		return false
	}
	if u.Scheme == "about" && u.Opaque == "blank" {
		return true
	}
	if u.User != nil { // credentials in a URL are never ours
		return false
	}
	if !plainHost(u.Hostname()) {
		return false
	}
	if sameOrigin(u, g.base) {
		return true
	}
	if g.domainSuffix == "" || u.Scheme != "https" || u.Port() != "" && u.Port() != "443" {
		return false
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	return host == g.domainSuffix || strings.HasSuffix(host, "."+g.domainSuffix)
}

// Check returns a wrapped ErrOffOrigin for a URL the guard refuses, and
// records it.
func (g *OriginGuard) Check(raw string) error {
	u, err := url.Parse(raw)
	if err == nil && g.Allows(u) {
		return nil
	}
	g.noteRefused(raw)
	return fmt.Errorf("%w: %s", ErrOffOrigin, redactURL(raw))
}

// Refused lists the origins refused so far.
func (g *OriginGuard) Refused() []string {
	if g == nil {
		return nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.refused...)
}

func (g *OriginGuard) noteRefused(raw string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.refused = append(g.refused, redactURL(raw))
}

// plainHost reports whether host is made of ASCII letters, digits, dots,
// hyphens and (IPv6) colons only. Go's comparisons fold other characters in
// ways a browser does not: "lİnkedin.com" lower-cases to "linkedin.com" in Go,
// while a browser maps it through IDNA to another domain (xn--…).
func plainHost(host string) bool {
	for i := 0; i < len(host); i++ {
		c := host[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-' || c == ':') {
			return false
		}
	}
	return true
}

func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) &&
		strings.EqualFold(a.Hostname(), b.Hostname()) &&
		effectivePort(a) == effectivePort(b)
}

func effectivePort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "http":
		return "80"
	case "https":
		return "443"
	}
	return ""
}

// redactURL keeps only the scheme and host: paths, queries and fragments may
// carry profile addresses, personal data or tokens.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "(unparsable URL)"
	}
	return u.Scheme + "://" + u.Host
}
