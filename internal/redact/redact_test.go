package redact

import (
	"strings"
	"testing"
)

func TestText(t *testing.T) {
	tests := []struct {
		name, in string
		secrets  []string
		want     string
	}{
		{"email", "write to jane.doe+li@example.co.uk today", nil, "write to [redacted] today"},
		{"email with unicode", "jürgen@müller.de", nil, "[redacted]"},
		{"percent-encoded email", "/x?to=jane%40example.com&a=1", nil, "/x?to=[redacted]&a=1"},
		{"two emails", "a@b.io, c@d.io", nil, "[redacted], [redacted]"},
		{"malformed email", "see JA@.io.io", nil, "see [redacted]"},
		{"at sign alone", "@mention and a@b", nil, "@mention and a@b"},
		{"absolute profile", "see https://www.linkedin.com/in/jane-doe-12345/ now", nil, "see https://www.linkedin.com/in/[redacted]/ now"},
		{"relative profile", "/in/jane-doe?miniProfileUrn=x", nil, "/in/[redacted]?miniProfileUrn=x"},
		{"encoded profile", "next=https%3A%2F%2Fwww.linkedin.com%2Fin%2Fjane%2F", nil, "next=https%3A%2F%2Fwww.linkedin.com%2Fin%2F[redacted]"},
		{"redirect parameter", "/login?session_redirect=https%3A%2F%2Fwww.linkedin.com%2Ffeed", nil, "/login?session_redirect=[redacted]"},
		{"profile in path of redirect", "/login?next=%2Fin%2Fj%C3%BCrgen", nil, "/login?next=%2Fin%2F[redacted]"},
		{"settings link kept", "/mypreferences/d/categories/privacy", nil, "/mypreferences/d/categories/privacy"},
		{"member urn", `{"entityUrn":"urn:li:fsd_profile:ACoAAB1234xyz"}`, nil, `{"entityUrn":"urn:li:fsd_profile:[redacted]"}`},
		{"other urn kept", "urn:li:page:d_flagship3_settings", nil, "urn:li:page:d_flagship3_settings"},
		{"cookie header", `li_at=AQEDAR123; JSESSIONID="ajax:1234567890123"`, nil, `li_at=[redacted]; JSESSIONID="[redacted]"`},
		{"csrf token alone", "csrf ajax:8412394812394", nil, "csrf [redacted]"},
		{"token query", "/s?midToken=AQF1&trk=nav", nil, "/s?midToken=[redacted]&trk=nav"},
		{"phone", `tel:+49 30 1234`, nil, "tel:[redacted] 30 1234"},
		{"secret any case", "Signed in as JANE Doe", []string{"jane doe"}, "Signed in as [redacted]"},
		{"secret across wrapped space", "Jane\n   Doe\u00a0Smith", []string{"Jane Doe Smith"}, "[redacted]"},
		{"longest secret first", "Jane Doe", []string{"Jane", "Jane Doe"}, "[redacted]"},
		{"secret with regexp characters", "a (b) c+", []string{"(b) c+"}, "a [redacted]"},
		{"secret url-encoded", "/q?name=Jane+Doe&n=Jane%20Doe", []string{"Jane Doe"}, "/q?name=[redacted]&n=[redacted]"},
		{"short and empty secrets skipped", "Al at IT", []string{"", "Al", "  It  "}, "Al at IT"},
		{"three-letter secret", "Bob and bobby", []string{"bob"}, "[redacted] and [redacted]by"},
		{"no secrets", "plain words", nil, "plain words"},
		{"secret not valid UTF-8", "ab\xeb\xebc", []string{"b\xeb\xeb"}, "a[redacted]c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in, tt.secrets...); got != tt.want {
				t.Errorf("Text(%q, %q)\n got %q\nwant %q", tt.in, tt.secrets, got, tt.want)
			}
		})
	}
}

func TestHTML(t *testing.T) {
	tests := []struct {
		name, in string
		secrets  []string
		// want must appear in the output, and none of gone.
		want, gone []string
	}{
		{
			name: "scripts, styles, noscript and iframes are emptied",
			in: `<script>var user="jane@x.io"</script><style>.a{}</style><noscript>JS off</noscript>` +
				`<iframe id="f" src="/frame">inner</iframe><p>body</p>`,
			want: []string{"<script></script>", "<style></style>", "<noscript></noscript>", `<iframe id="f" src="/frame"></iframe>`, "<p>body</p>"},
			gone: []string{"var user", ".a{}", "JS off", "inner"},
		},
		{
			name: "meta tags other than charset are dropped",
			in:   `<head><meta charset="utf-8"><meta name="csrf-token" content="ajax:123"><meta property="og:title" content="Jane"></head>`,
			want: []string{`<meta charset="utf-8"/>`},
			gone: []string{"csrf-token", "og:title", "content="},
		},
		{
			name: "form values",
			in: `<form><input type="hidden" name="csrfToken" value="ajax:999"><input type="email" id="e" value="me@x.io">` +
				`<textarea id="t">my reasons</textarea><select><option value="de" selected>DE</option></select></form>`,
			want: []string{`<input type="hidden" name="csrfToken"/>`, `<input type="email" id="e"/>`, `<textarea id="t"></textarea>`, `<option value="de" selected="">DE</option>`},
			gone: []string{"ajax:999", "me@x.io", "my reasons"},
		},
		{
			name: "images",
			in:   `<img class="global-nav__me-photo" src="https://media.licdn.com/dms/image/abc" srcset="a.jpg 1x" alt="Photo">`,
			want: []string{`<img class="global-nav__me-photo" src="" srcset="" alt="Photo"/>`},
			gone: []string{"licdn", "a.jpg"},
		},
		{
			name: "event handlers and nonces",
			in:   `<button id="b" onclick="track('jane')" OnMouseOver="x()" nonce="abc" aria-pressed="true">Save</button>`,
			want: []string{`<button id="b" aria-pressed="true">Save</button>`},
			gone: []string{"onclick", "onmouseover", "nonce"},
		},
		{
			name: "data attributes with addresses or tokens",
			in: `<div data-email="jane@x.io" data-sess="AQEDAR7s9df8g7sdf98g7sdf98g7" data-control-name="toggle_switch" ` +
				`data-test-id="artdeco-toggle__button--small">x</div>`,
			want: []string{`data-control-name="toggle_switch"`, `data-test-id="artdeco-toggle__button--small"`},
			gone: []string{"data-email", "data-sess", "AQEDAR"},
		},
		{
			name: "comments and hidden page data",
			in:   `<!-- user jane --><code style="display: none" id="bpr-guid-1">{"firstName":"Jane"}</code><code>visible()</code>`,
			want: []string{`<code id="bpr-guid-1" style="display: none"></code>`, "<code>visible()</code>"},
			gone: []string{"<!--", "firstName"},
		},
		{
			name: "structure, roles, aria and hrefs stay; personal parts of them go",
			in: `<nav class="global-nav"><a id="me" href="https://www.linkedin.com/in/jane-doe/" aria-label="Jane Doe, view profile">Me</a>` +
				`<a href="/mypreferences/d/categories/privacy" role="link">Data privacy</a>` +
				`<input type="checkbox" role="switch" aria-checked="true" id="ember42" checked></nav>`,
			secrets: []string{"Jane Doe"},
			// The parser lists an <a>'s attributes in reverse.
			want: []string{`<nav class="global-nav">`, `<a aria-label="[redacted], view profile" href="https://www.linkedin.com/in/[redacted]/" id="me">Me</a>`,
				`<a href="/mypreferences/d/categories/privacy" role="link">Data privacy</a>`,
				`<input type="checkbox" role="switch" aria-checked="true" id="ember42" checked=""/>`},
			gone: []string{"jane"},
		},
		{
			name:    "text and attribute values",
			in:      `<p title="mail jane@x.io">Hello JANE, your address is jane@x.io.</p><div style="background-image:url('https://media.licdn.com/p.jpg')"></div>`,
			secrets: []string{"jane"},
			want:    []string{`<p title="mail [redacted]">Hello [redacted], your address is [redacted].</p>`, `style="background-image:url()"`},
			gone:    []string{"licdn"},
		},
		{
			name:    "secret split by a removed node",
			in:      `<p>Ja<!-- x -->ne</p><div>Do<meta name="x">e</div>`,
			secrets: []string{"jane", "doe"},
			want:    []string{"<p>[redacted]</p>", "<div>[redacted]</div>"},
		},
		{
			name:    "secret split by a kept element stays split",
			in:      `<p>Ja<b>ne</b></p>`,
			secrets: []string{"jane"},
			want:    []string{"<p>Ja<b>ne</b></p>"},
		},
		{
			name: "markup names holding an address",
			in:   `<jane@x.io id="a">t</jane@x.io><p a@b.io="1" @click="go" id="p">u</p>`,
			want: []string{`<x-redacted id="a">t</x-redacted>`, `<p @click="go" id="p">u</p>`},
			gone: []string{"x.io", "b.io"},
		},
		{
			name:    "entities are decoded before matching",
			in:      `<p>&#74;ane &#x40; <span title="jane&#64;x&#46;io">x</span></p>`,
			secrets: []string{"jane"},
			want:    []string{"<p>[redacted] @ ", `title="[redacted]"`},
		},
		{
			name: "svg images",
			in:   `<svg><image href="https://media.licdn.com/a" xlink:href="https://media.licdn.com/b"></image></svg>`,
			gone: []string{"licdn"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := HTML(tt.in, tt.secrets...)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q\n got %s", w, got)
				}
			}
			lower := strings.ToLower(got)
			for _, g := range tt.gone {
				if strings.Contains(lower, strings.ToLower(g)) {
					t.Errorf("output still holds %q\n got %s", g, got)
				}
			}
		})
	}
}

func TestHTMLKeepsADocumentWithoutPersonalData(t *testing.T) {
	in := `<!DOCTYPE html><html lang="en"><head><title>Settings</title></head>` +
		`<body><main id="main"><h1 class="t-20">Data for Generative AI Improvement</h1>` +
		`<div role="group" aria-labelledby="h"><label for="s">Use my data</label></div></main></body></html>`
	if got := HTML(in); got != in {
		t.Errorf("a document with nothing to redact changed\n got %s\nwant %s", got, in)
	}
}

func TestStructureElidesEveryTextNotKept(t *testing.T) {
	doc := `<html><body><nav><img alt="Quentin Zyxwvut" src="x.jpg"><button aria-label="Quentin Zyxwvut Me">Me</button>
<strong>Quentin Zyxwvut</strong></nav><main><h1>Data privacy</h1><a href="/mypreferences/d/settings/x" title="Go">Some row</a>
<input placeholder="Your name" value="Quentin"><label for="a">Full name</label></main></body></html>`
	keep := func(s string) bool { return s == "Data privacy" || s == "Me" || s == "Full name" }
	got := Structure(doc, keep)
	if strings.Contains(got, "Zyxwvut") || strings.Contains(got, "Quentin") || strings.Contains(got, "Some row") || strings.Contains(got, "Your name") {
		t.Errorf("texts not kept survived:\n%s", got)
	}
	for _, want := range []string{"<h1>Data privacy</h1>", ">Me</button>", "Full name", `href="/mypreferences/d/settings/x"`, `alt="…"`, `aria-label="…"`, "<strong>…</strong>"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q missing from:\n%s", want, got)
		}
	}
	if got := Structure(doc, nil); strings.Contains(got, "Data privacy") {
		t.Errorf("nil keep kept a text:\n%s", got)
	}
}
