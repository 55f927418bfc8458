#!/bin/sh
# ensure-deps.sh: make sure what the demo and the tests run on is installed.
#   sh scripts/ensure-deps.sh chromium        the browser (the demo, optout itself)
#   sh scripts/ensure-deps.sh chromium xvfb   and a virtual display (the tests of the visible window)
# optout never downloads a browser itself; on Debian and Ubuntu this installs
# the distribution's packages, in one apt-get run. Elsewhere it says what to
# do and fails.
set -eu

missing=""
for need in "$@"; do
	case "$need" in
	chromium)
		if [ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1; then continue; fi ;;
	xvfb)
		if command -v Xvfb >/dev/null 2>&1; then continue; fi ;;
	*)
		echo "ensure-deps: unknown need $need (want chromium or xvfb)" >&2
		exit 2 ;;
	esac
	missing="$missing $need"
done
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "ensure-deps: missing:$missing, and apt-get is not available to install it." >&2
	echo "ensure-deps: install Chromium or Google Chrome yourself (then pass --browser PATH or set OPTOUT_BROWSER), and Xvfb for the tests." >&2
	exit 1
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		sudo="sudo"
	else
		echo "ensure-deps: missing:$missing, and installing it needs root (no sudo found)." >&2
		echo "ensure-deps: as root run: apt-get update && apt-get install -y$missing" >&2
		exit 1
	fi
fi

echo "ensure-deps: installing Debian's$missing (chromium is about 140 MB)..." >&2
$sudo apt-get update
# shellcheck disable=SC2086 # one word per package
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y $missing
