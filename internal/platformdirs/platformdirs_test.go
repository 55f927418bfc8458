package platformdirs

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestDirsPerPlatform(t *testing.T) {
	for _, tt := range []struct {
		name, goos         string
		env                map[string]string
		profiles, receipts string
	}{
		{"linux defaults", "linux", map[string]string{"HOME": "/home/ann"},
			"/home/ann/.config/optout/profiles", "/home/ann/.local/state/optout/receipts"},
		{"linux XDG", "linux", map[string]string{"HOME": "/home/ann", "XDG_CONFIG_HOME": "/cfg", "XDG_STATE_HOME": "/st/"},
			"/cfg/optout/profiles", "/st/optout/receipts"},
		{"linux relative XDG is ignored", "linux", map[string]string{"HOME": "/home/ann", "XDG_CONFIG_HOME": "cfg", "XDG_STATE_HOME": "st"},
			"/home/ann/.config/optout/profiles", "/home/ann/.local/state/optout/receipts"},
		{"linux without a home", "linux", nil, ".config/optout/profiles", ".local/state/optout/receipts"},
		{"freebsd is XDG too", "freebsd", map[string]string{"HOME": "/home/ann"},
			"/home/ann/.config/optout/profiles", "/home/ann/.local/state/optout/receipts"},
		{"darwin", "darwin", map[string]string{"HOME": "/Users/ann", "XDG_CONFIG_HOME": "/cfg"},
			"/Users/ann/Library/Application Support/optout/profiles", "/Users/ann/Library/Application Support/optout/receipts"},
		{"windows", "windows", map[string]string{"LocalAppData": `C:\Users\ann\AppData\Local`, "AppData": `C:\Users\ann\AppData\Roaming`},
			`C:\Users\ann\AppData\Local\optout\profiles`, `C:\Users\ann\AppData\Local\optout\receipts`},
		{"windows without LocalAppData", "windows", map[string]string{"USERPROFILE": `C:\Users\ann\`},
			`C:\Users\ann\AppData\Local\optout\profiles`, `C:\Users\ann\AppData\Local\optout\receipts`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			getenv := func(k string) string { return tt.env[k] }
			if got := profilesRoot(tt.goos, getenv); got != tt.profiles {
				t.Errorf("profiles: got %q, want %q", got, tt.profiles)
			}
			if got := receiptsDir(tt.goos, getenv); got != tt.receipts {
				t.Errorf("receipts: got %q, want %q", got, tt.receipts)
			}
		})
	}
}

// TestHereAgreesWithTheStandardLibrary: on this machine the answers are
// where the standard library puts user files (XDG on Linux).
func TestHereAgreesWithTheStandardLibrary(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("XDG_STATE_HOME", "")
	var base string
	switch runtime.GOOS {
	case "darwin":
		base, _ = os.UserConfigDir()
	case "windows":
		base, _ = os.UserCacheDir()
	default:
		home, err := os.UserHomeDir()
		if err != nil {
			t.Skip(err)
		}
		base = filepath.Join(home, ".config")
	}
	if want := filepath.Join(base, "optout", "profiles"); ProfilesRoot() != want {
		t.Errorf("ProfilesRoot() = %q, want %q", ProfilesRoot(), want)
	}
	if runtime.GOOS == "linux" && ProfilesHint() != "$XDG_CONFIG_HOME/optout/profiles" {
		t.Errorf("ProfilesHint() = %q", ProfilesHint())
	}
	if runtime.GOOS == "linux" && ReceiptsHint() != "$XDG_STATE_HOME/optout/receipts" {
		t.Errorf("ReceiptsHint() = %q", ReceiptsHint())
	}
}
