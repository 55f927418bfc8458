package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/optout/optout/flows"
	"github.com/optout/optout/internal/report"
)

// What the person sees of a run: each step as it happens, a closing line
// per result (and a JSON line on stdout with --json), and a summary table
// when several accounts ran.

// writeResult prints a result: a JSON line on stdout with asJSON, and always
// a closing line for the person on stderr, which names the setting when the
// run covered several (named).
func (s *ioStreams) writeResult(r flows.Result, asJSON, named bool) error {
	if asJSON {
		if err := s.writeJSON(r); err != nil {
			return err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	who := r.Account
	if named {
		who += " · " + r.Setting
	}
	fmt.Fprintf(s.err, "%s: %s — %s\n", who, r.Outcome, closingLine(r))
	if len(r.Missing) > 0 {
		fmt.Fprintf(s.err, "  complete these fields yourself: %s\n", strings.Join(r.Missing, ", "))
	}
	if len(r.Unplaced) > 0 {
		fmt.Fprintf(s.err, "  the form has no field for: %s\n", strings.Join(r.Unplaced, ", "))
	}
	if r.Receipt != "" {
		fmt.Fprintf(s.err, "  receipt: %s\n", r.Receipt)
	}
	if r.Setting == flows.SettingGenAI && !named {
		switch r.Outcome {
		case flows.NotOffered:
			fmt.Fprintf(s.err, "  next: LinkedIn's other machine-learning uses are objected to through its Data Processing Objection Form: optout --account %s objection\n", r.Account)
		case flows.WouldTurnOff:
			fmt.Fprintf(s.err, "  first, if you want the record: a copy of what LinkedIn holds and infers about you (opting out is not retroactive): optout --account %s archive\n", r.Account)
		}
	}
	return nil
}

// writeJSON prints v as one JSON line on stdout.
func (s *ioStreams) writeJSON(v any) error {
	line, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode result: %w", err)
	}
	if _, err := fmt.Fprintf(s.out, "%s\n", line); err != nil {
		return fmt.Errorf("write result: %w", err)
	}
	return nil
}

// closingTexts say what each outcome means for the person.
var closingTexts = map[flows.Outcome]string{
	flows.AlreadyOff:        "the setting was already off; nothing was changed",
	flows.TurnedOffVerified: "switched off, and read back off after a reload",
	flows.WouldTurnOff:      "the setting is on; a real run would switch it off",
	flows.NotOffered:        "LinkedIn does not offer this setting to this account",
	flows.NeedsHuman:        "sign in first (optout login), or finish the security check, then run again",
	flows.PageChanged:       "the page no longer looks as expected; nothing was changed",
	flows.Uncertain:         "optout acted but could not confirm the result: check the setting yourself",
	flows.Failed:            "the run failed",
	flows.Prefilled:         "the objection form is filled in and was not submitted",
}

// archiveTexts say what the archive's outcomes mean, where they differ.
var archiveTexts = map[flows.Outcome]string{
	flows.Prefilled:  "the archive is chosen; pressing “Request archive” is yours to do",
	flows.NotOffered: "LinkedIn takes no new archive request yet",
}

func closingLine(r flows.Result) string {
	text := closingTexts[r.Outcome]
	if t, ok := archiveTexts[r.Outcome]; ok && r.Setting == flows.SettingArchive {
		text = t
	}
	if r.Error != "" {
		text += " (" + r.Error + ")"
	}
	return text
}

// stepMarks show a step's end: ✓ done, ✗ failed, → for the person, · a note.
var stepMarks = map[flows.EventKind]struct{ mark, color string }{
	flows.StepDone: {"✓", "32"}, flows.StepFailed: {"✗", "31"}, flows.HandOver: {"→", "33"}, flows.Notice: {"·", ""},
}

// stepPrinter shows each step on stderr as it happens; prefix (the account,
// when several run) starts each line.
func (s *ioStreams) stepPrinter(prefix string) func(flows.Event) {
	return func(e flows.Event) {
		m, ok := stepMarks[e.Kind]
		if !ok {
			return // a step that started: its ✓ or ✗ line follows
		}
		mark := m.mark
		if s.colors && m.color != "" {
			mark = "\x1b[" + m.color + "m" + mark + "\x1b[0m"
		}
		s.printf("  %s%s %s\n", prefix, mark, e.Text)
	}
}

// writeSummary prints one row per result (an account's, or one of its
// settings'): the setting, the outcome, before → after, and how long it took
// (as the HTML report says it).
func (s *ioStreams) writeSummary(results []flows.Result) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fmt.Fprintln(s.err)
	w := tabwriter.NewWriter(s.err, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ACCOUNT\tSETTING\tOUTCOME\tBEFORE → AFTER\tTOOK")
	for _, r := range results {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s → %s\t%s\n", r.Account, r.Setting, r.Outcome, r.Before, r.After, report.Duration(r.StartedAt, r.FinishedAt))
	}
	_ = w.Flush()
}

// whatItDoes is the lines every guided run starts with.
const whatItDoes = `Opting out stops future use for content-generating AI only; it is not retroactive:
for a copy of what LinkedIn holds and infers about you, run optout archive first.
LinkedIn's other machine-learning uses need its objection form (optout objection).`

// explain prints whatItDoes for a person at a terminal.
func (s *ioStreams) explain(g globals) {
	if s.interactive && !g.json {
		s.printf("%s\n", whatItDoes)
	}
}

// needYes refuses a change nobody can confirm.
func (s *ioStreams) needYes(g globals, dryRun bool) error {
	if !dryRun && !g.yes && !s.interactive {
		return usageError{"a change needs --yes when stdin is not a terminal (or use --dry-run)"}
	}
	return nil
}
