package flows

import (
	"slices"
	"strings"
	"unicode"

	"github.com/optout/optout/automation"
)

// fieldKind is what a field of the objection form asks for.
type fieldKind string

// The fields the objection flow knows how to fill.
const (
	fieldUnknown    fieldKind = ""
	fieldFullName   fieldKind = "full name"
	fieldFirstName  fieldKind = "first name"
	fieldLastName   fieldKind = "last name"
	fieldEmail      fieldKind = "email"
	fieldProfileURL fieldKind = "profile URL"
	fieldProcessing fieldKind = "processing objected to"
	fieldReason     fieldKind = "reason"
)

// nameHints map words in a field's name, id or autocomplete token (which do
// not change with the UI language) to what the field asks for; the first
// hint found wins, so the more specific come first.
var nameHints = []struct {
	kind  fieldKind
	words []string
}{
	{fieldFirstName, []string{"firstname", "givenname", "forename"}},
	{fieldLastName, []string{"lastname", "familyname", "surname"}},
	{fieldFullName, []string{"fullname", "yourname"}},
	{fieldEmail, []string{"email", "mail"}},
	{fieldProfileURL, []string{"profileurl", "profile", "linkedinurl", "publicprofile"}},
	{fieldProcessing, []string{"processingtype", "processing", "objectiontype", "purpose"}},
	{fieldReason, []string{"details", "reason", "grounds", "explanation", "comment", "description", "message"}},
}

// autocompleteKinds are the standard autocomplete tokens the form may use.
var autocompleteKinds = map[string]fieldKind{
	"name": fieldFullName, "given-name": fieldFirstName, "family-name": fieldLastName,
	"email": fieldEmail, "url": fieldProfileURL,
}

// labelKinds map the label tables to field kinds, most specific first:
// "Nombre completo" must be a full name before "Nombre" is a first name.
var labelKinds = []struct {
	kind fieldKind
	key  string
}{
	{fieldFullName, "form_full_name"},
	{fieldFirstName, "form_first_name"},
	{fieldLastName, "form_last_name"},
	{fieldEmail, "form_email"},
	{fieldProfileURL, "form_profile_url"},
	{fieldProcessing, "form_processing"},
	{fieldReason, "form_reason"},
}

// kindOf says what a form field asks for: from its autocomplete token,
// type, name and id first, then its label in any language of the tables,
// then, for lists, from the options it offers. A field it cannot place is
// unknown: the flow never guesses a value for it.
func kindOf(c *automation.Control) fieldKind {
	if c.Kind == automation.ControlOther {
		return fieldUnknown
	}
	if k, ok := autocompleteKinds[c.Autocomplete]; ok && c.Kind == automation.ControlText {
		return k
	}
	if c.Kind == automation.ControlText {
		switch c.Type {
		case "email":
			return fieldEmail
		case "url":
			return fieldProfileURL
		}
	}
	ident := squash(c.Name) + " " + squash(c.ID)
	for _, h := range nameHints {
		for _, w := range h.words {
			if strings.Contains(ident, w) && fits(h.kind, c) {
				return h.kind
			}
		}
	}
	label := words(c.Label)
	best, bestLen := fieldUnknown, 0
	for _, lk := range labelKinds {
		for _, text := range labels.Texts(lk.key) {
			w := words(text)
			// The longest wording found wins: "Nom de famille" over "Nom".
			if len(w) > bestLen && containsRun(label, w) && fits(lk.kind, c) {
				best, bestLen = lk.kind, len(w)
			}
		}
	}
	if best != fieldUnknown {
		return best
	}
	if (c.Kind == automation.ControlSelect || c.Kind == automation.ControlChoice) &&
		optionFor(c, ProcessingAI) >= 0 && optionFor(c, ProcessingOther) >= 0 {
		return fieldProcessing
	}
	return fieldUnknown
}

// fits reports whether a field of c's kind can hold what kind asks for.
func fits(kind fieldKind, c *automation.Control) bool {
	list := c.Kind == automation.ControlSelect || c.Kind == automation.ControlChoice
	switch kind {
	case fieldProcessing:
		return list
	case fieldReason:
		return c.Kind == automation.ControlTextarea || c.Kind == automation.ControlText
	default:
		return c.Kind == automation.ControlText
	}
}

// optionFor returns the index of c's option for processing p, or -1. The
// option's value is tried first (it does not change with the language),
// then its text.
func optionFor(c *automation.Control, p Processing) int {
	key := p.labelKey()
	for _, byValue := range []bool{true, false} {
		for i, o := range c.Options {
			s := o.Text
			if byValue {
				s = strings.NewReplacer("-", " ", "_", " ").Replace(o.Value)
			}
			ws := words(s)
			for _, text := range labels.Texts(key) {
				if containsRun(ws, words(text)) {
					return i
				}
			}
		}
	}
	return -1
}

// squash lowercases s and keeps only letters and digits ("dyna-first_name"
// → "dynafirstname").
func squash(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// words splits s into lowercase words of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// containsRun reports whether run occurs in ws as consecutive words.
func containsRun(ws, run []string) bool {
	if len(run) == 0 {
		return false
	}
	for i := 0; i+len(run) <= len(ws); i++ {
		if slices.Equal(ws[i:i+len(run)], run) {
			return true
		}
	}
	return false
}
