package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/optout/optout/automation"
	"github.com/optout/optout/flows"
)

// handOverTimeout is how long a headed run waits for the person to sign in,
// pass a check or review a form.
const handOverTimeout = 15 * time.Minute

// session is the flows session for one account's tab.
func (o *options) session(a account, page *automation.Page) *flows.Session {
	s := &flows.Session{
		Account: a.name, Page: page, Base: o.base, Pace: o.pace, StepTimeout: o.timeout,
		Receipts: &flows.Receipts{Dir: o.evidenceDir}, Version: version,
		Log:    o.log.With().Str("account", a.name).Logger(),
		Events: o.printer(a.name),
	}
	if !o.headless {
		s.HandOverTimeout = handOverTimeout
	}
	if !o.yes {
		s.Confirm = o.confirm
	}
	return s
}

// printer shows each step on stderr as it happens: ✓ done, ✗ failed, → for
// the person. With several accounts each line names its account.
func (o *options) printer(acct string) func(flows.Event) {
	prefix := ""
	if o.multi {
		prefix = acct + ": "
	}
	return func(e flows.Event) {
		mark := map[flows.EventKind]string{flows.StepDone: "✓", flows.StepFailed: "✗", flows.HandOver: "→", flows.Notice: "·"}[e.Kind]
		if mark == "" {
			return // a step that started: its ✓ or ✗ line follows
		}
		o.termMu.Lock()
		defer o.termMu.Unlock()
		fmt.Fprintf(o.stderr, "  %s%s %s\n", prefix, o.color(e.Kind, mark), e.Text)
	}
}

// color paints a mark when stderr is a terminal and NO_COLOR is unset.
func (o *options) color(kind flows.EventKind, mark string) string {
	if !o.colors {
		return mark
	}
	code := map[flows.EventKind]string{flows.StepDone: "32", flows.StepFailed: "31", flows.HandOver: "33"}[kind]
	if code == "" {
		return mark
	}
	return "\x1b[" + code + "m" + mark + "\x1b[0m"
}

// confirm asks on the terminal, one question at a time; anything but y/yes
// is no.
func (o *options) confirm(ctx context.Context, question string) (bool, error) {
	o.askMu.Lock()
	defer o.askMu.Unlock()
	fmt.Fprintf(o.stderr, "%s [y/N] ", question)
	line, err := o.lines.next(ctx)
	if err != nil {
		fmt.Fprintln(o.stderr)
		return false, err
	}
	if !isTerminal(o.stdin) {
		// No terminal echoed the answer and its Enter: show what was read,
		// so the next line does not run on after the question.
		fmt.Fprintln(o.stderr, line)
	}
	a := strings.ToLower(strings.TrimSpace(line))
	return a == "y" || a == "yes", nil
}

// waitForEnter returns when the person presses Enter.
func (o *options) waitForEnter(ctx context.Context) error {
	_, err := o.lines.next(ctx)
	return err
}

// lineReader reads stdin line by line in one goroutine, started on first
// use, so questions asked one after another never lose a typed-ahead line.
type lineReader struct {
	in    io.Reader
	once  sync.Once
	lines chan string
}

func (l *lineReader) next(ctx context.Context) (string, error) {
	l.once.Do(func() {
		l.lines = make(chan string)
		go func() {
			defer close(l.lines)
			sc := bufio.NewScanner(l.in)
			for sc.Scan() {
				l.lines <- sc.Text()
			}
		}()
	})
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case line, ok := <-l.lines:
		if !ok {
			return "", io.EOF
		}
		return line, nil
	}
}

// summary prints one row per account: outcome, before → after, duration.
func (o *options) summary(results []flows.Result) {
	o.termMu.Lock()
	defer o.termMu.Unlock()
	fmt.Fprintln(o.stderr)
	w := tabwriter.NewWriter(o.stderr, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ACCOUNT\tOUTCOME\tSETTING\tTOOK")
	for _, r := range results {
		fmt.Fprintf(w, "%s\t%s\t%s → %s\t%s\n", r.Account, r.Outcome, r.Before, r.After, humanDuration(r.FinishedAt.Sub(r.StartedAt)))
	}
	_ = w.Flush()
}

// humanDuration rounds d the way a person reads it: 850ms, 4.2s, 1m05s.
func humanDuration(d time.Duration) string {
	switch {
	case d < 0:
		return "–"
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	case d < time.Minute:
		return fmt.Sprintf("%.1fs", d.Seconds())
	default:
		d = d.Round(time.Second)
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
}

// wantColors reports whether marks may be colored: stderr is a terminal and
// NO_COLOR (https://no-color.org) is unset.
func wantColors(w io.Writer) bool {
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := w.(*os.File)
	return ok && isTerminal(f)
}
