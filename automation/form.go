package automation

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"time"

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
	ControlChoice   ControlKind = "choice"   // a list of choices drawn as items (role=radiogroup/listbox, or li#option-… without roles)
	ControlOther    ControlKind = "other"    // anything else (checkbox, radio, date, a required hidden input…): never filled
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

// ErrChoiceNotTaken means a choice was clicked but the page does not show it
// chosen afterwards.
var ErrChoiceNotTaken = errors.New("the page did not take the choice")

// listOpenWait bounds the wait for a list of choices to show its options
// after its button was clicked: a person sees a list open at once, and a
// list that does not open must not use up the whole step's time.
const listOpenWait = 5 * time.Second

// Controls lists the fields a person fills in form, in page order, with
// their current values: visible inputs, text areas and drop-down lists, and
// lists of choices, with ARIA roles or drawn as li#option-… items without
// any (the help centre's way), shown or behind the button that opens them.
// Buttons and hidden inputs are left out, except a hidden input marked
// required that no listed list keeps its value in (kind other): only it
// says whether a choice drawn some other way was made.
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
// field, everything in it selected, then the text put in over it as one
// insertion (the input events of typing, no more). Nothing else is
// dispatched: the field's change event comes, as for a person, when the
// focus moves on.
func (c *Control) Fill(ctx context.Context, text string) error {
	if c.Kind != ControlText && c.Kind != ControlTextarea {
		return fmt.Errorf("fill %s: it is a %s, not a text box", c.Describe(), c.Kind)
	}
	if err := c.element().Click(ctx); err != nil {
		return fmt.Errorf("fill %s: %w", c.Describe(), err)
	}
	if err := c.el.Context(ctx).SelectAllText(); err != nil {
		return fmt.Errorf("fill %s: select its text: %w", c.Describe(), err)
	}
	if err := c.page.rod.Context(ctx).InsertText(text); err != nil {
		return fmt.Errorf("fill %s: type: %w", c.Describe(), err)
	}
	return c.read(ctx)
}

// Choose picks the option whose value is value: in a drop-down list, as a
// keyboard user does (focus, select, change event); in a list of choices, by
// clicking the item, after clicking the button that opens the list when its
// items are not shown. The choice is read back: one the page does not show
// afterwards is ErrChoiceNotTaken.
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
		if err := c.open(ctx, item); err != nil {
			return fmt.Errorf("choose in %s: %w", c.Describe(), err)
		}
		opt := &Element{page: c.page, rod: item, name: "the option " + c.Options[idx].Text}
		if err := opt.Click(ctx); err != nil {
			return fmt.Errorf("choose in %s: %w", c.Describe(), err)
		}
	default:
		return fmt.Errorf("choose in %s: it is a %s, not a list", c.Describe(), c.Kind)
	}
	if err := c.read(ctx); err != nil {
		return err
	}
	if c.Value != value && c.Shown != c.Options[idx].Text {
		return fmt.Errorf("choose %q in %s: %w", c.Options[idx].Text, c.Describe(), ErrChoiceNotTaken)
	}
	return nil
}

// open shows a list's item as a person would: when it is not shown, by
// clicking the button that opens the list, then waiting (bounded) until it is.
func (c *Control) open(ctx context.Context, item *rod.Element) error {
	shown := func() (bool, error) {
		res, err := item.Context(ctx).Eval(`function() { return (` + formJS + `).visible(this); }`)
		if err != nil {
			return false, fmt.Errorf("look at the options: %w", err)
		}
		return res.Value.Bool(), nil
	}
	if ok, err := shown(); err != nil || ok {
		return err
	}
	trigger, err := c.el.Context(ctx).ElementByJS(rod.Eval(`function() { return (` + formJS + `).opener(this); }`))
	if errors.As(err, new(*rod.ElementNotFoundError)) {
		return fmt.Errorf("its options are hidden and no button opens them: %w", ErrNotClickable)
	}
	if err != nil {
		return fmt.Errorf("find the button that opens the list: %w", err)
	}
	button := &Element{page: c.page, rod: trigger, name: "the button that opens " + c.Describe()}
	if err := button.Click(ctx); err != nil {
		return err
	}
	wctx, cancel := context.WithTimeout(ctx, listOpenWait)
	defer cancel()
	err = poll(wctx, shown)
	if errors.Is(err, ErrTimeout) && wctx.Err() != nil {
		return fmt.Errorf("the list did not open: %w", err)
	}
	return err
}

func (c *Control) element() *Element {
	return &Element{page: c.page, rod: c.el, name: c.Describe()}
}
