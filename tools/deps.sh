#!/bin/sh
# tools/deps.sh - check for, or install, the Debian packages the kit needs.
#
#   tools/deps.sh check     install what is missing if we can (root, or
#                           sudo without a password); otherwise print the
#                           exact apt-get command and fail
#   tools/deps.sh install   install what is missing (make deps)
#
# Idempotent: with everything present it only runs dpkg-query, in well
# under a second, so `make run` and `make test` call it every time.

set -eu

# What each package is for:
#   gcc make binutils          build the kernel (gcc -m32, ld -m elf_i386)
#   bochs bochsbios vgabios    the reference emulator, its BIOS and VGA BIOS
#   bochs-term                 Bochs's text display, to run headless
#   qemu-system-x86            the second, faster emulator (make qemu)
#   ccache                     the grader compiles a lab file once, not every grade
#   bubblewrap                 the grader runs a submission's host suites in a sandbox
#   check pkg-config libsubunit-dev   host unit tests
#   doxygen graphviz           the book
#   chromium chromium-driver curl   the book's browser check: headless Chromium
#                              driven over WebDriver (make book-browser)
#   zip unzip                  make submission packs a student's files; the
#                              handout's tests unpack and grade that zip
#   jq                         tools/classroom.sh turns the grader's JSON into
#                              GitHub Classroom's result
#   libyaml-libyaml-perl       the Classroom workflow's test parses its YAML
#                              with libyaml (Perl's YAML::XS)
PACKAGES="gcc make binutils ccache bubblewrap bochs bochsbios vgabios bochs-term qemu-system-x86
check pkg-config libsubunit-dev doxygen graphviz chromium chromium-driver curl
zip unzip jq libyaml-libyaml-perl"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
		missing="$missing $p"
	fi
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
