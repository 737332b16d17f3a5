/**
 * @file
 * demand: demand paging.  mmap() only records a VMA; a page gets a frame
 * when it is first written, and only that page.
 *
 * Steps, each checked with mmkit_pagemap():
 *  1. mmap 16 pages, anonymous, private, read-write, no hint: the area is
 *     at or above TASK_UNMAPPED_BASE; all 16 pages are in the VMA, none is
 *     present.
 *  2. write pages 0, 5 and 15: exactly those three become present and
 *     writable, with frames of their own (not the zero page), and the
 *     machine has at least 3 free pages fewer.
 *  3. read the values back.
 *  4. munmap the whole area: no page is in a VMA any more.
 *
 * Expected: exit status 0.
 */
#include <user.h>

#define NR_PAGES 16

/* The pagemap of @p addr; the call itself must succeed. */
static struct mmkit_pageinfo pagemap(const void *addr)
{
	struct mmkit_pageinfo info;

	UCHECK_EQ(mmkit_pagemap(addr, &info), 0);
	return info;
}

static int written(int i)
{
	return i == 0 || i == 5 || i == 15;
}

int main(void)
{
	const unsigned int mask = MMKIT_PAGE_VMA | MMKIT_PAGE_PRESENT |
				  MMKIT_PAGE_WRITABLE | MMKIT_PAGE_ZERO;
	unsigned long free_before;
	unsigned char *p;
	int i;

	p = mmap(NULL, NR_PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	UCHECK_EQ(MMAP_ERRNO(p), 0);
	UCHECK((unsigned long)p >= TASK_UNMAPPED_BASE);
	say("16 pages at %p\n", p);

	for (i = 0; i < NR_PAGES; i++)
		UCHECK_EQ(pagemap(p + i * PAGE_SIZE).flags & mask, MMKIT_PAGE_VMA);
	free_before = pagemap(p).nr_free_pages;

	for (i = 0; i < NR_PAGES; i++)
		if (written(i))
			p[i * PAGE_SIZE + i] = 0xA0 + i;

	for (i = 0; i < NR_PAGES; i++) {
		unsigned int want = MMKIT_PAGE_VMA;

		if (written(i))
			want |= MMKIT_PAGE_PRESENT | MMKIT_PAGE_WRITABLE;
		UCHECK_EQ(pagemap(p + i * PAGE_SIZE).flags & mask, want);
	}
	UCHECK(pagemap(p).nr_free_pages + 3 <= free_before);
	say("3 pages written, %lu free pages before, %u now\n",
	    free_before, pagemap(p).nr_free_pages);

	for (i = 0; i < NR_PAGES; i++)
		if (written(i))
			UCHECK_EQ(p[i * PAGE_SIZE + i], 0xA0 + i);

	UCHECK_EQ(munmap(p, NR_PAGES * PAGE_SIZE), 0);
	for (i = 0; i < NR_PAGES; i++)
		UCHECK_EQ(pagemap(p + i * PAGE_SIZE).flags & MMKIT_PAGE_VMA, 0);
	say("unmapped\n");
	return 0;
}
