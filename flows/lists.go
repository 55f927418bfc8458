package flows

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/optout/optout/automation"
)

// A status check may read a setting where Settings & Privacy lists it: each
// on/off row of a category shows its setting's value (a "sneak peek"),
// which the page asks LinkedIn's settings API for
// (GET /mysettings-api/settingsApiSneakPeeks). One page then answers for
// several settings. A setting is taken from its row only when that answer
// states the setting's value and the row shows the same, in a wording known
// here; any other setting is read on its own page, as a real run reads it.

// RouteList is a setting read from its row in a settings list.
const RouteList Route = "list"

// sneakPeek is a row's value in a settings list (seen on the real site).
const sneakPeek = "[data-test-category-item-sneakpeek]"

// isSneakPeeks reports whether r reads the values a settings list shows.
func isSneakPeeks(r automation.Request) bool {
	return isSettingsRead(r) && strings.Contains(r.Path, "settingsApiSneakPeeks")
}

// listPath is a settings list's address.
func listPath(list string) string { return "/mypreferences/d/categories/" + list }

// byList groups the settings a list can answer for by list, in order of
// first appearance: a setting with a list and alone on its page (a row for
// a page of two switches shows one value for both). A list that would
// answer for one setting only is left out: its page read is as quick, and
// the stronger read.
func byList(settings []Setting) (lists []string, members map[string][]Setting) {
	members = map[string][]Setting{}
	var order []string
	for _, set := range settings {
		shared := slices.ContainsFunc(catalogue.Settings, func(o Setting) bool { return o.Name != set.Name && o.Path == set.Path })
		if set.List == "" || shared {
			continue
		}
		if _, seen := members[set.List]; !seen {
			order = append(order, set.List)
		}
		members[set.List] = append(members[set.List], set)
	}
	for _, list := range order {
		if len(members[list]) > 1 {
			lists = append(lists, list)
		}
	}
	return lists, members
}

// readLists reads the settings lists that show any of settings, one page
// each, and returns the results of the settings read there, by name. A
// list that cannot be read, or a row that does not agree with the list's
// data, leaves its settings to be read on their own pages: it is no
// failure.
func (s *Session) readLists(ctx context.Context, settings []Setting) map[string]Result {
	out := map[string]Result{}
	lists, members := byList(settings)
	for i, list := range lists {
		if i > 0 {
			if err := s.pause(ctx); err != nil {
				break
			}
		}
		body, err := s.openList(ctx, list, members[list])
		if err != nil {
			s.Log.Info().Str("list", list).Err(err).Msg("the settings list could not be read; its settings are read on their pages")
			continue
		}
		values := cardValues(body)
		notes := slices.Clone(s.notes) // what the list's page needed (a consent alert declined)
		var shot []byte                // the whole list, once its rows show their data
		for _, set := range members[list] {
			want, stated := values[set.Key]
			if !stated {
				continue
			}
			if err := s.rowShows(ctx, set, want); err != nil {
				s.Log.Info().Str("setting", set.Name).Err(err).Msg("read on its page instead")
				continue
			}
			if shot == nil {
				if shot, err = s.Page.ScreenshotPage(ctx); err != nil {
					s.Log.Warn().Err(err).Str("list", list).Msg("screenshot of the list not taken")
				}
			}
			out[set.Name] = s.listResult(ctx, set, want, notes, shot)
		}
	}
	return out
}

// openList loads a settings list and returns the settings API's answer
// with the values it shows, once the page's data requests have ended. It is
// no step of the run's: when it fails, the settings are read on their
// pages, where a sign-in or a check is handed to the person.
func (s *Session) openList(ctx context.Context, list string, settings []Setting) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, s.StepTimeout)
	defer cancel()
	if err := s.Page.Navigate(ctx, s.at(listPath(list))); err != nil {
		return nil, err
	}
	if _, err := s.waitFor(ctx, anyRow(settings)); err != nil {
		return nil, err
	}
	reqs, err := s.Page.WaitDocumentSettled(ctx, 0, isPageData, isSneakPeeks)
	if err != nil {
		return nil, fmt.Errorf("wait for the list's values: %w", err)
	}
	for _, req := range reqs {
		if isSneakPeeks(req) && req.OK() {
			return s.Page.ResponseBody(ctx, req)
		}
	}
	return nil, fmt.Errorf("the list's values did not load")
}

// anyRow finds the list drawn: any of its rows (seen on the real site), or
// the row of any of settings.
func anyRow(settings []Setting) automation.Locator {
	finds := []automation.Find{automation.ByCSS("[data-test-category-item]")}
	for _, set := range settings {
		finds = append(finds, automation.ByHref(set.Path))
	}
	return locate("the list's rows", finds...)
}

func rowLocator(set Setting) automation.Locator {
	return locate(fmt.Sprintf("the %s row", set.Title()), automation.ByHref(set.Path))
}

// listResult is the result of set read from its row: state, its value in
// the list's data, with the notes of the list's page and the list's
// screenshot (nil when none could be taken) as its receipt's before.png.
func (s *Session) listResult(ctx context.Context, set Setting, state State, notes []string, shot []byte) Result {
	r := s.newResult(set.Name, true)
	s.notes = notes
	rc, err := s.beginReceipt(r.StartedAt)
	if err != nil {
		return s.finish(r, nil, err)
	}
	r.Route, r.URL, r.Before, r.After = RouteList, s.at(listPath(set.List)), state, state
	r.Outcome = WouldTurnOff
	if state == set.Protects {
		r.Outcome = AlreadyOff
	}
	if shot != nil {
		s.keep(rc, &r, "before.png")(shot, nil)
	}
	return s.finish(r, rc, nil)
}

// rowShows waits until set's row shows want, the value the list's data
// gives it, in a known wording. A row showing words not known here is given
// up at once; one showing the other value (a default drawn before the data,
// or a list that disagrees) after drawnWithin. Given up, set is read on its
// page.
func (s *Session) rowShows(ctx context.Context, set Setting, want State) error {
	ctx, cancel := context.WithTimeout(ctx, s.StepTimeout)
	defer cancel()
	words := map[State][]string{On: labels.Texts("list_value_on"), Off: labels.Texts("list_value_off")}
	giveUp := time.Now().Add(drawnWithin)
	for {
		row, err := s.Page.Find(ctx, rowLocator(set))
		if err != nil {
			return err
		}
		if row == nil {
			return fmt.Errorf("the list has no row for the setting")
		}
		value, err := row.Inside(ctx, sneakPeek, "the row's value")
		if err != nil {
			return err
		}
		if value == nil {
			return fmt.Errorf("the row shows no value")
		}
		text, err := value.Text(ctx)
		if err != nil {
			return err
		}
		switch shown := wordState(text, words); {
		case shown == want:
			return nil
		case shown == Unknown && text != "":
			return fmt.Errorf("the row's value is in a wording not known here")
		case time.Now().After(giveUp):
			return fmt.Errorf("the row shows %q while the list's data says %s", text, want)
		}
		if err := sleep(ctx, switchPoll); err != nil {
			return err
		}
	}
}

// wordState is the state text names, Unknown when none or both.
func wordState(text string, words map[State][]string) State {
	found := Unknown
	for st, ws := range words {
		if slices.ContainsFunc(ws, func(w string) bool { return strings.EqualFold(w, text) }) {
			if found != Unknown {
				return Unknown
			}
			found = st
		}
	}
	return found
}
