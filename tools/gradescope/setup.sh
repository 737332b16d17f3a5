#!/bin/bash
# setup.sh - Gradescope runs this once, as root, when it builds the
# autograder's image from autograder.zip (made by `make gradescope`).
#
# The zip is unpacked into $AUTOGRADER_ROOT/source (Gradescope's
# /autograder/source): this script, run_autograder, gradescope.conf,
# results.jq, executables.txt and kit/, the grading kit.  Here we
#
#   1. give back the execute bits an unzip may have dropped
#      (executables.txt lists the files that had one);
#   2. install the grading packages with apt, through the kit's own
#      tools/deps.sh (`install grade`: the same list `make deps` uses, less
#      what only developing the kit and its book needs), on Debian 12 or
#      Ubuntu 22.04;
#   3. build the kit's tools (the grader, bootrun, mkdisk...) once;
#   4. check that this container can run the host suites' sandbox
#      (bubblewrap as user nobody), which grading refuses to do without;
#   5. grade the kit's own skeleton once, stopping at its first failing
#      test: that fills the grader's object cache with the kit's objects of
#      every graded stage, so each student's grade compiles only their own
#      files, and it proves the image can build and boot a kernel.
#
# Any failure stops the image build with the reason, when the instructor
# uploads the zip, instead of at a student's first submission.
#
# AUTOGRADER_ROOT (default /autograder) lets a test run this anywhere.

set -euo pipefail

root=${AUTOGRADER_ROOT:-/autograder}
src=$root/source
kit=$src/kit
# shellcheck source=/dev/null
. "$src/gradescope.conf"		# LAB, HIDDEN_VISIBILITY

echo "setup: the kit in $kit, grading lab(s) $LAB"

# 1. Execute bits.
while IFS= read -r f; do
	chmod +x "$src/$f"
done < "$src/executables.txt"
[ -f "$root/run_autograder" ] && chmod +x "$root/run_autograder"

# 2. Packages.
"$kit/tools/deps.sh" install grade

# 3. Tools.
make -C "$kit" -s -j"$(nproc)" tools

# 4. The sandbox, the way the grader starts it as root (grader/hostsuite.c):
# as nobody, in new namespaces.  A container that forbids user namespaces
# fails here.
if ! setpriv --reuid=65534 --regid=65534 --clear-groups \
	bwrap --unshare-all --die-with-parent --ro-bind /usr /usr \
	--symlink usr/lib /lib --symlink usr/lib64 /lib64 --symlink usr/bin /bin \
	--proc /proc --dev /dev -- /usr/bin/true; then
	echo "setup: bubblewrap cannot make its sandbox in this container (user namespaces" >&2
	echo "setup: disabled?); the grader runs no host suite outside it, so it cannot grade here" >&2
	exit 1
fi

# 5. One grade of the skeleton: exit 1 (its tests fail) is what we expect;
# 2 means the kit does not build or boot here.
log=$(mktemp)
status=0
"$kit/build/tools/grade" --kit "$kit" --lab "$LAB" --src labs --fail-fast \
	--quiet --format text > "$log" 2>&1 || status=$?
if [ "$status" -eq 2 ]; then
	echo "setup: the grader cannot grade in this image (exit 2):" >&2
	cat "$log" >&2
	exit 1
fi
rm -f "$log"
echo "setup: done; the object cache holds the kit's objects for lab(s) $LAB"
