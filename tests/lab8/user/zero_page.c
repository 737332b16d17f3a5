/**
 * @file
 * zero_page: a read fault maps the shared zero page; the first write to it
 * copies on write.
 *
 * Steps:
 *  1. mmap 4 pages read-write; read pages 0 and 1 (both 0): both are
 *     present, read-only, the zero page, and share one frame.
 *  2. write one byte to page 1: page 1 is now present and writable with a
 *     frame of its own (another pfn); its other 4095 bytes are still 0.
 *  3. page 0 is still the zero page: the write did not touch it.
 *
 * Expected: exit status 0.
 */
#include <user.h>

/* The pagemap of @p addr; the call itself must succeed. */
static struct mmkit_pageinfo pagemap(const void *addr)
{
	struct mmkit_pageinfo info;

	UCHECK_EQ(mmkit_pagemap(addr, &info), 0);
	return info;
}

int main(void)
{
	const unsigned int mask = MMKIT_PAGE_PRESENT | MMKIT_PAGE_WRITABLE |
				  MMKIT_PAGE_ZERO;
	struct mmkit_pageinfo page0, page1;
	unsigned int zero_pfn;
	volatile unsigned char *p;
	unsigned long i;

	p = mmap(NULL, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	UCHECK_EQ(MMAP_ERRNO(p), 0);

	UCHECK_EQ(p[0], 0);
	UCHECK_EQ(p[PAGE_SIZE], 0);
	page0 = pagemap((const void *)p);
	page1 = pagemap((const void *)(p + PAGE_SIZE));
	UCHECK_EQ(page0.flags & mask, MMKIT_PAGE_PRESENT | MMKIT_PAGE_ZERO);
	UCHECK_EQ(page1.flags & mask, MMKIT_PAGE_PRESENT | MMKIT_PAGE_ZERO);
	UCHECK_EQ(page0.pfn, page1.pfn);
	zero_pfn = page0.pfn;
	say("pages 0 and 1 read: both map the zero page, pfn 0x%x\n", page0.pfn);

	p[PAGE_SIZE + 100] = 0x5A;
	page1 = pagemap((const void *)(p + PAGE_SIZE));
	UCHECK_EQ(page1.flags & mask, MMKIT_PAGE_PRESENT | MMKIT_PAGE_WRITABLE);
	UCHECK(page1.pfn != zero_pfn);
	UCHECK_EQ(p[PAGE_SIZE + 100], 0x5A);
	for (i = 0; i < PAGE_SIZE; i++)
		if (i != 100)
			UCHECK_EQ(p[PAGE_SIZE + i], 0);
	say("page 1 written: its own frame, pfn 0x%x\n", page1.pfn);

	page0 = pagemap((const void *)p);
	UCHECK_EQ(page0.flags & mask, MMKIT_PAGE_PRESENT | MMKIT_PAGE_ZERO);
	UCHECK_EQ(page0.pfn, zero_pfn);
	return 0;
}
