#!/bin/bash
# tools/book/bootkey.sh - what a boot's output depends on, as one hash.
#
# experiments.sh runs a book command such as
#
#   make -s run LAB=3 SRC=solutions MEM=64 CMDLINE="ktest=none"
#
# with RUNNER=tools/book/bootkey.sh, so make builds the stage as usual and
# then calls this script with the arguments it would give bootrun.  Under
# Bochs with `clock: sync=none` a boot is deterministic: the same image,
# command line, machine size and runner print the same serial output,
# byte for byte (only bootrun's wall-clock "powered off after N s" varies,
# and the book check ignores it).  So the output is a function of:
#
#   - every argument, with the image and the kernel replaced by the
#     SHA-256 of their contents (the files' paths do not matter, and the
#     serial and log files are only where output goes);
#   - the runner's sources (tools/bootrun/), which print some of the lines;
#   - the emulator and its firmware: the installed versions of Debian's
#     bochs, bochsbios and vgabios packages (or "none").
#
# Prints that hash.  Exit status 1 if an input cannot be read: then there is
# no key, and the experiment simply runs.

set -u -o pipefail
cd "$(dirname "$0")/../.." || exit 1

{
	while [ $# -gt 0 ]; do
		case $1 in
		--image | --kernel)
			[ -r "${2-}" ] || exit 1
			echo "$1 $(sha256sum < "$2" | cut -d' ' -f1)"
			shift 2 ;;
		--serial | --log)
			shift 2 ;;
		*)
			printf '%s\n' "$1"
			shift ;;
		esac
	done
	cat tools/bootrun/*.c tools/bootrun/*.h 2> /dev/null | sha256sum
	for pkg in bochs bochsbios vgabios; do
		echo "$pkg $(dpkg-query -W -f '${Version}' "$pkg" 2> /dev/null || echo none)"
	done
} | sha256sum | cut -d' ' -f1
