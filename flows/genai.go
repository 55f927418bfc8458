package flows

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/optout/optout/automation"
)

// GenAIOptions says how to run the genai flow.
type GenAIOptions struct {
	// DryRun reads and reports only: nothing that changes a setting is clicked.
	DryRun bool
	// PreferDirect tries the setting's address before the menu path.
	PreferDirect bool
}

// GenAI switches "Use my data for training content creation AI models" off,
// the way a person would: avatar → Settings & Privacy → Data privacy → Data
// for Generative AI Improvement, falling back to the setting's address when
// the path has moved (and to the path when the address has). Only a state
// read back after a reload counts as done.
func (s *Session) GenAI(ctx context.Context, opts GenAIOptions) Result {
	r := s.newResult(SettingGenAI, opts.DryRun)
	rc, err := s.beginReceipt(r.StartedAt)
	if err != nil {
		return s.finish(r, nil, err)
	}
	sw, err := s.openGenAI(ctx, &r, opts.PreferDirect)
	if err != nil {
		return s.finish(r, rc, err)
	}
	before, err := sw.SwitchState(ctx)
	if err != nil {
		return s.finish(r, rc, err)
	}
	r.Before = State(before)
	s.capture(ctx, rc, &r, "before.png")

	switch {
	case before == automation.SwitchUnknown:
		return s.finish(r, rc, fmt.Errorf("%w: the switch has no readable on/off state", ErrPageChanged))
	case before == automation.SwitchOff:
		r.After, r.Outcome = Off, AlreadyOff
		return s.finish(r, rc, nil)
	case opts.DryRun:
		r.After, r.Outcome = On, WouldTurnOff
		return s.finish(r, rc, nil)
	}

	if s.Confirm != nil {
		ok, err := s.Confirm(ctx, "Turn off “Use my data for training content creation AI models”?")
		if err != nil {
			return s.finish(r, rc, err)
		}
		if !ok {
			r.After, r.Outcome, r.Error = On, WouldTurnOff, "not confirmed: nothing was changed"
			return s.finish(r, rc, nil)
		}
	}
	r.After, r.Outcome = s.turnOff(ctx, sw, &r)
	if r.After != Unknown {
		s.capture(ctx, rc, &r, "after.png")
	}
	return s.finish(r, rc, nil)
}

// turnOff clicks the switch once, waits for the save to be answered, reloads
// and reads the state back. A save is never retried: a second click could
// turn the setting back on.
func (s *Session) turnOff(ctx context.Context, sw *automation.Element, r *Result) (State, Outcome) {
	var saves []automation.Mutation
	err := s.step(ctx, "Switch it off", func(ctx context.Context) error {
		watch, err := s.Page.WatchMutations(ctx)
		if err != nil {
			return err
		}
		defer watch.Stop()
		if err := sw.Click(ctx); err != nil {
			return err
		}
		saves, err = watch.Settled(ctx)
		return err
	})
	if err != nil && errors.Is(err, automation.ErrNotClickable) {
		r.Error = describe(err)
		return On, PageChanged // nothing was clicked
	}
	saveFailed := ""
	if err != nil {
		saveFailed = describe(err)
	}
	for _, m := range saves {
		if !m.OK() {
			saveFailed = fmt.Sprintf("the save was not accepted (%s)", saveStatus(m))
		}
	}
	after := Unknown
	err = s.step(ctx, "Reload and read it back", func(ctx context.Context) error {
		if err := s.Page.Reload(ctx); err != nil {
			return err
		}
		m, err := s.waitFor(ctx, genaiSwitch)
		if err != nil {
			return err
		}
		st, err := m.Element.SwitchState(ctx)
		after = State(st)
		return err
	})
	switch {
	case err != nil:
		r.Error = joinErrors(saveFailed, "could not read the setting back after a reload: "+describe(err))
		return Unknown, Uncertain
	case after == Off:
		return Off, TurnedOffVerified
	default:
		r.Error = joinErrors(saveFailed, fmt.Sprintf("after a reload the setting reads %s", after))
		return after, Uncertain
	}
}

func saveStatus(m automation.Mutation) string {
	if m.Failed {
		return "no answer"
	}
	return fmt.Sprintf("HTTP %d", m.Status)
}

// openGenAI reaches the setting's switch by the preferred route, then the
// other; it records the route taken and the page's address.
func (s *Session) openGenAI(ctx context.Context, r *Result, preferDirect bool) (*automation.Element, error) {
	routes := []Route{RoutePath, RouteDirect}
	if preferDirect {
		routes = []Route{RouteDirect, RoutePath}
	}
	var errs []error
	for _, route := range routes {
		var sw *automation.Element
		open := func() (err error) {
			sw, err = s.openGenAIBy(ctx, route)
			return err
		}
		err := open()
		if errors.Is(err, ErrNeedsHuman) {
			if err = s.handOver(ctx, err); err == nil {
				err = open()
			}
		}
		if err == nil {
			r.Route = route
			if u, uerr := s.Page.URL(ctx); uerr == nil {
				r.URL = u.String()
			}
			return sw, nil
		}
		r.Refused = s.Page.Guard().Refused()
		// A person is needed, the setting is definitely not offered, or the
		// browser is gone: another route will not change that.
		if errors.Is(err, ErrNeedsHuman) || errors.Is(err, ErrNotOffered) || errors.Is(err, automation.ErrBrowserGone) || ctx.Err() != nil {
			return nil, err
		}
		s.Log.Info().Str("route", string(route)).Err(err).Msg("route failed; trying the other")
		errs = append(errs, fmt.Errorf("%s: %w", route, err))
	}
	all := errors.Join(errs...)
	if errors.Is(all, ErrPageChanged) || errors.Is(all, automation.ErrOffOrigin) {
		return nil, fmt.Errorf("%w: %w", ErrPageChanged, all)
	}
	return nil, all // network, browser or timeout: failed, not a changed page
}

func (s *Session) openGenAIBy(ctx context.Context, route Route) (*automation.Element, error) {
	if route == RouteDirect {
		return s.openGenAIDirect(ctx)
	}
	return s.openGenAIByPath(ctx)
}

// openGenAIDirect loads the setting's own address. Landing on Data privacy
// instead means the setting is not offered to this member.
func (s *Session) openGenAIDirect(ctx context.Context) (*automation.Element, error) {
	var sw *automation.Element
	err := s.step(ctx, "Open Data for Generative AI Improvement", func(ctx context.Context) error {
		if err := s.Page.Navigate(ctx, s.at(GenAIPath)); err != nil {
			return err
		}
		redirected := automation.URLCondition{Name: "another settings page", Match: func(u *url.URL) bool {
			return !samePath(u.Path, GenAIPath) && !isNeedsPersonURL(u)
		}}
		m, err := s.waitFor(ctx, genaiSwitch, redirected)
		if err != nil {
			return err
		}
		if m.Index == 1 {
			if samePath(m.URL.Path, DataPrivacyPath) {
				return ErrNotOffered
			}
			return fmt.Errorf("%w: the setting's address led to %s", ErrPageChanged, m.URL.Path)
		}
		sw = m.Element
		return nil
	})
	return sw, err
}

// openGenAIByPath walks the menus a person uses.
func (s *Session) openGenAIByPath(ctx context.Context) (*automation.Element, error) {
	steps := []struct {
		name string
		do   func(ctx context.Context) error
	}{
		{"Open LinkedIn", func(ctx context.Context) error {
			if err := s.Page.Navigate(ctx, s.at(FeedPath)); err != nil {
				return err
			}
			_, err := s.waitFor(ctx, meMenuTrigger)
			return err
		}},
		{"Open the Me menu", func(ctx context.Context) error {
			_, err := s.actThen(ctx, meMenuTrigger, click, settingsLink, signOutLink)
			return err
		}},
		{"Open Settings & Privacy", func(ctx context.Context) error {
			_, err := s.actThen(ctx, settingsLink, followLink, dataPrivacyLink)
			return err
		}},
		{"Open Data privacy", func(ctx context.Context) error {
			_, err := s.actThen(ctx, dataPrivacyLink, followLink, genaiEntry, anySettingEntry)
			return err
		}},
	}
	for _, st := range steps {
		if err := s.step(ctx, st.name, st.do); err != nil {
			return nil, err
		}
		if err := s.pause(ctx); err != nil {
			return nil, err
		}
	}
	var sw *automation.Element
	err := s.step(ctx, "Open Data for Generative AI Improvement", func(ctx context.Context) error {
		var err error
		sw, err = s.actThen(ctx, genaiEntry, followLink, genaiSwitch)
		return err
	})
	return sw, err
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

// expect waits for next; if a marker of the page shows without it, next is
// missing from the page (changed), which is known without waiting it out.
func (s *Session) expect(ctx context.Context, next automation.Locator, pageThere ...automation.Target) (*automation.Element, error) {
	m, err := s.waitFor(ctx, append([]automation.Target{next}, pageThere...)...)
	if err != nil {
		return nil, missing(next, err)
	}
	if m.Index > 0 {
		return nil, fmt.Errorf("%w: %s is missing", ErrPageChanged, next.Name)
	}
	return m.Element, nil
}
