package flows

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/optout/optout/automation"
)

// Typed errors the flows end in; Classify maps them to contract outcomes in
// one place.
var (
	// ErrNeedsHuman: a sign-in, security check or account picker stands in the way.
	ErrNeedsHuman = errors.New("the person must sign in or pass a security check")
	// ErrPageChanged: the page no longer looks as expected; nothing was changed.
	ErrPageChanged = errors.New("the page no longer looks as expected")
	// ErrNotOffered: the setting is not offered to this member.
	ErrNotOffered = errors.New("the setting is not offered to this account")
	// ErrServerError: the site answered a page with a server error (5xx);
	// loading a page again is safe, so waitFor reloads it a bounded number of
	// times before it gives up with this error.
	ErrServerError = errors.New("the site answered with a server error")
)

// ErrRefused: LinkedIn refused the request outright (HTTP 999), as it does
// when it takes a visit for automation. Nothing is retried.
var ErrRefused = errors.New("LinkedIn refused the request (HTTP 999), as it does when it takes a visit for automation")

// ErrStateUnknown: the switch was found, but whether its state is the
// member's could not be known (the page's data did not arrive). Never read
// as "off".
var ErrStateUnknown = errors.New("the setting's state could not be read for certain")

// errThrottled is a 429 answer; waitFor waits as asked and loads again.
type errThrottled struct{ retryAfter time.Duration }

func (e *errThrottled) Error() string {
	return fmt.Sprintf("LinkedIn asked to slow down (HTTP 429, retry after %s)", e.retryAfter)
}

// readAttempts bounds how often a read (loading a page) is tried when the
// site answers with a server error or asks to slow down.
const readAttempts = 3

// maxRetryAfter bounds how long a Retry-After is honoured; a site that asks
// for longer is left alone for this run.
const maxRetryAfter = 30 * time.Second

// Session is one account's browser tab and what the flows need around it.
type Session struct {
	// Account is the label of the account (never a name or email).
	Account string
	// Page is the tab the flows drive.
	Page *automation.Page
	// Base is the site root (https://www.linkedin.com, or the fake site).
	Base *url.URL
	// Pace is the pause between steps, to move at a person's pace.
	Pace time.Duration
	// StepTimeout bounds every single wait (a page, an element, a save).
	StepTimeout time.Duration
	// HandOverTimeout is how long to wait for the person to sign in or pass
	// a check in the visible window; 0 means nobody is there (headless) and
	// such a step ends the run with needs_human at once.
	HandOverTimeout time.Duration
	// Events receives each step for guided output; may be nil.
	Events func(Event)
	// Confirm asks the person before a change; nil means yes.
	Confirm func(ctx context.Context, question string) (bool, error)
	// Receipts stores screenshots and the receipt; may be nil.
	Receipts *Receipts
	// Version is the tool version written into receipts.
	Version string
	// Log is for the operator; it never carries personal data.
	Log zerolog.Logger

	// personal is what the run knows of the person (from the objection
	// details), removed from any evidence it saves.
	personal []string
	// notes are what the run did besides its task (declined a cookie
	// alert, skipped an interstitial), for the result and the receipt.
	notes []string
	// consentAnswered: the cookie-consent alert was declined in this
	// session; one still shown (its answer held with the page's requests
	// while a form is worked on) is worked around, not answered again.
	consentAnswered bool
}

// note records something the run did on the person's behalf besides its task.
func (s *Session) note(text string) {
	s.notes = append(s.notes, text)
	s.emit(Notice, "%s", text)
	s.Log.Info().Str("note", text).Msg("on the person's behalf")
}

// EventKind says what an Event reports.
type EventKind int

// The kinds of events the flows emit.
const (
	StepStarted EventKind = iota
	StepDone
	StepFailed
	HandOver
	Notice
)

// Event is one step of a flow, for guided output.
type Event struct {
	Kind EventKind
	Text string
}

func (s *Session) emit(kind EventKind, format string, args ...any) {
	if s.Events != nil {
		s.Events(Event{Kind: kind, Text: fmt.Sprintf(format, args...)})
	}
}

// step runs one named step with its own deadline and reports it.
func (s *Session) step(ctx context.Context, name string, f func(ctx context.Context) error) error {
	s.emit(StepStarted, "%s", name)
	sctx, cancel := context.WithTimeout(ctx, s.StepTimeout)
	defer cancel()
	err := f(sctx)
	if err != nil {
		// With the person at the window, a sign-in page is handed to them
		// next: that is no failure to show.
		if !errors.Is(err, ErrNeedsHuman) || s.HandOverTimeout <= 0 {
			s.emit(StepFailed, "%s", name)
		}
		s.Log.Debug().Str("step", name).Err(err).Msg("step failed")
		return err
	}
	s.emit(StepDone, "%s", name)
	s.Log.Debug().Str("step", name).Msg("step done")
	return nil
}

// pause waits the configured pace between steps (a deliberate, bounded pause
// to stay at a person's pace on the real site, not a wait for the page).
func (s *Session) pause(ctx context.Context) error { return sleep(ctx, s.Pace) }

// sleep waits d, or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// at returns the absolute address of a path on the site.
func (s *Session) at(path string) string {
	return s.Base.ResolveReference(&url.URL{Path: path}).String()
}

// waitFor waits for the first of targets, or for any sign that the person is
// needed (which ends in ErrNeedsHuman). Pages that are not the one asked
// for are decided at once, not waited out: LinkedIn's refusal (999) ends the
// run, a page not found is reported, a cookie-consent alert is declined and
// an interstitial skipped. A page the site answered with a server error
// (5xx), or with 429 and Retry-After, is loaded again as a person would,
// after a pause (the Retry-After, bounded), up to readAttempts loads in all:
// only that page, not the way to it. Every document the flows load is a GET,
// so a reload is a read, never a save.
func (s *Session) waitFor(ctx context.Context, targets ...automation.Target) (automation.Match, error) {
	m, err := s.lookFor(ctx, targets...)
	for attempt := 1; attempt < readAttempts; attempt++ {
		pause := time.Duration(attempt) * 500 * time.Millisecond
		var throttled *errThrottled
		switch {
		case errors.As(err, &throttled):
			pause = throttled.retryAfter
		case errors.Is(err, ErrServerError):
		default:
			return m, err
		}
		s.Log.Info().Int("attempt", attempt).Dur("pause", pause).Err(err).Msg("loading the page again")
		if werr := sleep(ctx, pause); werr != nil {
			return m, err
		}
		if rerr := s.Page.Reload(ctx); rerr != nil {
			return m, fmt.Errorf("%w; reloading: %w", err, rerr)
		}
		m, err = s.lookFor(ctx, targets...)
	}
	return m, err
}

// lookFor is one look of waitFor at the current document. A known page
// that can be dealt with (a consent alert, an interstitial) is, and the look
// goes on; any other known page ends it with what it is.
func (s *Session) lookFor(ctx context.Context, targets ...automation.Target) (automation.Match, error) {
	for handled := 0; ; handled++ {
		// Known pages before the targets: a 404 or 999 page may well carry
		// the navigation a target looks for, and a consent alert can lie
		// over them. Sign-in and check pages after.
		before, after := s.knownPages()
		all := make([]automation.Target, 0, len(before)+len(targets)+len(after))
		for _, p := range before {
			all = append(all, p.target)
		}
		all = append(all, targets...)
		for _, p := range after {
			all = append(all, p.target)
		}
		m, err := s.Page.WaitFirst(ctx, all...)
		if err != nil {
			return m, err
		}
		var known knownPage
		switch i := m.Index; {
		case i < len(before):
			known = before[i]
		case i < len(before)+len(targets):
			m.Index = i - len(before)
			return m, nil
		default:
			known = after[i-len(before)-len(targets)]
		}
		if known.dealWith == nil {
			return m, known.end(m)
		}
		if handled >= 3 {
			return m, fmt.Errorf("%w: %s came back after being dealt with", ErrPageChanged, known.target.Describe())
		}
		if err := known.dealWith(ctx); err != nil {
			return m, err
		}
	}
}

// knownPage is a page that is not the one asked for: either it ends the
// wait (end gives the error), or the run deals with it and looks again.
type knownPage struct {
	target   automation.Target
	end      func(automation.Match) error
	dealWith func(context.Context) error
}

// knownPages are the pages lookFor decides at once, those looked for before
// the targets and those after.
func (s *Session) knownPages() (before, after []knownPage) {
	before = []knownPage{
		{target: refusedPage, end: func(automation.Match) error { return ErrRefused }},
		{target: throttledPage, end: func(automation.Match) error { return &errThrottled{retryAfter: s.retryAfter()} }},
		{target: automation.ServerError, end: func(m automation.Match) error {
			return fmt.Errorf("%w (HTTP %d at %s)", ErrServerError, m.Status, m.URL.Path)
		}},
		{target: notFoundPage, end: func(automation.Match) error { return errPageNotFound }},
	}
	if !s.consentAnswered {
		before = append(before, knownPage{target: consentAlert, dealWith: s.declineConsent})
	}
	for _, t := range needsPerson {
		after = append(after, knownPage{target: t, end: func(automation.Match) error {
			return fmt.Errorf("%w (%s)", ErrNeedsHuman, t.Describe())
		}})
	}
	after = append(after, knownPage{target: interstitialPage, dealWith: s.skipInterstitial})
	return before, after
}

// errPageNotFound: the site answered the page with "not found".
var errPageNotFound = fmt.Errorf("%w: the address shows “Page not found”", ErrPageChanged)

// retryAfter is the current document's Retry-After, bounded; one second
// when it gives none.
func (s *Session) retryAfter() time.Duration {
	d := time.Second
	if doc, ok := s.Page.Document(); ok {
		if secs, err := strconv.Atoi(strings.TrimSpace(doc.RetryAfter)); err == nil && secs >= 0 {
			d = time.Duration(secs) * time.Second
		}
	}
	return min(d, maxRetryAfter)
}

// declineConsent answers LinkedIn's cookie-consent alert with its Reject
// button: a privacy tool never accepts cookies for the person.
func (s *Session) declineConsent(ctx context.Context) error {
	m, err := s.Page.WaitFirst(ctx, consentDeny)
	if err != nil {
		return fmt.Errorf("%w: the cookie-consent alert has no Reject button: %w", ErrNeedsHuman, err)
	}
	if err := m.Element.Click(ctx); err != nil {
		return fmt.Errorf("decline the cookie-consent alert: %w", err)
	}
	s.consentAnswered = true
	s.note("declined LinkedIn's cookie-consent alert (non-essential cookies rejected)")
	gctx, cancel := context.WithTimeout(ctx, consentGone)
	defer cancel()
	if err := s.Page.WaitGone(gctx, consentAlert); err != nil && ctx.Err() == nil {
		// The answer is held with the page's other requests (a form being
		// filled): the alert stays, and is worked around.
		s.Log.Info().Msg("the consent alert stays (its answer is held); working around it")
	}
	return nil
}

// skipInterstitial passes one of LinkedIn's /check/ pages (add a phone
// number, …) by its Skip button, as a person who does not want to give the
// data would; a page without one is the person's.
func (s *Session) skipInterstitial(ctx context.Context) error {
	wctx, cancel := context.WithTimeout(ctx, interstitialLook)
	defer cancel()
	m, err := s.Page.WaitFirst(wctx, skipButton)
	if err != nil {
		return fmt.Errorf("%w (LinkedIn shows a page asking for something, with no Skip button)", ErrNeedsHuman)
	}
	if err := m.Element.Click(ctx); err != nil {
		return fmt.Errorf("skip LinkedIn's interstitial page: %w", err)
	}
	s.note("skipped LinkedIn's page asking for a phone number (nothing was added)")
	left := automation.URLCondition{Name: "the page after the interstitial", Match: func(u *url.URL) bool {
		return !interstitialPage.Match(u)
	}}
	if _, err := s.Page.WaitFirst(ctx, left); err != nil {
		return fmt.Errorf("leave LinkedIn's interstitial page: %w", err)
	}
	return nil
}

// consentGone bounds the wait for a declined consent alert to go.
const consentGone = 3 * time.Second

// interstitialLook bounds the look for an interstitial's Skip button: a
// page already drawn shows it at once.
const interstitialLook = 5 * time.Second

// handOver gives the window to the person and waits, bounded, until the
// session is live again. Headless (no person), it returns ErrNeedsHuman.
func (s *Session) handOver(ctx context.Context, why error) error {
	if s.HandOverTimeout <= 0 {
		return why
	}
	s.emit(HandOver, "Sign in or finish the security check in the browser window; optout waits up to %s.", s.HandOverTimeout.Round(time.Second))
	hctx, cancel := context.WithTimeout(ctx, s.HandOverTimeout)
	defer cancel()
	if _, err := s.Page.WaitFirst(hctx, signedInMarker); err != nil {
		return fmt.Errorf("%w: nobody finished signing in: %v", ErrNeedsHuman, err)
	}
	s.emit(Notice, "Signed in; going on.")
	return nil
}

// Classify maps a flow error to the contract's outcome.
func Classify(err error) Outcome {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrNeedsHuman):
		return NeedsHuman
	case errors.Is(err, ErrNotOffered):
		return NotOffered
	case errors.Is(err, ErrPageChanged), errors.Is(err, automation.ErrOffOrigin), errors.Is(err, automation.ErrNotClickable):
		return PageChanged
	case errors.Is(err, ErrStateUnknown):
		return Uncertain
	default:
		return Failed
	}
}

// describe turns an error into a one-line message for the result, without
// personal data (URLs in errors are reduced to their origin by automation).
func describe(err error) string {
	if err == nil {
		return ""
	}
	return strings.ReplaceAll(err.Error(), "\n", " ")
}

// missing turns a timed-out wait into "page changed".
func missing(what automation.Locator, err error) error {
	if errors.Is(err, automation.ErrTimeout) {
		return fmt.Errorf("%w: %s did not appear: %w", ErrPageChanged, what.Name, err)
	}
	return err
}

// waitForPerson waits, bounded by HandOverTimeout, until the person closes
// the tab or wait (nil: none) returns.
func (s *Session) waitForPerson(ctx context.Context, wait func(ctx context.Context) error) error {
	wctx, cancel := context.WithTimeout(ctx, s.HandOverTimeout)
	defer cancel()
	done := make(chan error, 2)
	go func() { done <- s.Page.WaitClosed(wctx) }()
	if wait != nil {
		go func() { done <- wait(wctx) }()
	}
	return <-done
}

// askPerson asks the person, when someone can be asked (Confirm set) and
// the run goes on, question about what they did themselves at the window,
// and records the answer in r.PersonSubmitted.
func (s *Session) askPerson(ctx context.Context, r *Result, question string) {
	if s.Confirm == nil || ctx.Err() != nil {
		return
	}
	if yes, err := s.Confirm(ctx, question); err == nil {
		r.PersonSubmitted = &yes
	}
}
