package automation

import (
	"strings"

	"github.com/go-rod/rod/lib/launcher/flags"
)

func flagName(name string) flags.Flag { return flags.Flag(strings.TrimLeft(name, "-")) }

// cutFlag splits "name=value"; ok is false for a bare switch.
func cutFlag(f string) (name, value string, ok bool) {
	return strings.Cut(strings.TrimLeft(f, "-"), "=")
}
