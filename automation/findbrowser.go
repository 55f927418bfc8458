package automation

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
)

// ErrNoBrowser means no Chromium, Chrome, Edge or Brave binary was found on
// the system.
var ErrNoBrowser = errors.New("no Chromium, Chrome, Edge or Brave found")

// FindBrowser returns the browser binary to launch: explicit when given (it
// must exist and be executable), otherwise the first of BrowserPlaces found.
// It never downloads anything: rod's launcher only ever gets this path.
func FindBrowser(explicit string) (string, error) {
	if explicit != "" {
		path, err := exec.LookPath(explicit)
		if err != nil {
			return "", fmt.Errorf("browser %q: %w", explicit, err)
		}
		return path, nil
	}
	return firstBrowser(browserPlaces(runtime.GOOS, os.Getenv), exec.LookPath)
}

// firstBrowser returns the first place look finds. Places without a path
// separator are names looked up on PATH; the others are files. When none is
// found the error wraps ErrNoBrowser and names every place, on one line.
func firstBrowser(places []string, look func(string) (string, error)) (string, error) {
	var names, files []string
	for _, place := range places {
		if path, err := look(place); err == nil {
			return path, nil
		}
		if strings.ContainsAny(place, `/\`) {
			files = append(files, place)
		} else {
			names = append(names, place)
		}
	}
	var looked []string
	if len(names) > 0 {
		looked = append(looked, "on PATH for "+strings.Join(names, ", "))
	}
	if len(files) > 0 {
		looked = append(looked, "at "+strings.Join(files, ", "))
	}
	return "", fmt.Errorf("%w (looked %s)", ErrNoBrowser, strings.Join(looked, "; "))
}

// browserPlaces lists, in the order FindBrowser tries them, where goos's
// installers put Chromium, Google Chrome, Microsoft Edge and Brave; getenv
// gives the environment (HOME, XDG_DATA_HOME, %ProgramFiles% …). Entries
// whose variable is unset are left out.
//
//   - linux: Debian's and Ubuntu's chromium, then Google Chrome (the order
//     optout always used), snap's chromium, Microsoft Edge, Brave (package,
//     then snap), then flatpak's exported commands, system-wide then the
//     person's own.
//   - darwin: Chrome, Chromium, Edge and Brave in /Applications, then the
//     same in ~/Applications.
//   - windows: Chrome, Chromium, Edge and Brave under %ProgramFiles%,
//     %ProgramFiles(x86)% and %LocalAppData%, then chrome, msedge and brave
//     on PATH. Edge comes with every Windows, so it is found when nothing
//     else is.
func browserPlaces(goos string, getenv func(string) string) []string {
	var places []string
	switch goos {
	case "darwin":
		places = macPlaces(getenv)
	case "windows":
		places = windowsPlaces(getenv)
	default:
		places = linuxPlaces(getenv)
	}
	return dedupe(places)
}

func linuxPlaces(getenv func(string) string) []string {
	places := []string{
		"/usr/bin/chromium",
		"/usr/bin/chromium-browser",
		"chromium",
		"chromium-browser",
		"/usr/bin/google-chrome-stable",
		"/usr/bin/google-chrome",
		"google-chrome",
		"chrome",
		"/snap/bin/chromium",
		"/usr/bin/microsoft-edge-stable",
		"/usr/bin/microsoft-edge",
		"microsoft-edge",
		"/usr/bin/brave-browser",
		"/usr/bin/brave-browser-stable",
		"brave-browser",
		"/snap/bin/brave",
	}
	flatpaks := []string{"org.chromium.Chromium", "com.google.Chrome", "com.microsoft.Edge", "com.brave.Browser"}
	exports := []string{"/var/lib/flatpak/exports/bin"}
	if data := getenv("XDG_DATA_HOME"); strings.HasPrefix(data, "/") {
		exports = append(exports, data+"/flatpak/exports/bin")
	} else if home := getenv("HOME"); home != "" {
		exports = append(exports, home+"/.local/share/flatpak/exports/bin")
	}
	for _, dir := range exports {
		for _, app := range flatpaks {
			places = append(places, dir+"/"+app)
		}
	}
	return places
}

// macApps are the browsers' application bundles and the binary inside each.
var macApps = []struct{ bundle, binary string }{
	{"Google Chrome.app", "Google Chrome"},
	{"Chromium.app", "Chromium"},
	{"Microsoft Edge.app", "Microsoft Edge"},
	{"Brave Browser.app", "Brave Browser"},
}

func macPlaces(getenv func(string) string) []string {
	dirs := []string{"/Applications"}
	if home := getenv("HOME"); home != "" {
		dirs = append(dirs, strings.TrimSuffix(home, "/")+"/Applications")
	}
	var places []string
	for _, dir := range dirs {
		for _, app := range macApps {
			places = append(places, dir+"/"+app.bundle+"/Contents/MacOS/"+app.binary)
		}
	}
	return places
}

// windowsApps are where each browser's installer puts it below an install
// root, and which roots it uses (machine-wide installs first).
var windowsApps = []struct {
	path  string
	roots []string
}{
	{`Google\Chrome\Application\chrome.exe`, []string{"ProgramFiles", "ProgramFiles(x86)", "LocalAppData"}},
	{`Chromium\Application\chrome.exe`, []string{"LocalAppData", "ProgramFiles", "ProgramFiles(x86)"}},
	{`Microsoft\Edge\Application\msedge.exe`, []string{"ProgramFiles(x86)", "ProgramFiles"}},
	{`BraveSoftware\Brave-Browser\Application\brave.exe`, []string{"ProgramFiles", "ProgramFiles(x86)", "LocalAppData"}},
}

func windowsPlaces(getenv func(string) string) []string {
	var places []string
	for _, app := range windowsApps {
		for _, root := range app.roots {
			if dir := getenv(root); dir != "" {
				places = append(places, strings.TrimRight(dir, `\/`)+`\`+app.path)
			}
		}
	}
	return append(places, "chrome", "msedge", "brave")
}

// dedupe keeps the first of equal places (%ProgramFiles% and
// %ProgramFiles(x86)% are one directory on 32-bit Windows).
func dedupe(places []string) []string {
	seen := make(map[string]bool, len(places))
	out := places[:0]
	for _, p := range places {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}
