package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/optout/optout/flows"
)

// TestSummarySaysDurationsAsTheReportDoes: the terminal's table and the
// HTML report give one run one duration ("0.9s", not "850ms").
func TestSummarySaysDurationsAsTheReportDoes(t *testing.T) {
	var stderr bytes.Buffer
	io := newIOStreams(strings.NewReader(""), &bytes.Buffer{}, &stderr)
	start := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	io.writeSummary([]flows.Result{
		{Account: "a", Outcome: flows.AlreadyOff, Before: flows.Off, After: flows.Off, StartedAt: start, FinishedAt: start.Add(850 * time.Millisecond)},
		{Account: "b", Outcome: flows.Failed, Before: flows.Unknown, After: flows.Unknown, StartedAt: start, FinishedAt: start.Add(65 * time.Second)},
	})
	for _, row := range []string{`(?m)^a\s+already_off\s+off → off\s+0\.9s$`, `(?m)^b\s+failed\s+unknown → unknown\s+1m05s$`} {
		if !regexp.MustCompile(row).MatchString(stderr.String()) {
			t.Errorf("summary lacks %q:\n%s", row, stderr.String())
		}
	}
}

// TestGenAIPointsToTheArchiveFirst: a genai run that finds the setting on
// without changing it (a dry run, a status, a declined change) names the
// archive as the step to take first; a sweep's lines, named by setting, and
// a run that already switched it off do not.
func TestGenAIPointsToTheArchiveFirst(t *testing.T) {
	for _, tc := range []struct {
		outcome flows.Outcome
		named   bool
		want    bool
	}{{flows.WouldTurnOff, false, true}, {flows.WouldTurnOff, true, false}, {flows.TurnedOffVerified, false, false}} {
		var stderr bytes.Buffer
		io := newIOStreams(strings.NewReader(""), &bytes.Buffer{}, &stderr)
		r := flows.Result{Account: "alice", Setting: flows.SettingGenAI, Outcome: tc.outcome}
		if err := io.writeResult(r, false, tc.named); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(stderr.String(), "optout --account alice archive"); got != tc.want {
			t.Errorf("%s (named %v): archive named %v, want %v:\n%s", tc.outcome, tc.named, got, tc.want, stderr.String())
		}
	}
}
