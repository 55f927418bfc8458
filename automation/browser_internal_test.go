package automation

import (
	"errors"
	"runtime"
	"testing"
)

// What rod returned when Debian's Chromium was started headed with no
// display, measured on this machine: the telling line is the fourth.
const noDisplayStderr = `[launcher] Failed to get the debug url: /usr/bin/chromium: 9: [: 25276026880: unexpected operator
[26446:26477:1123/144025.692479:ERROR:dbus/bus.cc:405] Failed to connect to the bus: Failed to connect to socket /run/dbus/system_bus_socket: No such file or directory
[26446:26477:1123/144025.692599:ERROR:dbus/bus.cc:405] Failed to connect to the bus: Could not parse server address: Unknown address type (examples of valid types are "tcp" and on UNIX "unix")
[26446:26446:1123/144025.720342:ERROR:ui/ozone/platform/x11/ozone_platform_x11.cc:257] Missing X server or $DISPLAY
[26446:26446:1123/144025.720412:ERROR:ui/aura/env.cc:253] The platform failed to initialize.  Exiting.
[26469:26469:0100/000000.785792:ERROR:content/zygote/zygote_linux.cc:662] write: Broken pipe (32)`

func TestLaunchFailureNamesTheTellingError(t *testing.T) {
	for _, tt := range []struct{ name, err, want string }{
		{"no display", noDisplayStderr, "the browser stopped before it was ready: Missing X server or $DISPLAY"},
		{"only noise", "[launcher] Failed to get the debug url: boom\n[1:2:3:ERROR:dbus/bus.cc:1] Failed to connect to the bus", "[launcher] Failed to get the debug url: boom"},
		{"one line", "fork/exec /nope: no such file or directory", "fork/exec /nope: no such file or directory"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := launchFailure(errors.New(tt.err)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestHasDisplay(t *testing.T) {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		t.Skip("there is always a desktop on " + runtime.GOOS)
	}
	for _, tt := range []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{}, false},
		{map[string]string{"DISPLAY": ":0"}, true},
		{map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, true},
	} {
		getenv := func(k string) string { return tt.env[k] }
		if got := hasDisplay(getenv); got != tt.want {
			t.Errorf("hasDisplay(%v) = %v, want %v", tt.env, got, tt.want)
		}
	}
}
