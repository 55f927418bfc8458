package automation

import (
	"context"
	"errors"
	"fmt"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// ErrNotClickable means nothing a person could click shows the element.
var ErrNotClickable = errors.New("not clickable: covered or without size")

// Element is an element found on a Page.
type Element struct {
	page *Page
	rod  *rod.Element
	name string
}

// Name is the locator name the element was found by.
func (e *Element) Name() string { return e.name }

// Rod exposes the underlying rod element for tests.
func (e *Element) Rod() *rod.Element { return e.rod }

// Attribute returns an attribute's value, or "" when it is absent.
func (e *Element) Attribute(ctx context.Context, name string) (string, error) {
	v, err := e.rod.Context(ctx).Attribute(name)
	if err != nil {
		return "", fmt.Errorf("read %s of %s: %w", name, e.name, err)
	}
	if v == nil {
		return "", nil
	}
	return *v, nil
}

// Text returns the element's visible text, spaces collapsed and trimmed.
func (e *Element) Text(ctx context.Context) (string, error) {
	res, err := e.rod.Context(ctx).Eval(`function() { return (this.innerText || this.textContent || "").replace(/\s+/g, " ").trim(); }`)
	if err != nil {
		return "", fmt.Errorf("read the text of %s: %w", e.name, err)
	}
	return res.Value.Str(), nil
}

// Inside returns the first element inside e that selector matches, named
// name, or nil when there is none.
func (e *Element) Inside(ctx context.Context, selector, name string) (*Element, error) {
	els, err := e.rod.Context(ctx).Elements(selector)
	if err != nil {
		return nil, fmt.Errorf("find %s in %s: %w", name, e.name, err)
	}
	if len(els) == 0 {
		return nil, nil
	}
	return &Element{page: e.page, rod: els[0], name: name}, nil
}

// LinkTarget returns the absolute address the element (or the link around
// it) leads to, or "" when it is not inside a link.
func (e *Element) LinkTarget(ctx context.Context) (string, error) {
	res, err := e.rod.Context(ctx).Eval(`function() { const a = this.closest("a[href]"); return a ? a.href : ""; }`)
	if err != nil {
		return "", fmt.Errorf("read link of %s: %w", e.name, err)
	}
	return res.Value.Str(), nil
}

// FollowLink clicks a link as a person would, after checking that its target
// stays on the allowed origins: a link elsewhere is refused, not clicked.
func (e *Element) FollowLink(ctx context.Context) error {
	target, err := e.LinkTarget(ctx)
	if err != nil {
		return err
	}
	if target != "" && e.page.guard != nil {
		if err := e.page.guard.Check(target); err != nil {
			return fmt.Errorf("follow %s: %w", e.name, err)
		}
	}
	return e.Click(ctx)
}

// Click clicks the element the way a person does: with the mouse, on the
// element's visible centre, or, when a styled label covers a form control
// (the artdeco toggle pattern), on that label, which is what takes a
// person's click. It refuses to click anything else that covers the element.
func (e *Element) Click(ctx context.Context) error {
	el := e.rod.Context(ctx)
	if err := el.ScrollIntoView(); err != nil {
		return fmt.Errorf("click %s: scroll: %w", e.name, err)
	}
	res, err := el.Eval(`function() {
		const own = [this, ...(this.labels ? [...this.labels] : [])];
		const mine = (n) => own.some((o) => o === n || o.contains(n));
		for (const o of own) {
			const r = o.getBoundingClientRect();
			if (r.width < 1 || r.height < 1) continue;
			const x = r.left + r.width / 2, y = r.top + r.height / 2;
			const top = document.elementFromPoint(x, y);
			if (top && mine(top)) return {x, y, ok: true};
		}
		return {ok: false};
	}`)
	if err != nil {
		return fmt.Errorf("click %s: %w", e.name, err)
	}
	if !res.Value.Get("ok").Bool() {
		return fmt.Errorf("click %s: %w", e.name, ErrNotClickable)
	}
	pt := proto.Point{X: res.Value.Get("x").Num(), Y: res.Value.Get("y").Num()}
	pg := e.page.rod.Context(ctx)
	for _, ev := range []proto.InputDispatchMouseEventType{
		proto.InputDispatchMouseEventTypeMouseMoved,
		proto.InputDispatchMouseEventTypeMousePressed,
		proto.InputDispatchMouseEventTypeMouseReleased,
	} {
		call := proto.InputDispatchMouseEvent{Type: ev, X: pt.X, Y: pt.Y}
		if ev != proto.InputDispatchMouseEventTypeMouseMoved {
			call.Button = proto.InputMouseButtonLeft
			call.ClickCount = 1
		}
		if err := call.Call(pg); err != nil {
			return fmt.Errorf("click %s: %w", e.name, err)
		}
	}
	return nil
}

// SwitchState is the state of an on/off control.
type SwitchState string

// The states a switch can be read in.
const (
	SwitchOn      SwitchState = "on"
	SwitchOff     SwitchState = "off"
	SwitchUnknown SwitchState = "unknown"
)

// SwitchState reads an on/off control from its ARIA state (aria-checked),
// falling back to the checkbox's checked property; never from label text.
func (e *Element) SwitchState(ctx context.Context) (SwitchState, error) {
	res, err := e.rod.Context(ctx).Eval(`function() {
		const a = this.getAttribute("aria-checked");
		if (a === "true") return "on";
		if (a === "false") return "off";
		if (this instanceof HTMLInputElement && (this.type === "checkbox" || this.type === "radio")) return this.checked ? "on" : "off";
		return "unknown";
	}`)
	if err != nil {
		return SwitchUnknown, fmt.Errorf("read %s: %w", e.name, err)
	}
	return SwitchState(res.Value.Str()), nil
}

// Screenshot captures the element's box as PNG.
func (e *Element) Screenshot(ctx context.Context) ([]byte, error) {
	png, err := e.rod.Context(ctx).Screenshot(proto.PageCaptureScreenshotFormatPng, 0)
	if err != nil {
		return nil, fmt.Errorf("screenshot %s: %w", e.name, err)
	}
	return png, nil
}
