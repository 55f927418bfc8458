package flows

// Outcome is the one word every account run ends in (the contract's table).
type Outcome string

// The contract's outcomes.
const (
	AlreadyOff        Outcome = "already_off"
	TurnedOffVerified Outcome = "turned_off_verified"
	WouldTurnOff      Outcome = "would_turn_off"
	NotOffered        Outcome = "not_offered"
	NeedsHuman        Outcome = "needs_human"
	PageChanged       Outcome = "page_changed"
	Uncertain         Outcome = "uncertain"
	Failed            Outcome = "failed"
	Prefilled         Outcome = "prefilled"
)

// ExitCode is the process exit code the contract gives an outcome.
func (o Outcome) ExitCode() int {
	switch o {
	case AlreadyOff, TurnedOffVerified, NotOffered, Prefilled:
		return 0
	case WouldTurnOff:
		return 4
	case NeedsHuman:
		return 3
	default:
		return 1
	}
}

// exitRank orders exit codes from best to worst: 0 < 4 < 3 < 1.
var exitRank = map[int]int{0: 0, 4: 1, 3: 2, 1: 3}

// WorstExitCode returns the exit code of a set of outcomes: the worst of
// theirs, in the contract's order 1 > 3 > 4 > 0.
func WorstExitCode(outcomes ...Outcome) int {
	worst := 0
	for _, o := range outcomes {
		if c := o.ExitCode(); exitRank[c] > exitRank[worst] {
			worst = c
		}
	}
	return worst
}
