package report

import (
	"image"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod"

	"github.com/optout/optout/automation/automationtest"
)

// shotEnv names a file the household's 1280 px screenshot is copied to, for
// a person to look at (the test's own copy goes with its temporary folder).
const shotEnv = "OPTOUT_REPORT_SHOT"

// TestReportInBrowser opens written reports in real headless Chromium from
// disk, under the page's own Content-Security-Policy: the screenshots
// render, and a household's page fits a 1280 px window.
func TestReportInBrowser(t *testing.T) {
	b := automationtest.Rod(t)
	open := func(t *testing.T, path string) *rod.Page {
		t.Helper()
		p := b.MustIncognito().MustPage("").Timeout(30 * time.Second)
		p.MustSetViewport(1280, 800, 1, false)
		p.MustNavigate((&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()).MustWaitLoad()
		return p
	}

	t.Run("sample", func(t *testing.T) {
		s := writeSample(t)
		p := open(t, s.path)
		imgs := p.MustElements("img")
		if len(imgs) != 2 {
			t.Fatalf("page has %d images, want 2", len(imgs))
		}
		for i, want := range []image.Point{s.sizes[s.before], s.sizes[s.after]} {
			img := imgs[i]
			img.MustWaitLoad()
			w := img.MustEval(`() => this.complete ? this.naturalWidth : -1`).Int()
			h := img.MustEval(`() => this.naturalHeight`).Int()
			if w <= 0 || w != want.X || h != want.Y {
				t.Errorf("image %d (%s) rendered %dx%d, want %dx%d", i, *img.MustAttribute("src"), w, h, want.X, want.Y)
			}
		}
		if cards := p.MustElements("section.account li.card"); len(cards) != 3 {
			t.Errorf("page has %d setting cards, want 3", len(cards))
		}
		if got := p.MustElement("#summary").MustText(); !strings.HasPrefix(got, "3 results:") {
			t.Errorf("summary reads %q", got)
		}
	})

	t.Run("household at 1280 px", func(t *testing.T) {
		h := writeHousehold(t)
		p := open(t, h.path)
		// Every image decoded, or listed as broken.
		broken := p.MustEval(`async () => {
			await Promise.all([...document.images].map(i => i.decode().catch(() => {})));
			return [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute("src"));
		}`).Arr()
		if n := len(p.MustElements("img")); n != len(h.images) {
			t.Errorf("page has %d images, want %d", n, len(h.images))
		}
		for _, src := range broken {
			t.Errorf("image %s did not load", src.Str())
		}
		width := p.MustEval(`() => ({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})`)
		if sw := width.Get("scroll").Int(); sw > 1280 || sw > width.Get("client").Int() {
			t.Errorf("page is %d px wide in a %d px window (1280 px screen)", sw, width.Get("client").Int())
		}
		over := p.MustEval(`() => {
			const limit = document.documentElement.clientWidth;
			return [...document.querySelectorAll("body *")]
				.filter(e => e.getBoundingClientRect().right > limit + 0.5)
				.map(e => e.tagName.toLowerCase() + "." + e.className + " right " + Math.round(e.getBoundingClientRect().right));
		}`).Arr()
		for _, e := range over {
			t.Errorf("cut off at the right edge: %s", e.Str())
		}
		spills := p.MustEval(`() => [...document.querySelectorAll("body *")]
			.filter(e => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1)
			.map(e => e.tagName.toLowerCase() + "." + e.className + " holds " + e.scrollWidth + " px in " + e.clientWidth)`).Arr()
		for _, e := range spills {
			t.Errorf("content spills out of its box: %s", e.Str())
		}
		text := p.MustElement("body").MustText()
		for _, secret := range []string{hhName, hhEmail, hhToken} {
			if strings.Contains(text, secret) {
				t.Errorf("page shows %q", secret)
			}
		}

		shot, err := p.Screenshot(true, nil)
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		cfg, err := png.DecodeConfig(strings.NewReader(string(shot)))
		if err != nil {
			t.Fatalf("screenshot is not a PNG: %v", err)
		}
		if cfg.Width > 1280 {
			t.Errorf("screenshot is %d px wide, want at most 1280", cfg.Width)
		}
		if dst := os.Getenv(shotEnv); dst != "" {
			if err := os.WriteFile(dst, shot, 0o600); err != nil {
				t.Fatal(err)
			}
		}
	})
}
