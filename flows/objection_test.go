package flows_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/optout/optout/automation/automationtest"
	"github.com/optout/optout/fixtures"
	"github.com/optout/optout/flows"
)

// person is what the tests pre-fill the form with: distinctive, so a test
// can tell it from what the site pre-fills.
var person = flows.Objector{
	FullName:   "Zoë Example",
	Email:      "zoe.objects@example.net",
	ProfileURL: "https://www.linkedin.com/in/zoe-example-4711",
}

// formValues reads the form's fields straight from the page, by their
// names, independently of the flow's own read-back.
func formValues(t *testing.T, s *flows.Session) map[string]string {
	t.Helper()
	res, err := s.Page.Rod().Timeout(5 * time.Second).Eval(`() => {
		const out = {};
		const f = document.querySelector('form');
		for (const el of f.querySelectorAll('input:not([type=hidden]), textarea, select')) out[el.name] = el.value;
		for (const el of f.querySelectorAll('input[type=hidden]')) out['hidden:' + el.name] = el.value;
		return out;
	}`)
	if err != nil {
		t.Fatalf("read the form: %v", err)
	}
	out := map[string]string{}
	for k, v := range res.Value.Map() {
		out[k] = v.Str()
	}
	return out
}

func noSubmissions(t *testing.T, rg *rig) {
	t.Helper()
	if subs := rg.site.Submissions(); len(subs) != 0 {
		t.Fatalf("the site received %d form submission(s); optout must never submit", len(subs))
	}
}

// TestObjectionPrefillsEveryField fills both form markups in several
// languages (Italian has no label table: names and option values suffice),
// reads every field back from the page, and checks nothing was submitted.
func TestObjectionPrefillsEveryField(t *testing.T) {
	t.Parallel()
	reason := flows.ProcessingAI.DefaultReason()
	plain := map[string]string{
		"full_name": person.FullName, "email": person.Email, "profile_url": person.ProfileURL,
		"processing_type": "ai-training", "details": reason,
	}
	dyna := map[string]string{
		"firstName": "Zoë", "lastName": "Example", "email": person.Email, "profileUrl": person.ProfileURL,
		"hidden:processingType": "ai-training", "details": reason,
	}
	cases := []struct {
		name  string
		tweak func(*fixtures.Member)
		want  map[string]string
	}{
		{"plain-en", nil, plain},
		{"dyna-en", func(m *fixtures.Member) { m.Form = fixtures.FormDyna }, dyna},
		{"plain-de", func(m *fixtures.Member) { m.Lang = "de" }, plain},
		{"dyna-fr", func(m *fixtures.Member) { m.Lang = "fr"; m.Form = fixtures.FormDyna }, dyna},
		{"plain-es", func(m *fixtures.Member) { m.Lang = "es" }, plain},
		{"dyna-it", func(m *fixtures.Member) { m.Lang = "it"; m.Form = fixtures.FormDyna }, dyna},
	}
	var members []fixtures.Member
	for _, c := range cases {
		members = append(members, member(c.name, c.tweak))
	}
	rg := newRig(t, members...)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := rg.session(t, c.name)
			r := s.Objection(runCtx(t), flows.ObjectionOptions{Person: person})
			if r.Outcome != flows.Prefilled || len(r.Missing) != 0 || r.Error != "" {
				t.Fatalf("outcome %s, missing %v, error %q; want prefilled with nothing missing", r.Outcome, r.Missing, r.Error)
			}
			got := formValues(t, s)
			for name, want := range c.want {
				if got[name] != want {
					t.Errorf("field %s on the page = %q, want %q", name, got[name], want)
				}
			}
			// The result's fields are what the page shows, keyed by label.
			var shown []string
			for _, v := range r.Fields {
				shown = append(shown, v)
			}
			for _, v := range []string{person.Email, person.ProfileURL, reason} {
				if !slices.Contains(shown, v) {
					t.Errorf("result fields %v lack %q", r.Fields, v)
				}
			}
			if len(r.Fields) != 5 && len(r.Fields) != 6 {
				t.Errorf("result has %d fields: %v", len(r.Fields), r.Fields)
			}
			if r.Submitted == nil || *r.Submitted || r.PersonSubmitted != nil {
				t.Errorf("submitted %v, person says %v; want false and not asked", r.Submitted, r.PersonSubmitted)
			}
			if len(r.Evidence) != 1 || filepath.Base(r.Evidence[0]) != "form.png" {
				t.Errorf("evidence %v, want the filled form's screenshot", r.Evidence)
			}
			checkReceipt(t, r)
			receipt, err := os.ReadFile(filepath.Join(r.Receipt, "receipt.json"))
			if err != nil {
				t.Fatal(err)
			}
			for _, secret := range []string{person.Email, "Zoë", "zoe-example-4711"} {
				if strings.Contains(string(receipt), secret) {
					t.Errorf("the receipt carries personal data %q", secret)
				}
			}
			noSubmissions(t, rg)
		})
	}
}

// TestObjectionOnAFormThatSendsItself: the help centre's client-side form
// sends itself by fetch when a field loses focus and by a beacon on a
// change, and draws its choices as role-less items behind a button. optout
// fills it with nothing reaching the site, opens the list and chooses like
// a person, reads the choice back, and tells the person what the page tried.
func TestObjectionOnAFormThatSendsItself(t *testing.T) {
	t.Parallel()
	rg := newRig(t,
		member("app", func(m *fixtures.Member) { m.Form = fixtures.FormDynaScript }),
		member("app-extra", func(m *fixtures.Member) { m.Form = fixtures.FormDynaScript; m.FormExtraRequired = true; m.Lang = "de" }),
	)

	t.Run("nothing reaches the site", func(t *testing.T) {
		s := rg.session(t, "app")
		var notices []string
		s.Events = func(e flows.Event) {
			if e.Kind == flows.Notice {
				notices = append(notices, e.Text)
			}
		}
		r := s.Objection(runCtx(t), flows.ObjectionOptions{Person: person})
		if r.Outcome != flows.Prefilled || len(r.Missing) != 0 || r.Error != "" {
			t.Fatalf("outcome %s, missing %v, error %q; want prefilled with nothing missing", r.Outcome, r.Missing, r.Error)
		}
		got := formValues(t, s)
		if got["hidden:processingType"] != "ai-training" || got["firstName"] != "Zoë" || got["email"] != person.Email {
			t.Errorf("form on the page %v", got)
		}
		if v := r.Fields["Which processing do you object to?"]; v != "Training of AI models / machine learning" {
			t.Errorf("the choice read back as %q (fields %v)", v, r.Fields)
		}
		if r.HeldRequests == nil || *r.HeldRequests == 0 {
			t.Fatalf("held requests %v (names %q): the page's own sends were not counted", r.HeldRequests != nil, r.HeldNames)
		}
		if !slices.ContainsFunc(r.HeldNames, func(n string) bool { return strings.HasPrefix(n, "POST /help/linkedin/ask/TS-DPRO (fetch/xhr)") }) ||
			!slices.ContainsFunc(r.HeldNames, func(n string) bool { return strings.HasPrefix(n, "POST /help/linkedin/ask/TS-DPRO (beacon)") }) {
			t.Errorf("held names %q lack the page's fetch and beacon", r.HeldNames)
		}
		if !slices.ContainsFunc(notices, func(n string) bool { return strings.HasPrefix(n, "The page tried to send") }) {
			t.Errorf("the person was not told the page sent on its own: %q", notices)
		}
		receipt, err := os.ReadFile(filepath.Join(r.Receipt, "receipt.json"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(receipt), `"held_request_names"`) {
			t.Error("the receipt does not name the held requests")
		}
		for _, secret := range []string{person.Email, "Zoë", "zoe-example-4711"} {
			if strings.Contains(string(receipt), secret) {
				t.Errorf("the receipt carries personal data %q", secret)
			}
		}
		noSubmissions(t, rg)
	})

	t.Run("a choice list optout does not know", func(t *testing.T) {
		s := rg.session(t, "app-extra")
		r := s.Objection(runCtx(t), flows.ObjectionOptions{Person: person})
		if r.Outcome != flows.Prefilled || !slices.Equal(r.Missing, []string{"Wohnsitzland"}) {
			t.Fatalf("outcome %s, missing %v; want prefilled, missing [Wohnsitzland]", r.Outcome, r.Missing)
		}
		if got := formValues(t, s); got["hidden:processingType"] != "ai-training" || got["hidden:countryOfResidence"] != "" {
			t.Errorf("form on the page %v", got)
		}
		noSubmissions(t, rg)
	})
}

// TestObjectionChangedForm: a required field optout does not know is left
// for the person and named; a renamed field is still found; a name that
// cannot be split for certain is not guessed.
func TestObjectionChangedForm(t *testing.T) {
	t.Parallel()
	rg := newRig(t,
		member("extra-plain", func(m *fixtures.Member) { m.FormExtraRequired = true }),
		member("extra-dyna", func(m *fixtures.Member) { m.Form = fixtures.FormDyna; m.FormExtraRequired = true; m.Lang = "de" }),
		member("renamed-plain", func(m *fixtures.Member) { m.FormFieldRenamed = true }),
		member("renamed-dyna", func(m *fixtures.Member) { m.Form = fixtures.FormDyna; m.FormFieldRenamed = true }),
		member("long-name", func(m *fixtures.Member) { m.Form = fixtures.FormDyna }),
	)
	reason := flows.ProcessingAI.DefaultReason()

	t.Run("extra required field", func(t *testing.T) {
		for key, label := range map[string]string{"extra-plain": "Country of residence", "extra-dyna": "Wohnsitzland"} {
			s := rg.session(t, key)
			r := s.Objection(runCtx(t), flows.ObjectionOptions{Person: person})
			if r.Outcome != flows.Prefilled || !slices.Equal(r.Missing, []string{label}) {
				t.Fatalf("%s: outcome %s, missing %v; want prefilled, missing [%s]", key, r.Outcome, r.Missing, label)
			}
			got := formValues(t, s)
			if got["email"] != person.Email || got["details"] != reason {
				t.Errorf("%s: the known fields were not filled: %v", key, got)
			}
			if got["country_of_residence"] != "" || got["countryOfResidence"] != "" {
				t.Errorf("%s: optout guessed a country: %v", key, got)
			}
		}
	})

	t.Run("renamed field", func(t *testing.T) {
		for key, name := range map[string]string{"renamed-plain": "objection_grounds", "renamed-dyna": "grounds"} {
			s := rg.session(t, key)
			r := s.Objection(runCtx(t), flows.ObjectionOptions{Person: person})
			if r.Outcome != flows.Prefilled || len(r.Missing) != 0 {
				t.Fatalf("%s: outcome %s, missing %v", key, r.Outcome, r.Missing)
			}
			if got := formValues(t, s)[name]; got != reason {
				t.Errorf("%s: %s = %q", key, name, got)
			}
		}
	})

	t.Run("name that cannot be split for certain", func(t *testing.T) {
		s := rg.session(t, "long-name")
		who := person
		who.FullName = "María de la Cruz"
		r := s.Objection(runCtx(t), flows.ObjectionOptions{Person: who})
		if r.Outcome != flows.Prefilled || !slices.Equal(r.Missing, []string{"First name", "Last name"}) {
			t.Fatalf("outcome %s, missing %v; want the two name fields left to the person", r.Outcome, r.Missing)
		}
		if got := formValues(t, s); got["firstName"] != "" || got["lastName"] != "" {
			t.Errorf("optout guessed a split: %v", got)
		}
	})
	noSubmissions(t, rg)
}

// TestObjectionWithoutDetails: with nothing given, the email the site
// pre-fills stays, the default processing and reason are filled, and the
// name is left to the person.
func TestObjectionWithoutDetails(t *testing.T) {
	t.Parallel()
	rg := newRig(t, member("bare", nil))
	s := rg.session(t, "bare")
	r := s.Objection(runCtx(t), flows.ObjectionOptions{Person: flows.Objector{Processing: flows.ProcessingModeration}})
	if r.Outcome != flows.Prefilled || !slices.Equal(r.Missing, []string{"Full name"}) {
		t.Fatalf("outcome %s, missing %v", r.Outcome, r.Missing)
	}
	got := formValues(t, s)
	if got["email"] != "bare@example.org" || got["processing_type"] != "content-moderation" ||
		got["details"] != flows.ProcessingModeration.DefaultReason() || got["profile_url"] != "" {
		t.Errorf("form %v", got)
	}
	noSubmissions(t, rg)
}

// TestObjectionNeedsThePerson: signed out or held at a checkpoint, headless
// runs end needs_human at once, having filled and submitted nothing.
func TestObjectionNeedsThePerson(t *testing.T) {
	t.Parallel()
	rg := newRig(t, member("held", func(m *fixtures.Member) { m.Checkpoint = true }))
	for _, key := range []string{"", "held"} {
		s := rg.session(t, key)
		start := time.Now()
		r := s.Objection(runCtx(t), flows.ObjectionOptions{Person: person})
		if r.Outcome != flows.NeedsHuman || r.Outcome.ExitCode() != 3 {
			t.Fatalf("%q: outcome %s (%s), want needs_human", key, r.Outcome, r.Error)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%q: took %v; a headless run must not wait for a person", key, d)
		}
		if len(r.Fields) != 0 {
			t.Errorf("%q: fields %v", key, r.Fields)
		}
	}
	noSubmissions(t, rg)
}

// TestObjectionReviewByThePerson: with the person at the window, optout
// hands the filled form over, lets them submit it themselves, waits until
// they say they are done, and records their answer.
func TestObjectionReviewByThePerson(t *testing.T) {
	t.Parallel()
	rg := newRig(t,
		member("reviewer", func(m *fixtures.Member) { m.Form = fixtures.FormDyna }),
		member("app-reviewer", func(m *fixtures.Member) { m.Form = fixtures.FormDynaScript }),
		member("closer", nil))

	for _, key := range []string{"reviewer", "app-reviewer"} {
		t.Run("submits and presses Enter ("+key+")", func(t *testing.T) { personSubmits(t, rg, key) })
	}

	t.Run("closes the window", func(t *testing.T) {
		// The closer's own submissions: the pages of the subtests before
		// may still send theirs, late, on a loaded machine.
		closers := func() int {
			return len(slices.DeleteFunc(rg.site.Submissions(), func(sub fixtures.Submission) bool { return sub.Member != "closer" }))
		}
		before := closers()
		s := rg.session(t, "closer")
		s.HandOverTimeout = 20 * time.Second
		var notices []string
		s.Events = func(e flows.Event) {
			if e.Kind == flows.Notice {
				notices = append(notices, e.Text)
			}
			if e.Kind == flows.HandOver && strings.HasPrefix(e.Text, "Close the window") {
				go func() { _ = s.Page.Close() }()
			}
		}
		s.Confirm = func(context.Context, string) (bool, error) { return false, nil }
		r := s.Objection(runCtx(t), flows.ObjectionOptions{Person: person})
		if r.Outcome != flows.Prefilled || r.PersonSubmitted == nil || *r.PersonSubmitted {
			t.Fatalf("outcome %s, person says %v, error %q", r.Outcome, r.PersonSubmitted, r.Error)
		}
		if n := closers() - before; n != 0 {
			t.Errorf("%d submissions after the window was closed unsent", n)
		}
		want := "Filled in: Full name, Email address, LinkedIn profile URL, Which processing do you object to?, Details of your objection."
		if !slices.Contains(notices, want) {
			t.Errorf("the person was not told what was filled: %q", notices)
		}
	})
}

// personSubmits: handed the filled form, the person submits it with the
// form's own button (a form post, or the page's fetch), then presses Enter.
func personSubmits(t *testing.T, rg *rig, key string) {
	t.Helper()
	s := rg.session(t, key)
	s.HandOverTimeout = 20 * time.Second
	handed := make(chan struct{}, 4)
	s.Events = func(e flows.Event) {
		if e.Kind == flows.HandOver {
			handed <- struct{}{}
		}
	}
	var asked []string
	s.Confirm = func(_ context.Context, q string) (bool, error) { asked = append(asked, q); return true, nil }
	enter := make(chan struct{})
	go func() {
		<-handed
		if len(memberSubs(rg, key)) != 0 {
			t.Error("the form was submitted before the person had it")
		}
		// The person presses the form's own button, then Enter here.
		if _, err := s.Page.Rod().Timeout(5 * time.Second).Eval(`() => document.getElementById('dynaform-submit').click()`); err != nil {
			t.Error(err)
		}
		automationtest.Eventually(20*time.Second, func() bool { return len(memberSubs(rg, key)) > 0 })
		close(enter) // whether or not it arrived: the checks below say which
	}()
	r := s.Objection(runCtx(t), flows.ObjectionOptions{Person: person, WaitForPerson: pressesEnter(enter)})
	if r.Outcome != flows.Prefilled || r.Submitted == nil || *r.Submitted {
		t.Fatalf("outcome %s, submitted %v: optout itself never submits", r.Outcome, r.Submitted)
	}
	if r.PersonSubmitted == nil || !*r.PersonSubmitted || !slices.Equal(asked, []string{"Did you submit the form?"}) {
		t.Errorf("person's answer %v, questions %v", r.PersonSubmitted, asked)
	}
	subs := memberSubs(rg, key)
	if len(subs) != 1 || !subs[0].Accepted || subs[0].Form.Get("email") != person.Email {
		t.Errorf("site submissions %+v, want the person's one accepted submission", subs)
	}
}

// memberSubs is the site's record of key's submissions.
func memberSubs(rg *rig, key string) []fixtures.Submission {
	return slices.DeleteFunc(rg.site.Submissions(), func(s fixtures.Submission) bool { return s.Member != key })
}
