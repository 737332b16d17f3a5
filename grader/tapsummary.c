/**
 * @file
 * `grade --tap-summary FILE`: the kit's shell tests read a boot's
 * results through the grader's own line parser (tapline.c), not
 * through greps of their own (tests/kernel/tap.sh).
 */
#include "tapsummary.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "tapline.h"

/*
 * The TAP line in @p line: the line itself, or what follows the console
 * line number bootrun --harness puts before each line of the channel.
 * NULL when it is not a TAP line.
 */
static char *tap_part(char *line)
{
	char *p = line;

	if (tl_is_tap(line))
		return line;
	while (isdigit((unsigned char)*p))
		p++;
	if (p > line && *p == ' ' && tl_is_tap(p + 1))
		return p + 1;
	return NULL;
}

int tap_summary(FILE *in, FILE *out)
{
	long ok = 0, not_ok = 0, skipped = 0;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	while ((len = getline(&line, &cap, in)) >= 0) {
		struct tap_result_line r;
		char *tap;

		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		tap = tap_part(line);
		if (!tap)
			continue;
		if (!strcmp(tap, "# ktest: end")) {
			fputs("end\n", out);
			break;
		}
		if (strncmp(tap, "ok", 2) && strncmp(tap, "not ok", 6))
			continue;
		if (!tl_parse_result(tap, &r))
			continue;
		if (!r.ok) {
			not_ok++;
			fprintf(out, "not_ok %s\n", r.id);
		} else if (tl_is_skip(r.directive)) {
			ok++;
			skipped++;
			fprintf(out, "ok %s skip\n", r.id);
		} else {
			ok++;
			fprintf(out, "ok %s\n", r.id);
		}
	}
	free(line);
	fprintf(out, "results %ld %ld %ld\n", ok, not_ok, skipped);
	return ferror(in) ? -1 : 0;
}
