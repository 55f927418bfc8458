package report

import (
	"fmt"
	"time"
)

// Duration says how long a run took, as the report and the terminal's
// summary show it: "0.8s", "4.2s", "42s", "1m05s", "1h02m"; "—" when the
// times are missing or out of order.
func Duration(start, end time.Time) string {
	if start.IsZero() || end.IsZero() || end.Before(start) {
		return "—"
	}
	d := end.Sub(start)
	if r := d.Round(100 * time.Millisecond); r < 10*time.Second {
		return fmt.Sprintf("%.1fs", r.Seconds())
	}
	r := d.Round(time.Second)
	switch {
	case r < time.Minute:
		return fmt.Sprintf("%ds", int(r/time.Second))
	case r < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(r/time.Minute), int(r%time.Minute/time.Second))
	}
	r = d.Round(time.Minute)
	return fmt.Sprintf("%dh%02dm", int(r/time.Hour), int(r%time.Hour/time.Minute))
}
