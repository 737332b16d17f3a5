/**
 * @file
 * linkcheck: find broken links in the book's generated HTML.
 *
 *     linkcheck DIR
 *
 * Reads every DIR/ *.html, takes the target of every href, src and data attribute that
 * is a relative file or an anchor after `#` (links with a scheme, such as https: or
 * mailto:, are not followed), and checks that the file exists and, for
 * an anchor, that the target page has an element with that id or name.
 * Prints "page.html: broken link TARGET" for each failure and exits 1 if
 * there was any.  Why our own: a reader clicking a cross-reference or a
 * source-line link should never land on nothing, and Doxygen does not check what it
 * generates from markdown links and image names.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* One page's anchors, sorted for bsearch; pages are cached by name. */
struct page {
	char *name;
	char **ids;
	size_t n;
	struct page *next;
};

static struct page *pages[4096];
static const char *dir;

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;

	if (!f)
		return NULL;
	if (getdelim(&buf, &len, '\0', f) < 0) {
		free(buf);
		buf = strdup("");
	}
	fclose(f);
	return buf;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every id="X" and name="X" of the page's text. */
static void collect_ids(struct page *p, const char *text)
{
	static const char *const attrs[] = { " id=\"", " name=\"" };
	size_t cap = 0;

	for (int a = 0; a < 2; a++)
		for (const char *s = text; (s = strstr(s, attrs[a])); ) {
			const char *v = s + strlen(attrs[a]), *e = strchr(v, '"');

			if (!e)
				break;
			if (p->n == cap) {
				cap = cap ? 2 * cap : 64;
				p->ids = realloc(p->ids, cap * sizeof(*p->ids));
			}
			p->ids[p->n++] = strndup(v, (size_t)(e - v));
			s = e;
		}
	qsort(p->ids, p->n, sizeof(*p->ids), cmp_str);
}

static unsigned hash(const char *s)
{
	unsigned h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h % 4096;
}

/* The page at PATH (relative to dir), read once; NULL if it does not exist. */
static struct page *get_page(const char *path)
{
	struct page *p;
	char full[2 * PATH_MAX];
	char *text;

	for (p = pages[hash(path)]; p; p = p->next)
		if (!strcmp(p->name, path))
			return p;
	snprintf(full, sizeof(full), "%s/%s", dir, path);
	text = slurp(full);
	if (!text)
		return NULL;
	p = calloc(1, sizeof(*p));
	p->name = strdup(path);
	collect_ids(p, text);
	free(text);
	p->next = pages[hash(path)];
	pages[hash(path)] = p;
	return p;
}

static int file_exists(const char *path)
{
	char full[2 * PATH_MAX];
	struct stat st;

	snprintf(full, sizeof(full), "%s/%s", dir, path);
	return stat(full, &st) == 0;
}

/* Check one link of page FROM; returns 1 if it is broken. */
static int check_link(const char *from, const char *link)
{
	char target[PATH_MAX], anchor[PATH_MAX] = "", *hashp;
	struct page *p;

	if (!*link || strchr(link, ':') || link[0] == '/' || !strncmp(link, "javascript", 10))
		return 0;
	snprintf(target, sizeof(target), "%s", link);
	hashp = strchr(target, '#');
	if (hashp) {
		snprintf(anchor, sizeof(anchor), "%s", hashp + 1);
		*hashp = '\0';
	}
	hashp = anchor;
	if (strchr(target, '?'))
		*strchr(target, '?') = '\0';
	if (!*target)
		snprintf(target, sizeof(target), "%s", from);
	if (!*anchor || !strstr(target, ".htm"))
		return !file_exists(target);
	p = get_page(target);
	return !p || !bsearch(&hashp, p->ids, p->n, sizeof(*p->ids), cmp_str);
}

static int check_page(const char *name)
{
	static const char *const attrs[] = { " href=\"", " src=\"", " data=\"" };
	char full[PATH_MAX];
	char *text;
	int bad = 0;

	snprintf(full, sizeof(full), "%s/%s", dir, name);
	text = slurp(full);
	if (!text)
		return 1;
	for (int a = 0; a < 3; a++)
		for (char *s = text; (s = strstr(s, attrs[a])); ) {
			char *v = s + strlen(attrs[a]), *e = strchr(v, '"');

			if (!e)
				break;
			*e = '\0';
			if (check_link(name, v)) {
				printf("%s: broken link %s\n", name, v);
				bad++;
			}
			*e = '"';
			s = e + 1;
		}
	free(text);
	return bad;
}

int main(int argc, char **argv)
{
	struct dirent **list;
	int n, bad = 0, checked = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: linkcheck HTML_DIR\n");
		return 2;
	}
	dir = argv[1];
	n = scandir(dir, &list, NULL, alphasort);
	if (n < 0) {
		perror(dir);
		return 2;
	}
	for (int i = 0; i < n; i++) {
		size_t len = strlen(list[i]->d_name);

		if (len > 5 && !strcmp(list[i]->d_name + len - 5, ".html")) {
			bad += check_page(list[i]->d_name);
			checked++;
		}
		free(list[i]);
	}
	free(list);
	printf("linkcheck: %s: %d pages, %d broken link(s)\n", dir, checked, bad);
	return bad ? 1 : 0;
}
