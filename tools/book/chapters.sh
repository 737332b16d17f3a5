#!/bin/bash
# tools/book/chapters.sh [EDITION] - the book's chapters in reading order,
# one "ID<TAB>TITLE" a line, for EDITION student (the default) or
# instructor.
#
# Why one list: the main page (book/index.md) already lists the chapters
# in order, as \subpage lines, some inside `\if instructor`.  The sidebar
# (mklayout.sh), the previous/next links (navfilter.sh) and the browser
# check all read the order from here, so a chapter added to the main page
# is in all three, and one left off is in none (make book fails then: it
# wants a page per book/*.md, and mklayout.sh wants every page listed).

set -eu
cd "$(dirname "$0")/../.."
edition=${1:-student}

awk -v ed="$edition" '
/^[[:space:]]*\\if instructor/ { depth++; cond[depth] = (ed == "instructor"); next }
/^[[:space:]]*\\else/ && depth { cond[depth] = !cond[depth]; next }
/^[[:space:]]*\\endif/ && depth { depth--; next }
/^- \\subpage [a-z0-9_]+ "/ {
	for (i = 1; i <= depth; i++) if (!cond[i]) next
	id = $3; t = $0; sub(/^[^"]*"/, "", t); sub(/".*/, "", t)
	print id "\t" t
}' book/index.md
