#!/bin/bash
# tools/book/leakcheck.sh HTML_DIR - fail if the student edition of the
# book shows a line of the reference's answers.
#
# Why: the student edition is built from the skeletons, yet any other
# published file can quote the answer by accident - a tool's doc comment
# showing how markers work, a test's reference model, a chapter's
# example.  A student reading the HTML must not find the code a TODO asks
# for.
#
# The answer lines are those solutions/ carries between a TODO's comment
# and its END TODO marker (the lines tools/mkskel strips).  A line counts
# only if it is long enough to be distinctive (at least MIN_CHARS
# characters once blanks are squeezed) and appears nowhere in the
# skeletons (labs/), kernel/ or the visible tests (tests/, shipped to
# students as they are): a line the student already has - an unlock, a
# return, an example in a header - gives nothing away.  The HTML is
# reduced to lines of text (tags dropped, entities decoded, blanks
# squeezed, a source page's line number and a comment's leader dropped)
# and each answer line is looked for as a whole line.  Exit 1 with file:line of the
# answer and the page that shows it.

set -u
cd "$(dirname "$0")/../.."
dir=${1:-build/book/html}
MIN_CHARS=${MIN_CHARS:-16}

[ -f "$dir/index.html" ] || { echo "book-leakcheck: no $dir; run make book first" >&2; exit 1; }
[ -d solutions ] || { echo "book-leakcheck: skipped (a handout has no solutions/)"; exit 0; }

tmp=$(mktemp -d /tmp/mmkit-leak.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# Blanks squeezed, and what may stand before a line of code dropped: a
# comment's leader (a doc comment quoting code) in a source file.
squeeze() {
	sed -e 's/[[:space:]]\+/ /g' -e 's/^ //' -e 's/ $//' \
	    -e 's#^\(/\*\|\*\|//\) ##'
}

# Every line the student already has (squeezed): the skeletons, the
# kernel, and the visible tests, which the handout ships as they are.
find labs kernel tests -name '*.[ch]' -exec cat {} + | squeeze | sort -u > "$tmp/known"

# The answer lines: file:line<TAB>text, inside TODO regions only.
find solutions -name '*.[ch]' | sort | while read -r f; do
	awk -v F="$f" '
	/\/\* END TODO/ { inside = 0; next }
	inside == 2 { print F ":" FNR "\t" $0; next }
	/\/\* TODO\([0-9.]+\):/ { inside = 1 }
	inside == 1 && /\*\// { inside = 2 }
	' "$f"
done | awk -v min="$MIN_CHARS" '{
	i = index($0, "\t"); t = substr($0, i + 1); gsub(/[ \t]+/, " ", t); sub(/^ /, "", t); sub(/ $/, "", t)
	if (length(t) >= min && t !~ /^(\/\*|\*)/) print substr($0, 1, i - 1) "\t" t
}' > "$tmp/answers.raw"
awk -F'\t' 'NR == FNR { known[$0] = 1; next } !($2 in known)' \
	"$tmp/known" "$tmp/answers.raw" > "$tmp/answers"
[ -s "$tmp/answers" ] ||
	{ echo "book-leakcheck: found no answer line in solutions/ (the marker syntax changed?)" >&2; exit 1; }

# The HTML as lines of text, each prefixed with its page.
find "$dir" -name '*.html' | sort | while read -r page; do
	sed -e 's/<[^>]*>//g' -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&quot;/"/g' \
	    -e "s/&#39;/'/g" -e 's/&#160;/ /g' -e 's/&nbsp;/ /g' -e 's/&amp;/\&/g' "$page" |
		sed -e 's/^[[:space:]]*[0-9]\+[[:space:]]//' | squeeze | sed "s|^|${page#"$dir"/}\t|"
done > "$tmp/text"

awk -F'\t' 'NR == FNR { want[$2] = $1; next }
	($2 in want) && !seen[$1 FS $2]++ {
		printf "book-leakcheck: %s shows %s: %s\n", $1, want[$2], $2; bad = 1 }
	END { exit bad }' "$tmp/answers" "$tmp/text" >&2 || exit 1
echo "book-leakcheck: $dir shows none of the reference's $(wc -l < "$tmp/answers") answer lines"
