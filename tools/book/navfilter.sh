#!/bin/bash
# tools/book/navfilter.sh FILE - Doxygen's input filter for the book's
# Markdown (FILTER_PATTERNS in the Doxyfile): a chapter comes out with
# links to the previous chapter, the contents and the next one.
#
# Why generated: the reading order lives in one place, the main page's
# \subpage list (chapters.sh); links written by hand in each chapter would
# go stale the day a chapter moves.  The links go on line 2 of the
# chapter, which must be blank (the title is line 1), so Doxygen's line
# numbers in warnings stay true, and again at the end.  A lab chapter's
# `<!-- assignment-steps -->` line becomes its table of steps
# (assignment.sh).  A file that is not
# a chapter, or whose line 2 is not blank, passes unchanged (the browser
# check then finds the chapter without its links).
# The edition comes from BOOK_SECTIONS, as for the Doxyfile.

set -u
f=$1
here=$(cd "$(dirname "$0")" && pwd)
id=$(sed -n '1s/^# .*{#\([a-z0-9_]*\)}[[:space:]]*$/\1/p' "$f")
edition=student
case " ${BOOK_SECTIONS:-} " in *" instructor "*) edition=instructor ;; esac

nav=
if [ -n "$id" ]; then
	nav=$( { printf 'mainpage\tContents\n'; "$here/chapters.sh" "$edition"; } | awk -F'\t' -v id="$id" '
	{ ids[NR] = $1; titles[NR] = $2; if ($1 == id) at = NR }
	END {
		if (!at) exit
		out = "<div class=\"chapnav\">"
		if (at > 1)
			out = out "<span class=\"navprev\">&larr; \\ref " ids[at - 1] " \"" titles[at - 1] "\"</span> "
		if (at > 1)
			out = out "<span class=\"navup\">\\ref mainpage \"Contents\"</span> "
		if (at < NR)
			out = out "<span class=\"navnext\">\\ref " ids[at + 1] " \"" titles[at + 1] "\" &rarr;</span>"
		print out "</div>"
	}')
fi

if [ -z "$nav" ] || [ -n "$(sed -n 2p "$f")" ]; then
	cat "$f"
	exit 0
fi
sed -n 1p "$f"
printf '%s\n' "$nav"
# A lab's assignment gets its generated table of steps (assignment.sh)
# where the chapter has the marker line; the lines after it shift, so the
# marker belongs in the chapter's last section.
lab=$(printf '%s' "$id" | sed -n 's/^lab\([0-9]\)$/\1/p')
sed -n '3,$p' "$f" | while IFS= read -r line || [ -n "$line" ]; do
	if [ "$line" = "<!-- assignment-steps -->" ] && [ -n "$lab" ]; then
		"$here/assignment.sh" "$lab" "$edition"
	else
		printf '%s\n' "$line"
	fi
done
printf '\n%s\n' "$nav"
