package report

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/optout/optout/flows"
)

// Personal data that household's results carry in form values and errors.
const (
	hhName  = "Ottilie Vanderquast"
	hhEmail = "ottilie.vq@example.invalid"
	hhToken = "tok_9f8e7d6c5b4a"
)

// household is a report written, as optout writes it, beside the receipts
// of two accounts that each ran several settings.
type household struct {
	evidence, path string
	images         []string // every screenshot, absolute
}

// writeHousehold writes receipts and screenshots for two accounts, the
// way the flows lay them out (evidence/<account>/<time>/), then the report
// into evidence/. "alex" comes first and has only green outcomes; "sam" has
// two red, one amber and one green, the red ones not first.
func writeHousehold(t *testing.T) household {
	t.Helper()
	root := t.TempDir()
	t.Chdir(root)
	h := household{evidence: filepath.Join(root, "evidence")}
	start := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	n := 0
	result := func(acct, setting string, o flows.Outcome, before, after flows.State, shots ...string) flows.Result {
		n++
		at := start.Add(time.Duration(n) * 1700 * time.Millisecond)
		dir := filepath.Join(h.evidence, acct, at.Format("2006-01-02T15-04-05.000Z"))
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		r := flows.Result{
			Account: acct, Setting: setting, Outcome: o, Before: before, After: after, Route: flows.RouteDirect,
			URL:       "https://www.linkedin.com/mypreferences/d/settings/" + setting + "?session=" + hhToken,
			StartedAt: at, FinishedAt: at.Add(1400 * time.Millisecond), Receipt: dir, Evidence: []string{},
		}
		for _, shot := range shots {
			p := filepath.Join(dir, shot+".png")
			writeScreenshot(t, p, shot, n)
			h.images = append(h.images, p)
			// One account's evidence is named relative to the current directory.
			if acct == "sam" {
				rel, err := filepath.Rel(root, p)
				if err != nil {
					t.Fatal(err)
				}
				p = rel
			}
			r.Evidence = append(r.Evidence, p)
		}
		return r
	}

	partner := result("sam", "partner_sharing", flows.Failed, flows.On, flows.Unknown, "before", "failure")
	partner.Error = "save answered 500 for " + hhEmail + " at https://www.linkedin.com/in/ottilie-vq?session=" + hhToken +
		"; switch [role=switch][aria-labelledby~=shareDataWithTrustedPartnersAndAffiliatesOfMicrosoftCorporation] still on"
	markup := filepath.Join(partner.Receipt, "page.html")
	if err := os.WriteFile(markup, []byte("<html></html>"), 0o600); err != nil {
		t.Fatal(err)
	}
	partner.Evidence = append(partner.Evidence, markup)
	promotions := result("sam", "promotions_ads", flows.Uncertain, flows.On, flows.On, "before", "after", "failure")
	promotions.Error = "the page kept on after the reload"
	research := result("sam", "research_sharing", flows.NeedsHuman, flows.Unknown, flows.Unknown)
	research.Error = "LinkedIn asks to sign in again"
	objection := result("alex", flows.SettingObjection, flows.Prefilled, flows.Unknown, flows.Unknown, "before", "after")
	objection.Fields = map[string]string{"Full name": hhName, "Email": hhEmail}
	submitted := false
	objection.Submitted = &submitted

	results := []flows.Result{
		result("alex", flows.SettingGenAI, flows.AlreadyOff, flows.Off, flows.Off, "before"),
		result("alex", "partner_sharing", flows.TurnedOffVerified, flows.On, flows.Off, "before", "after"),
		result("alex", "research_sharing", flows.NotOffered, flows.Absent, flows.Absent),
		result("alex", "ads_age", flows.TurnedOffVerified, flows.On, flows.Off, "before", "after"),
		result("alex", "cookies_nonessential", flows.AlreadyOff, flows.Off, flows.Off, "before"),
		objection,
		result("sam", flows.SettingGenAI, flows.TurnedOffVerified, flows.On, flows.Off, "before", "after"),
		partner, research, promotions,
	}
	path, err := Write(h.evidence, "optout report", results, start.Add(time.Minute))
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	h.path = path
	return h
}

// writeScreenshot draws a page-like picture (a header bar, a card, a switch
// whose colour follows the shot's name) so thumbnails look like the real ones.
func writeScreenshot(t *testing.T, path, shot string, seed int) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 640, 400))
	fill := func(r image.Rectangle, c color.Color) {
		draw.Draw(img, r, image.NewUniform(c), image.Point{}, draw.Src)
	}
	fill(img.Bounds(), color.RGBA{243, 242, 239, 255})
	fill(image.Rect(0, 0, 640, 36), color.RGBA{255, 255, 255, 255})
	fill(image.Rect(40, 60, 600, 360), color.RGBA{255, 255, 255, 255})
	for i := range 5 {
		fill(image.Rect(64, 90+i*28, 300+(seed*37+i*53)%240, 102+i*28), color.RGBA{200, 200, 200, 255})
	}
	switchColour := map[string]color.RGBA{"before": {10, 102, 194, 255}, "after": {140, 140, 140, 255}, "failure": {204, 16, 22, 255}}[shot]
	fill(image.Rect(520, 90, 570, 114), switchColour)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

var (
	anyHref = regexp.MustCompile(`<a [^>]*href="([^"]*)"`)
	anyID   = regexp.MustCompile(` id="([^"]*)"`)
)

// TestHouseholdReport: two accounts of several settings each; the account
// with a failure comes first and, within it, its red settings; every image
// and every link resolves to a file beside the report; no personal data.
func TestHouseholdReport(t *testing.T) {
	h := writeHousehold(t)
	data, err := os.ReadFile(h.path)
	if err != nil {
		t.Fatal(err)
	}
	page := string(data)

	t.Run("failures first", func(t *testing.T) {
		if got := accountOrder(page); !slices.Equal(got, []string{"sam", "alex"}) {
			t.Fatalf("accounts in the order %q, want sam (has failures) first", got)
		}
		sam := page[strings.Index(page, `<h2 id="account-1-name">`):]
		sam = sam[:strings.Index(sam, sectionEnd)]
		var settings []string
		for _, m := range settingOf.FindAllStringSubmatch(sam, -1) {
			settings = append(settings, m[1])
		}
		if want := []string{"partner_sharing", "promotions_ads", "research_sharing", "genai_training"}; !slices.Equal(settings, want) {
			t.Errorf("sam's settings in the order %q, want %q", settings, want)
		}
		var classes []string
		for _, m := range cardStart.FindAllStringSubmatch(sam, -1) {
			classes = append(classes, m[1])
		}
		if want := []string{"bad", "bad", "warn", "ok"}; !slices.Equal(classes, want) {
			t.Errorf("sam's cards coloured %q, want %q", classes, want)
		}
		if !strings.Contains(page, `<section class="account edge-bad" id="account-1"`) ||
			!strings.Contains(page, `<section class="account edge-ok" id="account-2"`) {
			t.Error("account sections are not coloured by their worst outcome")
		}
	})

	t.Run("titles, states and outcome colours", func(t *testing.T) {
		for _, want := range []string{
			"<h3>Share data with affiliates and partners</h3>\n<p class=\"name\">partner_sharing</p>",
			"<h3>Data Processing Objection Request Form</h3>",
			`<span class="outcome bad">failed</span> <span class="states"><span class="label">before → after</span> <span class="change">on → unknown</span></span>`,
			`<span class="outcome bad">uncertain</span>`,
			`<span class="outcome warn">needs_human</span>`,
			`<span class="outcome ok">not_offered</span>`, `absent → absent`,
			`<span class="outcome ok">prefilled</span>`,
			`<li class="outcome bad">1 uncertain</li><li class="outcome bad">1 failed</li><li class="outcome warn">1 needs_human</li><li class="outcome ok">1 turned_off_verified</li>`,
			"filled: Email, Full name", "submitted: no",
			"<p class=\"page\">https://www.linkedin.com/mypreferences/d/settings/partner_sharing</p>",
			"save answered 500 for [redacted] at https://www.linkedin.com/in/[redacted]?session=[redacted]",
		} {
			if !strings.Contains(page, want) {
				t.Errorf("report lacks %q", want)
			}
		}
	})

	t.Run("every image and link resolves", func(t *testing.T) {
		ids := map[string]bool{}
		for _, m := range anyID.FindAllStringSubmatch(page, -1) {
			ids[m[1]] = true
		}
		srcs := imgSrc.FindAllStringSubmatch(page, -1)
		if len(srcs) != len(h.images) {
			t.Errorf("page shows %d images, want %d", len(srcs), len(h.images))
		}
		shown := map[string]bool{}
		for _, m := range srcs {
			p := resolve(t, filepath.Dir(h.path), m[1])
			if info, err := os.Stat(p); err != nil || !info.Mode().IsRegular() {
				t.Errorf("img %q: %v", m[1], err)
			}
			shown[p] = true
			if !strings.Contains(page, `<a href="`+m[1]+`"><img src="`+m[1]+`"`) {
				t.Errorf("img %q does not open its full-size file", m[1])
			}
		}
		for _, p := range h.images {
			if !shown[p] {
				t.Errorf("screenshot %s is not shown", p)
			}
		}
		hrefs := anyHref.FindAllStringSubmatch(page, -1)
		if len(hrefs) < len(srcs)+2 {
			t.Errorf("page has %d links, want at least one per image and two account links", len(hrefs))
		}
		for _, m := range hrefs {
			if strings.HasPrefix(m[1], "#") {
				if !ids[m[1][1:]] {
					t.Errorf("link %q points at no element of the page", m[1])
				}
				continue
			}
			if _, err := os.Stat(resolve(t, filepath.Dir(h.path), m[1])); err != nil {
				t.Errorf("link %q: %v", m[1], err)
			}
		}
	})

	t.Run("no personal data", func(t *testing.T) {
		for _, secret := range []string{hhName, "Ottilie", hhEmail, "ottilie", hhToken, "?session=tok"} {
			if strings.Contains(page, secret) {
				t.Errorf("report contains %q", secret)
			}
		}
	})
}
