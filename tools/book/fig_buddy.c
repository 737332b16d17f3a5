/*
 * tools/book/fig_buddy.c - buddy.svg: one split and one merge, as the
 * lab 3 demo (lab3.demo.buddyinfo) really did them in ZONE_HIGHMEM.
 *
 * From the log: the smallest HighMem block at boot (its order k), the
 * frame the order-0 request got (the split block's first frame, since the
 * allocator keeps the lower half), and the frame of the order-3 request.
 * Each row draws the 2^k frames of that block and who holds them; the
 * counts per order printed beside each row are the demo's buddyinfo.
 */
#include "figures.h"
#include "svg.h"

#define CELL 40.0

static int smallest_order(const int *count)
{
	for (int k = 0; k < 11; k++)
		if (count[k])
			return k;
	return -1;
}

/* Frames [from, from + n) of the block drawn as one box. */
static void run(FILE *f, double y, unsigned long base, unsigned long from, unsigned long n,
		const char *label, const char *fill)
{
	double x = 20 + CELL * (double)(from - base);

	svg_rect(f, x, y, CELL * (double)n, 30, fill);
	svg_text(f, x + CELL * (double)n / 2, y + 19, "middle", 10, "%s", label);
}

static void counts(FILE *f, double y, const int *c, int k)
{
	char buf[96];
	int len = 0;

	for (int i = 0; i <= k + 1 && i < 11; i++)
		len += snprintf(buf + len, sizeof(buf) - (size_t)len, " %d", c[i]);
	svg_text(f, 20, y + 44, "start", 10, "HighMem free blocks of order 0..%d:%s", k + 1, buf);
}

int fig_buddy(const char *path, const struct bootlog *l)
{
	int k = smallest_order(l->highmem_free[0]);
	unsigned long n = 1UL << k, base = l->alloc_pfn[0] & ~(n - 1);
	FILE *f;
	char lab[64];

	if (k < 1 || k > 4 || l->alloc_order[0] != 0 || l->alloc_order[1] >= k) {
		fprintf(stderr, "mkfigures: the buddy demo did not split a block of order 1..4\n");
		return -1;
	}
	f = svg_open(path, 60 + (int)(CELL * (double)n), 330, "A buddy split and merge");
	if (!f)
		return -1;
	svg_text(f, 20, 20, "start", 13, "The order-%d block at pfn 0x%lx, the smallest free block of "
		 "ZONE_HIGHMEM at boot", k, base);
	/* At boot: one free block. */
	snprintf(lab, sizeof(lab), "free, order %d (%lu frames)", k, n);
	run(f, 35, base, base, n, lab, "#c9e6c1");
	counts(f, 35, l->highmem_free[0], k);
	/* alloc_pages(.., 0): split down to one frame; each upper half is freed. */
	svg_text(f, 20, 105, "start", 12, "alloc_pages(GFP_HIGHUSER, 0) = pfn 0x%lx: split %d times",
		 l->alloc_pfn[0], k);
	run(f, 112, base, base, 1, "used", "#e89f9f");
	for (int o = 0; o < k; o++) {
		snprintf(lab, sizeof(lab), "free o%d", o);
		run(f, 112, base, base + (1UL << o), 1UL << o, lab, "#c9e6c1");
	}
	counts(f, 112, l->highmem_free[1], k);
	/* alloc_pages(.., 3): the free half of that order, taken whole. */
	svg_text(f, 20, 182, "start", 12, "alloc_pages(GFP_HIGHUSER, %d) = pfn 0x%lx: a free block of "
		 "that order, no split", l->alloc_order[1], l->alloc_pfn[1]);
	run(f, 189, base, base, 1, "used", "#e89f9f");
	for (int o = 0; o < k; o++) {
		int taken = base + (1UL << o) == l->alloc_pfn[1];

		snprintf(lab, sizeof(lab), "%s o%d", taken ? "used" : "free", o);
		run(f, 189, base, base + (1UL << o), 1UL << o, lab, taken ? "#e89f9f" : "#c9e6c1");
	}
	counts(f, 189, l->highmem_free[2], k);
	/* Both freed: every buddy is free again, merged back. */
	svg_text(f, 20, 259, "start", 12, "__free_pages() of both: each block merges with its free "
		 "buddy (pfn XOR size) up to order %d", k);
	snprintf(lab, sizeof(lab), "free, order %d again", k);
	run(f, 266, base, base, n, lab, "#c9e6c1");
	counts(f, 266, l->highmem_free[3], k);
	return svg_close(f);
}
