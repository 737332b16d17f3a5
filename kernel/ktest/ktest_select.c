/**
 * @file
 * Which tests run, and how a result is printed: the portable half of ktest.
 *
 * Kept apart from the runner so the host tests can check selection and the
 * exact TAP text without booting anything.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <kit/ktest.h>

/* Does the comma-separated @list hold an item for which @match(item) holds? */
static bool list_any(const char *list, const char *id,
		     bool (*match)(const char *item, const char *id))
{
	char item[64];

	while (*list) {
		size_t len = strchr(list, ',') ? (size_t)(strchr(list, ',') - list)
					       : strlen(list);

		if (len < sizeof(item)) {
			memcpy(item, list, len);
			item[len] = '\0';
			if (len && match(item, id))
				return true;
		}
		list += len;
		if (*list == ',')
			list++;
	}
	return false;
}

/* "lab3" selects "lab3.split.x" but not "lab30.x.y". */
static bool prefix_match(const char *prefix, const char *id)
{
	size_t n = strlen(prefix);

	return !strncmp(prefix, id, n) && (id[n] == '.' || id[n] == '\0');
}

static bool glob_item_match(const char *glob, const char *id)
{
	return glob_match(glob, id);
}

bool ktest_selected(const struct ktest_selection *sel,
		    const struct ktest_case *tc)
{
	if (sel->filter && *sel->filter)
		return list_any(sel->filter, tc->id, glob_item_match);
	if (tc->flags & KTEST_F_EXPLICIT)
		return false;
	if (!sel->labs || !strcmp(sel->labs, "all"))
		return true;
	if (!strcmp(sel->labs, "none"))
		return false;
	return list_any(sel->labs, tc->id, prefix_match);
}

/*
 * One line per call: a control character in what the format produced (a
 * newline inside a label or a skip reason, say) becomes '?', so no
 * argument can start a line of its own on the harness's channel.
 */
void ktest_report(const char *fmt, ...)
{
	char buf[320];
	va_list ap;
	int n, i;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	if (n > 0 && buf[n - 1] == '\n')
		n--;
	for (i = 0; i < n; i++)
		if ((unsigned char)buf[i] < 0x20 && buf[i] != '\t')
			buf[i] = '?';
	buf[n++] = '\n';
	ktest_write(buf, n);
}

/*
 * Print `  key: "value"` with the YAML double-quote escapes for ", \ and
 * a newline (\n): a value is data (a string a test got from the code under
 * test), and a raw newline in it would start a line of its own on the
 * harness's channel.  Other control characters become '?'.
 */
static void print_yaml_str(const char *key, const char *value)
{
	char buf[256];
	size_t i = 0;

	for (; *value && i + 2 < sizeof(buf); value++) {
		char c = *value;

		if (c == '"' || c == '\\' || c == '\n')
			buf[i++] = '\\';
		if (c == '\n')
			c = 'n';
		else if ((unsigned char)c < 0x20 || c == 0x7f)
			c = '?';
		buf[i++] = c;
	}
	buf[i] = '\0';
	ktest_report("  %s: \"%s\"\n", key, buf);
}

void ktest_print_result(const struct ktest *t, unsigned int n,
			const char *tag)
{
	if (t->skip_reason && !t->failed) {
		ktest_report("ok %u - %s # SKIP %s%s\n", n, t->tc->id, t->skip_reason,
		       tag);
		return;
	}
	ktest_report("%s %u - %s%s%s\n", t->failed ? "not ok" : "ok", n, t->tc->id,
	       *tag ? " #" : "", tag);
	if (!t->failed)
		return;
	ktest_report("  ---\n");
	ktest_report("  file: %s\n", t->file);
	ktest_report("  line: %d\n", t->line);
	print_yaml_str("expression", t->expr);
	print_yaml_str("expected", t->expected);
	print_yaml_str("got", t->got);
	ktest_report("  ...\n");
}

void ktest_fail(struct ktest *t, const char *file, int line, const char *expr,
		const char *expected, const char *got)
{
	if (t->failed)
		return;		/* keep the first failure: it is the cause */
	t->failed = true;
	t->file = file;
	t->line = line;
	t->expr = expr;
	strlcpy(t->expected, expected, sizeof(t->expected));
	strlcpy(t->got, got, sizeof(t->got));
}

void ktest_fail_num(struct ktest *t, const char *file, int line,
		    const char *expr, long long expected, long long got)
{
	char e[64], g[64];

	snprintf(e, sizeof(e), "%lld (%#llx)", expected, (unsigned long long)expected);
	snprintf(g, sizeof(g), "%lld (%#llx)", got, (unsigned long long)got);
	ktest_fail(t, file, line, expr, e, g);
}
