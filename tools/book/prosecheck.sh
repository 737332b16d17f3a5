#!/bin/bash
# tools/book/prosecheck.sh [FILE.md...] - every number the book's prose
# quotes is printed by one of the chapter's experiments, or is a constant.
#
# Why: experiment blocks are checked (experiments.sh reruns each command),
# but a sentence under a block that says "the 917116k reserved" is not:
# when the kernel changes and UPDATE=1 refreshes the block, the sentence
# goes on quoting the old number.  So a number in prose must be one the
# chapter's checked blocks print (refreshing the blocks then breaks this
# check until the prose is fixed), or one that cannot drift: a constant of
# the architecture, of Linux or of the kit, listed once, with what it is,
# in tests/book/prose-constants.
#
# "Numbers" are the ones that drift: decimals of four digits or more and
# hexadecimals of five digits or more (smaller ones are nearly all
# constants - 896, 128, 4 KiB - or counts too common to tell apart).  A
# number counts as printed if it appears as a whole token in an
# experiment block of the same chapter (its command or its output;
# hexadecimals compared without case).  Prose is every other line:
# sentences, tables, and code blocks that are not experiments.
# Exit 1 with chapter:line and the number for each one that is neither.

set -u
cd "$(dirname "$0")/../.."
CONSTANTS=tests/book/prose-constants
[ $# -gt 0 ] || set -- book/*.md

# The worked-out numbers: each sum must hold; its inputs go to the check.
derived=$(mktemp /tmp/mmkit-prose.XXXXXX)
trap 'rm -f "$derived"' EXIT
n=0
while IFS= read -r line; do
	n=$((n + 1))
	line=${line%%#*}
	case "$line" in *" = "*) ;; *) continue ;; esac
	num=${line%% = *}; expr=${line#* = }
	num=$(echo $num)
	if [ "$((expr))" != "$((num))" ]; then
		echo "$CONSTANTS:$n: $num is not $expr (= $((expr)))" >&2
		exit 1
	fi
	echo "$num $(echo "$expr" | grep -oE '0[xX][0-9a-fA-F]{5,}|[0-9]{4,}' | tr '\n' ' ')"
done < "$CONSTANTS" > "$derived"

awk -v C="$CONSTANTS" -v D="$derived" '
function tokens(s, arr,    n, t) {
	n = 0
	gsub(/\{#[A-Za-z0-9_]+\}/, "", s)	# anchors
	gsub(/\\ref [A-Za-z0-9_]+/, "", s)	# link targets
	while (match(s, /0[xX][0-9a-fA-F]+|[0-9]+/)) {
		t = substr(s, RSTART, RLENGTH)
		pre = RSTART > 1 ? substr(s, RSTART - 1, 1) : ""
		post = substr(s, RSTART + RLENGTH, 1)
		s = substr(s, RSTART + RLENGTH)
		if (pre ~ /[A-Za-z0-9_.]/ || post ~ /[A-Za-z_]/ && post != "k")
			continue		# part of a name, a version or a test id
		if (t ~ /^0[xX]/) { if (length(t) < 7) continue; t = hex(t) }
		else if (length(t) < 4) continue
		arr[++n] = t
	}
	return n
}
function norm(t) { return t ~ /^0[xX]/ ? hex(t) : t }
# A number is safe if printed, a constant, or worked out from safe ones.
function safe(t, depth,    k, i, a) {
	if (t in printed || t in constant) return 1
	if (!(t in inputs) || depth > 4) return 0
	k = split(inputs[t], a, " ")
	for (i = 1; i <= k; i++) if (!safe(a[i], depth + 1)) return 0
	return 1
}
# A hexadecimal as one spelling: 0x, lower case, no leading zeros.
function hex(t) {
	t = tolower(t); sub(/^0x/, "", t); sub(/^0*/, "", t)
	return "0x" (t == "" ? "0" : t)
}
# What a block prints: its tokens, and its bare hexadecimal words (the
# boot log writes 000000003fff0000, CR0: e0010011).
function printed_line(s,    n, i, t, w) {
	n = tokens(s, t)
	for (i = 1; i <= n; i++) printed[t[i]] = 1
	n = split(s, w, /[^0-9A-Za-z]+/)
	for (i = 1; i <= n; i++)
		if (w[i] ~ /^[0-9a-fA-F]+$/ && length(w[i]) >= 8) printed[hex(w[i])] = 1
}
BEGIN {
	while ((getline l < C) > 0) {
		sub(/#.*/, "", l); split(l, f, " ")
		if (f[1] != "" && f[2] != "=") constant[norm(f[1])] = 1
	}
	while ((getline l < D) > 0) {
		k = split(l, f, " "); inputs[norm(f[1])] = ""
		for (i = 2; i <= k; i++) inputs[norm(f[1])] = inputs[norm(f[1])] " " norm(f[i])
	}
}
FNR == 1 {
	file[++nf] = FILENAME; inexp = 0; prev = ""
}
{
	if (inexp && ($0 ~ /^    / || $0 == "")) {
		printed_line($0)
		prev = $0; next
	}
	inexp = 0
	if ($0 ~ /^    \$ / && prev == "") {
		inexp = 1
		printed_line($0)
		prev = $0; next
	}
	n = tokens($0, t)
	for (i = 1; i <= n; i++) quoted[++nq] = FILENAME SUBSEP FNR SUBSEP t[i]
	prev = $0
}
END {
	for (q = 1; q <= nq; q++) {
		split(quoted[q], p, SUBSEP)
		if (safe(p[3], 0)) continue
		printf "%s:%d: %s is quoted in prose, printed by no experiment of the book and no constant of %s\n", p[1], p[2], p[3], C
		bad++
	}
	if (bad) {
		printf "book-prose: %d number(s) that can drift; quote an experiment'"'"'s number, generate the sentence, or (a constant) list it\n", bad
		exit 1
	}
	printf "book-prose: every number in the prose of %d chapter(s) is printed by an experiment or a constant\n", nf
}' "$@"
