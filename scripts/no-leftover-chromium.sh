#!/bin/sh
# Runs a command (the test suite), then fails if a Chromium process that was
# not running before it is still running after it: every browser a test
# starts must be closed by that test.
#
#   sh scripts/no-leftover-chromium.sh go test -race -count=1 ./...
set -u

chromium_pids() {
	for p in /proc/[0-9]*; do
		exe=$(readlink "$p/exe" 2>/dev/null) || continue
		case "$exe" in
		*/chromium | */chrome | */chromium-browser | */headless_shell) echo "${p#/proc/}" ;;
		esac
	done | sort
}

before=$(chromium_pids)
"$@"
status=$?

# Give browsers closed at the very end a moment to exit.
tries=0
while :; do
	left=$(chromium_pids | while read -r pid; do
		echo "$before" | grep -qx "$pid" || echo "$pid"
	done)
	[ -z "$left" ] && break
	tries=$((tries + 1))
	if [ "$tries" -ge 50 ]; then
		echo "no-leftover-chromium: Chromium processes left running after '$*':" >&2
		for pid in $left; do
			printf '  %s %s\n' "$pid" "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-160)" >&2
		done
		[ "$status" -eq 0 ] && status=1
		break
	fi
	sleep 0.1
done
exit "$status"
