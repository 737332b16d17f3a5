/**
 * @file
 * mmap_hint: where mmap() puts an area, and what it refuses.
 *
 * Steps:
 *  1. a free hint (0x50000000, 2 pages) is honoured as it is;
 *  2. MAP_FIXED over that area, already written, replaces it: the new
 *     page reads 0;
 *  3. a hint that overlaps the area (0x50001000) is not an order: the
 *     kernel picks another address, and the new area overlaps nothing;
 *  4. errors, each -EINVAL: length 0, MAP_SHARED, a MAP_FIXED address that
 *     is not page aligned;
 *  5. a PROT_NONE area is in a VMA (pagemap says so) but never present.
 *
 * Expected: exit status 0.
 */
#include <user.h>

#define HINT	0x50000000UL
#define ANON	(MAP_PRIVATE | MAP_ANONYMOUS)
#define RW	(PROT_READ | PROT_WRITE)

/* The pagemap of @p addr; the call itself must succeed. */
static struct mmkit_pageinfo pagemap(const void *addr)
{
	struct mmkit_pageinfo info;

	UCHECK_EQ(mmkit_pagemap(addr, &info), 0);
	return info;
}

static void fixed_replaces(void)
{
	volatile unsigned char *a, *b;

	a = mmap((void *)HINT, 2 * PAGE_SIZE, RW, ANON, -1, 0);
	UCHECK_EQ(a, HINT);
	UCHECK_EQ(pagemap((const void *)a).vm_start, HINT);
	a[0] = 0x77;
	say("hint 0x%lx honoured\n", HINT);

	b = mmap((void *)HINT, PAGE_SIZE, RW, ANON | MAP_FIXED, -1, 0);
	UCHECK_EQ(b, HINT);
	UCHECK_EQ(b[0], 0);
	say("MAP_FIXED replaced the written page\n");
}

static void overlap_moves(void)
{
	unsigned long c;

	c = (unsigned long)mmap((void *)(HINT + PAGE_SIZE), 2 * PAGE_SIZE,
				RW, ANON, -1, 0);
	UCHECK_EQ(MMAP_ERRNO(c), 0);
	UCHECK(c != HINT + PAGE_SIZE);
	UCHECK(c + 2 * PAGE_SIZE <= HINT || c >= HINT + 2 * PAGE_SIZE);
	say("overlapping hint 0x%lx moved to 0x%lx\n", HINT + PAGE_SIZE, c);
	UCHECK_EQ(munmap((void *)c, 2 * PAGE_SIZE), 0);
}

static void refused(void)
{
	UCHECK_EQ(MMAP_ERRNO(mmap(NULL, 0, RW, ANON, -1, 0)), -EINVAL);
	UCHECK_EQ(MMAP_ERRNO(mmap(NULL, PAGE_SIZE, RW,
				  MAP_SHARED | MAP_ANONYMOUS, -1, 0)), -EINVAL);
	UCHECK_EQ(MMAP_ERRNO(mmap((void *)(HINT + 0x800), PAGE_SIZE, RW,
				  ANON | MAP_FIXED, -1, 0)), -EINVAL);
	say("length 0, MAP_SHARED, unaligned MAP_FIXED: all -EINVAL\n");
}

static void prot_none(void)
{
	struct mmkit_pageinfo info;
	void *d;

	d = mmap(NULL, PAGE_SIZE, PROT_NONE, ANON, -1, 0);
	UCHECK_EQ(MMAP_ERRNO(d), 0);
	info = pagemap(d);
	UCHECK_EQ(info.flags & (MMKIT_PAGE_VMA | MMKIT_PAGE_PRESENT),
		  MMKIT_PAGE_VMA);
	UCHECK_EQ(info.vm_start, d);
	say("PROT_NONE area at %p: a VMA, no page\n", d);
	UCHECK_EQ(munmap(d, PAGE_SIZE), 0);
}

int main(void)
{
	fixed_replaces();
	overlap_moves();
	refused();
	prot_none();
	UCHECK_EQ(munmap((void *)HINT, 2 * PAGE_SIZE), 0);
	return 0;
}
