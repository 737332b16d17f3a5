/**
 * @file
 * mkfigures: draw the book's figures from the kernel, not by hand.
 *
 *     mkfigures BOOTLOG SIZES OUTDIR
 *
 * BOOTLOG is the serial log of one boot of the reference kernel (see
 * bootlog.h for the command line); SIZES is `nm -S` of i386_sizes.o.
 * Writes OUTDIR/vmlayout.svg (lab 1), physmap.svg (2), buddy.svg (3),
 * slab.svg (4), vmalloc.svg (5), pkmap.svg (6), kmap_atomic.svg (7) and
 * vmas.svg (8).
 * Why: a figure drawn from this boot cannot drift from the code, and
 * `make book-figures-check` fails when the committed copies (book/figures/,
 * used by a handout, which cannot boot the solutions) are stale.
 */
#include "figures.h"

#include <stdio.h>
#include <string.h>

/* "00000000 00000018 B book_slab_desc" lines: the size is the number. */
static int read_sizes(const char *path, struct slab_sizes *sz)
{
	static const char *const names[] = { "slab_desc", "bufctl", "redzone", "cache_line", "page_size" };
	unsigned long *fields[] = { &sz->slab_desc, &sz->bufctl, &sz->redzone, &sz->cache_line,
				    &sz->page_size };
	char line[256], name[128];
	unsigned long size;
	int found = 0;
	FILE *f = fopen(path, "r");

	if (!f) {
		perror(path);
		return -1;
	}
	memset(sz, 0, sizeof(*sz));
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%*x %lx %*s book_%127s", &size, name) == 2)
			for (int i = 0; i < 5; i++)
				if (!strcmp(name, names[i])) {
					*fields[i] = size;
					found++;
				}
	fclose(f);
	if (found != 5) {
		fprintf(stderr, "mkfigures: %s lacks some of the five book_* sizes\n", path);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct bootlog log;
	struct slab_sizes sz;
	char path[4096];
	int bad = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: mkfigures BOOTLOG SIZES OUTDIR\n");
		return 2;
	}
	if (bootlog_read(argv[1], &log) || read_sizes(argv[2], &sz))
		return 1;
	snprintf(path, sizeof(path), "%s/vmlayout.svg", argv[3]);
	bad |= fig_vmlayout(path, &log);
	snprintf(path, sizeof(path), "%s/physmap.svg", argv[3]);
	bad |= fig_physmap(path, &log);
	snprintf(path, sizeof(path), "%s/buddy.svg", argv[3]);
	bad |= fig_buddy(path, &log);
	snprintf(path, sizeof(path), "%s/slab.svg", argv[3]);
	bad |= fig_slab(path, &log, &sz);
	snprintf(path, sizeof(path), "%s/vmalloc.svg", argv[3]);
	bad |= fig_vmalloc(path, &log);
	snprintf(path, sizeof(path), "%s/pkmap.svg", argv[3]);
	bad |= fig_pkmap(path, &log);
	snprintf(path, sizeof(path), "%s/kmap_atomic.svg", argv[3]);
	bad |= fig_kmap_atomic(path, &log);
	snprintf(path, sizeof(path), "%s/vmas.svg", argv[3]);
	bad |= fig_vmas(path, &log);
	return bad ? 1 : 0;
}
