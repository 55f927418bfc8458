package flows

import (
	"context"
	"errors"
	"fmt"

	"github.com/optout/optout/automation"
)

// GenAI switches "Use my data for training content creation AI models" off,
// the way a person would: avatar → Settings & Privacy → Data privacy → Data
// for Generative AI Improvement, falling back to the setting's address when
// the path has moved (and to the path when the address has). Only a state
// read back after a reload counts as done. It is the catalogue's first
// setting run through TurnOff.
func (s *Session) GenAI(ctx context.Context, opts SwitchOptions) Result {
	return s.TurnOff(ctx, genaiSetting, opts)
}

// openByPath walks the menus a person uses to the setting's page. Each step
// that fails says what the person would have seen there.
func (s *Session) openByPath(ctx context.Context, set Setting) error {
	if err := s.walkToEntry(ctx, set.entry(), "Data privacy has no entry for the setting"); err != nil {
		return err
	}
	return s.step(ctx, "Open "+set.Title(), func(ctx context.Context) error {
		_, err := s.actThen(ctx, set.entry(), followLink, set.switchLocator(), settingUnavailable)
		if errors.As(err, new(*wrongPage)) {
			return sawf(ErrNotOffered, "its page says the setting isn't available for this account")
		}
		return seenIfMissing(err, "its page shows no switch")
	})
}

// walkToEntry walks the menus a person uses as far as Data privacy showing
// entry: avatar "Me" → Settings & Privacy → Data privacy. Each step that
// fails says what the person would have seen there; noEntry is what they see
// when Data privacy lists its entries but not this one.
func (s *Session) walkToEntry(ctx context.Context, entry automation.Locator, noEntry string) error {
	steps := []struct {
		name string
		do   func(ctx context.Context) error
	}{
		{"Open LinkedIn", func(ctx context.Context) error {
			if err := s.Page.Navigate(ctx, s.at(FeedPath)); err != nil {
				return err
			}
			_, err := s.waitFor(ctx, meMenuTrigger)
			return seenIfMissing(missing(meMenuTrigger, err), "LinkedIn's page shows no Me menu")
		}},
		{"Open the Me menu", func(ctx context.Context) error {
			_, err := s.actThen(ctx, meMenuTrigger, click, settingsLink, signOutLink, profilePage)
			var wrong *wrongPage
			if errors.As(err, &wrong) && wrong.shown == 1 {
				return sawf(err, "the Me control opened the profile page, not the menu")
			}
			return seenIfMissing(err, "the Me menu has no Settings & Privacy entry")
		}},
		{"Open Settings & Privacy", func(ctx context.Context) error {
			_, err := s.actThen(ctx, settingsLink, followLink, dataPrivacyLink)
			return seenIfMissing(err, "Settings & Privacy has no Data privacy link")
		}},
		{"Open Data privacy", func(ctx context.Context) error {
			_, err := s.actThen(ctx, dataPrivacyLink, followLink, entry, anySettingEntry)
			if errors.As(err, new(*wrongPage)) {
				return &seen{what: noEntry, err: err, entryMissing: true}
			}
			return seenIfMissing(err, "Data privacy does not show its entries")
		}},
	}
	for _, st := range steps {
		if err := s.step(ctx, st.name, st.do); err != nil {
			return err
		}
		if err := s.pause(ctx); err != nil {
			return err
		}
	}
	return nil
}

// seenIfMissing tells a changed page (something missing, a page not found)
// as what the person would have seen; other errors pass unchanged.
func seenIfMissing(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, errPageNotFound):
		return sawf(err, "a page on the way shows “Page not found”")
	case errors.Is(err, ErrPageChanged):
		return sawf(err, "%s", what)
	}
	return err
}

// actThen finds what, acts on it (a click, or following a link, which
// refuses other origins), then waits for next and returns it.
func (s *Session) actThen(ctx context.Context, what automation.Locator, act func(*automation.Element, context.Context) error,
	next automation.Locator, pageThere ...automation.Target) (*automation.Element, error) {
	m, err := s.waitFor(ctx, what)
	if err != nil {
		return nil, missing(what, err)
	}
	if err := act(m.Element, ctx); err != nil {
		return nil, err
	}
	return s.expect(ctx, next, pageThere...)
}

var (
	click      = (*automation.Element).Click
	followLink = (*automation.Element).FollowLink
)

// wrongPage: a page came up without what was expected: a marker of the
// page without it, or another page altogether (shown is its index among
// expect's pageThere).
type wrongPage struct {
	next, what string
	shown      int
}

func (e *wrongPage) Error() string {
	return fmt.Sprintf("%s: %s is missing (%s shows)", ErrPageChanged, e.next, e.what)
}

func (e *wrongPage) Unwrap() error { return ErrPageChanged }

// expect waits for next; if a marker of the page (or another page) shows
// without it, next is missing (changed), which is known without waiting it
// out.
func (s *Session) expect(ctx context.Context, next automation.Locator, pageThere ...automation.Target) (*automation.Element, error) {
	m, err := s.waitFor(ctx, append([]automation.Target{next}, pageThere...)...)
	if err != nil {
		return nil, missing(next, err)
	}
	if m.Index > 0 {
		return nil, &wrongPage{next: next.Name, what: pageThere[m.Index-1].Describe(), shown: m.Index - 1}
	}
	return m.Element, nil
}
