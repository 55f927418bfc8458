// Package platformdirs says where optout keeps its files when not told
// otherwise: the accounts' browser profiles and the receipts, in each
// platform's conventional place.
//
//   - Linux (and other Unix): the XDG base directories, $XDG_CONFIG_HOME
//     (default ~/.config) for profiles and $XDG_STATE_HOME (default
//     ~/.local/state) for receipts.
//   - macOS: ~/Library/Application Support (os.UserConfigDir) for both;
//     macOS has no separate state directory.
//   - Windows: %LocalAppData% for both, where Chromium keeps its own
//     profiles: a browser profile is large and tied to the machine, so it
//     does not belong in the roaming %AppData% (os.UserConfigDir).
//
// It knows nothing of browsers, accounts or LinkedIn.
package platformdirs

import (
	"os"
	"path"
	"runtime"
	"strings"
)

// ProfilesRoot is the directory holding one browser profile per account.
func ProfilesRoot() string { return profilesRoot(runtime.GOOS, os.Getenv) }

// ReceiptsDir is the directory receipts are written under.
func ReceiptsDir() string { return receiptsDir(runtime.GOOS, os.Getenv) }

// ProfilesHint is ProfilesRoot as help text names it on this platform.
func ProfilesHint() string { return hints[hintOS(runtime.GOOS)].profiles }

// ReceiptsHint is ReceiptsDir as help text names it on this platform.
func ReceiptsHint() string { return hints[hintOS(runtime.GOOS)].receipts }

var hints = map[string]struct{ profiles, receipts string }{
	"darwin":  {"~/Library/Application Support/optout/profiles", "~/Library/Application Support/optout/receipts"},
	"windows": {`%LocalAppData%\optout\profiles`, `%LocalAppData%\optout\receipts`},
	"unix":    {"$XDG_CONFIG_HOME/optout/profiles", "$XDG_STATE_HOME/optout/receipts"},
}

func hintOS(goos string) string {
	if goos == "darwin" || goos == "windows" {
		return goos
	}
	return "unix"
}

func profilesRoot(goos string, getenv func(string) string) string {
	return appDir(goos, getenv, "XDG_CONFIG_HOME", ".config", "profiles")
}

func receiptsDir(goos string, getenv func(string) string) string {
	return appDir(goos, getenv, "XDG_STATE_HOME", ".local/state", "receipts")
}

// appDir is optout's directory leaf in the platform's place for it: on
// Unix other than macOS, below the XDG base directory xdgVar names
// (default xdgDefault in the home directory).
func appDir(goos string, getenv func(string) string, xdgVar, xdgDefault, leaf string) string {
	switch goos {
	case "darwin":
		return join(goos, macSupport(getenv), "optout", leaf)
	case "windows":
		return join(goos, localAppData(getenv), "optout", leaf)
	}
	return join(goos, xdgDir(getenv, xdgVar, xdgDefault), "optout", leaf)
}

// xdgDir is the XDG base directory named by env when it holds an absolute
// path, else fallback under the home directory (the spec ignores relative
// values). With no home it is relative to the working directory, as before.
func xdgDir(getenv func(string) string, env, fallback string) string {
	if d := getenv(env); strings.HasPrefix(d, "/") {
		return d
	}
	return path.Join(home(getenv), fallback)
}

// macSupport is os.UserConfigDir on macOS: ~/Library/Application Support.
func macSupport(getenv func(string) string) string {
	return path.Join(home(getenv), "Library", "Application Support")
}

// localAppData is %LocalAppData% (os.UserCacheDir on Windows), or the usual
// place under the user's profile when it is unset.
func localAppData(getenv func(string) string) string {
	if d := getenv("LocalAppData"); d != "" {
		return d
	}
	if d := getenv("USERPROFILE"); d != "" {
		return join("windows", d, "AppData", "Local")
	}
	return "."
}

// home is os.UserHomeDir on Unix ($HOME), or "." when it is unset.
func home(getenv func(string) string) string {
	if h := getenv("HOME"); h != "" {
		return h
	}
	return "."
}

// join joins path elements with goos's separator, so that every platform's
// answer can be computed (and tested) on any platform.
func join(goos string, elem ...string) string {
	if goos != "windows" {
		return path.Join(elem...)
	}
	for i, e := range elem {
		elem[i] = strings.TrimRight(e, `\/`)
	}
	return strings.Join(elem, `\`)
}
