package report

import (
	"html/template"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// link points from the report to a file or folder.
type link struct {
	Name    string
	Href    template.URL // built by fileHref only: a relative reference or a file:// URL
	Missing bool
}

// fileLink links a file or folder named by an absolute or
// current-directory-relative path from a page in absDir; a folder's link
// ends in "/". One that cannot be found is marked Missing.
func fileLink(absDir, p string) link {
	l := link{Name: filepath.Base(p)}
	abs, err := filepath.Abs(p)
	if err != nil {
		abs = filepath.Clean(p)
	}
	info, err := os.Stat(abs)
	if err != nil {
		l.Missing = true
		return l
	}
	l.Href = fileHref(absDir, abs)
	if info.IsDir() && !strings.HasSuffix(string(l.Href), "/") {
		l.Href += "/"
	}
	return l
}

// fileHref is the reference from a page in dir to target: relative when
// filepath.Rel can make it so, otherwise a file:// URL of target. Every
// segment is percent-encoded, so names with '#', '?', '%' or ':' stay paths.
func fileHref(dir, target string) template.URL {
	if rel, err := filepath.Rel(dir, target); err == nil {
		return template.URL((&url.URL{Path: filepath.ToSlash(rel)}).String())
	}
	abs := filepath.ToSlash(target)
	if !strings.HasPrefix(abs, "/") {
		abs = "/" + abs // a Windows volume: file:///C:/...
	}
	return template.URL((&url.URL{Scheme: "file", Path: abs}).String())
}

// pageAddress keeps scheme, host and path of a page address: no user
// information, query or fragment, which may carry tokens or personal data.
func pageAddress(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "(address not shown)"
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}
