/**
 * @file
 * munmap_part: unmapping the middle of an area splits its VMA in two.
 *
 * Steps:
 *  1. mmap 8 pages and write i + 1 into page i;
 *  2. munmap pages 3 and 4: they leave every VMA; pages 0-2 and 5-7 stay,
 *     in two VMAs, [start, start + 3 pages) and [start + 5 pages,
 *     start + 8 pages), with their contents intact;
 *  3. munmap of an address that is not page aligned is -EINVAL; munmap of
 *     a range where nothing is mapped (the hole just made) succeeds, 0.
 *
 * Expected: exit status 0.
 */
#include <user.h>

#define NR_PAGES 8

/* The pagemap of @p addr; the call itself must succeed. */
static struct mmkit_pageinfo pagemap(const void *addr)
{
	struct mmkit_pageinfo info;

	UCHECK_EQ(mmkit_pagemap(addr, &info), 0);
	return info;
}

static int in_hole(int i)
{
	return i == 3 || i == 4;
}

int main(void)
{
	unsigned char *p;
	unsigned long start;
	int i;

	p = mmap(NULL, NR_PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	UCHECK_EQ(MMAP_ERRNO(p), 0);
	start = (unsigned long)p;
	for (i = 0; i < NR_PAGES; i++)
		p[i * PAGE_SIZE] = i + 1;

	UCHECK_EQ(munmap(p + 3 * PAGE_SIZE, 2 * PAGE_SIZE), 0);
	for (i = 0; i < NR_PAGES; i++) {
		struct mmkit_pageinfo info = pagemap(p + i * PAGE_SIZE);

		if (in_hole(i)) {
			UCHECK_EQ(info.flags & MMKIT_PAGE_VMA, 0);
			continue;
		}
		UCHECK_EQ(info.flags & MMKIT_PAGE_VMA, MMKIT_PAGE_VMA);
		UCHECK_EQ(info.vm_start, i < 3 ? start : start + 5 * PAGE_SIZE);
		UCHECK_EQ(info.vm_end, i < 3 ? start + 3 * PAGE_SIZE :
					       start + 8 * PAGE_SIZE);
		UCHECK_EQ(p[i * PAGE_SIZE], i + 1);
	}
	say("pages 3-4 unmapped: two VMAs left, contents intact\n");

	UCHECK_EQ(munmap(p + 1, PAGE_SIZE), -EINVAL);
	UCHECK_EQ(munmap(p + 3 * PAGE_SIZE, 2 * PAGE_SIZE), 0);
	say("unaligned munmap -EINVAL, munmap of nothing 0\n");

	UCHECK_EQ(munmap(p, NR_PAGES * PAGE_SIZE), 0);
	return 0;
}
