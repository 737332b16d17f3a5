/**
 * @file
 * Lab 5 in-kernel tests, steps 5.4 and 5.5 and the lab as a whole:
 * vmalloc (pages from anywhere), vfree (unmap, flush, give back), misuse,
 * exhaustion (stress), the bench group and the book's demo.
 *
 * Pages are checked without kmap (lab 6): a low page through its
 * direct-map address, a high page through a second mapping of its own
 * (vmap of that one page) and through the frame number lab 1's
 * lookup_address() finds under the vmalloc address.  Faults are expected
 * with KTEST_EXPECT_FAULT: the guard page after an area, and the whole
 * area once vfree() has flushed it out of the TLB.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <kit/ktest.h>
#include "vmalloc_ktest.h"
#include "buddy_model.h"
#include "page_word.h"

#define MAGIC 0x5A17C0DEu

/* What a test stores in the first word of page @p i of an area. */
static inline u32 stamp(unsigned long i)
{
	return MAGIC ^ (u32)(i * 2654435761u);
}

/* ---- vmalloc (5.4) ---------------------------------------------------------- */

/*
 * 8 MiB, twice the biggest block the buddy allocator can ever have (order
 * 10 = 4 MiB), from a HighMem whose order-0 list was first filled with
 * every other frame of 64: the area starts with those, scattered.
 */
KTEST(lab5, vmalloc, bigger_than_any_block)
{
	unsigned long nr = (8UL << 20) >> PAGE_SHIFT, i, gaps = 0, high = 0;
	struct page *holes[64];
	struct vm_struct *area;
	u32 *p;

	ASSERT_VM_READY(t);
	for (i = 0; i < 64; i++)
		holes[i] = alloc_page(GFP_HIGHUSER);
	for (i = 0; i < 64; i += 2)
		if (holes[i])
			__free_page(holes[i]);
	p = vmalloc(nr * PAGE_SIZE);
	for (i = 1; i < 64; i += 2)
		if (holes[i])
			__free_page(holes[i]);
	KTEST_ASSERT(t, p != NULL);
	area = find_area(p);
	KTEST_ASSERT(t, area && area->nr_pages == nr && (area->flags & VM_ALLOC));
	for (i = 0; i < nr; i++) {
		KTEST_EXPECT_EQ(t, mapped_pfn((char *)p + i * PAGE_SIZE),
				page_to_pfn(area->pages[i]));
		gaps += i && page_to_pfn(area->pages[i]) != page_to_pfn(area->pages[i - 1]) + 1;
		high += PageHighMem(area->pages[i]);
		/* High memory first: once a low page comes, no high one follows. */
		if (i && PageHighMem(area->pages[i]) && !PageHighMem(area->pages[i - 1]))
			KTEST_EXPECT_EQ(t, i, 0);
	}
	KTEST_EXPECT(t, gaps > 0);			/* not one physical run */
	/* 1 GiB has 8 MiB of highmem to spare; 900 MiB fewer than nr pages. */
	if (max_pfn - max_low_pfn > 2 * nr)
		KTEST_EXPECT_EQ(t, high, nr);
	else if (max_pfn > max_low_pfn)
		KTEST_EXPECT(t, high > 0);
	vfree(p);
}

/* Every page's first word, written through the area, read without the area. */
static void check_stamps(struct ktest *t, u32 *p, struct vm_struct *area)
{
	unsigned long i;
	u32 val;

	for (i = 0; i < area->nr_pages; i++)
		p[i * (PAGE_SIZE / 4)] = stamp(i);
	for (i = 0; i < area->nr_pages; i++) {
		KTEST_EXPECT_EQ(t, mapped_pfn(p + i * (PAGE_SIZE / 4)),
				page_to_pfn(area->pages[i]));
		if (KTEST_EXPECT(t, peek_page_word(area->pages[i], 0, &val)))
			KTEST_EXPECT_EQ(t, val, stamp(i));
	}
}

/*
 * With HighMem held down to its floor, vmalloc() falls back to low pages:
 * the data must be there through their direct-map addresses.
 */
KTEST(lab5, vmalloc, low_pages_via_direct_map)
{
	struct hoard h;
	unsigned long i, low = 0;
	int order;
	u32 *p;

	ASSERT_VM_READY(t);
	hoard_init(&h);
	for (order = MAX_ORDER - 1; order >= 0; order--) {
		struct page *page;

		while ((page = hoard_alloc(&h, GFP_HIGHUSER, order)) &&
		       PageHighMem(page))
			;
		if (page)			/* a low block: HighMem is at its floor */
			hoard_free(&h, page);
	}
	p = vmalloc(16 * PAGE_SIZE);
	hoard_free_all(&h);
	KTEST_ASSERT(t, p != NULL);
	KTEST_ASSERT(t, range_mapped(p, 16));
	for (i = 0; i < 16; i++)
		low += !PageHighMem(find_area(p)->pages[i]);
	KTEST_EXPECT_EQ(t, low, 16);
	check_stamps(t, p, find_area(p));
	vfree(p);
}

/* On the default machine most pages are high: read them through a second mapping. */
KTEST(lab5, vmalloc, high_pages_via_second_map)
{
	u32 *p;

	ASSERT_VM_READY(t);
	p = vmalloc(64 * PAGE_SIZE);
	KTEST_ASSERT(t, p != NULL);
	KTEST_ASSERT(t, range_mapped(p, 64));
	check_stamps(t, p, find_area(p));
	vfree(p);
}

/* Stores into the guard page after an area fault. */
KTEST(lab5, vmalloc, guard_page_faults)
{
	char *p;

	ASSERT_VM_READY(t);
	p = vmalloc(3 * PAGE_SIZE);
	KTEST_ASSERT(t, p != NULL);
	KTEST_ASSERT(t, range_mapped(p, 3));
	p[3 * PAGE_SIZE - 1] = 1;			/* the last byte is fine */
	KTEST_EXPECT_FAULT(t, p + 3 * PAGE_SIZE, p[3 * PAGE_SIZE] = 1);
	vfree(p);
}

KTEST(lab5, vmalloc, vzalloc_zeroes)
{
	unsigned long i, nonzero = 0;
	u32 *p;

	ASSERT_VM_READY(t);
	p = vmalloc(16 * PAGE_SIZE);
	KTEST_ASSERT(t, p != NULL && range_mapped(p, 16));
	memset(p, 0xA5, 16 * PAGE_SIZE);	/* the next area likely gets these pages */
	vfree(p);
	p = vzalloc(16 * PAGE_SIZE - 100);
	KTEST_ASSERT(t, p != NULL && range_mapped(p, 16));
	for (i = 0; i < 16 * PAGE_SIZE / 4; i++)
		nonzero += p[i] != 0;
	KTEST_EXPECT_EQ(t, nonzero, 0);
	vfree(p);
}

KTEST(lab5, vmalloc, silly_sizes)
{
	void *p;

	ASSERT_VM_READY(t);
	p = vmalloc(1);				/* one byte: one page */
	KTEST_ASSERT(t, p != NULL);
	KTEST_EXPECT(t, find_area(p) && find_area(p)->nr_pages == 1);
	vfree(p);
	KTEST_EXPECT(t, vmalloc(0) == NULL);
	KTEST_EXPECT(t, vmalloc(~0UL) == NULL);
	KTEST_EXPECT(t, vmalloc(VMALLOC_END - VMALLOC_START) == NULL);
	KTEST_EXPECT(t, vmlist == NULL);
}

/*
 * Memory held down to its floor, then 48 pages given back (after a first
 * round that makes the page tables and the kmalloc slabs this needs): a
 * vmalloc of 128 pages takes what it can, fails, and gives every page
 * back.  The 48 are the smallest held block of 32 pages or more, minus
 * what is taken again as single pages: how the hoard's blocks happen to
 * be sized (it differs between machines and emulators) does not matter.
 */
KTEST(lab5, vmalloc, failure_gives_back)
{
	unsigned long before, freed = 0;
	struct page *page, *next, *give_back;
	struct hoard h;
	int order;
	void *p;

	ASSERT_VM_READY(t);
	p = vmalloc(128 * PAGE_SIZE);		/* warm up: tables, slabs */
	KTEST_ASSERT(t, p != NULL);
	vfree(p);
	hoard_init(&h);
	for (order = MAX_ORDER - 1; order >= 0; order--)
		while (hoard_alloc(&h, GFP_HIGHUSER, order))
			;
	give_back = NULL;
	list_for_each_entry_safe(page, next, &h.blocks, lru)
		if (page->index >= 5 &&
		    (!give_back || page->index < give_back->index))
			give_back = page;
	KTEST_ASSERT(t, give_back != NULL);	/* some block of 32+ pages */
	freed = 1UL << give_back->index;
	hoard_free(&h, give_back);
	while (freed > 48 && hoard_alloc(&h, GFP_HIGHUSER, 0))
		freed--;
	KTEST_EXPECT(t, freed >= 32 && freed < 64);
	before = nr_free_pages();
	p = vmalloc(128 * PAGE_SIZE);
	KTEST_EXPECT(t, p == NULL);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
	KTEST_EXPECT(t, vmlist == NULL);
	if (p)
		vfree(p);
	hoard_free_all(&h);
}

/* ---- vfree (5.5) ------------------------------------------------------------- */

/* Touched (so the TLB holds it), freed: every page must fault now. */
KTEST(lab5, vfree, range_faults)
{
	unsigned int i;
	char *p;

	ASSERT_VM_READY(t);
	p = vmalloc(4 * PAGE_SIZE);
	KTEST_ASSERT(t, p != NULL && range_mapped(p, 4));
	for (i = 0; i < 4; i++)
		p[i * PAGE_SIZE] = (char)i;
	vfree(p);
	KTEST_EXPECT(t, find_area(p) == NULL);
	KTEST_EXPECT_EQ(t, mapped_pfn(p), -1);
	KTEST_EXPECT_FAULT(t, p, touch(p));
	KTEST_EXPECT_FAULT(t, p + 3 * PAGE_SIZE, touch(p + 3 * PAGE_SIZE));
}

KTEST(lab5, vfree, pages_come_back)
{
	unsigned long before;
	void *p;

	ASSERT_VM_READY(t);
	vfree(vmalloc(256 * PAGE_SIZE));		/* warm up: tables, slabs */
	before = nr_free_pages();
	p = vmalloc(256 * PAGE_SIZE);
	KTEST_ASSERT(t, p != NULL);
	KTEST_EXPECT(t, nr_free_pages() <= before - 256);
	vfree(p);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
	KTEST_EXPECT(t, vmlist == NULL);
}

/* vunmap() unmaps and flushes, but leaves the pages and their data to the caller. */
KTEST(lab5, vfree, vunmap_keeps_pages)
{
	struct page *pages[2] = { NULL };
	u32 *p;

	ASSERT_VM_READY(t);
	pages[0] = alloc_page(GFP_KERNEL);
	pages[1] = alloc_page(GFP_KERNEL);
	KTEST_ASSERT(t, pages[0] && pages[1]);
	p = vmap(pages, 2, VM_MAP, PAGE_KERNEL);
	KTEST_ASSERT(t, p != NULL && range_mapped(p, 2));
	p[1024 + 5] = 0xFEEDBEEF;
	vunmap(p);
	KTEST_EXPECT(t, vmlist == NULL);
	KTEST_EXPECT_FAULT(t, p + 1024, touch(p + 1024));
	KTEST_EXPECT_EQ(t, page_count(pages[1]), 1);
	KTEST_EXPECT_EQ(t, ((u32 *)page_address(pages[1]))[5], 0xFEEDBEEF);
	__free_page(pages[0]);
	__free_page(pages[1]);
}

/* The freed range is the first fit again, and maps fresh pages. */
KTEST(lab5, vfree, address_reused)
{
	char *p, *q;

	ASSERT_VM_READY(t);
	p = vmalloc(2 * PAGE_SIZE);
	KTEST_ASSERT(t, p != NULL);
	vfree(p);
	q = vmalloc(2 * PAGE_SIZE);
	KTEST_ASSERT(t, q != NULL);
	KTEST_EXPECT(t, q == p);
	KTEST_EXPECT(t, range_mapped(q, 2));
	vfree(q);
	vfree(NULL);				/* nothing, no warning */
	vunmap(NULL);
}

/* ---- misuse (5.5) ------------------------------------------------------------- */

/* Run @p stmt: one more warning, and the area at @p p intact. */
#define EXPECT_WARNED_INTACT(t, p, stmt) ({				\
	unsigned int __w = warn_count;					\
	stmt;								\
	KTEST_EXPECT_EQ(t, warn_count, __w + 1) &&			\
	KTEST_EXPECT(t, find_area(p) != NULL && range_mapped(p, 2));	\
})

KTEST(lab5, misuse, unaligned_address)
{
	char *p;

	ASSERT_VM_READY(t);
	p = vmalloc(2 * PAGE_SIZE);
	KTEST_ASSERT(t, p != NULL && range_mapped(p, 2));
	EXPECT_WARNED_INTACT(t, p, vfree(p + 1));
	EXPECT_WARNED_INTACT(t, p, vunmap(p + 100));
	vfree(p);
	KTEST_EXPECT(t, vmlist == NULL);
}

/* A low page's direct-map address is not a vmalloc address: nothing freed. */
KTEST(lab5, misuse, not_a_vmalloc_address)
{
	struct page *page;
	char *p;

	ASSERT_VM_READY(t);
	p = vmalloc(2 * PAGE_SIZE);
	page = alloc_page(GFP_KERNEL);
	KTEST_ASSERT(t, p && page && range_mapped(p, 2));
	EXPECT_WARNED_INTACT(t, p, vfree(page_address(page)));
	KTEST_EXPECT_EQ(t, page_count(page), 1);
	__free_page(page);
	vfree(p);
}

KTEST(lab5, misuse, double_vfree)
{
	unsigned long before;
	unsigned int w;
	char *p, *q;

	ASSERT_VM_READY(t);
	q = vmalloc(2 * PAGE_SIZE);		/* an area that must survive */
	p = vmalloc(3 * PAGE_SIZE);
	KTEST_ASSERT(t, p && q && range_mapped(q, 2));
	vfree(p);
	before = nr_free_pages();
	w = warn_count;
	vfree(p);
	KTEST_EXPECT_EQ(t, warn_count, w + 1);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
	KTEST_EXPECT(t, find_area(q) != NULL && range_mapped(q, 2));
	vfree(q);
	KTEST_EXPECT(t, vmlist == NULL);
}

/* The second page of an area is not an area: "nonexistent vm area". */
KTEST(lab5, misuse, inside_an_area)
{
	char *p;

	ASSERT_VM_READY(t);
	p = vmalloc(2 * PAGE_SIZE);
	KTEST_ASSERT(t, p != NULL && range_mapped(p, 2));
	EXPECT_WARNED_INTACT(t, p, vfree(p + PAGE_SIZE));
	vfree(p);
}

/* ---- stress: a window of the area, twice ------------------------------------ */

#define MAX_CHUNKS 1024

/*
 * The rounds run in the last STRESS_WINDOW bytes of the vmalloc space;
 * one area holds the rest.  Every page vmalloc maps costs Bochs a few
 * hundred instructions to take and as many to give back, and the whole
 * space is 111 MiB on 1 GiB: a window of it catches the same leaks.
 * Chunks of 32 pages make it over a hundred areas a round, so that
 * a leak of what each area needs from kmalloc (its vm_struct, its page
 * array) still outgrows the slabs' spare room.
 */
#define STRESS_WINDOW	(16UL << 20)
#define CHUNK_PAGES	32
#define CHUNK_WORDS	(CHUNK_PAGES * PAGE_SIZE / sizeof(u32))

/* vmalloc a chunk at a time until it fails; check each; free all.  Returns how many. */
static unsigned int exhaust_once(struct ktest *t, void **chunk)
{
	unsigned int n = 0, i, bad = 0;
	u32 *p;

	while (n < MAX_CHUNKS && (p = vmalloc(CHUNK_PAGES * PAGE_SIZE)) != NULL) {
		chunk[n++] = p;
		if (!KTEST_EXPECT(t, range_mapped(p, CHUNK_PAGES))) {
			bad = 1;
			break;
		}
		p[0] = stamp(n);
		p[CHUNK_WORDS - 1] = stamp(n);
	}
	for (i = 0; i < n && !bad; i++) {
		p = chunk[i];
		bad += p[0] != stamp(i + 1) || p[CHUNK_WORDS - 1] != stamp(i + 1);
	}
	for (i = 0; i < n; i++)
		vfree(chunk[i]);
	KTEST_EXPECT_EQ(t, bad, 0);
	return n;
}

/* Hold free pages in @p h, biggest blocks first, until about @p keep are left. */
static void hold_ram_but(struct hoard *h, unsigned long keep)
{
	int order;

	for (order = MAX_ORDER - 1; order >= 0; order--)
		while (nr_free_pages() >= keep + (1UL << order) &&
		       hoard_alloc(h, GFP_HIGHUSER, order))
			;
}

/*
 * Round 1 fills the window and makes every page table and slab that
 * takes; round 2 must do exactly the same and leave exactly as many free
 * pages as round 1 did.  What runs out first decides how the last
 * vmalloc() fails: no room for the area (a big machine), or no page
 * for it, after it has taken some (a small one, whose RAM is less than
 * the space).  Each machine keeps its own: on a small one, all but three
 * quarters of a window of RAM is held too.
 */
KTEST(lab5, stress, exhaust_and_recover)
{
	static void *chunk[MAX_CHUNKS];
	unsigned long free1, space = VMALLOC_END - VMALLOC_START;
	struct vm_struct *all, *rest = NULL;
	unsigned int n1, n2;
	struct hoard h;

	ASSERT_VM_READY(t);
	if (space > STRESS_WINDOW) {
		rest = get_vm_area(space - STRESS_WINDOW - PAGE_SIZE, VM_ALLOC);
		KTEST_ASSERT(t, rest != NULL);
	}
	hoard_init(&h);
	if (nr_free_pages() < space >> PAGE_SHIFT)
		hold_ram_but(&h, (STRESS_WINDOW / 4 * 3) >> PAGE_SHIFT);
	n1 = exhaust_once(t, chunk);
	free1 = nr_free_pages();
	KTEST_EXPECT(t, vmlist == rest && (!rest || !rest->next));
	n2 = exhaust_once(t, chunk);
	KTEST_EXPECT(t, n1 > 8);
	KTEST_EXPECT_EQ(t, n2, n1);
	KTEST_EXPECT_EQ(t, nr_free_pages(), free1);
	KTEST_EXPECT(t, vmlist == rest && (!rest || !rest->next));
	if (rest)
		kfree(remove_vm_area(rest->addr));
	hoard_free_all(&h);
	all = get_vm_area(space - PAGE_SIZE, VM_ALLOC);	/* all the space is back */
	KTEST_EXPECT(t, all != NULL);
	if (all)
		kfree(remove_vm_area(all->addr));
}

/* ---- bench ------------------------------------------------------------------------ */

struct bench_vm {
	unsigned long size;
	void *addr;
	unsigned int failures;
};

static void vmalloc_vfree(void *arg)
{
	struct bench_vm *b = arg;
	void *p = vmalloc(b->size);

	if (!p)
		b->failures++;
	vfree(p);
}

static void to_page(void *arg)
{
	struct bench_vm *b = arg;

	if (!vmalloc_to_page(b->addr))
		b->failures++;
}

KTEST(lab5, bench, vmalloc_vfree_16k)
{
	struct bench_vm b = { 16UL << 10, NULL, 0 };

	ASSERT_VM_READY(t);
	vmalloc_vfree(&b);				/* warm up: tables, slabs */
	ktest_bench("vmalloc+vfree 16 KiB", vmalloc_vfree, &b, 200);
	KTEST_EXPECT_EQ(t, b.failures, 0);
	KTEST_EXPECT(t, vmlist == NULL);
}

KTEST(lab5, bench, vmalloc_to_page)
{
	struct bench_vm b = { 16UL << 10, NULL, 0 };

	ASSERT_VM_READY(t);
	b.addr = vmalloc(b.size);
	KTEST_ASSERT(t, b.addr != NULL);
	b.addr = (char *)b.addr + PAGE_SIZE + 8;
	ktest_bench("vmalloc_to_page", to_page, &b, 1000);
	KTEST_EXPECT_EQ(t, b.failures, 0);
	vfree((char *)b.addr - PAGE_SIZE - 8);
}

/* ---- demo (the book's experiment; runs only when named) ----------------------- */

/*
 * `make run LAB=5 SRC=solutions CMDLINE="ktest.filter=lab5.demo.*"`:
 * 64 KiB of vmalloc, the frame and zone behind each of its 16 pages, and
 * the areas as /proc/vmallocinfo shows them.  Sixteen high frames are
 * taken first and every other one given back, as a busy kernel would
 * leave memory: the area starts with those scattered frames.
 */
KTEST_EXPLICIT(lab5, demo, pfns)
{
	static const char *const zone_names[] = { "DMA", "Normal", "HighMem" };
	void *p, *q;
	unsigned int i;

	struct page *held[16];

	ASSERT_VM_READY(t);
	for (i = 0; i < 16; i++)	/* 16 high frames, every other one given back */
		held[i] = alloc_page(GFP_HIGHUSER);
	for (i = 0; i < 16; i += 2)
		if (held[i])
			__free_page(held[i]);
	p = vmalloc(64UL << 10);
	q = vmalloc(8UL << 10);
	for (i = 1; i < 16; i += 2)
		if (held[i])
			__free_page(held[i]);
	KTEST_ASSERT(t, p && q);
	printk("vmalloc(64 KiB) = %#x, vmalloc(8 KiB) = %#x\n", __cpu_addr(p),
	       __cpu_addr(q));
	for (i = 0; i < 16; i++) {
		struct page *page = vmalloc_to_page((char *)p + i * PAGE_SIZE);

		KTEST_ASSERT(t, page != NULL);
		printk("  %#x -> pfn %#7lx  %s\n", __cpu_addr((char *)p + i * PAGE_SIZE),
		       page_to_pfn(page), zone_names[page_zonenum(page)]);
	}
	show_vmallocinfo();
	vfree(q);
	vfree(p);
}
