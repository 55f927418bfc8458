#!/bin/sh
# Runs a command (the test suite), then fails if a Chromium or Xvfb process
# that was not running before it is still running after it: every browser
# and virtual display a test starts must be stopped by that test.
#
#   sh scripts/no-leftovers.sh go test -race -count=1 ./...
set -u

leftover_pids() {
	for p in /proc/[0-9]*; do
		exe=$(readlink "$p/exe" 2>/dev/null) || continue
		case "$exe" in
		*/chromium | */chrome | */chromium-browser | */headless_shell | */Xvfb) echo "${p#/proc/}" ;;
		esac
	done | sort
}

before=$(leftover_pids)
"$@"
status=$?

# Give browsers closed at the very end a moment to exit.
tries=0
while :; do
	left=$(leftover_pids | while read -r pid; do
		echo "$before" | grep -qx "$pid" || echo "$pid"
	done)
	[ -z "$left" ] && break
	tries=$((tries + 1))
	if [ "$tries" -ge 50 ]; then
		echo "no-leftovers: Chromium or Xvfb processes left running after '$*':" >&2
		for pid in $left; do
			printf '  %s %s\n' "$pid" "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-160)" >&2
		done
		[ "$status" -eq 0 ] && status=1
		break
	fi
	sleep 0.1
done
exit "$status"
