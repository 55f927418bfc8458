package report

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/optout/optout/flows"
	"github.com/optout/optout/internal/redact"
)

// view is what the template renders.
type view struct {
	Title     string
	Generated string
	Summary   string
	Accounts  []account
}

// account is one account's results, the worst first.
type account struct {
	// ID is the section's id, made from its position: labels stay out of ids.
	ID     string
	Name   string
	Class  string // the class of its worst outcome
	Counts []count
	Cards  []card
}

// count is how many of an account's results ended in one outcome.
type count struct {
	N              int
	Outcome, Class string
}

// card is one result (one setting of one account), reduced to what the page may show.
type card struct {
	Setting, Title           string
	Outcome, Class           string
	Before, After            string
	Started, Duration        string
	Page, Error              string
	DryRun                   bool
	Route                    string
	Filled, Missing, Refused []string
	Submitted                string
	Images, Files            []link
	Receipt                  *link
}

// outcomeOrder is the order outcomes are counted in the summary: best first.
// Outcomes not listed here follow, sorted by name.
var outcomeOrder = []flows.Outcome{
	flows.AlreadyOff, flows.TurnedOffVerified, flows.NotOffered, flows.Prefilled,
	flows.WouldTurnOff, flows.NeedsHuman,
	flows.PageChanged, flows.Uncertain, flows.Failed,
}

// otherTitles name the runs that are not catalogue settings.
var otherTitles = map[string]string{
	flows.SettingObjection: "Data Processing Objection Request Form",
	flows.SettingArchive:   "Get a copy of your data",
}

// imageExts are the evidence files shown as thumbnails; others are linked.
var imageExts = map[string]bool{".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true}

func buildView(absDir, title string, results []flows.Result, now time.Time) view {
	v := view{Title: title, Generated: now.UTC().Format(time.RFC3339), Summary: summary(results)}
	for i, rs := range byAccount(results) {
		a := account{ID: fmt.Sprintf("account-%d", i+1), Name: rs[0].Account, Class: outcomeClass(rs[0].Outcome)}
		if a.Name == "" {
			a.Name = "(no account name)"
		}
		for _, r := range rs {
			a.Cards = append(a.Cards, buildCard(absDir, r))
		}
		a.Counts = counts(rs)
		v.Accounts = append(v.Accounts, a)
	}
	return v
}

// byAccount groups results by account, the accounts and each account's
// results ordered worst outcome first (by the contract's exit codes: 1, 3,
// 4, then 0); equals keep the order they came in (a sweep's catalogue order).
func byAccount(results []flows.Result) [][]flows.Result {
	var groups [][]flows.Result
	index := map[string]int{}
	for _, r := range results {
		i, ok := index[r.Account]
		if !ok {
			i = len(groups)
			index[r.Account] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], r)
	}
	for _, g := range groups {
		slices.SortStableFunc(g, func(a, b flows.Result) int { return worseFirst(a.Outcome, b.Outcome) })
	}
	slices.SortStableFunc(groups, func(a, b []flows.Result) int { return worseFirst(a[0].Outcome, b[0].Outcome) })
	return groups
}

// worseFirst orders outcomes by how bad the contract says they are.
func worseFirst(a, b flows.Outcome) int {
	ca, cb := a.ExitCode(), b.ExitCode()
	switch {
	case ca == cb:
		return 0
	case flows.WorstExitCode(a, b) == ca:
		return -1
	default:
		return 1
	}
}

// counts says how many results ended in each outcome, the worst first.
func counts(results []flows.Result) []count {
	n := map[flows.Outcome]int{}
	for _, r := range results {
		n[r.Outcome]++
	}
	order := allOutcomes(n)
	slices.SortStableFunc(order, worseFirst)
	out := make([]count, 0, len(order))
	for _, o := range order {
		out = append(out, count{N: n[o], Outcome: outcomeText(o), Class: outcomeClass(o)})
	}
	return out
}

// allOutcomes lists the outcomes counted in n, in outcomeOrder, then the
// others by name.
func allOutcomes(n map[flows.Outcome]int) []flows.Outcome {
	var known, others []flows.Outcome
	for _, o := range outcomeOrder {
		if n[o] > 0 {
			known = append(known, o)
		}
	}
	for o := range maps.Keys(n) {
		if !slices.Contains(outcomeOrder, o) {
			others = append(others, o)
		}
	}
	slices.Sort(others)
	return append(known, others...)
}

// summary counts results per outcome and names the worst exit code, e.g.
// "3 results: 1 turned_off_verified, 1 needs_human, 1 failed; worst exit code 1".
func summary(results []flows.Result) string {
	n := map[flows.Outcome]int{}
	outcomes := make([]flows.Outcome, 0, len(results))
	for _, r := range results {
		n[r.Outcome]++
		outcomes = append(outcomes, r.Outcome)
	}
	var parts []string
	for _, o := range allOutcomes(n) {
		parts = append(parts, fmt.Sprintf("%d %s", n[o], outcomeText(o)))
	}
	noun := "results"
	if len(results) == 1 {
		noun = "result"
	}
	s := fmt.Sprintf("%d %s", len(results), noun)
	if len(parts) > 0 {
		s += ": " + strings.Join(parts, ", ")
	}
	return fmt.Sprintf("%s; worst exit code %d", s, flows.WorstExitCode(outcomes...))
}

func outcomeText(o flows.Outcome) string {
	if o == "" {
		return "(no outcome)"
	}
	return string(o)
}

// outcomeClass colours an outcome by the exit code the contract gives it:
// green for done (0), amber for what waits on the person (3, 4), red for
// what went wrong (1).
func outcomeClass(o flows.Outcome) string {
	switch o.ExitCode() {
	case 0:
		return "ok"
	case 3, 4:
		return "warn"
	default:
		return "bad"
	}
}

// settingTitle is the title a person knows a setting by, "" when there is
// none beyond its name.
func settingTitle(name string) string {
	if s, ok := flows.LookupSetting(name); ok && s.Title() != name {
		return s.Title()
	}
	return otherTitles[name]
}

func buildCard(absDir string, r flows.Result) card {
	secrets := slices.Collect(maps.Values(r.Fields))
	c := card{
		Setting:  r.Setting,
		Title:    settingTitle(r.Setting),
		Outcome:  outcomeText(r.Outcome),
		Class:    outcomeClass(r.Outcome),
		Before:   stateText(r.Before),
		After:    stateText(r.After),
		Duration: Duration(r.StartedAt, r.FinishedAt),
		Page:     redact.Text(pageAddress(r.URL), secrets...),
		Error:    redact.Text(r.Error, secrets...),
		DryRun:   r.DryRun,
		Route:    string(r.Route),
		Filled:   slices.Sorted(maps.Keys(r.Fields)),
		Missing:  r.Missing,
		Refused:  r.Refused,
	}
	if c.Setting == "" {
		c.Setting = "(no setting)"
	}
	if !r.StartedAt.IsZero() {
		c.Started = r.StartedAt.UTC().Format(time.RFC3339)
	}
	if r.Submitted != nil {
		c.Submitted = "no"
		if *r.Submitted {
			c.Submitted = "yes"
		}
	}
	for _, p := range r.Evidence {
		l := fileLink(absDir, p)
		if imageExts[strings.ToLower(filepath.Ext(p))] {
			l.Name = strings.TrimSuffix(l.Name, filepath.Ext(l.Name))
			c.Images = append(c.Images, l)
		} else {
			c.Files = append(c.Files, l)
		}
	}
	if r.Receipt != "" {
		l := fileLink(absDir, r.Receipt)
		c.Receipt = &l
	}
	return c
}

func stateText(s flows.State) string {
	if s == "" {
		return "—"
	}
	return string(s)
}
