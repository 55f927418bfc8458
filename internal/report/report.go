// Package report writes an HTML page that sums up one or more account runs:
// outcome, before and after states, timing, errors, and the screenshots and
// receipt folders each run left behind, linked relative to the page so the
// whole evidence directory can be moved or archived together.
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
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/optout/optout/flows"
	"github.com/optout/optout/internal/atomicfile"
	"github.com/optout/optout/internal/redact"
)

// FileName is the name of the report inside the directory given to Write.
const FileName = "report.html"

//go:embed report.html.tmpl
var templates embed.FS

var page = template.Must(template.New("report.html.tmpl").
	Funcs(template.FuncMap{"join": func(s []string) string { return strings.Join(s, ", ") }}).
	ParseFS(templates, "report.html.tmpl"))

// outcomeOrder is the order outcomes are counted in the summary: best first.
// Outcomes not listed here follow, sorted by name.
var outcomeOrder = []flows.Outcome{
	flows.AlreadyOff, flows.TurnedOffVerified, flows.NotOffered, flows.Prefilled,
	flows.WouldTurnOff, flows.NeedsHuman,
	flows.PageChanged, flows.Uncertain, flows.Failed,
}

// imageExts are the evidence files shown as thumbnails; others are linked.
var imageExts = map[string]bool{".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true}

// view is what the template renders.
type view struct {
	Title     string
	Generated string
	Summary   string
	Rows      []row
}

// row is one result, reduced to what the page may show.
type row struct {
	Account, Setting, Outcome, Class string
	Before, After                    string
	Started, Duration                string
	Page, Error                      string
	DryRun                           bool
	Route                            string
	Filled, Missing, Refused         []string
	Submitted                        string
	Images, Files                    []link
	Receipt                          *link
}

// link points from the report to a file or folder.
type link struct {
	Name    string
	Href    template.URL // built by fileHref only: a relative reference or a file:// URL
	Missing bool
}

// Write renders results as dir/report.html and returns its path. dir is
// created (0700) when missing; the page is written 0600 through a temporary
// file in dir that is synced and renamed into place, so an older report is
// replaced whole or not at all. now is the time the report says it was made.
// Evidence and receipt paths in results are absolute or relative to the
// current directory; the page links them relative to dir.
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

func buildView(absDir, title string, results []flows.Result, now time.Time) view {
	v := view{Title: title, Generated: now.UTC().Format(time.RFC3339), Summary: summary(results)}
	for _, r := range results {
		v.Rows = append(v.Rows, buildRow(absDir, r))
	}
	return v
}

// summary counts results per outcome and names the worst exit code, e.g.
// "3 results: 1 turned_off_verified, 1 needs_human, 1 failed; worst exit code 1".
func summary(results []flows.Result) string {
	counts := map[flows.Outcome]int{}
	outcomes := make([]flows.Outcome, 0, len(results))
	for _, r := range results {
		counts[r.Outcome]++
		outcomes = append(outcomes, r.Outcome)
	}
	order := slices.Clone(outcomeOrder)
	var others []flows.Outcome
	for o := range maps.Keys(counts) {
		if !slices.Contains(outcomeOrder, o) {
			others = append(others, o)
		}
	}
	slices.Sort(others)
	order = append(order, others...)

	var parts []string
	for _, o := range order {
		if n := counts[o]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, outcomeText(o)))
		}
	}
	noun := "results"
	if len(results) == 1 {
		noun = "result"
	}
	s := fmt.Sprintf("%d %s", len(results), noun)
	if len(parts) > 0 {
		s += ": " + strings.Join(parts, ", ")
	}
	return fmt.Sprintf("%s; worst exit code %d", s, flows.WorstExitCode(outcomes...))
}

func outcomeText(o flows.Outcome) string {
	if o == "" {
		return "(no outcome)"
	}
	return string(o)
}

// outcomeClass styles an outcome by the exit code the contract gives it.
func outcomeClass(o flows.Outcome) string {
	switch o.ExitCode() {
	case 0:
		return "ok"
	case 3, 4:
		return "warn"
	default:
		return "bad"
	}
}

func buildRow(absDir string, r flows.Result) row {
	rw := row{
		Account:  r.Account,
		Setting:  r.Setting,
		Outcome:  outcomeText(r.Outcome),
		Class:    outcomeClass(r.Outcome),
		Before:   stateText(r.Before),
		After:    stateText(r.After),
		Duration: Duration(r.StartedAt, r.FinishedAt),
		Page:     redact.Text(pageAddress(r.URL), slices.Collect(maps.Values(r.Fields))...),
		Error:    redact.Text(r.Error, slices.Collect(maps.Values(r.Fields))...),
		DryRun:   r.DryRun,
		Route:    string(r.Route),
		Filled:   slices.Sorted(maps.Keys(r.Fields)),
		Missing:  r.Missing,
		Refused:  r.Refused,
	}
	if !r.StartedAt.IsZero() {
		rw.Started = r.StartedAt.UTC().Format(time.RFC3339)
	}
	if r.Submitted != nil {
		rw.Submitted = "no"
		if *r.Submitted {
			rw.Submitted = "yes"
		}
	}
	for _, p := range r.Evidence {
		l := fileLink(absDir, p)
		if imageExts[strings.ToLower(filepath.Ext(p))] {
			l.Name = strings.TrimSuffix(l.Name, filepath.Ext(l.Name))
			rw.Images = append(rw.Images, l)
		} else {
			rw.Files = append(rw.Files, l)
		}
	}
	if r.Receipt != "" {
		l := fileLink(absDir, r.Receipt)
		rw.Receipt = &l
	}
	return rw
}

func stateText(s flows.State) string {
	if s == "" {
		return "—"
	}
	return string(s)
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

// Duration says how long a run took, as the report and the terminal's
// summary show it: "0.8s", "4.2s", "42s", "1m05s", "1h02m"; "—" when the
// times are missing or out of order.
func Duration(start, end time.Time) string {
	if start.IsZero() || end.IsZero() || end.Before(start) {
		return "—"
	}
	d := end.Sub(start)
	if r := d.Round(100 * time.Millisecond); r < 10*time.Second {
		return fmt.Sprintf("%.1fs", r.Seconds())
	}
	r := d.Round(time.Second)
	switch {
	case r < time.Minute:
		return fmt.Sprintf("%ds", int(r/time.Second))
	case r < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(r/time.Minute), int(r%time.Minute/time.Second))
	}
	r = d.Round(time.Minute)
	return fmt.Sprintf("%dh%02dm", int(r/time.Hour), int(r%time.Hour/time.Minute))
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
