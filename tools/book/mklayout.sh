#!/bin/bash
# tools/book/mklayout.sh OUT.xml [EDITION] - the Doxygen layout of the
# book: Doxygen's own default layout with every chapter, in reading order,
# as an entry of the sidebar right after the main page.
#
# Why: Doxygen 1.9.4 leaves the sidebar's "Related Pages" empty when the
# main page comes from a Markdown file (USE_MDFILE_AS_MAINPAGE), so the
# chapters, which are \subpage's of it, appear nowhere in the tree.  An
# explicit entry per chapter ("user" tabs pointing at @ref ID) lists them.
# The default layout is taken from the doxygen that builds the book
# (doxygen -l), so the rest of the sidebar is what that version draws;
# the chapters come from chapters.sh.

set -eu
out=${1:?usage: tools/book/mklayout.sh OUT.xml [EDITION]}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d /tmp/mmkit-layout.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && doxygen -l layout.xml > /dev/null)
grep -q '<tab type="mainpage"' "$tmp/layout.xml" ||
	{ echo "mklayout: doxygen's default layout has no mainpage tab" >&2; exit 1; }
"$here/chapters.sh" "${2:-student}" | sed -e 's/&/\&amp;/g' -e 's/"/\&quot;/g' \
	-e "s/'/\&apos;/g" > "$tmp/chapters"
[ -s "$tmp/chapters" ] || { echo "mklayout: no chapter in book/index.md" >&2; exit 1; }
awk -F'\t' 'NR == FNR { tabs = tabs sprintf("    <tab type=\"user\" visible=\"yes\" url=\"@ref %s\" title=\"%s\"/>\n", $1, $2); next }
	{ print }
	/<tab type="mainpage"/ && !done { printf "%s", tabs; done = 1 }' \
	"$tmp/chapters" "$tmp/layout.xml" > "$out"
