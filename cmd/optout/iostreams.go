package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"golang.org/x/term"
)

// ioStreams are the process's standard streams and what is known about the
// person's terminal, built once per run and shared by every command (cli/cli's
// iostreams). Results go to out (--json); everything for the person goes to
// err, one line at a time however many accounts run at once.
type ioStreams struct {
	in          io.Reader
	out, err    io.Writer
	interactive bool // stdin is a terminal: a person can answer
	colors      bool // err is a terminal and NO_COLOR is unset

	lines *lineReader // stdin, line by line, for questions and "press Enter"
	mu    sync.Mutex  // one line at a time on err
	askMu sync.Mutex  // one question at a time
}

func newIOStreams(stdin io.Reader, stdout, stderr io.Writer) *ioStreams {
	return &ioStreams{
		in: stdin, out: stdout, err: stderr,
		interactive: isTerminal(stdin),
		colors:      os.Getenv("NO_COLOR") == "" && isTerminal(stderr), // https://no-color.org
		lines:       &lineReader{in: stdin},
	}
}

// isTerminal reports whether f is an interactive terminal.
func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	return ok && term.IsTerminal(int(file.Fd()))
}

// printf writes to err without interleaving with other accounts' lines.
func (s *ioStreams) printf(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fmt.Fprintf(s.err, format, args...)
}

// confirm asks on the terminal, one question at a time; anything but y/yes
// is no.
func (s *ioStreams) confirm(ctx context.Context, question string) (bool, error) {
	s.askMu.Lock()
	defer s.askMu.Unlock()
	s.printf("%s [y/N] ", question)
	line, err := s.lines.next(ctx)
	if err != nil {
		s.printf("\n")
		return false, err
	}
	if !s.interactive {
		// No terminal echoed the answer and its Enter: show what was read,
		// so the next line does not run on after the question.
		s.printf("%s\n", line)
	}
	a := strings.ToLower(strings.TrimSpace(line))
	return a == "y" || a == "yes", nil
}

// waitForEnter returns when the person presses Enter.
func (s *ioStreams) waitForEnter(ctx context.Context) error {
	_, err := s.lines.next(ctx)
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
