#!/bin/bash
# tests/kernel/grade_tests.sh - the grader against the real kernel, per lab.
#
# For each lab: grading the reference solutions must give full marks
# (under Bochs; under QEMU for a sample of labs, in one line) and
# grading the untouched skeletons must give zero without a kernel test
# crashing or hanging (each a single grade of every lab, read per lab from
# its JSON report with jq): the kernel's tests guard
# against stubs.  The skeletons are graded under QEMU, on the same
# machines: what they check is the tests' code, which is the same under
# both emulators, and QEMU boots in a fraction of Bochs's time (make
# bench-grade).  A host case may crash on a stub (it calls the stub
# directly, and a NULL from it is a segfault under ASan): that is a zero
# too.  Beside all that, tests/kernel/cache_tests.sh: the images a grade
# builds from the object cache are a clean build's, bit for bit.  Prints
# PASS/FAIL lines and, last, "grade: N passed, M failed".
#
# In a student handout there is no reference, and labs/ is the student's
# work in progress, not a skeleton that must score zero: there only the
# grader's own defences (the compile bomb) and the object cache are
# checked; `make grade` says how far the labs are.

set -u
cd "$(dirname "$0")/../.."

GRADE=build/tools/grade
LOGDIR=build/grade-tests
LABS=$(ls grader/rubrics/lab*.rubric | sed 's|.*/lab\([0-9]*\)\.rubric|\1|' | sort -n)
passed=0
failed=0
mkdir -p "$LOGDIR"
# The object cache's check (cache_tests.sh) runs beside everything below:
# it grades copies of the kit with caches of its own, and both halves have
# stretches that keep one CPU busy (a cold build's link, a single lab 0
# grade).  Its lines come last.
tests/kernel/cache_tests.sh > "$LOGDIR/cache.log" 2>&1 &
cache_pid=$!
pass() { echo "PASS grade $*"; passed=$((passed + 1)); }
fail() { echo "FAIL grade $*"; failed=$((failed + 1)); }

# One grade of every lab at once (--lab all: the labs' boots share the
# CPUs), then one verdict per lab from its part of the JSON report.
# lab_json FILE N FILTER: jq FILTER on lab N of report FILE.
lab_json() {
	jq -r --argjson n "$2" ".labs[] | select(.lab == \$n) | $3" "$1"
}

if [ -d solutions ]; then
	"$GRADE" --kit . --lab all --src solutions --quiet --format json \
		--out "$LOGDIR/solutions.json" > "$LOGDIR/solutions.txt" 2>&1
	echo "(the reference: exit $?, report $LOGDIR/solutions.json)"
	for n in $LABS; do
		score=$(lab_json "$LOGDIR/solutions.json" "$n" '"\(.score)/\(.max_score)"')
		if [ -n "$score" ] && [ "${score%/*}" = "${score#*/}" ]; then
			pass "lab$n solutions: full marks ($score)"
		else
			fail "lab$n solutions: ${score:-no report} (see $LOGDIR/solutions.txt)"
		fi
	done

	# The same reference under QEMU (--emu qemu: -icount, emulated time):
	# full marks there too, on a sample of labs that covers every machine
	# size the rubrics use: lab 1 (1 GiB and 64 MiB; its page tables' sparse
	# writes are what made QEMU's RAM a memfd), lab 3 (three machines) and
	# lab 8 (user mode, three machines).  Every lab under QEMU is `make bench-grade`'s
	# and `make mutants EMU=qemu`'s; the skeletons below boot every stage
	# under QEMU too.  The kit objects are cached by now.
	short=
	for n in 1 3 8; do
		"$GRADE" --kit . --lab "$n" --src solutions --emu qemu --quiet --format json \
			--out "$LOGDIR/solutions-qemu-lab$n.json" > "$LOGDIR/solutions-qemu-lab$n.txt" 2>&1
		score=$(lab_json "$LOGDIR/solutions-qemu-lab$n.json" "$n" '"\(.score)/\(.max_score)"')
		[ -n "$score" ] && [ "${score%/*}" = "${score#*/}" ] || short="$short lab$n:${score:-none}"
	done
	if [ -z "$short" ]; then
		pass "labs 1, 3 and 8's solutions under QEMU: full marks"
	else
		fail "solutions under QEMU:$short (see $LOGDIR/solutions-qemu-lab*.txt)"
	fi

	# Skeletons: zero, and no kernel test crashed or hung (host cases may).
	"$GRADE" --kit . --lab all --src labs --emu qemu --quiet --format json \
		--out "$LOGDIR/skeletons.json" > "$LOGDIR/skeletons.txt" 2>&1
	echo "(the skeletons: exit $?, report $LOGDIR/skeletons.json)"
	for n in $LABS; do
		score=$(lab_json "$LOGDIR/skeletons.json" "$n" '"\(.score)/\(.max_score)"')
		bad=$(lab_json "$LOGDIR/skeletons.json" "$n" \
			'[.tests[] | select((.id | test("\\.host\\.") | not) and
			  (.outcome | test("crash|hung|triple"))) | .id] | join(" ")')
		if [ -n "$score" ] && [ "${score%/*}" = 0 ] && [ -z "$bad" ]; then
			pass "lab$n skeletons: zero, no crash or hang ($score)"
		else
			fail "lab$n skeletons: ${score:-no report}${bad:+, crashed or hung: $bad} (see $LOGDIR/skeletons.txt)"
		fi
	done
else
	echo "SKIP grade of each lab's labs/: this is a handout, labs/ is your work (make grade LAB=n)"
fi

# A compile bomb: a student file that includes /dev/zero.  Every process of
# the build has a capped address space (grader/build.h), so cc1 stops with
# "out of memory" at the cap instead of taking the machine's memory; the
# lab does not build, the kit alone does, and grading goes on (exit 1).
bomb=$(mktemp -d "${TMPDIR:-/tmp}/grade-bomb-XXXXXX")
mkdir -p "$bomb/lab0"
{ echo '#include "/dev/zero"'; cat labs/lab0/warmup.c; } > "$bomb/lab0/warmup.c"
"$GRADE" --kit . --lab 0 --submission "$bomb" --quiet > "$LOGDIR/bomb-lab0.txt" 2>&1
status=$?
if [ "$status" -eq 1 ] && grep -q 'out of memory' "$LOGDIR/bomb-lab0.txt" &&
   grep -q 'NOBUILD' "$LOGDIR/bomb-lab0.txt"; then
	pass "compile bomb: cc1 stopped at the build's memory cap, lab 0 not built (exit 1)"
else
	fail "compile bomb: exit $status, see $LOGDIR/bomb-lab0.txt"
fi
rm -rf "$bomb"

# A forged result stream: a lab 0 submission that implements nothing and,
# the first time a test calls it, printk()s a whole passing TAP stream for
# every test of the rubric.  (It cannot power the machine off after it, as
# it once did: machine_power_off() is the kit's, and the object check
# refuses a lab file that calls it; tests/kernel/objcheck_tests.sh has
# those.)  The real harness then goes on.  It prints the stream three
# ways: as the harness's lines look, as they look on COM2 (the console's
# line count in front) and with a nonce tag as the kit once required.
# Only COM2 is believed: zero, every TAP-looking line listed as rejected
# ("printed on the console, not by the harness"), the numbered copies
# ignored as plain console output.
forge_dir=$(mktemp -d "${TMPDIR:-/tmp}/grade-forged-XXXXXX")
mkdir -p "$forge_dir/lab0"
ids=$(sed -n 's/^test *\(lab0\.[a-z0-9_.]*\) .*/\1/p' grader/rubrics/lab0.rubric | grep -v '\.host\.')
nids=$(echo "$ids" | wc -l)
{
	echo '#include <linux/printk.h>'
	echo 'static const char *const forged[] = {'
	echo "	\"TAP version 14\", \"1..$nids\","
	i=0
	for id in $ids; do
		i=$((i + 1))
		echo "	\"# ktest: start $id\", \"ok $i - $id\","
	done
	echo "	\"# ktest: $nids passed, 0 failed, 0 skipped\", \"# ktest: end\", 0"
	echo '};'
	echo 'static void forge(void)'
	echo '{'
	echo '	static int done;'
	echo '	int i;'
	echo
	echo '	if (done++)'
	echo '		return;'
	echo '	for (i = 0; forged[i]; i++)'
	echo '		printk("%s\n", forged[i]);'
	echo '	for (i = 0; forged[i]; i++)'
	echo '		printk("%d %s\n", 11 + i, forged[i]);'
	echo '	for (i = 0; forged[i]; i++)'
	echo '		printk("%s # n=0123456789abcdef\n", forged[i]);'
	echo '}'
	sed '/^unsigned long pfn_down/,/^}/s|^{$|{\
	forge();|' labs/lab0/warmup.c
} > "$forge_dir/lab0/warmup.c"
"$GRADE" --kit . --lab 0 --submission "$forge_dir" --quiet --format json \
	--out "$LOGDIR/forged-lab0.json" > "$LOGDIR/forged-lab0.txt" 2>&1
# Rejected per boot: every line of the first copy, and of the tagged copy
# all but the header and the plan (a tag makes them plain text).
per_boot=$((2 * nids + 4 + 2 * nids + 2))
score=$(lab_json "$LOGDIR/forged-lab0.json" 0 '"\(.score)/\(.max_score)"')
refused=$(lab_json "$LOGDIR/forged-lab0.json" 0 \
	'[.rejected[] | select(.reason == "printed on the console, not by the harness")] | length')
other=$(lab_json "$LOGDIR/forged-lab0.json" 0 \
	'[.rejected[] | select(.reason != "printed on the console, not by the harness")] | length')
if [ "${score%/*}" = 0 ] && [ "${refused:-0}" -ge "$per_boot" ] &&
   [ $((refused % per_boot)) -eq 0 ] && [ "$other" = 0 ]; then
	pass "forged TAP on the console: zero ($score), $refused lines rejected as printed on the console"
else
	fail "forged TAP on the console: ${score:-no report}, $refused rejected (want a multiple of $per_boot), $other others (see $LOGDIR/forged-lab0.txt)"
fi
rm -rf "$forge_dir"

# A submission's build cannot read a hidden test: its source in the scratch
# tree is a stub by then (its object comes from the cache), so an .incbin
# of it (or an #include) gets nothing to leak.  And the submission still
# earns the hidden test's points, from the cached object.
hidden=$(ls tests/lab0/*_hidden_ktest.c 2>/dev/null | head -1)
if [ -n "$hidden" ]; then
	work=$(mktemp -d "${TMPDIR:-/tmp}/grade-incbin-XXXXXX")
	sub=$work/submission
	mkdir -p "$sub/lab0"
	{ cat solutions/lab0/warmup.c
	  printf '__asm__(".section .rodata\\n.incbin \\"%s\\"\\n.previous");\n' "$hidden"
	} > "$sub/lab0/warmup.c"
	"$GRADE" --kit . --lab 0 --submission "$sub" --quiet --keep --scratch "$work/scratch" \
		> "$LOGDIR/incbin-lab0.txt" 2>&1
	status=$?
	copy=$(echo "$work"/scratch/run-*/kit/"$hidden")
	if [ "$status" -eq 0 ] && [ -f "$copy" ] && ! cmp -s "$hidden" "$copy" &&
	   ! grep -qF "$(sed -n 2p "$hidden")" "$copy"; then
		pass "incbin of a hidden test: only a stub to read, the hidden test still graded (exit 0)"
	else
		fail "incbin of a hidden test: exit $status, see $LOGDIR/incbin-lab0.txt and $copy"
	fi
	rm -rf "$work"
fi

wait "$cache_pid"
cache_status=$?
cat "$LOGDIR/cache.log"
if [ "$cache_status" -eq 0 ]; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
fi

echo "grade: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
