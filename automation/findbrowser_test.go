package automation

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
)

// installed is a look func that finds only the given paths.
func installed(paths ...string) func(string) (string, error) {
	return func(place string) (string, error) {
		if slices.Contains(paths, place) {
			return place, nil
		}
		return "", os.ErrNotExist
	}
}

func TestBrowserPlacesPerPlatform(t *testing.T) {
	win := map[string]string{
		"ProgramFiles":      `C:\Program Files`,
		"ProgramFiles(x86)": `C:\Program Files (x86)`,
		"LocalAppData":      `C:\Users\ann\AppData\Local`,
	}
	for _, tt := range []struct {
		name      string
		goos      string
		env       map[string]string
		installed []string
		want      string   // what FindBrowser picks
		order     []string // these places, in this order, among all
	}{
		{
			name: "linux: Debian's chromium before Chrome", goos: "linux", env: map[string]string{"HOME": "/home/ann"},
			installed: []string{"/usr/bin/google-chrome-stable", "/usr/bin/chromium"}, want: "/usr/bin/chromium",
			order: []string{"/usr/bin/chromium", "/usr/bin/chromium-browser", "chromium", "chromium-browser",
				"/usr/bin/google-chrome-stable", "/usr/bin/google-chrome", "google-chrome", "chrome", "/snap/bin/chromium",
				"/usr/bin/microsoft-edge-stable", "/usr/bin/microsoft-edge", "microsoft-edge",
				"/usr/bin/brave-browser", "brave-browser", "/snap/bin/brave",
				"/var/lib/flatpak/exports/bin/org.chromium.Chromium", "/var/lib/flatpak/exports/bin/com.brave.Browser",
				"/home/ann/.local/share/flatpak/exports/bin/org.chromium.Chromium"},
		},
		{
			name: "linux: snap chromium", goos: "linux", env: map[string]string{"HOME": "/home/ann"},
			installed: []string{"/snap/bin/chromium", "/usr/bin/microsoft-edge"}, want: "/snap/bin/chromium",
		},
		{
			name: "linux: Edge from Microsoft's package", goos: "linux",
			installed: []string{"/usr/bin/microsoft-edge-stable", "/usr/bin/brave-browser"}, want: "/usr/bin/microsoft-edge-stable",
		},
		{
			name: "linux: Brave", goos: "linux", installed: []string{"/usr/bin/brave-browser"}, want: "/usr/bin/brave-browser",
		},
		{
			name: "linux: flatpak in XDG_DATA_HOME", goos: "linux", env: map[string]string{"HOME": "/home/ann", "XDG_DATA_HOME": "/data"},
			installed: []string{"/data/flatpak/exports/bin/com.google.Chrome"}, want: "/data/flatpak/exports/bin/com.google.Chrome",
			order: []string{"/var/lib/flatpak/exports/bin/com.google.Chrome", "/data/flatpak/exports/bin/com.google.Chrome"},
		},
		{
			name: "darwin: Chrome before Edge", goos: "darwin", env: map[string]string{"HOME": "/Users/ann"},
			installed: []string{"/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge", "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"},
			want:      "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
			order: []string{"/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
				"/Applications/Chromium.app/Contents/MacOS/Chromium",
				"/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
				"/Applications/Brave Browser.app/Contents/MacOS/Brave Browser",
				"/Users/ann/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
				"/Users/ann/Applications/Brave Browser.app/Contents/MacOS/Brave Browser"},
		},
		{
			name: "darwin: Brave in ~/Applications", goos: "darwin", env: map[string]string{"HOME": "/Users/ann/"},
			installed: []string{"/Users/ann/Applications/Brave Browser.app/Contents/MacOS/Brave Browser"},
			want:      "/Users/ann/Applications/Brave Browser.app/Contents/MacOS/Brave Browser",
		},
		{
			name: "windows: Chrome per user", goos: "windows", env: win,
			installed: []string{`C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`, `C:\Users\ann\AppData\Local\Google\Chrome\Application\chrome.exe`},
			want:      `C:\Users\ann\AppData\Local\Google\Chrome\Application\chrome.exe`,
			order: []string{`C:\Program Files\Google\Chrome\Application\chrome.exe`,
				`C:\Program Files (x86)\Google\Chrome\Application\chrome.exe`,
				`C:\Users\ann\AppData\Local\Google\Chrome\Application\chrome.exe`,
				`C:\Users\ann\AppData\Local\Chromium\Application\chrome.exe`,
				`C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`,
				`C:\Program Files\Microsoft\Edge\Application\msedge.exe`,
				`C:\Program Files\BraveSoftware\Brave-Browser\Application\brave.exe`,
				`C:\Users\ann\AppData\Local\BraveSoftware\Brave-Browser\Application\brave.exe`,
				"chrome", "msedge", "brave"},
		},
		{
			name: "windows: the Edge every Windows has", goos: "windows", env: win,
			installed: []string{`C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`},
			want:      `C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`,
		},
		{
			name: "windows: 32-bit, one Program Files", goos: "windows",
			env:       map[string]string{"ProgramFiles": `C:\Program Files\`, "ProgramFiles(x86)": `C:\Program Files`},
			installed: []string{"brave"}, want: "brave",
			order: []string{`C:\Program Files\Google\Chrome\Application\chrome.exe`, `C:\Program Files\Microsoft\Edge\Application\msedge.exe`},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			places := browserPlaces(tt.goos, func(k string) string { return tt.env[k] })
			if n := len(places) - len(slices.Compact(slices.Sorted(slices.Values(places)))); n != 0 {
				t.Errorf("%d places listed twice: %q", n, places)
			}
			at := -1
			for _, want := range tt.order {
				i := slices.Index(places, want)
				if i < 0 {
					t.Fatalf("%q is not looked at; places: %q", want, places)
				}
				if i < at {
					t.Errorf("%q comes before %q", want, places[at])
				}
				at = i
			}
			got, err := firstBrowser(places, installed(tt.installed...))
			if err != nil || got != tt.want {
				t.Errorf("found %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestNoBrowserNamesEveryPlaceOnOneLine(t *testing.T) {
	for _, goos := range []string{"linux", "darwin", "windows"} {
		t.Run(goos, func(t *testing.T) {
			env := map[string]string{"HOME": "/home/ann", "ProgramFiles": `C:\Program Files`, "LocalAppData": `C:\Users\ann\AppData\Local`}
			places := browserPlaces(goos, func(k string) string { return env[k] })
			_, err := firstBrowser(places, installed())
			if !errors.Is(err, ErrNoBrowser) {
				t.Fatalf("got %v, want ErrNoBrowser", err)
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") {
				t.Errorf("error spans lines: %q", msg)
			}
			for _, place := range places {
				if !strings.Contains(msg, place) {
					t.Errorf("error does not name %q: %s", place, msg)
				}
			}
		})
	}
}
