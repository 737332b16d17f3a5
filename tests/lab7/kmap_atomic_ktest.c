/**
 * @file
 * Lab 7 in-kernel tests, by step: 7.1 the fixmap's page table (init),
 * 7.2 kmap_atomic (map, nest), 7.3 kunmap_atomic (unmap, irq), 7.4 the
 * helpers.  Misuse is in misuse_ktest.c, the bench in timing_ktest.c.
 *
 * What "right" means, slot by slot: a live slot's entry maps the page's
 * frame and a store through its address reaches that frame (read back
 * through a vmap of the page, not the slot); a free slot's entry is empty
 * and its address faults, which it does only if kunmap_atomic() flushed
 * the TLB: every test reads through a slot while it is live, so the CPU
 * has cached the translation.
 *
 * The interrupt tests run a function from the timer interrupt
 * (ktest_run_in_irq) while the test itself holds slots: the handler must
 * find the stack as the test left it, map above it, and leave it that way.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/highmem.h>
#include <asm/pgtable.h>
#include <kit/ktest.h>
#include "kmap_atomic_ktest.h"

/* ---- 7.1: init ------------------------------------------------------------ */

/* 0xFFFFE000 >> 22 = 1023; (0xFFFFE000 >> 12) & 0x3FF = 1022. */
KTEST(lab7, init, fixmap_table)
{
	unsigned long vaddr = (unsigned long)slot_addr(0);
	pgd_t *pgd = pgd_offset_k(vaddr);
	int i;

	KTEST_EXPECT_EQ(t, pgd - swapper_pg_dir, 1023);
	KTEST_ASSERT(t, pgd_present(*pgd));
	KTEST_ASSERT(t, !pgd_large(*pgd));
	KTEST_ASSERT(t, kmap_pte == pte_offset_kernel(pgd, vaddr));
	KTEST_EXPECT_EQ(t, pte_index(vaddr), 1022);
	for (i = 0; i < KM_TYPE_NR; i++)
		if (!KTEST_EXPECT(t, pte_none(kmap_pte[-i])))
			break;
	KTEST_EXPECT_EQ(t, kmap_atomic_depth(), 0);
}

/* The pkmap (pgd 1022, lab 6) and the fixmap (1023) have tables of their own. */
KTEST(lab7, init, own_table)
{
	pgd_t *fix = pgd_offset_k((unsigned long)slot_addr(0));
	pgd_t *pkmap = pgd_offset_k(PKMAP_BASE);

	ASSERT_KMAP_ATOMIC_READY(t);
	KTEST_EXPECT_EQ(t, pkmap - swapper_pg_dir, 1022);
	KTEST_EXPECT_NE(t, pgd_val(*fix) & PAGE_MASK, pgd_val(*pkmap) & PAGE_MASK);
	KTEST_EXPECT_EQ(t, pgd_val(*fix) & ~PAGE_MASK, _KERNPG_TABLE);
}

/* ---- 7.2: map ---------------------------------------------------------------- */

KTEST(lab7, map, low_page_direct)
{
	struct page *page = alloc_page(GFP_KERNEL);
	unsigned int pc = preempt_count();
	void *p;

	ASSERT_KMAP_ATOMIC_READY(t);
	KTEST_ASSERT(t, page != NULL);
	p = kmap_atomic(page);
	KTEST_EXPECT(t, p == page_address(page));
	KTEST_EXPECT_EQ(t, preempt_count(), pc + 1);	/* atomic, low page too */
	KTEST_EXPECT_EQ(t, kmap_atomic_depth(), 0);	/* but no slot */
	if (p)
		kunmap_atomic(p);
	KTEST_EXPECT_EQ(t, preempt_count(), pc);
	__free_page(page);
}

KTEST(lab7, map, high_page_in_slot0)
{
	struct page *page;
	unsigned int pc = preempt_count();
	u32 *p, got = 0;

	ASSERT_KMAP_ATOMIC_READY(t);
	GET_HIGH_PAGE(t, page);
	p = kmap_atomic(page);
	KTEST_EXPECT(t, p == slot_addr(0));
	KTEST_EXPECT_EQ(t, kmap_atomic_depth(), 1);
	KTEST_EXPECT_EQ(t, preempt_count(), pc + 1);
	KTEST_EXPECT(t, in_atomic());
	KTEST_EXPECT_EQ(t, pte_pfn(kmap_pte[0]), page_to_pfn(page));
	KTEST_EXPECT(t, pte_present(kmap_pte[0]) && pte_write(kmap_pte[0]));
	if (p == slot_addr(0)) {
		p[5] = stamp(0, 5);
		kunmap_atomic(p);
	}
	KTEST_EXPECT(t, peek_page_word(page, 5, &got));
	KTEST_EXPECT_EQ(t, got, stamp(0, 5));
	KTEST_EXPECT(t, kmap_atomic_idle());
	__free_page(page);
}

/* A page written through another mapping reads the same through its slot. */
KTEST(lab7, map, reads_the_frame)
{
	struct page *page;
	unsigned int w;
	u32 *p;

	ASSERT_KMAP_ATOMIC_READY(t);
	GET_HIGH_PAGE(t, page);
	for (w = 0; w < 1024; w += 255)
		KTEST_ASSERT(t, poke_page_word(page, w, stamp(1, w)));
	p = kmap_atomic(page);
	KTEST_ASSERT(t, p != NULL);
	for (w = 0; w < 1024; w += 255)
		KTEST_EXPECT_EQ(t, p[w], stamp(1, w));
	kunmap_atomic(p);
	__free_page(page);
}

/* ---- 7.3: unmap --------------------------------------------------------------- */

KTEST(lab7, unmap, entry_cleared)
{
	unsigned int pc = preempt_count();
	struct page *page;
	void *p;

	ASSERT_KMAP_ATOMIC_READY(t);
	GET_HIGH_PAGE(t, page);
	p = kmap_atomic(page);
	KTEST_ASSERT(t, p == slot_addr(0));
	kunmap_atomic(p);
	KTEST_EXPECT(t, pte_none(kmap_pte[0]));
	KTEST_EXPECT_EQ(t, kmap_atomic_depth(), 0);
	KTEST_EXPECT_EQ(t, preempt_count(), pc);
	__free_page(page);
}

/* The CPU cached slot 0 while it was live: only invlpg makes it fault now. */
KTEST(lab7, unmap, address_faults)
{
	struct page *page;
	volatile u32 *p;

	ASSERT_KMAP_ATOMIC_READY(t);
	GET_HIGH_PAGE(t, page);
	p = kmap_atomic(page);
	KTEST_ASSERT(t, p == slot_addr(0));
	p[0] = 1;				/* the TLB now holds slot 0 */
	kunmap_atomic((void *)p);
	KTEST_EXPECT(t, kmap_atomic_idle());
	KTEST_EXPECT_FAULT(t, p, (void)p[0]);
	__free_page(page);
}

/* Slot 0 again, for another page: its bytes show, not the last page's. */
KTEST(lab7, unmap, slot_reused_for_next_page)
{
	struct page *a, *b;
	volatile u32 *p, *q;

	ASSERT_KMAP_ATOMIC_READY(t);
	GET_HIGH_PAGE(t, a);
	GET_HIGH_PAGE(t, b);
	KTEST_ASSERT(t, poke_page_word(a, 0, 0xAAAAAAAAu) && poke_page_word(b, 0, 0xBBBBBBBBu));
	p = kmap_atomic(a);
	KTEST_ASSERT(t, p != NULL);
	KTEST_EXPECT_EQ(t, p[0], 0xAAAAAAAAu);
	kunmap_atomic((void *)p);
	q = kmap_atomic(b);
	KTEST_ASSERT(t, q != NULL);
	KTEST_EXPECT(t, q == p);
	KTEST_EXPECT_EQ(t, q[0], 0xBBBBBBBBu);	/* a stale TLB would say AAAAAAAA */
	kunmap_atomic((void *)q);
	__free_page(a);
	__free_page(b);
}

/* ---- 7.2 + 7.3: nesting ----------------------------------------------------------- */

/* All KM_TYPE_NR slots at once, each its own page; unmapped in reverse. */
KTEST(lab7, nest, full_depth)
{
	struct page *pages[KM_TYPE_NR];
	u32 *addr[KM_TYPE_NR];
	unsigned int pc = preempt_count();
	int i, n = 0;

	ASSERT_KMAP_ATOMIC_READY(t);
	GET_HIGH_PAGE(t, pages[0]);
	for (i = 1; i < KM_TYPE_NR; i++)
		KTEST_ASSERT(t, (pages[i] = get_high_page()) != NULL);
	for (n = 0; n < KM_TYPE_NR; n++) {
		addr[n] = kmap_atomic(pages[n]);
		if (!KTEST_EXPECT(t, addr[n] == slot_addr(n)))
			break;
		addr[n][n] = stamp(2, n);
	}
	if (n == KM_TYPE_NR) {
		KTEST_EXPECT_EQ(t, kmap_atomic_depth(), KM_TYPE_NR);
		KTEST_EXPECT_EQ(t, preempt_count(), pc + KM_TYPE_NR);
		for (i = 0; i < KM_TYPE_NR; i++) {
			KTEST_EXPECT_EQ(t, pte_pfn(kmap_pte[-i]), page_to_pfn(pages[i]));
			KTEST_EXPECT_EQ(t, addr[i][i], stamp(2, i));
		}
	}
	while (n > 0)
		if (addr[--n])
			kunmap_atomic(addr[n]);
	KTEST_EXPECT(t, kmap_atomic_idle());
	for (i = 0; i < KM_TYPE_NR; i++) {
		u32 got = 0;

		KTEST_EXPECT(t, pte_none(kmap_pte[-i]));
		KTEST_EXPECT(t, peek_page_word(pages[i], i, &got) && got == stamp(2, i));
		__free_page(pages[i]);
	}
}

/* A low page in the middle takes no slot: high, low, high = slots 0, -, 1. */
KTEST(lab7, nest, low_pages_take_no_slot)
{
	struct page *h1, *h2, *low = alloc_page(GFP_KERNEL);
	void *a, *b, *c;

	ASSERT_KMAP_ATOMIC_READY(t);
	KTEST_ASSERT(t, low != NULL);
	GET_HIGH_PAGE(t, h1);
	GET_HIGH_PAGE(t, h2);
	a = kmap_atomic(h1);
	b = kmap_atomic(low);
	c = kmap_atomic(h2);
	KTEST_EXPECT(t, a == slot_addr(0));
	KTEST_EXPECT(t, b == page_address(low));
	KTEST_EXPECT(t, c == slot_addr(1));
	KTEST_EXPECT_EQ(t, kmap_atomic_depth(), 2);
	if (c)
		kunmap_atomic(c);
	if (b)
		kunmap_atomic(b);
	if (a)
		kunmap_atomic(a);
	KTEST_EXPECT(t, kmap_atomic_idle());
	__free_page(low);
	__free_page(h1);
	__free_page(h2);
}

/* ---- 7.3: interrupt context ---------------------------------------------------------- */

#define IRQ_HELD 3
#define IRQ_MORE 4

/* What the handler is given, and what it found. */
struct irq_nest {
	struct page *pages[IRQ_MORE];
	int nr;			/* how many to map in the handler */
	int depth_in;		/* kmap_atomic_depth() when it started */
	int depth_out;		/* ... when it returned */
	bool was_irq;
	int wrong_slot;		/* -1, or the first map that was not where expected */
	int wrong_data;		/* -1, or the first page whose bytes were wrong */
};

static void irq_maps_more(void *arg)
{
	struct irq_nest *n = arg;
	u32 *addr[IRQ_MORE];
	int i;

	n->was_irq = in_irq();
	n->depth_in = kmap_atomic_depth();
	for (i = 0; i < n->nr; i++) {
		addr[i] = kmap_atomic(n->pages[i]);
		if (addr[i] != slot_addr(n->depth_in + i) && n->wrong_slot < 0)
			n->wrong_slot = i;
		if (!addr[i])
			break;
		if (addr[i][i] != stamp(4, i) && n->wrong_data < 0)
			n->wrong_data = i;
		addr[i][i + 1] = stamp(5, i);
	}
	while (i > 0)
		if (addr[--i])
			kunmap_atomic(addr[i]);
	n->depth_out = kmap_atomic_depth();
}

/* Hold @p held slots, then let the timer interrupt map @p more above them. */
static void irq_nesting(struct ktest *t, int held, int more)
{
	struct irq_nest n = { .nr = more, .wrong_slot = -1, .wrong_data = -1 };
	struct page *mine[KM_TYPE_NR];
	u32 *addr[KM_TYPE_NR];
	pte_t before[KM_TYPE_NR];
	int i, got_held = 0;
	u32 got;

	for (i = 0; i < held; i++)
		KTEST_ASSERT(t, (mine[i] = get_high_page()) != NULL);
	for (i = 0; i < more; i++) {
		KTEST_ASSERT(t, (n.pages[i] = get_high_page()) != NULL);
		KTEST_ASSERT(t, poke_page_word(n.pages[i], i, stamp(4, i)));
	}
	for (got_held = 0; got_held < held; got_held++) {
		addr[got_held] = kmap_atomic(mine[got_held]);
		if (!addr[got_held])
			break;
		addr[got_held][0] = stamp(3, got_held);
		before[got_held] = kmap_pte[-got_held];
	}
	KTEST_EXPECT_EQ(t, got_held, held);
	KTEST_EXPECT_EQ(t, ktest_run_in_irq(irq_maps_more, &n), 0);
	KTEST_EXPECT(t, n.was_irq);
	KTEST_EXPECT_EQ(t, n.depth_in, held);
	KTEST_EXPECT_EQ(t, n.depth_out, held);
	KTEST_EXPECT_EQ(t, n.wrong_slot, -1);
	KTEST_EXPECT_EQ(t, n.wrong_data, -1);
	KTEST_EXPECT_EQ(t, kmap_atomic_depth(), held);
	for (i = 0; i < got_held; i++) {
		KTEST_EXPECT_EQ(t, pte_val(kmap_pte[-i]), pte_val(before[i]));
		KTEST_EXPECT_EQ(t, addr[i][0], stamp(3, i));	/* intact */
	}
	while (got_held > 0)
		kunmap_atomic(addr[--got_held]);
	KTEST_EXPECT(t, kmap_atomic_idle());
	for (i = 0; i < more; i++) {
		KTEST_EXPECT(t, peek_page_word(n.pages[i], i + 1, &got) && got == stamp(5, i));
		__free_page(n.pages[i]);
	}
	for (i = 0; i < held; i++)
		__free_page(mine[i]);
}

KTEST(lab7, irq, handler_maps_above)
{
	struct page *probe;

	ASSERT_KMAP_ATOMIC_READY(t);
	GET_HIGH_PAGE(t, probe);
	__free_page(probe);
	irq_nesting(t, IRQ_HELD, IRQ_MORE);
}

/* The interrupted code holds 16 slots; the handler takes the last 4. */
KTEST(lab7, irq, handler_fills_the_stack)
{
	struct page *probe;

	ASSERT_KMAP_ATOMIC_READY(t);
	GET_HIGH_PAGE(t, probe);
	__free_page(probe);
	irq_nesting(t, KM_TYPE_NR - IRQ_MORE, IRQ_MORE);
}

/* ---- 7.4: helpers ------------------------------------------------------------------ */

KTEST(lab7, helpers, clear_highpage)
{
	struct page *h, *l = alloc_page(GFP_KERNEL);
	u32 a = 1, b = 1, *low;

	ASSERT_KMAP_ATOMIC_READY(t);
	KTEST_ASSERT(t, l != NULL);
	GET_HIGH_PAGE(t, h);
	KTEST_ASSERT(t, poke_page_word(h, 0, 0xFFFFFFFFu) && poke_page_word(h, 1023, 0xFFFFFFFFu));
	low = page_address(l);
	memset(low, 0xA5, PAGE_SIZE);
	clear_highpage(h);
	clear_highpage(l);
	KTEST_EXPECT(t, peek_page_word(h, 0, &a) && peek_page_word(h, 1023, &b));
	KTEST_EXPECT_EQ(t, a | b, 0);
	KTEST_EXPECT_EQ(t, low[0] | low[512] | low[1023], 0);
	KTEST_EXPECT(t, kmap_atomic_idle());
	__free_page(h);
	__free_page(l);
}

KTEST(lab7, helpers, copy_highpage)
{
	struct page *h1, *h2, *l = alloc_page(GFP_KERNEL);
	u32 got = 0, *low;
	unsigned int w;

	ASSERT_KMAP_ATOMIC_READY(t);
	KTEST_ASSERT(t, l != NULL);
	GET_HIGH_PAGE(t, h1);
	GET_HIGH_PAGE(t, h2);
	low = page_address(l);
	for (w = 0; w < 1024; w++)
		low[w] = stamp(6, w);
	copy_highpage(h1, l);				/* low -> high */
	copy_highpage(h2, h1);				/* high -> high */
	memset(low, 0, PAGE_SIZE);
	copy_highpage(l, h2);				/* high -> low */
	for (w = 0; w < 1024; w++)
		if (!KTEST_EXPECT_EQ(t, low[w], stamp(6, w)))
			break;
	KTEST_EXPECT(t, peek_page_word(h1, 1023, &got) && got == stamp(6, 1023));
	KTEST_EXPECT(t, kmap_atomic_idle());
	__free_page(h1);
	__free_page(h2);
	__free_page(l);
}

KTEST(lab7, helpers, memcpy_to_from_page)
{
	static const char msg[] = "kmap_atomic";
	char buf[sizeof(msg)] = "";
	unsigned int w = warn_count;
	struct page *h;
	u32 got = 0;

	ASSERT_KMAP_ATOMIC_READY(t);
	GET_HIGH_PAGE(t, h);
	KTEST_ASSERT(t, poke_page_word(h, 1023, 0));
	memcpy_to_page(h, PAGE_SIZE - 4, "tail", 4);	/* the last 4 bytes */
	memcpy_to_page(h, 100, msg, sizeof(msg));
	memcpy_from_page(buf, h, 100, sizeof(msg));
	KTEST_EXPECT(t, memcmp(buf, msg, sizeof(msg)) == 0);
	KTEST_EXPECT(t, peek_page_word(h, 1023, &got));
	KTEST_EXPECT_EQ(t, got, 0x6C696174u);		/* "tail", little-endian */
	/* One byte past the end: reported, nothing written. */
	memcpy_to_page(h, PAGE_SIZE - 3, "TAIL", 4);
	KTEST_EXPECT_EQ(t, warn_count, w + 1);
	KTEST_EXPECT(t, peek_page_word(h, 1023, &got) && got == 0x6C696174u);
	KTEST_EXPECT(t, kmap_atomic_idle());
	__free_page(h);
}

/* ---- the book's demo ----------------------------------------------------------------- */

static void demo_irq(void *arg)
{
	struct page **pages = arg;
	void *c = kmap_atomic(pages[2]), *d = kmap_atomic(pages[3]);

	printk("# lab7:   in the timer interrupt: in_irq %d, preempt_count %#x\n",
	       in_irq(), preempt_count());
	printk("# lab7:   C -> %p, D -> %p, depth %d\n", c, d, kmap_atomic_depth());
	kunmap_atomic(d);
	kunmap_atomic(c);
	printk("# lab7:   handler returns at depth %d\n", kmap_atomic_depth());
}

/*
 * The book's experiment: the test holds two slots, the timer interrupt
 * maps two more above them and gives them back before returning.
 * make run LAB=7 SRC=solutions CMDLINE="ktest.filter=lab7.demo.irq"
 */
KTEST_EXPLICIT(lab7, demo, irq)
{
	struct page *pages[4];
	u32 *a, *b;
	int i;

	ASSERT_KMAP_ATOMIC_READY(t);
	for (i = 0; i < 4; i++)
		GET_HIGH_PAGE(t, pages[i]);
	a = kmap_atomic(pages[0]);
	b = kmap_atomic(pages[1]);
	KTEST_ASSERT(t, a && b);
	*a = 0xAAAA0000u;
	*b = 0xBBBB0000u;
	printk("# lab7: A (pfn %#lx) -> %p, B (pfn %#lx) -> %p, depth %d, preempt_count %#x\n",
	       page_to_pfn(pages[0]), a, page_to_pfn(pages[1]), b,
	       kmap_atomic_depth(), preempt_count());
	KTEST_EXPECT_EQ(t, ktest_run_in_irq(demo_irq, pages), 0);
	printk("# lab7: back: depth %d, *A = %#x, *B = %#x\n",
	       kmap_atomic_depth(), *a, *b);
	kunmap_atomic(b);
	kunmap_atomic(a);
	printk("# lab7: unmapped: depth %d, preempt_count %#x\n",
	       kmap_atomic_depth(), preempt_count());
	for (i = 0; i < 4; i++)
		__free_page(pages[i]);
}
