# tests/kernel/tap.sh - sourced by the shell tests of tests/kernel/: what a
# boot's TAP says, read by the grader's own parser (grade --tap-summary,
# grader/tapsummary.c over grader/tapline.c) instead of greps of our own.
#
#   tap_read LOG            parse LOG: a console log, or the harness's
#                           channel as bootrun --harness writes it
#   tap_count KIND [RE]     how many results of KIND (ok: passed or
#                           skipped; not_ok) have an id matching the
#                           extended regex RE (default: any)
#   tap_ids KIND [RE]       those ids, in order, on one line
#   tap_ended               the harness printed "# ktest: end"
#
# build/tools/grade must be built (make tools builds it).

TAP_GRADE=${TAP_GRADE:-build/tools/grade}
TAP_SUMMARY=

tap_read() {
	TAP_SUMMARY=$("$TAP_GRADE" --tap-summary "$1") || TAP_SUMMARY=
}

tap_count() {
	printf '%s\n' "$TAP_SUMMARY" | grep -cE "^$1 ${2:-}" || true
}

tap_ids() {
	printf '%s\n' "$TAP_SUMMARY" | grep -E "^$1 ${2:-}" | cut -d' ' -f2 | tr '\n' ' '
}

tap_ended() {
	printf '%s\n' "$TAP_SUMMARY" | grep -qx end
}
