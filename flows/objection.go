package flows

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/optout/optout/automation"
	"github.com/optout/optout/internal/redact"
)

// Processing is the kind of processing the person objects to.
type Processing string

// The kinds of processing the objection form offers.
const (
	ProcessingAI              Processing = "ai"              // training AI / machine-learning models (the default)
	ProcessingPersonalisation Processing = "personalisation" // personalised recommendations
	ProcessingModeration      Processing = "moderation"      // content moderation
	ProcessingOther           Processing = "other"           // anything else
)

// Processings lists the kinds, for flags and help texts.
var Processings = []Processing{ProcessingAI, ProcessingPersonalisation, ProcessingModeration, ProcessingOther}

func (p Processing) labelKey() string { return "objection_" + string(p) }

// DefaultReason is the text the reason field gets when the person gives
// none; they can edit it in the window before they submit.
func (p Processing) DefaultReason() string {
	what := map[Processing]string{
		ProcessingAI:              "to train artificial intelligence and machine-learning models, including generative AI",
		ProcessingPersonalisation: "for personalised recommendations",
		ProcessingModeration:      "for automated content moderation",
		ProcessingOther:           "for machine-learning purposes other than those I have opted out of in my settings",
	}[p]
	if what == "" {
		what = "for machine-learning purposes"
	}
	return "I object, under Article 21 GDPR, to LinkedIn processing my personal data " + what +
		". Please stop this processing and confirm by email."
}

// Objector is what the person gives to pre-fill the form with. Every field
// is optional; nothing here is ever logged.
type Objector struct {
	FullName   string
	Email      string
	ProfileURL string
	Reason     string
	Processing Processing
}

// ObjectionOptions says how to run the objection flow.
type ObjectionOptions struct {
	Person Objector
	// WaitForPerson, when the person is at the window (HandOverTimeout > 0),
	// returns when they say they are done (say, pressed Enter); closing the
	// tab ends the wait too. Nil: only closing the tab does.
	WaitForPerson func(ctx context.Context) error
}

// objectionForm is the Data Processing Objection Form, plain or help-centre.
var objectionForm = locate("the Data Processing Objection Form",
	automation.ByCSS("form#dyna-form"),
	automation.ByCSS(`form[action*="TS-DPRO"]`),
	automation.ByCSS("main form"),
)

// Objection opens the Data Processing Objection Form, fills in what the
// person gave, reads every field back, and stops: it never submits. With
// nobody at the window it ends prefilled; with the person there it hands the
// form over, waits until they are done and records whether they say they
// submitted it.
func (s *Session) Objection(ctx context.Context, opts ObjectionOptions) Result {
	r := s.newResult(SettingObjection, false)
	submitted := false
	r.Submitted = &submitted
	if opts.Person.Processing == "" {
		opts.Person.Processing = ProcessingAI
	}
	s.personal = append(strings.Fields(opts.Person.FullName), opts.Person.Email, opts.Person.ProfileURL)
	rc, err := s.beginReceipt(r.StartedAt)
	if err != nil {
		return s.finish(r, nil, err)
	}
	// Nothing the page, a stray key or a bug does may send anything while
	// the tool has the form: no form post, fetch, XHR or beacon.
	if err := s.Page.HoldRequests(ctx); err != nil {
		return s.finish(r, rc, err)
	}
	form, err := s.openObjectionForm(ctx, &r)
	if err != nil {
		return s.finish(r, rc, err)
	}
	var f filling
	err = s.step(ctx, "Fill in the form", func(ctx context.Context) error {
		f, err = s.fillObjection(ctx, form, opts.Person)
		return err
	})
	if err != nil {
		return s.finish(r, rc, err)
	}
	r.Fields, r.Missing, r.Unplaced = f.fields, f.missing, f.unplaced
	if len(f.filled) > 0 {
		s.emit(Notice, "Filled in: %s.", strings.Join(f.filled, ", "))
	}
	if len(f.missing) > 0 {
		s.emit(Notice, "For you to complete: %s.", strings.Join(f.missing, ", "))
	}
	s.captureElement(ctx, rc, &r, form, "form.png")
	if len(f.problems) > 0 {
		r.Error = strings.Join(f.problems, "; ")
	}
	s.reportHeld(&r)
	r.Outcome = Prefilled
	if s.HandOverTimeout > 0 {
		s.review(ctx, &r, opts)
	}
	return s.finish(r, rc, nil)
}

// openObjectionForm loads the form, handing over to the person when a
// sign-in or check stands in the way.
func (s *Session) openObjectionForm(ctx context.Context, r *Result) (*automation.Element, error) {
	var form *automation.Element
	open := func() error {
		return s.step(ctx, "Open the Data Processing Objection Form", func(ctx context.Context) error {
			if err := s.Page.Navigate(ctx, s.at(ObjectionPath)); err != nil {
				return err
			}
			m, err := s.waitFor(ctx, objectionForm)
			if err != nil {
				return missing(objectionForm, err)
			}
			form = m.Element
			return nil
		})
	}
	err := open()
	if errors.Is(err, ErrNeedsHuman) {
		if err = s.handOver(ctx, err); err == nil {
			err = open()
		}
	}
	if err != nil {
		return nil, err
	}
	if u, err := s.Page.URL(ctx); err == nil {
		r.URL = u.String()
	}
	return form, nil
}

// filling is what fillObjection did: the fields as read back (label →
// value), the fields the person must still complete, the values the form
// had no field for, and any field that did not take its value.
type filling struct {
	fields   map[string]string
	filled   []string // the labels of fields with a value, in page order
	missing  []string
	unplaced []string
	problems []string
}

// fillObjection fills every field it can place with what the person gave,
// then reads all of them back from the page.
func (s *Session) fillObjection(ctx context.Context, form *automation.Element, who Objector) (filling, error) {
	controls, err := s.Page.Controls(ctx, form)
	if err != nil {
		return filling{}, err
	}
	kinds := make([]fieldKind, len(controls))
	known := 0
	for i, c := range controls {
		kinds[i] = kindOf(c)
		if kinds[i] != fieldUnknown {
			known++
		}
	}
	if known == 0 {
		return filling{}, fmt.Errorf("%w: none of the form's %d fields is one optout knows", ErrPageChanged, len(controls))
	}

	var f filling
	values := wanted(who)
	chosen := map[int]automation.Option{} // the option each list was given
	for i, c := range controls {
		v, ok := values[kinds[i]]
		if kinds[i] == fieldUnknown || !ok || v == "" {
			continue
		}
		var err error
		if kinds[i] == fieldProcessing {
			if idx := optionFor(c, who.Processing); idx >= 0 {
				chosen[i] = c.Options[idx]
				err = c.Choose(ctx, c.Options[idx].Value)
			} else {
				f.problems = append(f.problems, fmt.Sprintf("the form offers no choice for %q processing", who.Processing))
			}
		} else if c.Value != v {
			err = c.Fill(ctx, v)
		}
		if err != nil {
			if ctx.Err() != nil {
				return filling{}, err
			}
			f.problems = append(f.problems, fmt.Sprintf("could not fill %s: %v", c.Describe(), err))
		}
		if err := s.pauseShort(ctx); err != nil {
			return filling{}, err
		}
	}

	// Read every field back from the page, as it is now: every field the
	// form requires, lists and the hidden inputs of custom lists included,
	// is either filled or named for the person to complete.
	f.fields = map[string]string{}
	placed := map[fieldKind]bool{}
	for i, c := range controls {
		if err := c.Refresh(ctx); err != nil {
			return filling{}, err
		}
		placed[kinds[i]] = true
		v, want := values[kinds[i]]
		switch {
		case c.Shown != "":
			f.fields[c.Describe()] = c.Shown
			f.filled = append(f.filled, c.Describe())
			o, gave := chosen[i]
			switch {
			case gave && c.Value != o.Value && c.Shown != o.Text:
				f.problems = append(f.problems, fmt.Sprintf("%s does not read back the choice %q", c.Describe(), o.Text))
				f.missing = append(f.missing, c.Describe())
			case want && kinds[i] != fieldProcessing && v != "" && c.Value != v:
				f.problems = append(f.problems, fmt.Sprintf("%s does not read back what was typed", c.Describe()))
				f.missing = append(f.missing, c.Describe())
			}
		case c.Required || kinds[i] == fieldProcessing || kinds[i] == fieldReason:
			f.missing = append(f.missing, c.Describe())
		}
	}
	for _, k := range []fieldKind{fieldEmail, fieldProfileURL, fieldReason} {
		if values[k] != "" && !placed[k] {
			f.unplaced = append(f.unplaced, string(k))
		}
	}
	if who.FullName != "" && !placed[fieldFullName] && !placed[fieldFirstName] && !placed[fieldLastName] {
		f.unplaced = append(f.unplaced, string(fieldFullName))
	}
	return f, nil
}

// wanted maps each field kind to the value it gets. A name is split into
// first and last name only when the form asks for them and the split is
// certain (two words); otherwise the person types it.
func wanted(who Objector) map[fieldKind]string {
	v := map[fieldKind]string{
		fieldFullName:   strings.TrimSpace(who.FullName),
		fieldEmail:      strings.TrimSpace(who.Email),
		fieldProfileURL: strings.TrimSpace(who.ProfileURL),
		fieldProcessing: string(who.Processing),
		fieldReason:     strings.TrimSpace(who.Reason),
	}
	if v[fieldReason] == "" {
		v[fieldReason] = who.Processing.DefaultReason()
	}
	if parts := strings.Fields(who.FullName); len(parts) == 2 {
		v[fieldFirstName], v[fieldLastName] = parts[0], parts[1]
	}
	return v
}

// review hands the filled form to the person: submissions are theirs again,
// the tool waits (bounded) until they are done, then asks whether they sent
// it and records the answer.
func (s *Session) review(ctx context.Context, r *Result, opts ObjectionOptions) {
	todo := "Review it"
	if len(r.Missing) > 0 {
		todo = "Complete " + strings.Join(r.Missing, ", ") + ", review the rest"
	}
	s.emit(HandOver, "The form is filled in the browser window. %s, and submit it yourself if you want to: optout never submits it.", todo)
	s.emit(HandOver, "Close the window or press Enter here when you are done (optout waits up to %s).", s.HandOverTimeout.Round(time.Second))
	if err := s.Page.ReleaseRequests(ctx); err != nil {
		// The person's requests go through all the same, a little slower.
		s.Log.Debug().Err(err).Msg("release the page's requests")
	}
	if err := s.waitForPerson(ctx, opts.WaitForPerson); err != nil {
		r.Error = joinErrors(r.Error, "nobody said they were done with the form: "+describe(err))
		return
	}
	s.askPerson(ctx, r, "Did you submit the form?")
}

// pauseShort is the pace between fields: a person types one field after
// another, so a tenth of the step pace.
func (s *Session) pauseShort(ctx context.Context) error {
	return sleep(ctx, s.Pace/10)
}

// reportHeld puts what the page tried to send while the tool had the form
// into the result, and tells the person when there was anything: the page
// sends on its own (a draft save when a field loses focus, a beacon), and
// optout stopped every one of those requests before it left the browser.
func (s *Session) reportHeld(r *Result) {
	held := s.Page.HeldRequests()
	n := 0
	r.HeldNames = nil
	for _, h := range held {
		n += h.Count
		// A path may carry the person's address or profile: redacted.
		r.HeldNames = append(r.HeldNames, redact.Text(h.String(), s.personal...))
	}
	r.HeldRequests = &n
	if n > 0 {
		s.note(fmt.Sprintf("The page tried to send %d request(s) on its own while optout worked on it; optout stopped every one before it left the browser, so nothing was sent.", n))
	}
}
