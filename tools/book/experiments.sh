#!/bin/bash
# tools/book/experiments.sh - check (or refresh) every experiment in the book.
#
# Why: the chapters paste what the kit's kernel prints, and addresses and
# counts drift as the kernel grows.  An "experiment block" is an indented
# code block (four spaces) whose first line is `$ COMMAND`; the rest of
# the block is the output COMMAND printed.  This script runs each COMMAND
# from the kit's root and compares.
#
#   tools/book/experiments.sh            check: a diff per stale block, named
#                                        chapter:line; exit 1 if any differs
#   tools/book/experiments.sh --update   rewrite the blocks with fresh output
#                                        (and the memo, below)
#   tools/book/experiments.sh --full     check, booting every experiment
#   tools/book/experiments.sh FILE.md... only these chapters
#
# The memo (tests/book/experiments.memo) makes the check cheap when the
# kernel has not changed since the book was last refreshed.  A boot under
# Bochs is deterministic, so what `make -s run ...` prints is a function of
# the image, the command line, the runner and the emulator: bootkey.sh
# hashes exactly those (make builds the stage, then hands bootkey.sh the
# arguments bootrun would get).  --update records, for every block, that
# hash with the block's command filter and the hash of the output it
# printed.  A check finds a block's pair in the memo only if the inputs
# are the same bytes and the book still shows that output: then booting
# again could only print it again, and the block is "ok (memo)".  Any
# other block boots, as without a memo.  The memo is a cache, never a
# verdict of its own: a new compiler, emulator, kernel or runner misses it.
# A "done when" block (tools/book/grade-student.sh N, a grade of lab N) is
# keyed instead by the contents of every tracked file of the kit outside
# the book and its tools, with the compiler's and emulator's versions
# (grade_key): coarser, so any change to the kit regrades it.
#
# What the reader sees is the command's stdout followed by its stderr
# (bootrun's last line); both are kept.  What legitimately varies between
# runs is normalised before comparing: wall-clock times ("powered off
# after 1.77 s").  In a handout (no solutions/) the experiments, which
# boot SRC=solutions, are skipped.

set -u
cd "$(dirname "$0")/../.."

update=0
full=0
files=()
for a in "$@"; do
	case "$a" in
	--update) update=1 ;;
	--full) full=1 ;;
	*) files+=("$a") ;;
	esac
done
MEMO=tests/book/experiments.memo
whole=0
[ ${#files[@]} -gt 0 ] || { files=(book/*.md); whole=1; }

if [ ! -d solutions ]; then
	echo "book-experiments: skipped (a handout has no solutions/ to boot)"
	exit 0
fi

# A scratch directory of this run's own: several checks may run at once.
mkdir -p build
W=$(mktemp -d build/book-experiments.XXXXXX)
trap 'rm -rf "$W"' EXIT

# 1. Find the blocks: W/N.loc holds "FILE START END" (END is the last
#    line of the block), W/N.cmd the command, W/N.want the output.
awk -v W="$W" '
function flush() {
	if (start) {
		while (n > 0 && body[n] == "") n--;
		printf "%s %d %d\n", FILENAME, start, start + n > (W "/" id ".loc");
		printf "%s\n", cmd > (W "/" id ".cmd");
		for (i = 1; i <= n; i++) print body[i] > (W "/" id ".want");
		if (n == 0) printf "" > (W "/" id ".want");
		close(W "/" id ".loc"); close(W "/" id ".cmd"); close(W "/" id ".want");
	}
	start = 0;
}
FNR == 1 { flush(); prev = "" }
{
	if (start) {
		if ($0 ~ /^    / || $0 == "") { body[++n] = substr($0, 5); next }
		flush();
	}
	if ($0 ~ /^    \$ / && prev == "") {
		id++; start = FNR; n = 0; cmd = substr($0, 7);
	}
	prev = $0;
}
END { flush() }' "${files[@]}"

norm() { sed -E 's/(powered off after )[0-9]+(\.[0-9]+)? s/\1N s/'; }

# split_cmd CMD: its boot (the part before the first " | ") in boot, and
# the filter after it in filter (cat when there is none).
split_cmd() {
	case "$1" in
	*" | "*) boot=${1%%" | "*}; filter=${1#*" | "} ;;
	*) boot=$1; filter=cat ;;
	esac
}

# run_cached CMD ID: run CMD, output in ID.out and ID.err, status in rc.
# Several blocks often boot the same kernel the same way and differ only
# in the filter after the first " | ": the boot (the part before it) runs
# once and its output is kept, so each distinct boot costs one run.
run_cached() {
	local cmd=$1 id=$2 boot filter key
	split_cmd "$cmd"
	key="$W/boot-$(printf %s "$boot" | md5sum | cut -c1-16)"
	if [ ! -f "$key.out" ]; then
		bash -c "$boot" > "$key.out" 2> "$key.err"
		echo $? > "$key.rc"
	fi
	bash -o pipefail -c "$filter" < "$key.out" > "$id.out"
	rc=$(cat "$key.rc")
	cp "$key.err" "$id.err"
}

# memo_key CMD: the memo's key of a block (its boot's inputs and its
# filter), or nothing if CMD is not a `make -s run` the memo can describe.
# Each distinct boot is hashed once.
memo_key() {
	local cmd=$1 boot filter bk

	case "$cmd" in
	"make -s run "*) ;;
	"tools/book/grade-student.sh "*) grade_key "$cmd"; return 0 ;;
	*) return 0 ;;
	esac
	split_cmd "$cmd"
	bk="$W/key-$(printf %s "$boot" | md5sum | cut -c1-16)"
	if [ ! -f "$bk" ]; then
		bash -c "$boot RUNNER=$PWD/tools/book/bootkey.sh" > "$bk" 2> /dev/null ||
			: > "$bk"
	fi
	[ -s "$bk" ] || return 0
	printf '%s\n%s' "$(cat "$bk")" "$filter" | sha256sum | cut -d' ' -f1
}

sha() { sha256sum | cut -d' ' -f1; }

# grade_key CMD: the memo's key of a "done when" block (grade-student.sh).
# A grade builds and boots from the whole kit, so its key is the contents
# of every tracked file it can read, the command, the compiler and the
# emulator's packages: any other change to the kit misses the memo.  Left
# out are files no grade reads: the book and its tools, documentation
# (*.md), and the scripts of make test and of the other instructor's tools
# (mutants, the Gradescope bundle); a change there cannot change a grade,
# and without them the memo of a commit stays valid after such a change.
grade_key() {
	if [ ! -f "$W/kit.key" ]; then
		{
			git ls-files -z -- kernel labs solutions tests grader tools Makefile mk \
				':!tools/book' ':!tests/book' ':!mk/book.mk' ':!*.md' \
				':!tests/kernel/*_tests.sh' ':!tools/test-all.sh' \
				':!tools/mutants' ':!tools/gradescope' |
				xargs -0 cat 2> /dev/null | sha
			sha < tools/book/grade-student.sh
			gcc --version 2> /dev/null | head -1
			for pkg in bochs bochsbios vgabios; do
				echo "$pkg $(dpkg-query -W -f '${Version}' "$pkg" 2> /dev/null || echo none)"
			done
		} > "$W/kit.key"
	fi
	printf '%s\n%s' "$(cat "$W/kit.key")" "$1" | sha
}

total=0
bad=0
memo_hits=0
: > "$W/memo.new"
for loc in $(ls "$W"/*.loc 2>/dev/null | sort -V); do
	id=${loc%.loc}
	read -r file start end < "$loc"
	total=$((total + 1))
	key=$(memo_key "$(cat "$id.cmd")")
	if [ -n "$key" ] && [ $update = 0 ] && [ $full = 0 ] && [ -f "$MEMO" ] &&
	   grep -qx "$key $(norm < "$id.want" | sha)" "$MEMO"; then
		printf '%s:%d: ok (memo)\n' "$file" "$start"
		memo_hits=$((memo_hits + 1))
		continue
	fi
	t0=$(date +%s%N)
	run_cached "$(cat "$id.cmd")" "$id"
	grep -q "|" "$id.cmd" || grep -v "^$" "$id.err" >> "$id.out"
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	# A failed command is not an error by itself (a crash demo may make
	# bootrun exit non-zero); a failed build is.
	if grep -qE "^make(\[[0-9]+\])?: \*\*\*" "$id.err"; then
		echo "$file:$start: the command failed (exit $rc): $(cat "$id.cmd")"
		sed "s/^/    | /" "$id.err" | tail -5
		bad=$((bad + 1))
		continue
	fi
	[ -n "$key" ] && echo "$key $(norm < "$id.out" | sha)" >> "$W/memo.new"
	if diff <(norm < "$id.want") <(norm < "$id.out") > "$id.diff"; then
		printf '%s:%d: ok (%d.%d s)\n' "$file" "$start" $((ms / 1000)) $((ms % 1000 / 100))
	elif [ $update = 1 ]; then
		printf '%s:%d: updated (%d.%d s)\n' "$file" "$start" $((ms / 1000)) $((ms % 1000 / 100))
		echo "$file $start $end $id.out" >> "$W/updates"
	else
		echo "$file:$start: the book shows something else than: $(cat "$id.cmd")"
		diff -u --label "$file:$start (book)" --label "now" \
			<(norm < "$id.want") <(norm < "$id.out")
		bad=$((bad + 1))
	fi
done

# 2. Rewrite the stale blocks, the last one of a chapter first so the
#    earlier line numbers stay right.
if [ $update = 1 ] && [ -f "$W/updates" ]; then
	sort -k1,1 -k2,2nr "$W/updates" | while read -r file start end out; do
		awk -v s="$start" -v e="$end" -v out="$out" '
			FNR == s { print; while ((getline l < out) > 0) print (l == "" ? "" : "    " l); next }
			FNR > s && FNR <= e { next }
			{ print }' "$file" > "$file.new" && mv "$file.new" "$file"
	done
fi

# 3. The memo, after a refresh of the whole book (see the header).
if [ $update = 1 ] && [ $whole = 1 ]; then
	{
		echo "# $MEMO - written by make book-experiments UPDATE=1; a cache, not a verdict"
		echo "# (tools/book/experiments.sh): per block, the hash of what its boot"
		echo "# depends on with its filter, then the hash of the output it printed."
		sort -u "$W/memo.new"
	} > "$MEMO"
fi

echo "book-experiments: $total experiments, $bad failed$([ $memo_hits -gt 0 ] && echo ", $memo_hits unchanged since the memo (not booted)")$([ $update = 1 ] && echo ", stale ones rewritten")"
[ $bad -eq 0 ]
