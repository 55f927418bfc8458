package flows

import (
	"context"
	"time"

	"github.com/optout/optout/automation"
	"github.com/optout/optout/internal/redact"
)

// The bookkeeping every flow shares: its result, its receipt, and the
// screenshots and evidence that go into it.

// newResult starts a result for this account: a run's notes start empty.
func (s *Session) newResult(setting string, dryRun bool) Result {
	s.notes = nil
	return Result{
		Account: s.Account, Setting: setting, DryRun: dryRun,
		Before: Unknown, After: Unknown, Evidence: []string{},
		StartedAt: time.Now().UTC(), Version: s.Version,
	}
}

func (s *Session) beginReceipt(at time.Time) (*Receipt, error) {
	if s.Receipts == nil {
		return nil, nil
	}
	return s.Receipts.Begin(s.Account, at)
}

// capture saves a screenshot of the window into the receipt.
func (s *Session) capture(ctx context.Context, rc *Receipt, r *Result, name string) {
	if rc != nil {
		s.keep(rc, r, name)(s.Page.Screenshot(ctx))
	}
}

// evidenceTimeout bounds the capture of failure evidence, which runs even
// when the run's own context has ended.
const evidenceTimeout = 3 * time.Second

// failureEvidence keeps what the page looked like when a run went wrong: a
// screenshot, and the page's markup with every text the flows do not look
// for elided and addresses, tokens and the person's details removed (the
// member's name, shown in LinkedIn's navigation, is never known in advance).
func (s *Session) failureEvidence(rc *Receipt, r *Result) {
	if rc == nil || s.Page == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), evidenceTimeout)
	defer cancel()
	s.keep(rc, r, "failure.png")(s.Page.Screenshot(ctx))
	doc, err := s.Page.HTML(ctx)
	if err == nil {
		var path string
		if path, err = rc.Save("page.html", []byte(redact.Structure(doc, isKnownText, s.personal...))); err == nil {
			r.Evidence = append(r.Evidence, path)
			return
		}
	}
	s.Log.Warn().Err(err).Str("file", "page.html").Msg("page markup not saved")
}

// keep returns a function that saves a screenshot (or notes why there is
// none) into the receipt and lists it as evidence.
func (s *Session) keep(rc *Receipt, r *Result, name string) func(png []byte, err error) {
	return func(png []byte, err error) {
		if err == nil {
			var path string
			if path, err = rc.Save(name, png); err == nil {
				r.Evidence = append(r.Evidence, path)
				return
			}
		}
		s.Log.Warn().Err(err).Str("file", name).Msg("screenshot not saved")
	}
}

// finish sets the outcome from err (when not set yet), the end time and
// the receipt, and logs the outcome.
func (s *Session) finish(r Result, rc *Receipt, err error) Result {
	r.err = err
	if err != nil {
		r.Outcome = Classify(err)
		r.Error = describe(err)
		r.Detail = detail(err)
		s.Log.Info().Str("setting", r.Setting).Str("detail", r.Detail).Msg("what went wrong")
	}
	if len(s.notes) > 0 {
		r.Notes = append([]string(nil), s.notes...)
	}
	if r.Outcome == "" {
		r.Outcome = Failed
	}
	if r.Refused == nil && s.Page != nil {
		r.Refused = s.Page.Guard().Refused()
	}
	switch r.Outcome {
	case PageChanged, Uncertain, Failed:
		s.failureEvidence(rc, &r)
	}
	r.FinishedAt = time.Now().UTC()
	if rc != nil {
		r.Receipt = rc.Dir()
		if _, werr := rc.SaveResult(r); werr != nil {
			s.Log.Error().Err(werr).Msg("receipt not saved")
			r.Error = joinErrors(r.Error, "receipt not saved: "+describe(werr))
			if r.Outcome.ExitCode() == 0 {
				r.Outcome = Failed
			}
		}
	}
	s.Log.Info().Str("setting", r.Setting).Str("outcome", string(r.Outcome)).Str("route", string(r.Route)).Msg("done")
	return r
}

// captureElement saves a screenshot of one element into the receipt.
func (s *Session) captureElement(ctx context.Context, rc *Receipt, r *Result, el *automation.Element, name string) {
	if rc != nil {
		s.keep(rc, r, name)(el.Screenshot(ctx))
	}
}

// joinErrors joins two messages with "; "; the first may be empty.
func joinErrors(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}
