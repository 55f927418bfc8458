package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/optout/optout/automation"
	"github.com/optout/optout/flows"
	"github.com/optout/optout/internal/household"
	"github.com/optout/optout/internal/report"
)

// handOverTimeout is how long a headed run waits for the person to sign in,
// pass a check or review a form.
const handOverTimeout = 15 * time.Minute

// runner runs flows for accounts, each in its own browser and profile, with
// the settings g, talking to the person through io. It holds nothing that
// changes: a command makes one for its run.
type runner struct {
	g  globals
	io *ioStreams
}

// job is what to do with each account's session.
type job struct {
	setting string
	// settings names a sweep's settings: an account that cannot start gets
	// a failed line for each.
	settings []string
	dryRun   bool
	// run drives the flow on a ready session.
	run func(ctx context.Context, s *flows.Session, a household.Account) flows.Result
	// runAll, for a sweep, drives the flows and returns a result per
	// setting; a job has run or runAll.
	runAll func(ctx context.Context, s *flows.Session, a household.Account) []flows.Result
	// prepare runs on the launched browser before the flow; may be nil (the
	// demo signs its fake member in with it).
	prepare func(ctx context.Context, b *automation.Browser) error
}

// runAccounts runs j for every account, at most parallel at a time. One
// account's failure never stops the others. Results are reported as they
// end; several accounts get a summary table; every run gets an HTML report
// beside the receipts. It returns the worst outcome's exit code as an error.
func (rn runner) runAccounts(ctx context.Context, accts []household.Account, parallel int, j job) error {
	perAccount := make([][]flows.Result, len(accts))
	sem := make(chan struct{}, max(parallel, 1))
	var wg sync.WaitGroup
	var mu sync.Mutex
	var writeErr error
	done := func(i int, rs []flows.Result) {
		mu.Lock()
		defer mu.Unlock()
		perAccount[i] = rs
		for _, r := range rs {
			if err := rn.io.writeResult(r, rn.g.json, len(j.settings) > 0); err != nil && writeErr == nil {
				writeErr = err
			}
		}
	}
	startErr := makeEvidenceDir(rn.g.evidenceDir)
	for i, a := range accts {
		if startErr == nil {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
			}
		}
		switch {
		case startErr != nil:
			done(i, rn.failed(a, j, startErr))
		case ctx.Err() != nil: // interrupted before its turn: it still gets its line
			done(i, rn.failed(a, j, fmt.Errorf("not started: %w", context.Cause(ctx))))
		default:
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				done(i, rn.runOne(ctx, a, j, len(accts) > 1))
			}()
		}
	}
	wg.Wait()
	var results []flows.Result
	for _, rs := range perAccount {
		results = append(results, rs...)
	}
	if len(results) > 1 {
		rn.io.writeSummary(results)
	}
	rn.writeReport(results)
	if writeErr != nil {
		return writeErr
	}
	outcomes := make([]flows.Outcome, len(results))
	for i, r := range results {
		outcomes[i] = r.Outcome
	}
	return outcomeError(flows.WorstExitCode(outcomes...))
}

// runOne runs the job on the account's own browser and profile; with
// several accounts, its step lines name it.
func (rn runner) runOne(ctx context.Context, a household.Account, j job, named bool) []flows.Result {
	var rs []flows.Result
	err := rn.withSession(ctx, a, named, j.prepare, func(s *flows.Session) {
		if j.runAll != nil {
			rs = j.runAll(ctx, s, a)
		} else {
			rs = []flows.Result{j.run(ctx, s, a)}
		}
	})
	if err != nil {
		rs = rn.failed(a, j, err)
	}
	if cause := context.Cause(ctx); ctx.Err() != nil && !errors.Is(cause, ctx.Err()) {
		for i := range rs {
			rs[i].Error = strings.TrimSuffix(cause.Error()+": "+rs[i].Error, ": ") // an interrupted run says so first
		}
	}
	return rs
}

// failed is the result of a run that ended before its flow started: one
// line, or one for each of a sweep's settings.
func (rn runner) failed(a household.Account, j job, err error) []flows.Result {
	names := j.settings
	if len(names) == 0 {
		names = []string{j.setting}
	}
	out := make([]flows.Result, len(names))
	for i, name := range names {
		r := flows.FailedResult(a.Name, name, err)
		r.DryRun, r.Version = j.dryRun, version
		out[i] = r
	}
	return out
}

// withSession launches the account's browser on its own profile, opens a
// tab held to the site's origin, and calls f with the session on it; the
// browser is closed afterwards, whatever happens. It fails only when the
// browser or tab cannot be had.
func (rn runner) withSession(ctx context.Context, a household.Account, named bool,
	prepare func(context.Context, *automation.Browser) error, f func(s *flows.Session)) error {
	log := rn.g.log.With().Str("account", a.Name).Logger()
	startCtx, cancel := context.WithTimeout(ctx, rn.g.timeout)
	b, err := automation.Launch(startCtx, automation.LaunchOptions{
		Bin: rn.g.browser, Headless: rn.g.headless, ProfileDir: a.ProfileDir,
		BrowserURL: rn.g.browserURL, AllowRemote: rn.g.allowRemote,
	})
	cancel()
	if err != nil {
		return launchAdvice(err)
	}
	defer func() {
		if err := b.Close(); err != nil {
			log.Warn().Err(err).Msg("close browser")
		}
	}()
	if prepare != nil {
		if err := prepare(ctx, b); err != nil {
			return err
		}
	}
	pctx, cancel := context.WithTimeout(ctx, rn.g.timeout)
	base := rn.g.base
	page, err := b.NewPage(pctx, automation.NewOriginGuard(&base, rn.g.family))
	cancel()
	if err != nil {
		return err
	}
	f(rn.session(a, page, named))
	return nil
}

// session is the flows session for one account's tab.
func (rn runner) session(a household.Account, page *automation.Page, named bool) *flows.Session {
	base, prefix := rn.g.base, ""
	if named {
		prefix = a.Name + ": "
	}
	s := &flows.Session{
		Account: a.Name, Page: page, Base: &base, Pace: rn.g.pace, StepTimeout: rn.g.timeout,
		Receipts: &flows.Receipts{Dir: rn.g.evidenceDir}, Version: version,
		Log:    rn.g.log.With().Str("account", a.Name).Logger(),
		Events: rn.io.stepPrinter(prefix),
	}
	if !rn.g.headless {
		s.HandOverTimeout = handOverTimeout
	}
	if !rn.g.yes {
		s.Confirm = rn.io.confirm
	}
	return s
}

// writeReport writes the HTML report beside the receipts; a report that
// cannot be written is a warning, never a lost result (the JSON and the
// receipts already hold it).
func (rn runner) writeReport(results []flows.Result) {
	path, err := report.Write(rn.g.evidenceDir, "optout report", results, time.Now())
	if err != nil {
		rn.g.log.Warn().Err(err).Msg("HTML report not written")
		return
	}
	rn.io.printf("report: %s\n", path)
}
