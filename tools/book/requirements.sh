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

# check_lab LAB FILE: FILE's rows against the lab's TODOs and rubric, in
# one awk pass (a few processes a line took 20 s where fork is slow).
# Prints a line per problem, then "N T": rows read and TODOs found;
# exit 1 if there was a problem.
check_lab() {
	awk -F' [|] ' -v f="$2" -v lab="$1" -v todos="$(todos "$1" | tr '\n' ' ')" '
		BEGIN {
			nt = split(todos, t, " ")
			for (i = 1; i <= nt; i++)
				is_todo[t[i]] = 1
		}
		FILENAME != f {		# the rubric: its test ids
			if ($0 ~ /^[[:space:]]*test[[:space:]]/) {
				split($0, w, /[[:space:]]+/)
				id = (w[1] == "" ? w[3] : w[2])
				in_rubric[id] = 1
			}
			next
		}
		/^[[:space:]]*(#|$)/ { next }
		{
			n++
			if (NF != 3) {
				print f ": \x27" $0 "\x27: not \x27TODO | requirement | tests\x27"
				bad = 1
				next
			}
			todo = $1
			gsub(/[[:space:]]/, "", todo)
			has_row[todo] = 1
			if (!(todo in is_todo)) {
				print f ": TODO(" todo ") is not a TODO of solutions/lab" lab
				bad = 1
			}
			req = $2
			if (req !~ /[^ ]/) {
				print f ": TODO(" todo "): no requirement text"
				bad = 1
			}
			nid = split($3, ids, /[[:space:]]+/)
			k = 0
			for (i = 1; i <= nid; i++) {
				if (ids[i] == "")
					continue
				k++
				if (!(ids[i] in in_rubric)) {
					print f ": TODO(" todo "): " ids[i] " is not in grader/rubrics/lab" lab ".rubric"
					bad = 1
				}
			}
			if (k == 0) {
				print f ": TODO(" todo ") \x27" req "\x27: no test checks it"
				bad = 1
			}
		}
		END {
			for (i = 1; i <= nt; i++)
				if (!(t[i] in has_row)) {
					print f ": TODO(" t[i] ") has no requirement line"
					bad = 1
				}
			print n + 0, nt
			exit bad
		}' "grader/rubrics/lab$1.rubric" "$2"
}

check() {
	local lab f out bad=0 total=0
	[ -d solutions ] || { echo "requirements: a handout has none to check"; return 0; }
	for lab in $(labs); do
		f=tests/lab$lab/requirements.txt
		[ -n "$(todos "$lab")" ] || continue
		if [ ! -f "$f" ]; then
			echo "requirements: $f is missing (lab $lab has TODOs)"
			bad=1
			continue
		fi
		out=$(check_lab "$lab" "$f") || bad=1
		sed '$d' <<< "$out"
		read -r n nt <<< "$(tail -n 1 <<< "$out")"
		total=$((total + n))
		echo "requirements: lab $lab: $n requirement(s) for $nt TODO(s)"
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
