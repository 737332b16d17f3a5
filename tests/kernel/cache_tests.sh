#!/bin/bash
# tests/kernel/cache_tests.sh - the grader's object cache changes no byte.
#
# A grade links the kit's cached objects (grader/cache.h) with the
# student's freshly compiled files, in a scratch tree elsewhere.  Its
# kernel.elf and disk.img must be, bit for bit, those of a clean
# `make image` of the same files.  For each case below this script grades
# a copy of the kit twice (cold cache: the kit objects are built; warm:
# they are reused, and no kit file may be compiled) and compares the
# images with cmp against a clean build in another directory (the kit's
# own stage when the files are the same, else one in the copy).  The warm
# grade also takes every lab file from ccache, and ccache's objects must
# be the same bytes too:
#
#   8 solutions     the reference of the last stage: user programs
#                   linked in as data
#   2 submission    a student's submission (SRC=labs, no solutions/ in
#                   the scratch tree) of a middle stage, compared with a
#                   kit whose labs/ hold the same files
#
# (Each cold grade compiles a stage's kit objects without any compiler
# cache, which is most of this script's cost: two stages cover the two
# trees, the last stage's extra link step and a middle stage.)
#
# Prints PASS/FAIL lines and, last, "cache: N passed, M failed".

set -u
cd "$(dirname "$0")/../.."
unset GRADE_CCACHE_DIR	# the grader's own compiler cache is under test
ROOT=$PWD
# What is tested is the grader's own object cache: nothing here goes
# through the compiler cache make test gives its other steps
# (tools/test-all.sh), so the grades' images are compared with builds
# that came from the compiler.
unset CCACHE
GRADE=$ROOT/build/tools/grade
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cache-tests-XXXXXX")
trap 'rm -rf "$TMP"' EXIT
passed=0
failed=0

pass() { echo "PASS cache $*"; passed=$((passed + 1)); }
fail() { echo "FAIL cache $*"; failed=$((failed + 1)); }

# kit_files: the kit's files as the grader copies them (grader/kit.c),
# NUL-separated: git's list when the kit's root has a .git, else (a
# handout as make handout writes it) every file but build/.
kit_files() {
	if [ -e .git ]; then
		git ls-files -z --cached --others --exclude-standard
	else
		find . -path ./build -prune -o \( -type f -o -type l \) -printf '%P\0'
	fi
}

# copy_kit DEST: those files, copied into DEST.  A grade running beside
# this script, as in grade_tests.sh, hard-links the kit's files into its
# scratch tree, which changes their ctime but not their contents: tar
# would warn that each one "changed as we read it".
copy_kit() {
	mkdir -p "$1"
	kit_files |
		while IFS= read -r -d '' f; do
			[ -e "$f" ] || [ -L "$f" ] && printf '%s\0' "$f"
		done | tar --null -T - --warning=no-file-changed -cf - | tar -xf - -C "$1"
}

# ccache_stat zero|NAME: reset the grader's ccache counters, or print one
# (a warm grade must take every lab file from ccache: grader/build.c).
ccache_stat() {
	if [ "$1" = zero ]; then
		CCACHE_DIR=$TMP/cache/ccache ccache -z > /dev/null 2>&1
	else
		CCACHE_DIR=$TMP/cache/ccache ccache --print-stats 2>/dev/null |
			awk -v k="$1" '$1 == k { print $2; n++ } END { if (!n) print "?" }'
	fi
}

# first_host_case LAB: the id of the lab's first host case in its rubric,
# the one test each grade here runs (no boot; the suites are built all
# the same).
first_host_case() {
	sed -n "s/^test *\(lab$1\.host\.[a-z0-9_.]*\) .*/\1/p" \
		"$ROOT/grader/rubrics/lab$1.rubric" | head -1
}

# check NAME LAB SRC KIT CLEAN-KIT [GRADE OPTIONS]: grade KIT's stage LAB
# twice (cold, warm cache) and compare with the clean build in CLEAN-KIT,
# another directory (the kit itself when it has the same files, so make
# test reuses the stage it built already).
#
# What is compared are the builds, so each grade runs one test: the lab's
# first host case.
check() {
	local name=$1 lab=$2 src=$3 kit=$4 clean_kit=$5 clean pass run one
	shift 5
	clean=$clean_kit/build/$src-lab$lab
	one=$(first_host_case "$lab")
	if ! make -s -C "$clean_kit" image LAB="$lab" SRC="$src" > "$TMP/$name.make" 2>&1; then
		fail "$name: the clean build failed (see $TMP/$name.make)"
		return
	fi
	for pass in cold warm; do
		ccache_stat zero
		"$GRADE" --kit "$kit" --lab "$lab" --emu qemu --quiet --keep \
			--bootrun "$ROOT/build/tools/bootrun" --cache "$TMP/cache" \
			--scratch "$TMP/$name-$pass" --test "$one" "$@" \
			> "$TMP/$name-$pass.txt" 2>&1
		run=$(echo "$TMP/$name-$pass"/run-*)
		if ! cmp -s "$clean/kernel.elf" "$run/build-lab$lab/kernel.elf" ||
		   ! cmp -s "$clean/disk.img" "$run/build-lab$lab/disk.img"; then
			fail "$name ($pass cache): the grade's kernel.elf or disk.img differs from a clean build"
			cat "$TMP/$name-$pass.txt"
		elif grep -qE '^  (CC|AS) +(kernel|tests)/' "$run/build-lab$lab.out"; then
			fail "$name ($pass cache): the grade compiled kit files:"
			grep -E '^  (CC|AS) +(kernel|tests)/' "$run/build-lab$lab.out"
		elif grep -qE '^  HOSTCC +(kernel|tests)/' "$run/host-build-lab$lab.out"; then
			fail "$name ($pass cache): the host suites' build compiled kit files:"
			grep -E '^  HOSTCC +(kernel|tests)/' "$run/host-build-lab$lab.out" | head -5
		elif [ $pass = warm ] && [ "$(ccache_stat cache_miss)" != 0 ]; then
			fail "$name (warm cache): ccache missed $(ccache_stat cache_miss) lab files graded before"
		else
			pass "$name ($pass cache): kernel.elf and disk.img identical to a clean build, only lab files compiled (kernel and host suites)$([ $pass = warm ] && echo ", all $(ccache_stat direct_cache_hit) from ccache")"
		fi
	done
}

copy_kit "$TMP/kit"
if [ -d solutions ]; then
	check lab8-solutions 8 solutions "$TMP/kit" "$ROOT" --src solutions
	# The submission: the reference files of labs 0-2, in a flat upload.
	mkdir -p "$TMP/submission"
	cp solutions/lab[0-2]/*.c "$TMP/submission/"
	copy_kit "$TMP/kit-submitted"
	for f in solutions/lab[0-2]/*.c; do
		cp "$f" "$TMP/kit-submitted/labs/${f#solutions/}"
	done
	check lab2-submission 2 labs "$TMP/kit-submitted" "$TMP/kit-submitted" \
		--submission "$TMP/submission"
	share=("$TMP/kit-submitted" --submission "$TMP/submission")
else
	check lab2-skeletons 2 labs "$TMP/kit" "$ROOT" --src labs
	share=("$TMP/kit" --src labs)
fi

# GRADE_CCACHE_DIR: a grader with an object cache of its own (empty) but
# the compiler cache of the grades above builds stage 2's kit objects
# from that compiler cache, and the same lab files too, compiling nothing
# (make test shares its own this way between the copies of the kit it
# grades).  A relative path is refused, said, and the grade goes on with
# the grader's own.  (Exit status 2 would be a grading error; 1, a lab
# test failing, is the skeleton's business in a handout.)
ccache_stat zero
one=$(first_host_case 2)
GRADE_CCACHE_DIR=$TMP/cache/ccache "$GRADE" --kit "${share[@]}" --lab 2 --emu qemu --quiet \
	--bootrun "$ROOT/build/tools/bootrun" --cache "$TMP/other-cache" \
	--scratch "$TMP/shared" --test "$one" > "$TMP/shared.txt" 2>&1
status=$?
hits=$(ccache_stat direct_cache_hit)
misses=$(ccache_stat cache_miss)
if [ "$status" -lt 2 ] && [ "$misses" = 0 ] && [ "$hits" != "?" ] && [ "$hits" -gt 0 ] &&
   [ ! -e "$TMP/other-cache/ccache" ]; then
	pass "GRADE_CCACHE_DIR: a new object cache filled from a shared compiler cache ($hits hits, 0 compiled)"
else
	fail "GRADE_CCACHE_DIR: exit $status, $hits hits, $misses compiled (see $TMP/shared.txt)"
fi
GRADE_CCACHE_DIR=build/relative "$GRADE" --kit "${share[@]}" --lab 2 --emu qemu \
	--bootrun "$ROOT/build/tools/bootrun" --cache "$TMP/other-cache" \
	--scratch "$TMP/shared" --test "$one" > "$TMP/relative.txt" 2>&1
status=$?
if [ "$status" -lt 2 ] && grep -q 'GRADE_CCACHE_DIR=build/relative is not an absolute path: ignored' "$TMP/relative.txt"; then
	pass "GRADE_CCACHE_DIR relative: said and ignored, the grade goes on"
else
	fail "GRADE_CCACHE_DIR relative: exit $status (see $TMP/relative.txt)"
fi

echo "cache: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
