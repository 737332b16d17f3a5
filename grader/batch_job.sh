#!/bin/bash
# grader/batch_job.sh - grade one student of a `make grade-batch`: GNU
# parallel runs it once per submission, on this machine or on a host of
# HOSTS (grader/batch.sh explains the batch; this is one job of it).
#
#   batch_job.sh KIT LAB OUT STUDENT INPUT [GRADE OPTION...]
#
#   KIT      the kit, at the same absolute path on every host
#   LAB      n or all, as for `grade --lab`
#   OUT      the batch's report folder on the machine that started it
#   STUDENT  the name the reports get: OUT/STUDENT.json and STUDENT.txt
#   INPUT    DIR/./NAME: a submission folder, NAME.zip or NAME.tar.gz
#
# Run by the local parallel (PARALLEL_SSHLOGIN unset or ":"), the job
# reads INPUT where it is and writes its reports into OUT.  Run on another
# host, it is in a fresh working folder into which parallel copied NAME
# (--transferfile; the "/./" marks where the copied path starts), and it
# writes its reports there as returned/SEQ.json and .txt, SEQ its job
# number, for parallel to bring back (--return) and batch.sh to rename:
# rsync and parallel both quote a remote file name, so a name with a
# blank or a quote in it would not come back.
#
# An archive is unpacked into a scratch folder first, and refused if any
# member has an absolute path or a ".." in it, is not a file, folder or
# symbolic link, or is a link that leads outside the folder (tar and
# unzip both refuse to write through a link, so checking the links after
# unpacking is enough).  A submission whose top level is one folder and
# nothing else (a zipped folder) is graded from inside that folder,
# unless it is the kit's own "labs" or "labN".  The grader's overlay then
# applies its own rules: only the rubric's files, kit layout or flat.
#
# The grade runs with --jobs 1: each job one CPU, whatever the student's
# code does; a hang costs its budget in emulated time, never another
# job's.  The grader writes the JSON report; the text report is laid out
# from it (grader/batch.jq).  A submission that cannot be graded (a
# refused archive, a grader that wrote nothing) still gets both reports,
# with "status": "error" and the reason.
#
# Exit status: 0 when both reports are written, whatever the grade; 1
# when the job was interrupted or could not write them.  parallel's joblog
# keeps that status, and RESUME=1 (--resume-failed) grades exactly those
# submissions again.  stdout: one line, "STUDENT  STATUS  SCORE/MAX".

set -u

[ $# -ge 5 ] || { echo "usage: $0 KIT LAB OUT STUDENT INPUT [GRADE OPTION...]" >&2; exit 1; }
kit=$1 lab=$2 out=$3 student=$4 input=$5
shift 5

interrupted=0
scratch=
grade_pid=
# A signal to this job reaches the grade too, whoever sent it to whom
# (parallel may signal the job's shell alone): the grade then stops its
# boots and sandboxes at once, and nothing of the job outlives it.
trap 'interrupted=1; [ -z "$grade_pid" ] || kill -TERM "$grade_pid" 2> /dev/null' INT TERM HUP
trap '[ -n "$scratch" ] && rm -rf "$scratch"' EXIT

# Local or remote: see the header.
name=$student
if [ "${PARALLEL_SSHLOGIN:-:}" != : ]; then
	out=returned
	name=${PARALLEL_SEQ:?batch_job.sh: parallel did not say the job number}
	input=$PWD/${input#*/./}
	mkdir -p "$out" || exit 1
fi
json=$out/.$name.json.part
text=$out/.$name.txt.part

# refuse REASON: the report of a submission the batch could not grade.
refuse() {
	jq -n --arg error "$1" --arg submission "$input" \
		'{ score: 0, max_score: 0, status: "error", error: $error,
		   execution_time: 0, src: null, submission: $submission,
		   emulator: null, scale: 1, partial: null, files: [],
		   ignored: [], warnings: [], labs: [] }' > "$json"
}

# check_names ARCHIVE-NAME: refuse a member list (stdin) with an absolute
# path or a ".." (a backslash counts as a slash, as some zip tools write).
check_names() {
	local name

	while IFS= read -r name; do
		name=${name//\\//}
		case $name in
		/*) echo "$1: member '$name' has an absolute path"; return 1 ;;
		esac
		case /$name/ in
		*/../*) echo "$1: member '$name' leaves the folder (..)"; return 1 ;;
		esac
	done
}

# check_tree DIR ARCHIVE-NAME: what was unpacked is plain files, folders,
# and links that stay inside DIR.
check_tree() {
	local root link target odd

	root=$(realpath "$1")
	odd=$(find "$1" ! -type f ! -type d ! -type l -print -quit)
	if [ -n "$odd" ]; then
		echo "$2: member '${odd#"$1"/}' is not a file, folder or link"
		return 1
	fi
	while IFS= read -r link; do
		target=$(realpath -m -- "$link" 2>/dev/null) || target=
		case $target in
		"$root" | "$root"/*) ;;
		*) echo "$2: link '${link#"$1"/}' leads outside the submission ($(readlink -- "$link"))"
		   return 1 ;;
		esac
	done < <(find "$1" -type l)
}

# unpack ARCHIVE DIR: the archive's members into DIR, or a reason on
# stdout.  tar lists with -P, so it shows the names as stored (without it
# tar would show them with the "/" or "../" it strips on extraction).
unpack() {
	local name=${1##*/} list err=$scratch/unpack.err

	case $1 in
	*.zip)	list=$(unzip -Z1 -- "$1" 2> "$err") ;;
	*)	list=$(tar -tzPf "$1" 2> "$err") ;;
	esac || { echo "$name: not a readable archive: $(head -n 1 "$err")"; return 1; }
	check_names "$name" <<< "$list" || return 1
	# A member over 64 MiB is no lab file: stop an archive bomb there.
	case $1 in
	*.zip)	(ulimit -f 65536; unzip -qq -o -- "$1" -d "$2") ;;
	*)	(ulimit -f 65536; tar -xzf "$1" -C "$2" --no-same-owner --no-same-permissions)
	esac > "$err" 2>&1 ||
		{ echo "$name: could not unpack: $(head -n 1 "$err")"; return 1; }
	check_tree "$2" "$name"
}

# The folder to grade: DIR, or, while DIR holds one folder and nothing
# else, that folder (macOS's __MACOSX folder of resource forks aside).
submission_root() {
	local dir=$1 entry entries

	shopt -s nullglob dotglob
	while :; do
		entries=()
		for entry in "$dir"/*; do
			[ "${entry##*/}" = __MACOSX ] || entries+=("$entry")
		done
		[ ${#entries[@]} -eq 1 ] || break
		entry=${entries[0]}
		[ -d "$entry" ] && [ ! -L "$entry" ] || break
		case ${entry##*/} in
		labs | lab[0-9]) break ;;
		esac
		dir=$entry
	done
	shopt -u nullglob dotglob
	echo "$dir"
}

grade() {
	local root why status

	if [ -d "$input" ]; then
		root=$(submission_root "$input")
	else
		scratch=$(mktemp -d "${TMPDIR:-/tmp}/grade-batch.XXXXXX") || return 1
		root=$scratch/${input##*/}	# the report names the archive
		mkdir "$root"
		if ! why=$(unpack "$input" "$root"); then
			refuse "$why"
			return 0
		fi
		root=$(submission_root "$root")
	fi
	"$kit/build/tools/grade" --kit "$kit" --lab "$lab" --submission "$root" \
		--format json --out "$json" --quiet --jobs 1 "$@" &
	grade_pid=$!
	wait "$grade_pid"
	status=$?
	while kill -0 "$grade_pid" 2> /dev/null; do	# a signal ended the wait
		wait "$grade_pid"
		status=$?
	done
	grade_pid=
	[ $interrupted -eq 0 ] || return 1
	if [ ! -s "$json" ]; then
		refuse "the grader exited with status $status and wrote no report"
	fi
}

rm -f "$json" "$text"
if grade "$@" && [ $interrupted -eq 0 ] &&
   jq -j -L "$kit/grader" 'include "batch"; text_report' "$json" > "$text" &&
   mv -f "$text" "$out/$name.txt" && mv -f "$json" "$out/$name.json"; then
	jq -r --arg s "$student" -L "$kit/grader" \
		'include "batch"; "\($s)  \(batch_status)  \(.score)/\(.max_score)"' \
		"$out/$name.json"
	exit 0
fi
rm -f "$json" "$text"
echo "$student: not graded (interrupted, or the reports could not be written)" >&2
exit 1
