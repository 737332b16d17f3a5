#!/bin/bash
# tools/book/requirements.sh check | render OUT.md
#
# Each lab's tests/labN/requirements.txt maps every requirement a TODO of
# the reference states to the tests that fail when it alone is broken:
#
#     3.1 | A block past max_pfn has no buddy | lab3.merge.last_block lab3.host.buddy.past_max_pfn
#
# (the TODO's number, the requirement in one sentence, the test ids).
#
#   check         every TODO(n.m) of solutions/labN/ has a line; every
#                 line names a TODO of its lab and at least one test, and
#                 every test is in grader/rubrics/labN.rubric.  A
#                 requirement with no test is a defect: exit 1.
#   render OUT    the instructor edition's page, one table per lab.
#
# The files name hidden tests, so they stay in the instructor's kit (the
# handout and a graded submission's scratch tree leave them out).

set -euo pipefail
cd "$(dirname "$0")/../.."

# todos LAB: the TODO numbers of the lab's reference, sorted, unique.
todos() {
	grep -ohE 'TODO\([0-9]+\.[0-9]+\)' solutions/lab"$1"/*.[ch] 2>/dev/null |
		sed 's/TODO(\(.*\))/\1/' | sort -uV
}

# rows LAB: the file's lines without comments and blanks.
rows() {
	grep -vE '^[[:space:]]*(#|$)' "tests/lab$1/requirements.txt"
}

labs() {
	ls -d solutions/lab[0-9] 2>/dev/null | sed 's|solutions/lab||' | sort -n
}

check() {
	local lab todo req ids id bad=0 n total=0 f
	[ -d solutions ] || { echo "requirements: a handout has none to check"; return 0; }
	for lab in $(labs); do
		f=tests/lab$lab/requirements.txt
		[ -n "$(todos "$lab")" ] || continue
		if [ ! -f "$f" ]; then
			echo "requirements: $f is missing (lab $lab has TODOs)"
			bad=1
			continue
		fi
		n=0
		while IFS= read -r line; do
			n=$((n + 1))
			todo=$(awk -F' [|] ' '{ print $1 }' <<< "$line" | tr -d '[:space:]')
			req=$(awk -F' [|] ' '{ print $2 }' <<< "$line")
			ids=$(awk -F' [|] ' '{ print $3 }' <<< "$line")
			if [ "$(awk -F' [|] ' '{ print NF }' <<< "$line")" -ne 3 ]; then
				echo "$f: '$line': not 'TODO | requirement | tests'"
				bad=1
				continue
			fi
			if ! todos "$lab" | grep -qxF "$todo"; then
				echo "$f: TODO($todo) is not a TODO of solutions/lab$lab"
				bad=1
			fi
			[ -n "${req// /}" ] || { echo "$f: TODO($todo): no requirement text"; bad=1; }
			if [ -z "${ids// /}" ]; then
				echo "$f: TODO($todo) '$req': no test checks it"
				bad=1
			fi
			for id in $ids; do
				grep -qE "^[[:space:]]*test[[:space:]]+${id//./\\.}([[:space:]]|$)" \
					"grader/rubrics/lab$lab.rubric" ||
					{ echo "$f: TODO($todo): $id is not in grader/rubrics/lab$lab.rubric"; bad=1; }
			done
		done < <(rows "$lab")
		for todo in $(todos "$lab"); do
			rows "$lab" | awk -F' [|] ' '{ gsub(/[[:space:]]/, "", $1); print $1 }' |
				grep -qxF "$todo" ||
				{ echo "$f: TODO($todo) has no requirement line"; bad=1; }
		done
		total=$((total + n))
		echo "requirements: lab $lab: $n requirement(s) for $(todos "$lab" | wc -l) TODO(s)"
	done
	echo "requirements: $total in all$([ $bad -eq 0 ] && echo ", each with a test" || echo ", PROBLEMS above")"
	return $bad
}

render() {
	local out=$1 lab
	{
		echo "# Requirements and their tests {#requirements}"
		echo
		echo "This page is in the instructor edition only, written by"
		echo "tools/book/requirements.sh from tests/labN/requirements.txt.  Each row is"
		echo "one behaviour a TODO of the reference asks for, and the tests that fail"
		echo "when that behaviour alone is broken (each was checked by planting the"
		echo "mistake).  \`make test\` fails if a TODO has no row or a row no test;"
		echo "\`make mutants\` measures what the rows do not say: how many small"
		echo "changes of the reference the tests catch."
		for lab in $(labs); do
			[ -f "tests/lab$lab/requirements.txt" ] || continue
			echo
			echo "## Lab $lab {#requirements_lab$lab}"
			echo
			echo "| TODO | Requirement | Tests |"
			echo "|---|---|---|"
			rows "$lab" | awk -F' [|] ' '{
				gsub(/^[[:space:]]+|[[:space:]]+$/, "", $1)
				gsub(/\|/, "\\|", $2)
				n = split($3, ids, /[[:space:]]+/); t = ""
				for (i = 1; i <= n; i++)
					if (ids[i] != "")
						t = t (t == "" ? "" : " ") "`" ids[i] "`"
				printf "| %s | %s | %s |\n", $1, $2, t
			}'
		done
	} > "$out"
}

case ${1:-} in
check) check ;;
render) render "${2:?usage: $0 render OUT.md}" ;;
*) echo "usage: $0 check | render OUT.md" >&2; exit 2 ;;
esac
