#!/bin/sh
# tools/deps.sh - check for, or install, the Debian packages the kit needs.
#
#   tools/deps.sh check [grade]     install what is missing if we can (root,
#                                   or sudo without a password); otherwise
#                                   print the exact apt-get command and fail
#   tools/deps.sh install [grade]   install what is missing (make deps)
#
# `grade` asks for the grading group alone: what building, booting and
# grading a submission needs.  The Gradescope image installs only that
# (tools/gradescope/setup.sh), because it runs on Ubuntu as well as Debian
# and the book's browser packages have other names on Ubuntu.
#
# Idempotent: with everything present it only runs dpkg-query once, in a
# few hundredths of a second, so `make run` and `make test` call it every
# time.

set -eu

# What each package is for.  Grading:
#   gcc make binutils          build the kernel (gcc -m32, ld -m elf_i386)
#   bochs bochsbios vgabios    the reference emulator, its BIOS and VGA BIOS
#   bochs-term                 Bochs's text display, to run headless
#   ccache                     the grader compiles a lab file once, not every grade
#   bubblewrap                 the grader runs a submission's host suites in a sandbox
#   check pkg-config libsubunit-dev   host unit tests (graded too)
#   jq                         the grader's JSON report, read by the Gradescope
#                              bundle, make grade-batch and tools/classroom.sh
#   parallel                   make grade-batch: the job runner
#   unzip zip                  make submission, .zip submissions (make grade-batch),
#                              the Gradescope bundle
#   rsync                      make grade-batch HOSTS=: parallel copies submissions and reports
# Developing the kit:
#   qemu-system-x86            the second, faster emulator (make qemu)
#   grub-pc-bin grub-common xorriso mtools   make iso: a GRUB CD image (BIOS)
#                              for a real PC; grub-mkrescue needs all four
#   doxygen graphviz           the book
#   chromium chromium-driver curl   the book's browser check: headless Chromium
#                              driven over WebDriver (make book-browser)
#   libyaml-libyaml-perl       the Classroom workflow's test parses its YAML
#                              with libyaml (Perl's YAML::XS)
GRADE_PACKAGES="gcc make binutils ccache bubblewrap bochs bochsbios vgabios bochs-term
check pkg-config libsubunit-dev jq parallel unzip zip rsync"
DEV_PACKAGES="qemu-system-x86 grub-pc-bin grub-common xorriso mtools doxygen
graphviz chromium chromium-driver curl libyaml-libyaml-perl"

case "${2:-all}" in
grade)	PACKAGES=$GRADE_PACKAGES ;;
all)	PACKAGES="$GRADE_PACKAGES $DEV_PACKAGES" ;;
*)	echo "usage: tools/deps.sh check|install [grade]" >&2; exit 2 ;;
esac

# One dpkg-query for every package: `make run` and each step of `make test`
# come through here, and a dpkg-query per package cost 0.7 s a call.  A
# package dpkg does not know prints nothing; one removed but not purged
# prints another status: both are missing.
# shellcheck disable=SC2086
installed=" $(dpkg-query -W -f='${Package} ${Status}\n' $PACKAGES 2>/dev/null |
	awk '$2 == "install" && $3 == "ok" && $4 == "installed" { printf "%s ", $1 }')"
missing=""
for p in $PACKAGES; do
	case "$installed" in
	*" $p "*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

cmd="apt-get update && apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" = 0 ]; then
	run=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	run="sudo"
else
	echo "mmkit needs these Debian packages:$missing" >&2
	echo "Install them with:  sudo sh -c '$cmd'" >&2
	exit 1
fi

echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$run apt-get update -qq
# shellcheck disable=SC2086
$run apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "deps: done"
