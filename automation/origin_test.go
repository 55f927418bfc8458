package automation

import (
	"net/url"
	"testing"
)

func TestOriginGuardChecks(t *testing.T) {
	local := &url.URL{Scheme: "http", Host: "127.0.0.1:8080"}
	linkedIn := &url.URL{Scheme: "https", Host: "www.linkedin.com"}
	tests := []struct {
		name   string
		base   *url.URL
		family string
		raw    string
		allow  bool
	}{
		{"same origin", local, "", "http://127.0.0.1:8080/settings?x=1#y", true},
		{"fresh tab", local, "", "about:blank", true},
		{"other port", local, "", "http://127.0.0.1:8081/", false},
		{"default port", local, "", "http://127.0.0.1/", false},
		{"other scheme", local, "", "https://127.0.0.1:8080/", false},
		{"credentials", local, "", "http://127.0.0.1:8080@evil.net/", false},
		{"backslash", local, "", `http://127.0.0.1:8080\@evil.net/`, false},
		{"no family", local, "", "https://www.linkedin.com/", false},
		{"base host", linkedIn, "linkedin.com", "https://www.linkedin.com/feed/", true},
		{"family host with port", linkedIn, "linkedin.com", "https://LinkedIn.com.:443/", true},
		{"family over http", linkedIn, "linkedin.com", "http://linkedin.com/", false},
		{"family on another port", linkedIn, "linkedin.com", "https://linkedin.com:8443/", false},
		{"look-alike prefix", linkedIn, "linkedin.com", "https://evil-linkedin.com/", false},
		{"family as subdomain", linkedIn, "linkedin.com", "https://linkedin.com.evil.net/", false},
		{"family as credentials", linkedIn, "linkedin.com", "https://www.linkedin.com@evil.net/", false},
		{"backslash before family", linkedIn, "linkedin.com", `https://evil.net\.linkedin.com/`, false},
		{"no slashes", linkedIn, "linkedin.com", "https:evil.net/.linkedin.com", false},
		// A browser maps "İ" to "i̇" and the host to xn--…, another domain;
		// Go lower-cases it to a plain "i".
		{"dotted capital I", linkedIn, "linkedin.com", "https://l\u0130nkedin.com/", false},
		{"dotted capital I encoded", linkedIn, "linkedin.com", "https://www.l%C4%B0nkedin.com/", false},
		{"Kelvin sign", linkedIn, "linkedin.com", "https://www.lin\u212Aedin.com/", false},
		{"byte that is not UTF-8", linkedIn, "linkedin.com", "https://\xff.linkedin.com/", false},
		{"percent sign", linkedIn, "linkedin.com", "https://evil.net%25.linkedin.com/", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := NewOriginGuard(tt.base, tt.family)
			if err := g.Check(tt.raw); (err == nil) != tt.allow {
				t.Errorf("Check(%q) = %v, want allowed %v", tt.raw, err, tt.allow)
			}
		})
	}
}
