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

// account is one account to run: its label, its own browser profile, and
// what its objection form is pre-filled with (nil when nothing).
type account struct {
	name       string
	profileDir string
	objection  *household.Objection
}

// job is what to do with each account's session.
type job struct {
	setting string
	dryRun  bool
	// run drives the flow on a ready session.
	run func(ctx context.Context, s *flows.Session, a account) flows.Result
	// prepare runs on the launched browser before the flow; may be nil.
	prepare prepare
}

// prepare is a hook run on the launched browser before the flow (the demo
// signs its fake member in with it).
type prepare func(ctx context.Context, b *automation.Browser) error

// singleAccount is the account the global flags name.
func (o *options) singleAccount() account {
	return account{name: o.account, profileDir: o.profileDir}
}

// householdAccounts loads a household file strictly. Every problem is a
// usage error naming the file and line, found before any browser starts.
func (o *options) householdAccounts(path string) ([]account, error) {
	f, err := household.Load(path, profilesRoot())
	if err != nil {
		return nil, usageError{err.Error()}
	}
	accts := make([]account, len(f.Accounts))
	for i, a := range f.Accounts {
		accts[i] = account{name: a.Name, profileDir: a.ProfileDir, objection: a.Objection}
	}
	return accts, nil
}

// runAccounts runs j for every account, at most parallel at a time, each in
// its own browser and profile. One account's failure never stops the
// others. Results are reported as they end; several accounts get a summary
// table; every run gets an HTML report beside the receipts. It returns the
// worst exit code.
func (o *options) runAccounts(ctx context.Context, accts []account, parallel int, j job) error {
	if parallel < 1 {
		parallel = 1
	}
	results := make([]flows.Result, len(accts))
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	var reportMu sync.Mutex
	var reportErr error
	done := func(i int, r flows.Result) {
		reportMu.Lock()
		defer reportMu.Unlock()
		results[i] = r
		if err := o.report(r); err != nil && reportErr == nil {
			reportErr = err
		}
	}
	for i, a := range accts {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			// Interrupted before its turn: it still gets its line.
			done(i, o.failedResult(a, j, fmt.Errorf("not started: %w", context.Cause(ctx))))
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			done(i, o.runOne(ctx, a, j))
		}()
	}
	wg.Wait()
	if len(accts) > 1 {
		o.summary(results)
	}
	o.writeReport(results)
	if reportErr != nil {
		return reportErr
	}
	outcomes := make([]flows.Outcome, len(results))
	for i, r := range results {
		outcomes[i] = r.Outcome
	}
	return exitCode(flows.WorstExitCode(outcomes...))
}

// runOne runs the job on the account's own browser and profile.
func (o *options) runOne(ctx context.Context, a account, j job) flows.Result {
	var r flows.Result
	err := o.withSession(ctx, a, j.prepare, func(s *flows.Session) { r = j.run(ctx, s, a) })
	if err != nil {
		r = o.failedResult(a, j, err)
	}
	if cause := context.Cause(ctx); cause != nil && ctx.Err() != nil && !errors.Is(cause, ctx.Err()) {
		r.Error = joinNonEmpty(cause.Error(), r.Error)
	}
	return r
}

func joinNonEmpty(a, b string) string {
	if b == "" {
		return a
	}
	return a + ": " + b
}

// withSession launches the account's browser on its own profile, opens a
// tab held to the site's origin, and calls f with the session on it; the
// browser is closed afterwards, whatever happens. It fails only when the
// browser or tab cannot be had.
func (o *options) withSession(ctx context.Context, a account, before prepare, f func(s *flows.Session)) error {
	log := o.log.With().Str("account", a.name).Logger()
	startCtx, cancel := context.WithTimeout(ctx, o.timeout)
	b, err := automation.Launch(startCtx, automation.LaunchOptions{
		Bin: o.browser, Headless: o.headless, ProfileDir: a.profileDir,
		BrowserURL: o.browserURL, AllowRemote: o.allowRemote,
	})
	cancel()
	if err != nil {
		return err
	}
	defer func() {
		if err := b.Close(); err != nil {
			log.Warn().Err(err).Msg("close browser")
		}
	}()
	if before != nil {
		if err := before(ctx, b); err != nil {
			return err
		}
	}
	pctx, cancel := context.WithTimeout(ctx, o.timeout)
	page, err := b.NewPage(pctx, automation.NewOriginGuard(o.base, o.family))
	cancel()
	if err != nil {
		return err
	}
	f(o.session(a, page))
	return nil
}

// failedResult is the result of a run that ended before its flow started.
func (o *options) failedResult(a account, j job, err error) flows.Result {
	now := time.Now().UTC()
	return flows.Result{
		Account: a.name, Setting: j.setting, Outcome: flows.Failed, Before: flows.Unknown, After: flows.Unknown,
		DryRun: j.dryRun, Evidence: []string{}, StartedAt: now, FinishedAt: now, Version: version,
		Error: strings.Join(strings.Fields(err.Error()), " "), // one line
	}
}

// writeReport writes the HTML report beside the receipts; a report that
// cannot be written is a warning, never a lost result (the JSON and the
// receipts already hold it).
func (o *options) writeReport(results []flows.Result) {
	path, err := report.Write(o.evidenceDir, "optout report", results, time.Now())
	if err != nil {
		o.log.Warn().Err(err).Msg("HTML report not written")
		return
	}
	fmt.Fprintf(o.stderr, "report: %s\n", path)
}
