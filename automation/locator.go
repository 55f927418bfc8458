package automation

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

//go:embed locate.js
var locateJS string

// Find returns the element loc matches now, or nil when there is none.
func (p *Page) Find(ctx context.Context, loc Locator) (*Element, error) {
	return p.find(ctx, loc)
}

func (p *Page) find(ctx context.Context, loc Locator) (*Element, error) {
	pg := p.rod.Context(ctx)
	res, err := pg.Evaluate(rod.Eval(`(loc) => (`+locateJS+`)(loc)`, loc).ByObject())
	if err != nil {
		return nil, fmt.Errorf("find %s: %w", loc.Name, err)
	}
	if res.Type == proto.RuntimeRemoteObjectTypeObject && res.Subtype == proto.RuntimeRemoteObjectSubtypeNull || res.ObjectID == "" {
		return nil, nil
	}
	el, err := pg.ElementFromObject(res)
	if err != nil {
		return nil, fmt.Errorf("find %s: %w", loc.Name, err)
	}
	return &Element{page: p, rod: el, name: loc.Name}, nil
}

// Locator finds an element the way that survives page changes: each Find is
// tried in order (put link targets first, then roles, then label texts, then
// CSS classes) and the first visible match wins.
type Locator struct {
	// Name describes the element for messages ("Settings & Privacy link").
	Name string `json:"-"`
	// Finds are the ways to find it, best first.
	Finds []Find `json:"finds"`
	// Hidden accepts elements that are not visible.
	Hidden bool `json:"hidden"`
}

// Describe names the element in messages.
func (l Locator) Describe() string { return l.Name }

// Find is one way of finding an element; its parts must all hold.
type Find struct {
	// CSS selects candidates by selector.
	CSS string `json:"css,omitempty"`
	// Role selects by ARIA role (explicit, or implicit for link, button,
	// checkbox and textbox).
	Role string `json:"role,omitempty"`
	// Href selects links whose resolved path is one of these.
	Href []string `json:"href,omitempty"`
	// Texts keeps candidates whose accessible name or text contains one of
	// these, compared without case and with spaces collapsed.
	Texts []string `json:"texts,omitempty"`
	// LastWord compares Texts against the name's last word(s) only ("Alice
	// Example Me" ends with "Me"), for short labels that "contains" would
	// find inside other words.
	LastWord bool `json:"lastWord,omitempty"`
	// Only matches when exactly one candidate is left: for finding "the"
	// switch of a page without knowing its language.
	Only bool `json:"only,omitempty"`
}

// ByHref finds links to any of paths.
func ByHref(paths ...string) Find { return Find{Href: paths} }

// ByRole finds elements with an ARIA role, optionally named by one of texts.
func ByRole(role string, texts ...string) Find { return Find{Role: role, Texts: texts} }

// ByCSS finds elements by selector.
func ByCSS(selector string) Find { return Find{CSS: selector} }

// ByText finds elements matching selector whose text contains one of texts.
func ByText(selector string, texts ...string) Find { return Find{CSS: selector, Texts: texts} }

// ByLastWord finds elements matching selector whose name ends with one of
// words.
func ByLastWord(selector string, words ...string) Find {
	return Find{CSS: selector, Texts: words, LastWord: true}
}

// ByOnly finds the single visible element matching selector, and nothing when
// there are several.
func ByOnly(selector string) Find { return Find{CSS: selector, Only: true} }

func targetNames(ts []Target) string {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = t.Describe()
	}
	return strings.Join(names, " or ")
}

// MarshalJSON keeps Locator's JSON form stable for the page script.
func (l Locator) MarshalJSON() ([]byte, error) {
	type plain Locator
	if l.Finds == nil {
		l.Finds = []Find{}
	}
	return json.Marshal(plain(l))
}
