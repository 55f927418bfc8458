package automation

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

// FuzzOriginGuard holds the origin guard to its promise on any address: it
// never panics, every refusal is an ErrOffOrigin that is recorded, and
// whatever it allows leads, as a browser reads the address, to the base's
// origin or (for the LinkedIn guard) to an https host that is linkedin.com or
// under it: no credentials in front of the host, no backslash standing in for
// a slash, no look-alike of the domain.
func FuzzOriginGuard(f *testing.F) {
	for _, seed := range []string{
		"http://127.0.0.1:8080/",
		"http://127.0.0.1:8080/mypreferences/d/categories/privacy?trk=x#top",
		"http://127.0.0.1/",
		"http://127.0.0.1:8080@evil.net/",
		"http://127.0.0.1:8080\\@evil.net/",
		"about:blank",
		"https://www.linkedin.com/",
		"https://www.linkedin.com:443/feed/",
		"https://LinkedIn.com./",
		"https://evil-linkedin.com/",
		"https://linkedin.com.evil.net/",
		"https://www.linkedin.com@evil.net/",
		"https://www.linkedin.com\\@evil.net/",
		"https://evil.net\\.linkedin.com/",
		"https://evil.net%2f.linkedin.com/",
		"https:evil.net/.linkedin.com",
		"//www.linkedin.com/",
		"http://www.linkedin.com/",
		"javascript:location='https://evil.net'",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		local := NewOriginGuard(&url.URL{Scheme: "http", Host: "127.0.0.1:8080"}, "")
		checkGuard(t, local, raw, func(scheme, host, port string) bool {
			return scheme == "http" && host == "127.0.0.1" && port == "8080"
		})
		linkedIn := NewOriginGuard(&url.URL{Scheme: "https", Host: "www.linkedin.com"}, "linkedin.com")
		checkGuard(t, linkedIn, raw, func(scheme, host, port string) bool {
			host = strings.TrimSuffix(host, ".")
			return scheme == "https" && (port == "" || port == "443") &&
				(host == "linkedin.com" || strings.HasSuffix(host, ".linkedin.com"))
		})
	})
}

// checkGuard checks g's answer for raw; ours says whether an origin, as a
// browser reads it from raw, is one g may allow.
func checkGuard(t *testing.T, g *OriginGuard, raw string, ours func(scheme, host, port string) bool) {
	t.Helper()
	before := len(g.Refused())
	err := g.Check(raw)
	if err != nil {
		if !errors.Is(err, ErrOffOrigin) {
			t.Fatalf("Check(%q) = %v, want an ErrOffOrigin", raw, err)
		}
		if len(g.Refused()) != before+1 {
			t.Fatalf("Check(%q) refused without recording it", raw)
		}
		return
	}
	if u, _ := url.Parse(raw); u != nil && u.Scheme == "about" && u.Opaque == "blank" {
		return // a fresh tab
	}
	u, perr := url.Parse(raw)
	if perr != nil {
		t.Fatalf("Check(%q) allowed an address that does not parse: %v", raw, perr)
	}
	if u.User != nil {
		t.Fatalf("Check(%q) allowed credentials in front of the host", raw)
	}
	scheme, host, port, trick := browserOrigin(raw)
	if trick != "" {
		t.Fatalf("Check(%q) allowed an address with %s", raw, trick)
	}
	if !ours(scheme, host, port) {
		t.Fatalf("Check(%q) allowed %s://%s port %q, which is not on the guard's origins", raw, scheme, host, port)
	}
	// What Go read must be what a browser reads.
	if !strings.EqualFold(u.Scheme, scheme) || u.Hostname() != host && strings.ToLower(u.Hostname()) != host || u.Port() != port {
		t.Fatalf("Check(%q): Go reads %s://%s port %q, a browser %s://%s port %q", raw, u.Scheme, u.Hostname(), u.Port(), scheme, host, port)
	}
}

// browserOrigin reads scheme, host and port from raw roughly the way a
// browser's URL parser does for http and https, independently of net/url: a
// backslash counts as a slash, any number of slashes may follow the scheme,
// the host ends at the first slash, backslash, ?, or #, and everything up to
// an @ is credentials. trick names what makes raw's origin uncertain:
// credentials, a backslash before the host ends, or a host that is not plain
// ASCII (whose meaning depends on the browser's IDNA mapping). The host is
// lower-cased.
func browserOrigin(raw string) (scheme, host, port, trick string) {
	colon := strings.IndexByte(raw, ':')
	if colon < 0 {
		return "", "", "", "no scheme"
	}
	scheme = strings.ToLower(raw[:colon])
	rest := raw[colon+1:]
	slashes := len(rest) - len(strings.TrimLeft(rest, `/\`))
	if strings.Contains(rest[:slashes], `\`) {
		return "", "", "", "a backslash for a slash"
	}
	rest = rest[slashes:]
	if end := strings.IndexAny(rest, `/\?#`); end >= 0 {
		if rest[end] == '\\' {
			return "", "", "", "a backslash ending the host"
		}
		rest = rest[:end]
	}
	if strings.Contains(rest, "@") {
		return "", "", "", "credentials before the host"
	}
	host = rest
	if i := strings.LastIndexByte(rest, ':'); i >= 0 && !strings.Contains(rest[i:], "]") {
		host, port = rest[:i], rest[i+1:]
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	for i := 0; i < len(host); i++ {
		if host[i] >= 0x80 || host[i] == '%' {
			return "", "", "", "a host that is not plain ASCII"
		}
	}
	return scheme, strings.ToLower(host), port, ""
}
