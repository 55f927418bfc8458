package automation

import (
	"context"
	"fmt"
	"time"

	"github.com/go-rod/rod/lib/proto"
)

// Navigate loads rawURL after checking it against the origin guard, and
// returns once the new document's DOM is ready (or ctx ends).
func (p *Page) Navigate(ctx context.Context, rawURL string) error {
	if p.guard != nil {
		if err := p.guard.Check(rawURL); err != nil {
			return err
		}
	}
	pg := p.rod.Context(ctx)
	refusedBefore := p.refusedCount()
	wait := pg.WaitNavigation(proto.PageLifecycleEventNameDOMContentLoaded)
	if err := pg.Navigate(rawURL); err != nil {
		if refused := p.guard.Refused(); len(refused) > refusedBefore {
			return fmt.Errorf("%w: %s", ErrOffOrigin, refused[len(refused)-1])
		}
		return fmt.Errorf("navigate: %w", err)
	}
	wait()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("navigate: %w", timeoutErr(err))
	}
	return nil
}

func (p *Page) refusedCount() int { return len(p.guard.Refused()) }

// Reload reloads the current document and returns once its DOM is ready.
func (p *Page) Reload(ctx context.Context) error {
	pg := p.rod.Context(ctx)
	wait := pg.WaitNavigation(proto.PageLifecycleEventNameDOMContentLoaded)
	if err := pg.Reload(); err != nil {
		return fmt.Errorf("reload: %w", err)
	}
	wait()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("reload: %w", timeoutErr(err))
	}
	return nil
}

// WaitClosed waits until the person closes the tab (or the whole browser),
// or ctx ends.
func (p *Page) WaitClosed(ctx context.Context) error {
	ticker := time.NewTicker(4 * pollInterval)
	defer ticker.Stop()
	for {
		if _, err := (proto.TargetGetTargetInfo{TargetID: p.rod.TargetID}).Call(p.rod.Browser().Context(ctx)); err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("wait for the tab to close: %w", timeoutErr(ctx.Err()))
			}
			return nil // the tab, or the browser with it, is gone
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait for the tab to close: %w", timeoutErr(ctx.Err()))
		case <-ticker.C:
		}
	}
}
