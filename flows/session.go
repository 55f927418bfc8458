package flows

import (
	"context"
	"errors"
	"fmt"
	"net/url"
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

// readAttempts bounds how often a read (loading a page) is tried when the
// site answers with a server error.
const readAttempts = 3

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
// needed (which ends in ErrNeedsHuman). A page the site answered with a
// server error (5xx) is reloaded, as a person would reload it, up to
// readAttempts loads in all with a growing pause between: only that page,
// not the way to it. Every document the flows load is a GET, so a reload is
// a read, never a save.
func (s *Session) waitFor(ctx context.Context, targets ...automation.Target) (automation.Match, error) {
	m, err := s.lookFor(ctx, targets...)
	for attempt := 1; errors.Is(err, ErrServerError) && attempt < readAttempts; attempt++ {
		s.Log.Info().Int("attempt", attempt).Err(err).Msg("server error; reloading the page")
		if werr := sleep(ctx, time.Duration(attempt)*500*time.Millisecond); werr != nil {
			return m, err
		}
		if rerr := s.Page.Reload(ctx); rerr != nil {
			return m, fmt.Errorf("%w; reloading: %w", err, rerr)
		}
		m, err = s.lookFor(ctx, targets...)
	}
	return m, err
}

// lookFor is one look of waitFor at the current document.
func (s *Session) lookFor(ctx context.Context, targets ...automation.Target) (automation.Match, error) {
	all := append(append(append([]automation.Target{}, targets...), needsPerson...), automation.ServerError)
	m, err := s.Page.WaitFirst(ctx, all...)
	if err != nil {
		return m, err
	}
	switch {
	case m.Index == len(all)-1:
		return m, fmt.Errorf("%w (HTTP %d at %s)", ErrServerError, m.Status, m.URL.Path)
	case m.Index >= len(targets):
		return m, fmt.Errorf("%w (%s)", ErrNeedsHuman, all[m.Index].Describe())
	}
	return m, nil
}

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
