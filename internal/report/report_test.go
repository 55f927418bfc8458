package report

import (
	"bytes"
	"html"
	"image"
	"image/color"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/optout/optout/flows"
)

// Personal data that sample's third result typed into a form; it must never
// reach the page.
const (
	secretName  = "Zebulon Quixote-Marchetti"
	secretEmail = "zebulon.q@example.invalid"
	secretQuery = "SECRETQUERY"
)

// sample is a report written from three results, in a fresh temporary tree
// that is also the current directory.
type sample struct {
	root, reportDir, path, receiptDir string
	before, after                     string // absolute paths of the two screenshots
	sizes                             map[string]image.Point
}

// writeSample writes two real PNG screenshots under receipts/, then a report
// into out/reports (missing beforehand) for three results: a verified turn-off
// with both screenshots (one named by an absolute path, one relative to the
// current directory), a needs_human run with no evidence, and a failed
// objection form whose Fields hold a name and an email.
func writeSample(t *testing.T) sample {
	t.Helper()
	s := sample{root: t.TempDir(), sizes: map[string]image.Point{}}
	t.Chdir(s.root)
	// '#' and ' ' in the folder name prove the links are escaped as paths.
	relReceipt := filepath.Join("receipts", "mum #1", "2026-03-04T05-06-07.000Z")
	s.receiptDir = filepath.Join(s.root, relReceipt)
	if err := os.MkdirAll(s.receiptDir, 0o700); err != nil {
		t.Fatal(err)
	}
	s.before = filepath.Join(s.receiptDir, "before.png")
	s.after = filepath.Join(s.receiptDir, "after.png")
	writePNG(t, s.before, 40, 30, color.RGBA{200, 40, 40, 255})
	writePNG(t, s.after, 56, 20, color.RGBA{40, 160, 60, 255})
	s.sizes[s.before] = image.Pt(40, 30)
	s.sizes[s.after] = image.Pt(56, 20)

	start := time.Date(2026, 3, 4, 5, 6, 7, 0, time.FixedZone("CET", 3600))
	results := []flows.Result{
		{
			Account: "<script>x</script>", Setting: flows.SettingGenAI, Outcome: flows.TurnedOffVerified,
			Before: flows.On, After: flows.Off, Route: flows.RoutePath,
			URL:       "https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement?trk=" + secretQuery + "#frag",
			Evidence:  []string{s.before, filepath.Join(relReceipt, "after.png")},
			StartedAt: start, FinishedAt: start.Add(4200 * time.Millisecond),
			Receipt: s.receiptDir,
		},
		{
			Account: "dad", Setting: flows.SettingGenAI, Outcome: flows.NeedsHuman,
			Before: flows.Unknown, After: flows.Unknown,
			StartedAt: start, FinishedAt: start.Add(800 * time.Millisecond),
			Error: "sign-in needed",
		},
		{
			Account: "gran", Setting: flows.SettingObjection, Outcome: flows.Failed,
			Before: flows.Unknown, After: flows.Unknown,
			Fields:    map[string]string{"Full name": secretName, "Email": secretEmail},
			Missing:   []string{"Reason"},
			StartedAt: start, FinishedAt: start.Add(65 * time.Second),
			Error: "fill Email with " + secretEmail + " for " + secretName + ": element detached",
		},
	}
	s.reportDir = filepath.Join(s.root, "out", "reports")
	path, err := Write(s.reportDir, "optout run", results, start.Add(time.Minute))
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	if want := filepath.Join(s.reportDir, FileName); path != want {
		t.Fatalf("Write returned %q, want %q", path, want)
	}
	s.path = path
	return s
}

func writePNG(t *testing.T, path string, w, h int, c color.Color) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

var (
	imgSrc     = regexp.MustCompile(`<img [^>]*src="([^"]*)"`)
	linkTo     = regexp.MustCompile(`<a [^>]*href="([^"]*)"[^>]*>([^<]*)</a>`)
	cardStart  = regexp.MustCompile(`<li class="card edge-(ok|warn|bad)">`)
	accountH2  = regexp.MustCompile(`<h2 id="(account-\d+)-name">([^<]*)</h2>`)
	settingOf  = regexp.MustCompile(`<p class="name">([^<]*)</p>`)
	sectionEnd = "</section>"
)

// resolve turns a reference found in the page into a file path, failing the
// test unless it is relative to the page's folder.
func resolve(t *testing.T, dir, ref string) string {
	t.Helper()
	u, err := url.Parse(html.UnescapeString(ref))
	if err != nil {
		t.Fatalf("reference %q: %v", ref, err)
	}
	if u.Scheme != "" || u.Host != "" || strings.HasPrefix(u.Path, "/") {
		t.Fatalf("reference %q is not relative to the report", ref)
	}
	return filepath.Join(dir, filepath.FromSlash(u.Path))
}

func sameFile(t *testing.T, a, b string) bool {
	t.Helper()
	ia, err := os.Stat(a)
	if err != nil {
		t.Fatalf("%s: %v", a, err)
	}
	ib, err := os.Stat(b)
	if err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return os.SameFile(ia, ib)
}

func TestWrite(t *testing.T) {
	s := writeSample(t)

	info, err := os.Stat(s.path)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != 0o600 {
		t.Errorf("report mode %v, want 0600", got)
	}
	if info, err := os.Stat(s.reportDir); err != nil || info.Mode().Perm() != 0o700 {
		t.Errorf("report dir: %v, mode %v, want 0700", err, info.Mode().Perm())
	}
	if names := dirNames(t, s.reportDir); !slices.Equal(names, []string{FileName}) {
		t.Errorf("report dir holds %q, want only %s (no temporary files)", names, FileName)
	}

	data, err := os.ReadFile(s.path)
	if err != nil {
		t.Fatal(err)
	}
	page := string(data)

	t.Run("thumbnails link relative paths to the screenshots", func(t *testing.T) {
		srcs := imgSrc.FindAllStringSubmatch(page, -1)
		if len(srcs) != 2 {
			t.Fatalf("found %d <img>, want 2", len(srcs))
		}
		for i, want := range []string{s.before, s.after} {
			src := srcs[i][1]
			if got := resolve(t, s.reportDir, src); !sameFile(t, got, want) {
				t.Errorf("img %d src %q resolves to %s, want %s", i, src, got, want)
			}
			if !strings.Contains(page, `<a href="`+src+`"><img `) {
				t.Errorf("img %d (%q) is not wrapped in a link to the full image", i, src)
			}
		}
	})

	t.Run("receipt folder is linked", func(t *testing.T) {
		var found bool
		for _, m := range linkTo.FindAllStringSubmatch(page, -1) {
			if m[2] == "receipt folder" {
				found = true
				if got := resolve(t, s.reportDir, m[1]); !sameFile(t, got, s.receiptDir) {
					t.Errorf("receipt link %q resolves to %s, want %s", m[1], got, s.receiptDir)
				}
			}
		}
		if !found {
			t.Error("no receipt folder link")
		}
	})

	t.Run("no form values, query strings or scripts", func(t *testing.T) {
		for _, secret := range []string{secretName, secretEmail, "Zebulon", "zebulon", secretQuery, "trk=", "#frag"} {
			if strings.Contains(page, secret) {
				t.Errorf("report contains %q", secret)
			}
		}
		for _, want := range []string{
			"filled: Email, Full name", "missing: Reason",
			"fill Email with [redacted] for [redacted]: element detached",
			"https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement<",
		} {
			if !strings.Contains(page, want) {
				t.Errorf("report lacks %q", want)
			}
		}
		if !regexp.MustCompile(`<th scope="row"><a href="#account-\d+">&lt;script&gt;x&lt;/script&gt;</a></th>`).MatchString(page) ||
			!regexp.MustCompile(`<h2 id="account-\d+-name">&lt;script&gt;x&lt;/script&gt;</h2>`).MatchString(page) {
			t.Error("account label is not shown escaped in a row header and its section's heading")
		}
		for _, bad := range []string{"<script", "<link", "@import", "url(", `src="http`, `href="http`} {
			if strings.Contains(strings.ToLower(page), bad) {
				t.Errorf("report contains %q: not self-contained, or not script-free", bad)
			}
		}
	})

	t.Run("summary, outcome classes, times", func(t *testing.T) {
		for _, want := range []string{
			`<p class="summary" id="summary">3 results: 1 turned_off_verified, 1 needs_human, 1 failed; worst exit code 1</p>`,
			`<span class="outcome ok">turned_off_verified</span>`,
			`<span class="outcome warn">needs_human</span>`,
			`<span class="outcome bad">failed</span>`,
			`on → off`,
			`<time datetime="2026-03-04T04:06:07Z">2026-03-04T04:06:07Z</time>`,
			`>4.2s<`, `>0.8s<`, `>1m05s<`,
			`<caption>`, `<th scope="col">Outcome</th>`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("report lacks %q", want)
			}
		}
		if n := len(cardStart.FindAllString(page, -1)); n != 3 {
			t.Errorf("page has %d setting cards, want 3", n)
		}
		if got := accountOrder(page); !slices.Equal(got, []string{"gran", "dad", "&lt;script&gt;x&lt;/script&gt;"}) {
			t.Errorf("accounts in the order %q, want failed, needs_human, verified", got)
		}
	})

	t.Run("a second write replaces the report", func(t *testing.T) {
		if _, err := Write(s.reportDir, "second run", nil, time.Now()); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(s.path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), "<title>second run</title>") || !strings.Contains(string(data), "0 results; worst exit code 0") {
			t.Errorf("second report not in place:\n%s", data)
		}
		if names := dirNames(t, s.reportDir); !slices.Equal(names, []string{FileName}) {
			t.Errorf("report dir holds %q after a rewrite, want only %s", names, FileName)
		}
	})
}

func TestWriteFails(t *testing.T) {
	results := []flows.Result{{Account: "mum", Setting: flows.SettingGenAI, Outcome: flows.AlreadyOff}}
	cases := []struct {
		name  string
		setup func(t *testing.T, parent string) (dir string)
	}{
		{"dir is a file", func(t *testing.T, parent string) string {
			dir := filepath.Join(parent, "not-a-dir")
			if err := os.WriteFile(dir, []byte("x"), 0o600); err != nil {
				t.Fatal(err)
			}
			return dir
		}},
		{"report.html is a folder", func(t *testing.T, parent string) string {
			// The temporary file is written, then cannot be renamed into place.
			if err := os.MkdirAll(filepath.Join(parent, FileName, "keep"), 0o700); err != nil {
				t.Fatal(err)
			}
			return parent
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := c.setup(t, parent)
			before := dirNames(t, parent)
			path, err := Write(dir, "run", results, time.Now())
			if err == nil {
				t.Fatalf("Write(%s) = %q, want an error", dir, path)
			}
			if !strings.HasPrefix(err.Error(), "write report: ") {
				t.Errorf("error %q lacks context", err)
			}
			if after := dirNames(t, parent); !slices.Equal(after, before) {
				t.Errorf("folder held %q before, %q after: a temporary file was left behind", before, after)
			}
		})
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestDuration(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		d    time.Duration
		want string
	}{
		{0, "0.0s"},
		{840 * time.Millisecond, "0.8s"},
		{4200 * time.Millisecond, "4.2s"},
		{9960 * time.Millisecond, "10s"},
		{42 * time.Second, "42s"},
		{59600 * time.Millisecond, "1m00s"},
		{65 * time.Second, "1m05s"},
		{62*time.Minute + 10*time.Second, "1h02m"},
		{-time.Second, "—"},
	}
	for _, c := range cases {
		if got := Duration(start, start.Add(c.d)); got != c.want {
			t.Errorf("Duration(%v) = %q, want %q", c.d, got, c.want)
		}
	}
	if got := Duration(time.Time{}, start); got != "—" {
		t.Errorf("humanDuration with no start = %q, want —", got)
	}
}

func TestFileHref(t *testing.T) {
	cases := []struct {
		dir, target string
		want        string
	}{
		{"/r/out", "/r/receipts/mum #1/a?b.png", "../receipts/mum%20%231/a%3Fb.png"},
		{"/r", "/r/a:b/before.png", "./a:b/before.png"},
		{"/r", "/r/100%.png", "100%25.png"},
		// filepath.Rel cannot relate a relative folder to an absolute file.
		{"out", "/r/mum #1/before.png", "file:///r/mum%20%231/before.png"},
	}
	for _, c := range cases {
		if got := string(fileHref(c.dir, c.target)); got != c.want {
			t.Errorf("fileHref(%q, %q) = %q, want %q", c.dir, c.target, got, c.want)
		}
	}
}

func TestPageAddress(t *testing.T) {
	cases := map[string]string{
		"": "",
		"https://user:pw@www.linkedin.com/a/b?x=1#f": "https://www.linkedin.com/a/b",
		"not a url":                              "(address not shown)",
		"http://127.0.0.1:8080/settings?token=1": "http://127.0.0.1:8080/settings",
	}
	for in, want := range cases {
		if got := pageAddress(in); got != want {
			t.Errorf("pageAddress(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCardRedactsAsEvidenceDoes: an error shown in the report goes through
// internal/redact, which takes out addresses and profile links as well as
// what was typed into the form.
func TestCardRedactsAsEvidenceDoes(t *testing.T) {
	r := flows.Result{
		Account: "a", Outcome: flows.Failed, Fields: map[string]string{"Full name": "Zebulon Quux"},
		Error: "fill Full name with Zebulon Quux: mail zq@unusual.example, profile https://www.linkedin.com/in/zebulon-q",
	}
	got := buildCard(t.TempDir(), r).Error
	for _, personal := range []string{"Zebulon", "zq@unusual.example", "zebulon-q"} {
		if strings.Contains(got, personal) {
			t.Errorf("report error shows %q: %s", personal, got)
		}
	}
	if !strings.Contains(got, "fill Full name with [redacted]") {
		t.Errorf("report error lost its sense: %s", got)
	}
}

// accountOrder lists the account labels of the page's sections, in order.
func accountOrder(page string) []string {
	var names []string
	for _, m := range accountH2.FindAllStringSubmatch(page, -1) {
		names = append(names, m[2])
	}
	return names
}

// TestWorstFirst: accounts with a red outcome come first, then amber, then
// green; within an account the same, equals keeping the order they came in.
func TestWorstFirst(t *testing.T) {
	res := func(acct, setting string, o flows.Outcome) flows.Result {
		return flows.Result{Account: acct, Setting: setting, Outcome: o}
	}
	in := []flows.Result{
		res("green", "a", flows.AlreadyOff), res("amber", "a", flows.TurnedOffVerified), res("red", "a", flows.AlreadyOff),
		res("green", "b", flows.NotOffered), res("amber", "b", flows.WouldTurnOff), res("red", "b", flows.NeedsHuman),
		res("amber", "c", flows.NeedsHuman), res("red", "c", flows.PageChanged), res("red", "d", flows.Failed),
		res("red", "e", flows.TurnedOffVerified),
	}
	var got []string
	for _, g := range byAccount(in) {
		var line []string
		for _, r := range g {
			line = append(line, r.Setting)
		}
		got = append(got, g[0].Account+":"+strings.Join(line, ","))
	}
	want := []string{"red:c,d,b,a,e", "amber:c,b,a", "green:a,b"}
	if !slices.Equal(got, want) {
		t.Errorf("order %q, want %q", got, want)
	}
}

func TestSettingTitle(t *testing.T) {
	cases := map[string]string{
		flows.SettingGenAI:     "Data for Generative AI Improvement",
		"partner_sharing":      "Share data with affiliates and partners",
		flows.SettingObjection: "Data Processing Objection Request Form",
		flows.SettingArchive:   "Get a copy of your data",
		"not_a_setting":        "",
	}
	for name, want := range cases {
		if got := settingTitle(name); got != want {
			t.Errorf("settingTitle(%q) = %q, want %q", name, got, want)
		}
	}
}
