package automation

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/go-rod/rod"
)

//go:embed form.js
var formJS string

// ControlKind is what sort of form control a person sees.
type ControlKind string

// The kinds of controls a form may hold.
const (
	ControlText     ControlKind = "text"     // a one-line text box (text, email, url, …)
	ControlTextarea ControlKind = "textarea" // a multi-line text box
	ControlSelect   ControlKind = "select"   // a drop-down list
	ControlChoice   ControlKind = "choice"   // a list of choices drawn as items (role=radiogroup/listbox)
	ControlOther    ControlKind = "other"    // anything else (checkbox, radio, date…): never filled
)

// Option is one choice of a select or choice control.
type Option struct {
	Value string `json:"value"`
	Text  string `json:"text"`
}

// Control is one visible field of a form, as a person sees it.
type Control struct {
	Kind         ControlKind `json:"kind"`
	Type         string      `json:"type"`
	Name         string      `json:"name"`
	ID           string      `json:"id"`
	Autocomplete string      `json:"autocomplete"`
	// Label is the field's visible label (or aria-label, or placeholder).
	Label    string `json:"label"`
	Required bool   `json:"required"`
	// Value is the text typed in, or the value of the chosen option.
	Value string `json:"value"`
	// Shown is what the person reads: the text, or the chosen option's text.
	Shown   string   `json:"shown"`
	Options []Option `json:"options"`

	el   *rod.Element
	page *Page
}

// ErrNoSuchOption means a choice was asked for that the control lacks.
var ErrNoSuchOption = errors.New("no such option")

// Controls lists the visible fields of form (inputs, text areas, drop-down
// lists and lists of choices), in page order, with their current values.
// Hidden inputs and buttons are not fields a person fills, so they are left out.
func (p *Page) Controls(ctx context.Context, form *Element) ([]*Control, error) {
	els, err := form.rod.Context(ctx).ElementsByJS(rod.Eval(`function() { return (` + formJS + `).fields(this); }`))
	if err != nil {
		return nil, fmt.Errorf("list the fields of %s: %w", form.name, err)
	}
	controls := make([]*Control, 0, len(els))
	for _, el := range els {
		c := &Control{el: el, page: p}
		if err := c.read(ctx); err != nil {
			return nil, err
		}
		controls = append(controls, c)
	}
	return controls, nil
}

// read refreshes what is known about the control from the page.
func (c *Control) read(ctx context.Context) error {
	res, err := c.el.Context(ctx).Eval(`function() { return (` + formJS + `).describe(this); }`)
	if err != nil {
		return fmt.Errorf("read a form field: %w", err)
	}
	var d Control
	if err := json.Unmarshal([]byte(res.Value.JSON("", "")), &d); err != nil {
		return fmt.Errorf("read a form field: %w", err)
	}
	d.el, d.page = c.el, c.page
	*c = d
	return nil
}

// Refresh reads the control's value back from the page.
func (c *Control) Refresh(ctx context.Context) error { return c.read(ctx) }

// Describe names the control for messages: its label, else its name.
func (c *Control) Describe() string {
	switch {
	case c.Label != "":
		return c.Label
	case c.Name != "":
		return c.Name
	case c.ID != "":
		return c.ID
	}
	return "an unlabelled field"
}

// Fill types text into a text box the way a person does: a click into the
// field, everything in it selected, then the text typed over it.
func (c *Control) Fill(ctx context.Context, text string) error {
	if c.Kind != ControlText && c.Kind != ControlTextarea {
		return fmt.Errorf("fill %s: it is a %s, not a text box", c.Describe(), c.Kind)
	}
	el := c.el.Context(ctx)
	if err := c.element().Click(ctx); err != nil {
		return fmt.Errorf("fill %s: %w", c.Describe(), err)
	}
	if err := el.SelectAllText(); err != nil {
		return fmt.Errorf("fill %s: select its text: %w", c.Describe(), err)
	}
	if err := el.Input(text); err != nil {
		return fmt.Errorf("fill %s: type: %w", c.Describe(), err)
	}
	return c.read(ctx)
}

// Choose picks the option whose value is value: in a drop-down list, as a
// keyboard user does (focus, select, change event); in a list of choices, by
// clicking the item.
func (c *Control) Choose(ctx context.Context, value string) error {
	idx := -1
	for i, o := range c.Options {
		if o.Value == value {
			idx = i
			break
		}
	}
	if idx < 0 {
		return fmt.Errorf("choose %q in %s: %w", value, c.Describe(), ErrNoSuchOption)
	}
	switch c.Kind {
	case ControlSelect:
		el := c.el.Context(ctx)
		if err := el.Focus(); err != nil {
			return fmt.Errorf("choose in %s: focus: %w", c.Describe(), err)
		}
		if _, err := el.Eval(`function(i) { return (`+formJS+`).select(this, i); }`, idx); err != nil {
			return fmt.Errorf("choose in %s: %w", c.Describe(), err)
		}
	case ControlChoice:
		item, err := c.el.Context(ctx).ElementByJS(rod.Eval(`function(i) { return (`+formJS+`).items(this)[i]; }`, idx))
		if err != nil {
			return fmt.Errorf("choose in %s: find the item: %w", c.Describe(), err)
		}
		opt := &Element{page: c.page, rod: item, name: "the option " + c.Options[idx].Text}
		if err := opt.Click(ctx); err != nil {
			return fmt.Errorf("choose in %s: %w", c.Describe(), err)
		}
	default:
		return fmt.Errorf("choose in %s: it is a %s, not a list", c.Describe(), c.Kind)
	}
	return c.read(ctx)
}

func (c *Control) element() *Element {
	return &Element{page: c.page, rod: c.el, name: c.Describe()}
}
