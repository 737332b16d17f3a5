# tools/cpu-time.sh - CPU seconds of a command and its children, for
# scripts that report what work cost (sourced: make test's steps,
# make bench-grade's floor).
#
# Wall seconds say little on a machine where several things run at once;
# CPU seconds add up to what the machine had to give.  Bash's `times`
# builtin prints them for the shell's children that have been waited
# for, so the command runs in a subshell of its own, whose `times` then
# counts exactly it.  For people only: nothing decides a verdict from them.

# cpu_time_run FILE COMMAND...: run COMMAND (its status is returned) and
# write `times` for it to FILE.
cpu_time_run() {
	local file=$1
	shift
	(
		"$@"
		rc=$?
		times > "$file"	# a builtin: in a pipe it would count nothing
		exit $rc
	)
}

# cpu_time_seconds FILE [DECIMALS]: the children's user + system seconds
# from FILE, printed with DECIMALS digits after the point (default 0).
cpu_time_seconds() {
	awk -v d="${2:-0}" 'NR == 2 { gsub(/[ms]/, " ")
		printf "%.*f", d, $1 * 60 + $2 + $3 * 60 + $4 }' "$1"
}
