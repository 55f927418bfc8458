// Package report writes an HTML page that sums up a run for a household:
// per account, a grid of the settings it ran (before and after states, the
// outcome in its colour, the error, the screenshots as thumbnails that open
// full size, the receipt folder), failures first, everything linked relative
// to the page so the whole evidence directory can be moved or archived
// together.
//
// The page is for the person who ran optout, and may be shared further, so it
// never shows what was typed into a form (Result.Fields values, only their
// labels; free text goes through internal/redact, which also takes out
// addresses and tokens), never a page address's query string, and it is self-contained:
// inline CSS, no JavaScript, nothing fetched from the network. This package
// knows nothing about browsers or LinkedIn; it only reads flows.Result.
package report

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/optout/optout/flows"
	"github.com/optout/optout/internal/atomicfile"
)

// FileName is the name of the report inside the directory given to Write.
const FileName = "report.html"

//go:embed report.html.tmpl
var templates embed.FS

var page = template.Must(template.New("report.html.tmpl").
	Funcs(template.FuncMap{"join": func(s []string) string { return strings.Join(s, ", ") }}).
	ParseFS(templates, "report.html.tmpl"))

// Write renders results as dir/report.html and returns its path. dir is
// created (0700) when missing; the page is written 0600 through a temporary
// file in dir that is synced and renamed into place, so an older report is
// replaced whole or not at all. now is the time the report says it was made.
// Results may hold several settings per account (a sweep); the page groups
// them by account. Evidence and receipt paths in results are absolute or
// relative to the current directory; the page links them relative to dir.
func Write(dir string, title string, results []flows.Result, now time.Time) (path string, err error) {
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("write report: %w", err)
	}
	var buf bytes.Buffer
	if err := page.Execute(&buf, buildView(absDir, title, results, now)); err != nil {
		return "", fmt.Errorf("write report: render: %w", err)
	}
	if err := os.MkdirAll(absDir, 0o700); err != nil {
		return "", fmt.Errorf("write report: %w", err)
	}
	path = filepath.Join(dir, FileName)
	if err := atomicfile.WriteFile(path, buf.Bytes()); err != nil {
		return "", fmt.Errorf("write report: %w", err)
	}
	return path, nil
}
