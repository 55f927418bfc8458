package flows

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/optout/optout/automation"
)

// SettingArchive names the "Get a copy of your data" run in results.
const SettingArchive = "data_archive"

// ArchiveCategories are the data files optout can choose instead of the
// larger archive ("Want something in particular?"), by the names the command
// line takes, in LinkedIn's order. Their wordings are in labels.json
// (archive_category_<name>).
var ArchiveCategories = []string{"articles", "connections", "imported_contacts", "messages", "invitations",
	"profile", "recommendations", "registration", "rich_media"}

// ArchiveOptions says how to run the archive flow.
type ArchiveOptions struct {
	// Categories, when given, chooses "Want something in particular?" with
	// these data files (names of ArchiveCategories) instead of the larger
	// archive.
	Categories []string
	// WaitForPerson, when the person is at the window (HandOverTimeout > 0),
	// returns when they say they are done (say, pressed Enter); closing the
	// tab ends the wait too. Nil: only closing the tab does.
	WaitForPerson func(ctx context.Context) error
}

// CheckArchiveCategories reports the first name that is not one of
// ArchiveCategories.
func CheckArchiveCategories(names []string) error {
	for _, n := range names {
		if !slices.Contains(ArchiveCategories, n) {
			return fmt.Errorf("unknown data file %q (known: %s)", n, strings.Join(ArchiveCategories, ", "))
		}
	}
	return nil
}

// choiceInputs are the page's radio buttons, native or drawn.
const choiceInputs = `input[type="radio"], [role="radio"]`

// Locators of Get a copy of your data: its address first, then what the
// choices say (radio buttons have no address and no role-free name).
var (
	archiveEntry = locate("the Get a copy of your data entry",
		automation.ByHref(ArchivePath),
		automation.ByText("a[href]", labels.Texts("archive_entry")...),
	)
	archiveFull = locate("the larger data archive choice",
		automation.ByText(choiceInputs, labels.Texts("archive_full")...),
	)
	archiveParticular = locate("the “Want something in particular?” choice",
		automation.ByText(choiceInputs, labels.Texts("archive_particular")...),
	)
	archiveRefusal = locate("LinkedIn's notice that an archive was requested recently",
		automation.ByText("[role=alert], [role=status], main p, main div, main span", labels.Texts("archive_refused")...),
	)
)

// archiveFile finds a data file's checkbox by its label: the only one that
// says it, else the first (German "Kontakte" is also in "Importierte
// Kontakte", which LinkedIn lists after it).
func archiveFile(name string) automation.Locator {
	texts := labels.Texts("archive_category_" + name)
	return locate(fmt.Sprintf("the %q data file", texts[0]),
		automation.Find{Role: "checkbox", Texts: texts, Only: true},
		automation.ByRole("checkbox", texts...),
	)
}

// choiceWait bounds the wait for the page to show a clicked choice as
// chosen: a native control shows it at once.
const choiceWait = 3 * time.Second

// Archive opens "Get a copy of your data" the way a person does (Me →
// Settings & Privacy → Data privacy → Get a copy of your data, falling back
// to its address), chooses the larger archive (or, with Categories, the
// named data files), reads the choice back, and stops: it never presses
// "Request archive". From the moment it goes to the page until it hands the
// page over, every request but GET is stopped in the browser, so no page
// script can send the request early. With nobody at the window it ends
// prefilled with a screenshot; with the person there it hands the page over,
// waits until they are done and records whether they say they requested it.
// LinkedIn's refusal of a new request soon after one ends not_offered, in
// the page's own words.
func (s *Session) Archive(ctx context.Context, opts ArchiveOptions) Result {
	r := s.newResult(SettingArchive, false)
	requested := false
	r.Submitted = &requested // optout itself never requests the archive
	rc, err := s.beginReceipt(r.StartedAt)
	if err != nil {
		return s.finish(r, nil, err)
	}
	if err := CheckArchiveCategories(opts.Categories); err != nil {
		return s.finish(r, rc, err)
	}
	if err := s.openArchive(ctx, &r); err != nil {
		return s.finish(r, rc, err)
	}
	if err := s.archiveRefused(ctx); err != nil {
		s.capture(ctx, rc, &r, "archive.png")
		return s.finish(r, rc, err)
	}
	var chose archiveChoice
	err = s.step(ctx, "Choose what the archive holds", func(ctx context.Context) error {
		chose, err = s.chooseArchive(ctx, opts.Categories)
		return err
	})
	if err != nil {
		return s.finish(r, rc, err)
	}
	r.Fields = chose.fields()
	s.emit(Notice, "Chosen: %s.", chose.describe())
	s.capture(ctx, rc, &r, "archive.png")
	s.reportHeld(&r)
	r.Outcome = Prefilled
	if s.HandOverTimeout > 0 {
		s.handOverArchive(ctx, &r, chose, opts)
	}
	return s.finish(r, rc, nil)
}

// openArchive reaches the page by the menus, then by its address; it
// records the route taken and the page's address, and hands over to the
// person when a sign-in or check stands in the way.
func (s *Session) openArchive(ctx context.Context, r *Result) error {
	return s.openRoutes(ctx, r, []Route{RoutePath, RouteDirect}, func(route Route) error {
		if route == RouteDirect {
			return s.openArchiveDirect(ctx)
		}
		return s.openArchiveByPath(ctx)
	})
}

// openArchiveByPath walks the menus a person uses to the page. Each step
// that fails says what the person would have seen there.
func (s *Session) openArchiveByPath(ctx context.Context) error {
	if err := s.walkToEntry(ctx, archiveEntry, "Data privacy has no Get a copy of your data entry"); err != nil {
		return err
	}
	return s.step(ctx, "Open Get a copy of your data", func(ctx context.Context) error {
		m, err := s.waitFor(ctx, archiveEntry)
		if err != nil {
			return missing(archiveEntry, err)
		}
		if err := s.Page.HoldRequests(ctx); err != nil {
			return err
		}
		if err := m.Element.FollowLink(ctx); err != nil {
			return err
		}
		return s.waitArchivePage(ctx)
	})
}

// openArchiveDirect loads the page's address.
func (s *Session) openArchiveDirect(ctx context.Context) error {
	return s.step(ctx, "Open Get a copy of your data", func(ctx context.Context) error {
		if err := s.Page.HoldRequests(ctx); err != nil {
			return err
		}
		if err := s.Page.Navigate(ctx, s.at(ArchivePath)); err != nil {
			return err
		}
		elsewhere := automation.URLCondition{Name: "another page", Match: func(u *url.URL) bool {
			return !samePath(u.Path, ArchivePath) && !isNeedsPersonURL(u) && !interstitialPage.Match(u)
		}}
		return s.waitArchivePage(ctx, elsewhere)
	})
}

// waitArchivePage waits for the page's choice of archive, or LinkedIn's
// refusal in its place, or (after an address was loaded) another page.
func (s *Session) waitArchivePage(ctx context.Context, elsewhere ...automation.Target) error {
	m, err := s.waitFor(ctx, append([]automation.Target{archiveFull, archiveRefusal}, elsewhere...)...)
	switch {
	case errors.Is(err, errPageNotFound):
		return sawf(err, "Get a copy of your data shows “Page not found”")
	case errors.Is(err, automation.ErrTimeout):
		return sawf(missing(archiveFull, err), "Get a copy of your data shows no choice of archive")
	case err != nil:
		return err
	case m.Index == 2:
		return sawf(fmt.Errorf("%w: Get a copy of your data led to %s", ErrPageChanged, m.URL.Path),
			"Get a copy of your data leads to another page")
	}
	return nil
}

// archiveRefused looks, once the page's own data has arrived, for
// LinkedIn's refusal of a new request soon after one, and returns it in
// the page's own words as not offered (for now).
func (s *Session) archiveRefused(ctx context.Context) error {
	sctx, cancel := context.WithTimeout(ctx, s.StepTimeout)
	defer cancel()
	if _, err := s.Page.WaitDocumentSettled(sctx, settleQuiet, isPageData, nil); err != nil {
		s.Log.Debug().Err(err).Msg("the archive page's data did not settle; looking for a refusal all the same")
	}
	el, err := s.Page.Find(sctx, archiveRefusal)
	if err != nil || el == nil {
		return err
	}
	words := pageWords(sctx, el)
	if words == "" {
		words = "an archive was requested recently"
	}
	return sawf(fmt.Errorf("%w: LinkedIn refuses a new archive request for now", ErrNotOffered), "LinkedIn says: “%s”", words)
}

// pageWords is the text a person reads in el, on one line ("" when it
// cannot be read).
func pageWords(ctx context.Context, el *automation.Element) string {
	t, err := el.Text(ctx)
	if err != nil {
		return ""
	}
	return t
}

// archiveChoice is what the page reads back as chosen.
type archiveChoice struct {
	full  bool
	files []string // names of the data files ticked, when not full
}

// fields is the choice as the result reports it.
func (c archiveChoice) fields() map[string]string {
	if c.full {
		return map[string]string{"archive": "larger archive"}
	}
	return map[string]string{"archive": "data files", "data_files": strings.Join(c.files, ", ")}
}

// describe names the choice for the person.
func (c archiveChoice) describe() string {
	if c.full {
		return "the larger data archive"
	}
	names := make([]string, len(c.files))
	for i, f := range c.files {
		names[i] = labels.Texts("archive_category_" + f)[0]
	}
	return "the data files " + strings.Join(names, ", ")
}

// chooseArchive chooses the larger archive, or "Want something in
// particular?" and the named data files, then reads the choice back.
func (s *Session) chooseArchive(ctx context.Context, files []string) (archiveChoice, error) {
	if len(files) == 0 {
		if err := s.tick(ctx, archiveFull); err != nil {
			return archiveChoice{}, err
		}
		return s.readArchiveChoice(ctx, nil)
	}
	if err := s.tick(ctx, archiveParticular); err != nil {
		return archiveChoice{}, err
	}
	for _, f := range files {
		if err := s.pauseShort(ctx); err != nil {
			return archiveChoice{}, err
		}
		if err := s.tick(ctx, archiveFile(f)); err != nil {
			return archiveChoice{}, err
		}
	}
	return s.readArchiveChoice(ctx, files)
}

// tick chooses a radio button or ticks a checkbox with the mouse, as a
// person does, unless it shows chosen already, and waits (bounded) until
// the page shows it chosen.
func (s *Session) tick(ctx context.Context, loc automation.Locator) error {
	m, err := s.waitFor(ctx, loc)
	if err != nil {
		return missing(loc, err)
	}
	if st, err := m.Element.SwitchState(ctx); err != nil || st == automation.SwitchOn {
		return err
	}
	if err := m.Element.Click(ctx); err != nil {
		return err
	}
	wctx, cancel := context.WithTimeout(ctx, choiceWait)
	defer cancel()
	for {
		st, err := s.stateOf(wctx, loc)
		if err == nil && st == On {
			return nil
		}
		if sleep(wctx, 50*time.Millisecond) != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("%w: %s does not show chosen after a click (it reads %s)", ErrPageChanged, loc.Name, st)
		}
	}
}

// stateOf reads a radio button or checkbox now: absent when it is not there.
func (s *Session) stateOf(ctx context.Context, loc automation.Locator) (State, error) {
	el, err := s.Page.Find(ctx, loc)
	if err != nil || el == nil {
		return Absent, err
	}
	st, err := el.SwitchState(ctx)
	return State(st), err
}

// readArchiveChoice reads the choice back from the page: the larger
// archive chosen, or "Want something in particular?" with every data file
// asked for ticked (and any other the page ticked, listed too).
func (s *Session) readArchiveChoice(ctx context.Context, want []string) (archiveChoice, error) {
	if len(want) == 0 {
		if st, err := s.stateOf(ctx, archiveFull); err != nil || st != On {
			return archiveChoice{}, errors.Join(err, fmt.Errorf("%w: the larger data archive reads back %s, not chosen", ErrPageChanged, st))
		}
		return archiveChoice{full: true}, nil
	}
	if st, err := s.stateOf(ctx, archiveParticular); err != nil || st != On {
		return archiveChoice{}, errors.Join(err, fmt.Errorf("%w: “Want something in particular?” reads back %s, not chosen", ErrPageChanged, st))
	}
	var c archiveChoice
	for _, name := range ArchiveCategories {
		st, err := s.stateOf(ctx, archiveFile(name))
		if err != nil {
			return archiveChoice{}, err
		}
		if st == On {
			c.files = append(c.files, name)
		}
	}
	for _, name := range want {
		if !slices.Contains(c.files, name) {
			return archiveChoice{}, fmt.Errorf("%w: the data file %q does not read back ticked", ErrPageChanged, name)
		}
	}
	return c, nil
}

// handOverArchive gives the page to the person: requests are theirs again,
// the tool says what is chosen and what to press, waits (bounded) until
// they are done, then asks whether they requested the archive and records
// the answer.
func (s *Session) handOverArchive(ctx context.Context, r *Result, chose archiveChoice, opts ArchiveOptions) {
	if err := s.Page.ReleaseRequests(ctx); err != nil {
		// The person's requests go through all the same, a little slower.
		s.Log.Debug().Err(err).Msg("release the page's requests")
	}
	s.emit(HandOver, "In the browser window %s is chosen: to get your copy, press “Request archive” there yourself (LinkedIn may ask for your password; optout never presses it), then close the window or press Enter here (optout waits up to %s).",
		chose.describe(), s.HandOverTimeout.Round(time.Second))
	if err := s.waitForPerson(ctx, opts.WaitForPerson); err != nil {
		r.Error = joinErrors(r.Error, "nobody said they were done with the page: "+describe(err))
		return
	}
	s.askPerson(ctx, r, "Did you press “Request archive”?")
}
