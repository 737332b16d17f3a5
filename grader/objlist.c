/**
 * @file
 * build/tools/objlist OBJ...: what each object imports, defines and
 * which privileged instruction families it holds, as the object
 * check sees them (objcheck.h), one "OBJ: import|define|insn NAME"
 * line each.  grader/objcheck-allow.sh turns the reference
 * solutions' lines into the rubrics' allow-lists.
 */
#include <stdio.h>
#include <string.h>

#include "objcheck.h"

int main(int argc, char **argv)
{
	int status = 0;

	for (int i = 1; i < argc; i++) {
		struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;

		if (objcheck_list(argv[i], &out, &err)) {
			fprintf(stderr, "objlist: %s\n", sb_str(&err));
			status = 1;
		}
		for (char *l = out.buf, *nl; l && *l; l = nl + 1) {
			nl = strchr(l, '\n');
			printf("%s: %.*s\n", argv[i], (int)(nl - l), l);
		}
		sb_free(&out);
		sb_free(&err);
	}
	return status;
}
