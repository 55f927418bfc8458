#!/bin/sh
# ensure-chromium.sh: make sure a Chromium is installed, for tests and the demo.
# optout never downloads a browser itself; on Debian and Ubuntu this installs
# the distribution's chromium package. Elsewhere it says what to do and fails.
set -eu

if [ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1; then
	exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
	echo "ensure-chromium: Chromium is not installed and apt-get is not available to install it." >&2
	echo "ensure-chromium: install Chromium or Google Chrome yourself, then pass --browser PATH (or set OPTOUT_BROWSER)." >&2
	exit 1
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		sudo="sudo"
	else
		echo "ensure-chromium: Chromium is not installed, and installing it needs root (no sudo found)." >&2
		echo "ensure-chromium: as root run: apt-get update && apt-get install -y chromium" >&2
		exit 1
	fi
fi

echo "ensure-chromium: installing Debian's chromium package (about 140 MB)..." >&2
$sudo apt-get update
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
