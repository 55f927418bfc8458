package flows

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/optout/optout/automation"
)

// Sweep runs TurnOff for each setting, in one tab: the first by the menu
// path when it has one (proving the session and the path), the others by
// their addresses. One setting's failure never stops the others, except
// where nothing more can be done: LinkedIn refusing the visit (999), the
// browser gone, or ctx ended; the settings not tried then get a failed
// result saying why. With Confirm set (the person at a terminal), the
// settings are read first, the ones that are on are listed in one question,
// and only then switched off; without it, each is switched off as it is read.
func (s *Session) Sweep(ctx context.Context, settings []Setting, opts SwitchOptions) []Result {
	if s.Confirm == nil || opts.DryRun {
		return s.sweepEach(ctx, settings, opts)
	}
	read := s.sweepEach(ctx, settings, SwitchOptions{DryRun: true, PreferDirect: opts.PreferDirect, DirectOnly: opts.DirectOnly})
	var on []Setting
	var titles []string
	for i, r := range read {
		if r.Outcome == WouldTurnOff {
			on = append(on, settings[i])
			titles = append(titles, "  • "+settings[i].Title())
		}
	}
	if len(on) == 0 {
		return asReal(read)
	}
	ok, err := s.Confirm(ctx, fmt.Sprintf("These %d switches are on:\n%s\nTurn them all off?", len(on), strings.Join(titles, "\n")))
	if err != nil || !ok {
		for i := range read {
			if read[i].Outcome == WouldTurnOff {
				read[i].Error = "not confirmed: nothing was changed"
			}
		}
		return asReal(read)
	}
	flipped := s.sweepEach(ctx, on, SwitchOptions{DirectOnly: true, Confirmed: true}) // asked once for them all
	out := asReal(read)
	j := 0
	for i := range out {
		if read[i].Outcome == WouldTurnOff {
			out[i] = flipped[j]
			j++
		}
	}
	return out
}

// asReal marks results of a read pass as those of a real run.
func asReal(rs []Result) []Result {
	out := make([]Result, len(rs))
	for i, r := range rs {
		r.DryRun = false
		out[i] = r
	}
	return out
}

func (s *Session) sweepEach(ctx context.Context, settings []Setting, opts SwitchOptions) []Result {
	out := make([]Result, 0, len(settings))
	var listed map[string]Result
	if opts.DryRun && opts.ReadLists {
		listed = s.readLists(ctx, settings)
	}
	var stop error
	pauseFirst := len(listed) > 0 // the lists were pages too: human pace
	for i, set := range settings {
		if r, ok := listed[set.Name]; ok {
			out = append(out, r)
			continue
		}
		if pauseFirst {
			pauseFirst = false
			if err := s.pause(ctx); err != nil {
				stop = fmt.Errorf("not tried: the run was stopped (%w)", err)
			}
		}
		if stop == nil && ctx.Err() != nil {
			stop = fmt.Errorf("not tried: the run was stopped (%w)", ctx.Err())
		}
		if stop != nil {
			r := s.newResult(set.Name, opts.DryRun)
			out = append(out, s.finish(r, nil, stop))
			continue
		}
		o := opts
		o.DirectOnly = opts.DirectOnly || i > 0
		r := s.TurnOff(ctx, set, o)
		out = append(out, r)
		switch {
		case errors.Is(r.err, ErrRefused):
			stop = fmt.Errorf("not tried: %w", ErrRefused)
		case errors.Is(r.err, automation.ErrBrowserGone):
			stop = fmt.Errorf("not tried: %w", automation.ErrBrowserGone)
		}
		if i < len(settings)-1 {
			if err := s.pause(ctx); err != nil {
				stop = fmt.Errorf("not tried: the run was stopped (%w)", err)
			}
		}
	}
	return out
}
