package flows

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/optout/optout/automation"
)

// SwitchOptions says how to run a setting's flow (genai's, or any
// catalogue setting's).
type SwitchOptions struct {
	// Confirmed says the person already agreed to the change (a sweep asks
	// once for all its switches): Session.Confirm is not asked again.
	Confirmed bool
	// DryRun reads and reports only: nothing that changes a setting is clicked.
	DryRun bool
	// PreferDirect tries the setting's address before the menu path.
	PreferDirect bool
	// DirectOnly reaches the setting by its address alone (a sweep's
	// settings after the first, whose menu path already proved the session).
	DirectOnly bool
	// ReadLists lets a read-only sweep take a setting's state from its row
	// in a settings list, where the list's data and the row agree (see
	// lists.go); the others are read on their pages.
	ReadLists bool
}

// settleQuiet is how long the page's own data requests must have been
// quiet before a switch is read: time for the page to draw what they
// brought.
const settleQuiet = 250 * time.Millisecond

// switchPoll is how often a switch is looked at again while the page draws
// its data.
const switchPoll = 50 * time.Millisecond

// TurnOff switches one catalogue setting to the state that protects the
// person, the way a person would, and reads it back after a reload: only
// that counts as done. A switch is read only once the page's own data
// requests have answered, since a client-side page may draw it in a default
// state first.
func (s *Session) TurnOff(ctx context.Context, set Setting, opts SwitchOptions) Result {
	r := s.newResult(set.Name, opts.DryRun)
	rc, err := s.beginReceipt(r.StartedAt)
	if err != nil {
		return s.finish(r, nil, err)
	}
	if err := s.openSetting(ctx, set, &r, opts); err != nil {
		return s.finish(r, rc, err)
	}
	sw, before, err := s.readSwitch(ctx, set, "Read the setting")
	if err != nil {
		return s.finish(r, rc, err)
	}
	r.Before = before
	s.capture(ctx, rc, &r, "before.png")

	switch {
	case before == Unknown:
		return s.finish(r, rc, fmt.Errorf("%w: the switch has no readable on/off state", ErrPageChanged))
	case before == set.Protects:
		r.After, r.Outcome = before, AlreadyOff
		return s.finish(r, rc, nil)
	case opts.DryRun:
		r.After, r.Outcome = before, WouldTurnOff
		return s.finish(r, rc, nil)
	}

	if s.Confirm != nil && !opts.Confirmed {
		ok, err := s.Confirm(ctx, fmt.Sprintf("Turn off “%s”?", set.Title()))
		if err != nil {
			return s.finish(r, rc, err)
		}
		if !ok {
			r.After, r.Outcome, r.Error = before, WouldTurnOff, "not confirmed: nothing was changed"
			return s.finish(r, rc, nil)
		}
	}
	r.After, r.Outcome = s.flip(ctx, set, sw, &r)
	if r.After != Unknown {
		s.capture(ctx, rc, &r, "after.png")
	}
	return s.finish(r, rc, nil)
}

// readSwitch, the step called name, waits until the page's own data has
// arrived, then finds the setting's switch afresh (a page may draw it again
// when its data comes) and reads it. When that data states the setting's
// value, the switch is read once it shows that value (and distrusted if it
// keeps showing another); otherwise once the page's data requests have
// been quiet for settleQuiet.
func (s *Session) readSwitch(ctx context.Context, set Setting, name string) (*automation.Element, State, error) {
	var sw *automation.Element
	state := Unknown
	err := s.step(ctx, name, func(ctx context.Context) error {
		// The switch is trusted only once the page has asked the settings
		// API for its data and had the answer: a page may draw the switch
		// in a default state, and ask for its data late. When the data
		// read so far holds no value for the setting, the page is given
		// a quiet period to ask for more (or to draw what it has).
		want, known, err := s.settingsData(ctx, set, 0)
		if err == nil && !known {
			want, known, err = s.settingsData(ctx, set, settleQuiet)
		}
		switch {
		case err != nil:
			return err
		case known:
			sw, state, err = s.waitSwitchShows(ctx, set, want)
			return err
		}
		m, err := s.waitFor(ctx, set.switchLocator())
		if err != nil {
			return missing(set.switchLocator(), err)
		}
		st, err := m.Element.SwitchState(ctx)
		if err != nil {
			return err
		}
		sw, state = m.Element, State(st)
		return nil
	})
	return sw, state, err
}

// settingsData waits until the page's data requests have ended (and been
// quiet for quiet), a settings read among them, and returns the value the
// page's data gives set, if it gives one in a form known here. A settings
// read that failed means the page shows a default: the state is unknown.
func (s *Session) settingsData(ctx context.Context, set Setting, quiet time.Duration) (State, bool, error) {
	reqs, err := s.Page.WaitDocumentSettled(ctx, quiet, isPageData, isSettingsRead)
	if err != nil {
		return Unknown, false, fmt.Errorf("%w: the page's settings data did not arrive, so the switch may show a default: %w", ErrStateUnknown, err)
	}
	for _, req := range reqs {
		if isSettingsRead(req) && !req.OK() {
			return Unknown, false, fmt.Errorf("%w: the page's settings data did not load (%s: %s), so the switch shows a default",
				ErrStateUnknown, req, requestStatus(req))
		}
	}
	want, known := s.dataSays(ctx, set, reqs)
	return want, known, nil
}

// drawnWithin is how long a page may take to show on its switch the value
// its data gave, before the switch is distrusted.
const drawnWithin = 3 * time.Second

// waitSwitchShows finds the setting's switch, afresh each time, until it
// shows want, the value the page's data gave. A switch that keeps showing
// another state is not read as either: the page does not show what
// LinkedIn stores.
func (s *Session) waitSwitchShows(ctx context.Context, set Setting, want State) (*automation.Element, State, error) {
	distrustAt := time.Now().Add(drawnWithin)
	for {
		m, err := s.waitFor(ctx, set.switchLocator())
		if err != nil {
			return nil, Unknown, missing(set.switchLocator(), err)
		}
		st, err := m.Element.SwitchState(ctx)
		if err != nil {
			return nil, Unknown, err
		}
		if shown := State(st); shown == want {
			return m.Element, want, nil
		} else if time.Now().After(distrustAt) {
			return nil, Unknown, fmt.Errorf("%w: the switch shows %s, but the page's own data says %s", ErrStateUnknown, shown, want)
		}
		if err := sleep(ctx, switchPoll); err != nil {
			return nil, Unknown, fmt.Errorf("wait for the switch to show the page's data: %w", err)
		}
	}
}

// flip clicks the switch once, waits for the save to be answered, reloads
// and reads the state back. A save is never retried: a second click could
// turn the setting back on.
func (s *Session) flip(ctx context.Context, set Setting, sw *automation.Element, r *Result) (State, Outcome) {
	var save automation.Request
	err := s.step(ctx, "Switch it off", func(ctx context.Context) error {
		mark := s.Page.Mark()
		if err := sw.Click(ctx); err != nil {
			return err
		}
		// The save is the settings API's request, perhaps sent a little
		// after the click; beacons and streams are neither the save nor a
		// reason to wait.
		var err error
		save, err = s.Page.WaitRequest(ctx, mark, isSettingsSave)
		return err
	})
	if err != nil && errors.Is(err, automation.ErrNotClickable) {
		r.Error = describe(err)
		return r.Before, PageChanged // nothing was clicked
	}
	saveFailed := ""
	switch {
	case err != nil:
		saveFailed = "no answer to the save was seen: " + describe(err)
	case !save.OK():
		saveFailed = fmt.Sprintf("the save was not accepted (%s)", requestStatus(save))
	}
	var after State
	err = s.step(ctx, "Reload the page", func(ctx context.Context) error {
		return s.Page.Reload(ctx)
	})
	if err == nil {
		_, after, err = s.readSwitch(ctx, set, "Read it back")
	}
	switch {
	case err != nil:
		r.Error = joinErrors(saveFailed, "could not read the setting back after a reload: "+describe(err))
		return Unknown, Uncertain
	case after == set.Protects:
		return after, TurnedOffVerified
	default:
		r.Error = joinErrors(saveFailed, fmt.Sprintf("after a reload the setting reads %s", after))
		return after, Uncertain
	}
}

func requestStatus(r automation.Request) string {
	if r.Failed {
		return "no answer"
	}
	return fmt.Sprintf("HTTP %d", r.Status)
}

// openSetting reaches the setting's page by the preferred route, then the
// other; it records the route taken and the page's address. A failure is
// told as what was seen on each route.
func (s *Session) openSetting(ctx context.Context, set Setting, r *Result, opts SwitchOptions) error {
	routes := []Route{RouteDirect}
	switch {
	case !set.MenuPath || opts.DirectOnly:
	case opts.PreferDirect:
		routes = []Route{RouteDirect, RoutePath}
	default:
		routes = []Route{RoutePath, RouteDirect}
	}
	return s.openRoutes(ctx, r, routes, func(route Route) error {
		if route == RouteDirect && opts.DryRun && s.showsAlready(ctx, set.Path) {
			// A page of two switches, the other just read there: a person
			// reads this one on the same page, not on a second load of it.
			return nil
		}
		return s.openBy(ctx, set, route)
	})
}

// openRoutes tries open by each route in turn until one reaches the page;
// a sign-in or check on the way is handed to the person, and the route is
// tried again. It records the route taken and the page's address. A person
// needed, a page definitely not offered, LinkedIn refusing us or the
// browser gone ends it at once: another route will not change that. The
// routes' failures are told as what was seen on each.
func (s *Session) openRoutes(ctx context.Context, r *Result, routes []Route, open func(Route) error) error {
	var failures []error
	for _, route := range routes {
		err := open(route)
		if errors.Is(err, ErrNeedsHuman) {
			if err = s.handOver(ctx, err); err == nil {
				err = open(route)
			}
		}
		if err == nil {
			r.Route = route
			if u, uerr := s.Page.URL(ctx); uerr == nil {
				r.URL = u.String()
			}
			return nil
		}
		r.Refused = s.Page.Guard().Refused()
		s.Log.Info().Str("route", string(route)).Err(err).Msg("route failed")
		if errors.Is(err, ErrNeedsHuman) || errors.Is(err, ErrNotOffered) || errors.Is(err, ErrRefused) ||
			errors.Is(err, automation.ErrBrowserGone) || ctx.Err() != nil {
			return err
		}
		failures = append(failures, err)
	}
	return routesFailed(failures)
}

// routesFailed joins the routes' failures into one error that reads as what
// the person would have seen, one sentence a route; the machine detail stays
// in Detail. Data privacy lacking the entry while the address shows no
// setting is the site's way of not offering it.
func routesFailed(failures []error) error {
	var sentences, details []string
	entryMissing, addressEmpty := false, false
	for _, f := range failures {
		var o *seen
		if errors.As(f, &o) {
			sentences = append(sentences, o.what)
			entryMissing = entryMissing || o.entryMissing
		} else {
			sentences = append(sentences, describe(f))
		}
		addressEmpty = addressEmpty || errors.Is(f, errPageNotFound)
		details = append(details, describe(f))
	}
	err := errors.Join(failures...)
	kind := error(nil)
	switch {
	case entryMissing && addressEmpty:
		kind = ErrNotOffered
	case errors.Is(err, ErrPageChanged) || errors.Is(err, automation.ErrOffOrigin):
		kind = ErrPageChanged
	}
	what := strings.Join(sentences, "; ")
	if kind == nil {
		return &seen{what: what, err: err} // network, browser or timeout: failed
	}
	return &seen{what: what, err: fmt.Errorf("%w: %s", kind, strings.Join(details, "; "))}
}

// seen is a failure told as what the person would have seen; err keeps the
// machine detail for the log and the receipt.
type seen struct {
	what string
	err  error
	// entryMissing: Data privacy was read and has no entry for the setting.
	entryMissing bool
}

func (e *seen) Error() string { return e.what }
func (e *seen) Unwrap() error { return e.err }

// sawf wraps err with what the person would have seen.
func sawf(err error, format string, args ...any) error {
	return &seen{what: fmt.Sprintf(format, args...), err: err}
}

// detail is an error's machine detail: the wrapped errors' own words.
func detail(err error) string {
	var o *seen
	if errors.As(err, &o) && o.err != nil {
		return describe(o.err)
	}
	return describe(err)
}

func (s *Session) openBy(ctx context.Context, set Setting, route Route) error {
	if route == RouteDirect {
		return s.openDirect(ctx, set)
	}
	return s.openByPath(ctx, set)
}

// showsAlready reports whether the tab shows path's page, loaded whole.
func (s *Session) showsAlready(ctx context.Context, path string) bool {
	if doc, ok := s.Page.Document(); !ok || !doc.OK() {
		return false
	}
	u, err := s.Page.URL(ctx)
	return err == nil && samePath(u.Path, path)
}

// openDirect loads the setting's own address. Landing on a settings
// category instead, or on a notice that it is not available, means the
// setting is not offered to this member.
func (s *Session) openDirect(ctx context.Context, set Setting) error {
	return s.step(ctx, "Open "+set.Title(), func(ctx context.Context) error {
		if err := s.Page.Navigate(ctx, s.at(set.Path)); err != nil {
			return err
		}
		redirected := automation.URLCondition{Name: "another settings page", Match: func(u *url.URL) bool {
			return !samePath(u.Path, set.Path) && !isNeedsPersonURL(u) && !interstitialPage.Match(u)
		}}
		m, err := s.waitFor(ctx, set.switchLocator(), settingUnavailable, redirected)
		switch {
		case errors.Is(err, errPageNotFound):
			return sawf(err, "its address shows “Page not found”")
		case errors.Is(err, automation.ErrTimeout):
			return sawf(missing(set.switchLocator(), err), "its address shows no switch for it")
		case err != nil:
			return err
		case m.Index == 1:
			return sawf(ErrNotOffered, "its page says the setting isn't available for this account")
		case m.Index == 2 && strings.HasPrefix(m.URL.Path, "/mypreferences/d/categories/"):
			return sawf(ErrNotOffered, "its address leads back to the settings list")
		case m.Index == 2:
			return sawf(fmt.Errorf("%w: the setting's address led to %s", ErrPageChanged, m.URL.Path),
				"its address leads to another page")
		}
		return nil
	})
}
