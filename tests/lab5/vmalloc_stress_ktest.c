/**
 * @file
 * Lab 5 in-kernel tests of the lab as a whole: misuse of vfree(),
 * exhaustion of the vmalloc area (stress), the bench group and the book's
 * demo.  vmalloc_ktest.c checks steps 5.4 and 5.5 one by one.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <kit/ktest.h>
#include "vmalloc_ktest.h"
#include "buddy_model.h"

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
