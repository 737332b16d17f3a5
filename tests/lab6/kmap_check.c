/**
 * @file
 * Lab 6 host suite: kmap, kunmap and the lazy flush on the simulated
 * machines of 64 MiB (no highmem), 1 GiB, 900 MiB and 3 GiB, with the
 * simulated MMU.
 *
 * Each machine boots as mm_init() boots it at stage 6, with labs 1 to 5
 * from solutions/, then kmap_init().  The sim's MMU turns every present
 * PTE into a host mapping of the page's memfd frame, and keeps a cleared
 * PTE reachable until the TLB is flushed, as the CPU does: so a store
 * through a kmap() address really lands in the frame, and a slot freed
 * without a flush would still be readable.
 *
 * The reference model: for each page, how many kmap() references the
 * test holds.  After every step of a random walk (kmap or kunmap of one
 * of 1500 high pages, never more than 1000 held, so kmap never has to
 * sleep) the lab must agree: a held page has an address, its slot count
 * is refs + 1 and its PTE maps its frame.  The deliberate fault: a PTE
 * cleared behind the lab's back without a flush stays readable, which
 * proves the "slot not reused before the flush" checks really see the TLB.
 *
 * No threads on the host: a kmap() that would sleep (all 1024 slots in
 * use) is tested in the kernel only (tests/lab6/wait_ktest.c).  The wait
 * queue functions the lab links against are stand-ins here; schedule()
 * aborts, so a kmap() that tried to sleep would fail the test.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <check.h>

#include <linux/kernel.h>
#include <linux/highmem.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>
#include "sim/sim.h"
#include "mm_fixture.h"

/*
 * The host has no threads: sim/sched.c's schedule() aborts if kmap() would
 * really sleep, so blocking is tested in the kernel (tests/lab6/wait_ktest.c).
 */

/* ---- the fixture ------------------------------------------------------------- */

/* Boot machine @p m as far as mm_init() goes at stage 6. */
static void boot(const struct sim_e820_map *m)
{
	sim_boot_mm_stage5(m);
	memset(pkmap_count, 0, sizeof(pkmap_count));
	last_pkmap_nr = 0;
	pkmap_flush_count = 0;
	kmap_init();
	ck_assert_ptr_eq(current_pgdir(), swapper_pg_dir);
	sim_console_clear();
}

static void shutdown(void)
{
	vmlist = NULL;
	sim_machine_exit();
	sim_console_clear();
}

static unsigned long nr_high(void)
{
	return max_pfn > max_low_pfn ? max_pfn - max_low_pfn : 0;
}

static struct page *high(unsigned long i)
{
	return pfn_to_page(max_low_pfn + i);
}

/* The frame the TLB (the host mapping) has for @p addr, or -1. */
static long tlb_pfn(const void *addr)
{
	unsigned long pfn;

	if (!sim_tlb_lookup((unsigned long)addr, &pfn, NULL))
		return -1;
	return (long)pfn;
}

/* ---- 6.1 --------------------------------------------------------------------- */

START_TEST(test_init)
{
	pgd_t *pgd;
	unsigned int i;

	boot(sim_e820_maps[_i]);
	pgd = pgd_offset_k(PKMAP_BASE);
	ck_assert_uint_eq(pgd_index(PKMAP_BASE), 1022);
	ck_assert(pgd_present(*pgd) && !pgd_large(*pgd));
	for (i = 0; i < LAST_PKMAP; i++) {
		ck_assert(pte_none(pgd_page_vaddr(*pgd)[i]));
		ck_assert(!sim_readable((void *)PKMAP_ADDR(i)));
	}
	shutdown();
}
END_TEST

/* ---- 6.3, 6.4: stores reach the frame ------------------------------------------ */

START_TEST(test_kmap_reaches_frame)
{
	struct page *low, *page;
	u32 *k, *v;

	boot(sim_e820_maps[_i]);
	low = pfn_to_page(0x800);
	ck_assert_ptr_eq(kmap(low), __va(0x800000));	/* low: the direct map */
	kunmap(low);
	if (!nr_high()) {				/* 64 MiB: nothing else */
		ck_assert_uint_eq(last_pkmap_nr, 0);
		shutdown();
		return;
	}
	page = high(nr_high() - 1);			/* the last frame of RAM */
	k = kmap(page);
	ck_assert_ptr_eq(k, (void *)PKMAP_ADDR(1));
	ck_assert_int_eq(tlb_pfn(k), (long)page_to_pfn(page));
	ck_assert_ptr_eq(page_address(page), k);
	ck_assert_int_eq(pkmap_count[1], 2);
	k[17] = 0x6b6b1717;
	v = vmap(&page, 1, VM_MAP, PAGE_KERNEL);	/* a second mapping */
	ck_assert_ptr_nonnull(v);
	ck_assert_uint_eq(v[17], 0x6b6b1717);
	v[1023] = 0xA5A5A5A5;
	ck_assert_uint_eq(k[1023], 0xA5A5A5A5);
	vunmap(v);
	kunmap(page);
	ck_assert_int_eq(pkmap_count[1], 1);
	shutdown();
}
END_TEST

/* ---- 6.3, 6.5: the lazy flush ------------------------------------------------------ */

START_TEST(test_lazy_flush)
{
	struct page *a;
	unsigned long i;
	void *va;
	int s;

	boot(sim_e820_maps[_i]);
	if (nr_high() < 2 * LAST_PKMAP) {
		shutdown();
		return;
	}
	a = high(0);
	va = kmap(a);
	s = (int)PKMAP_NR(va);
	kunmap(a);
	ck_assert(sim_readable(va));			/* count 1: still mapped */
	for (i = 1; last_pkmap_nr != LAST_PKMAP - 1; i++) {
		void *v = kmap(high(i));

		ck_assert_int_ne((int)PKMAP_NR(v), s);	/* not before the flush */
		kunmap(high(i));
	}
	ck_assert_uint_eq(pkmap_flush_count, 0);
	ck_assert_int_eq(tlb_pfn(va), (long)page_to_pfn(a));
	va = kmap(high(i));				/* wraps: the flush, slot 0 */
	ck_assert_ptr_eq(va, (void *)PKMAP_ADDR(0));
	ck_assert_uint_eq(pkmap_flush_count, 1);
	ck_assert_int_eq(pkmap_count[s], 0);
	ck_assert(!sim_readable((void *)PKMAP_ADDR(s)));
	ck_assert_ptr_null(page_address(a));
	kunmap(high(i));
	shutdown();
}
END_TEST

/* ---- the reference model ------------------------------------------------------------ */

#define MODEL_PAGES 1500
#define MODEL_MAX_HELD 1000

/* The lab agrees with refs[] on page @p i. */
static void check_page(unsigned long i, const unsigned int *refs)
{
	void *va = page_address(high(i));

	if (!refs[i])
		return;		/* may or may not have a count-1 slot */
	ck_assert_ptr_nonnull(va);
	ck_assert_int_eq(pkmap_count[PKMAP_NR(va)], (int)refs[i] + 1);
	ck_assert_int_eq(tlb_pfn(va), (long)page_to_pfn(high(i)));
}

START_TEST(test_model_random)
{
	static unsigned int refs[MODEL_PAGES];
	unsigned long step, held = 0, i, busy;

	boot(sim_e820_maps[_i]);
	if (nr_high() < MODEL_PAGES) {
		shutdown();
		return;
	}
	memset(refs, 0, sizeof(refs));
	srandom(6);
	for (step = 0; step < 20000; step++) {
		i = (unsigned long)random() % MODEL_PAGES;
		if (refs[i] && (held >= MODEL_MAX_HELD || random() & 1)) {
			kunmap(high(i));
			refs[i]--;
			held -= !refs[i];
		} else if (refs[i] || held < MODEL_MAX_HELD) {
			ck_assert_ptr_nonnull(kmap(high(i)));
			held += !refs[i];
			refs[i]++;
		}
		check_page(i, refs);
	}
	for (i = 0, busy = 0; i < LAST_PKMAP; i++)
		busy += pkmap_count[i] > 1;
	ck_assert_uint_eq(busy, held);
	for (i = 0; i < MODEL_PAGES; i++) {
		check_page(i, refs);
		while (refs[i]--)
			kunmap(high(i));
	}
	flush_all_zero_pkmaps();
	for (i = 0; i < LAST_PKMAP; i++)
		ck_assert_int_eq(pkmap_count[i], 0);
	shutdown();
}
END_TEST

/* 1024 live mappings: a page that has one gets it again without sleeping. */
START_TEST(test_full_no_sleep_for_mapped)
{
	unsigned long i;

	boot(&sim_e820_3g);
	for (i = 0; i < LAST_PKMAP; i++)
		ck_assert_ptr_nonnull(kmap(high(i)));
	for (i = 0; i < LAST_PKMAP; i++)
		ck_assert_int_eq(pkmap_count[i], 2);
	ck_assert_ptr_eq(kmap(high(77)), page_address(high(77)));
	kunmap(high(77));
	for (i = 0; i < LAST_PKMAP; i++)
		kunmap(high(i));
	shutdown();
}
END_TEST

/* ---- misuse ------------------------------------------------------------------------- */

START_TEST(test_misuse)
{
	static int before[LAST_PKMAP];
	unsigned int w;

	boot(&sim_e820_1g);
	ck_assert_ptr_nonnull(kmap(high(3)));
	memcpy(before, pkmap_count, sizeof(before));
	w = warn_count;
	kunmap(high(4));
	ck_assert_uint_eq(warn_count, w + 1);
	ck_assert(sim_console_contains("kunmap: page"));
	ck_assert(sim_console_contains("is not kmapped"));
	ck_assert(memcmp(before, pkmap_count, sizeof(before)) == 0);
	irq_enter();
	ck_assert_ptr_null(kmap(high(5)));
	irq_exit();
	ck_assert_uint_eq(warn_count, w + 2);
	ck_assert(sim_console_contains("use kmap_atomic()"));
	ck_assert_ptr_null(page_address(high(5)));
	kunmap(high(3));
	shutdown();
}
END_TEST

/* Take every free page of every order: the buddy allocator is empty. */
static void drain_buddy(void)
{
	int order;

	for (order = MAX_ORDER - 1; order >= 0; order--)
		while (alloc_pages(GFP_KERNEL | __GFP_HIGHMEM, order))
			;
}

/* The stage-5 boot without kmap_init(): for the cases that call it themselves. */
static void boot_without_kmap_init(void)
{
	sim_boot_mm_stage5(&sim_e820_1g);
	memset(pkmap_count, 0, sizeof(pkmap_count));
	last_pkmap_nr = 0;
	sim_console_clear();
}

/* 6.1: a pkmap table that is already in the directory is the one kmap() uses. */
START_TEST(test_init_adopts_table)
{
	struct page *tp;
	pte_t *table;
	void *va;

	boot_without_kmap_init();
	tp = alloc_page(GFP_KERNEL | __GFP_ZERO);
	ck_assert_ptr_nonnull(tp);
	table = page_address(tp);
	set_pgd(pgd_offset_k(PKMAP_BASE), __pgd((u32)__pa(table) | _KERNPG_TABLE));
	kmap_init();
	va = kmap(high(1));
	ck_assert_ptr_nonnull(va);
	ck_assert_uint_eq(pte_pfn(table[PKMAP_NR(va)]), page_to_pfn(high(1)));
	ck_assert_uint_eq(pgd_val(*pgd_offset_k(PKMAP_BASE)) & PAGE_MASK, __pa(table));
	kunmap(high(1));
	shutdown();
}
END_TEST

/* 6.1 with an empty buddy allocator: say so, and kmap() of a high page fails. */
START_TEST(test_init_no_page)
{
	boot_without_kmap_init();
	drain_buddy();
	kmap_init();
	ck_assert(sim_console_contains("no page"));	/* worded as the student likes */
	ck_assert(pgd_none(*pgd_offset_k(PKMAP_BASE)));
	ck_assert_ptr_null(kmap(high(1)));
	ck_assert_ptr_eq(kmap(pfn_to_page(0x100)), page_address(pfn_to_page(0x100)));
	shutdown();
}
END_TEST

/* The pkmap page table, as kmap_init() hooked it in. */
static pte_t *pkmap_table(void)
{
	return pgd_page_vaddr(*pgd_offset_k(PKMAP_BASE));
}

/* Each plants one broken invariant, says so on stderr, then calls the lab. */
static void bug_init_over_large(void *arg)
{
	(void)arg;
	boot_without_kmap_init();
	set_pgd(pgd_offset_k(PKMAP_BASE),
		__pgd(0x00400000u | _PAGE_PSE | _KERNPG_TABLE));
	fprintf(stderr, "planted\n");
	kmap_init();
}

static void bug_flush_empty_pte(void *arg)
{
	(void)arg;
	boot(&sim_e820_1g);
	pkmap_count[7] = 1;			/* "mapped, no user", but no PTE */
	fprintf(stderr, "planted\n");
	flush_all_zero_pkmaps();
}

static void bug_free_slot_busy_pte(void *arg)
{
	(void)arg;
	boot(&sim_e820_1g);
	/* The scan's next slot is 1: count 0, yet its PTE maps a page. */
	set_pte(&pkmap_table()[1], pfn_pte(page_to_pfn(high(8)), PAGE_KERNEL));
	fprintf(stderr, "planted\n");
	kmap(high(9));
}

static void bug_mapped_count_zero(void *arg)
{
	void *va;

	(void)arg;
	boot(&sim_e820_1g);
	va = kmap(high(2));
	ck_assert_ptr_nonnull(va);
	pkmap_count[PKMAP_NR(va)] = 0;		/* in the hash, but "free" */
	fprintf(stderr, "planted\n");
	kmap(high(2));
}

static void bug_address_set_twice(void *arg)
{
	(void)arg;
	boot(&sim_e820_1g);
	set_page_address(high(3), (void *)PKMAP_ADDR(3));
	fprintf(stderr, "planted\n");
	set_page_address(high(3), (void *)PKMAP_ADDR(4));
}

static void bug_address_cleared_unset(void *arg)
{
	(void)arg;
	boot(&sim_e820_1g);
	set_page_address(high(3), (void *)PKMAP_ADDR(3));
	fprintf(stderr, "planted\n");
	set_page_address(high(4), NULL);
}

static void bug_address_pool_empty(void *arg)
{
	unsigned long i;

	(void)arg;
	boot(&sim_e820_1g);
	for (i = 0; i < LAST_PKMAP; i++)
		set_page_address(high(i), (void *)PKMAP_ADDR(i));
	fprintf(stderr, "planted\n");
	set_page_address(high(LAST_PKMAP), (void *)PKMAP_ADDR(0));
}

/*
 * Every broken invariant of 6.1-6.4 that the reference checks is a BUG:
 * the kernel must stop, not go on with a corrupt table.
 */
START_TEST(test_bugs)
{
	static const struct sim_bug_case cases[] = {
		{ "kmap_init over a 4 MiB entry", bug_init_over_large },
		{ "flush of a count-1 slot with an empty PTE", bug_flush_empty_pte },
		{ "a free slot whose PTE maps a page", bug_free_slot_busy_pte },
		{ "kmap of a recorded page whose slot is at count 0", bug_mapped_count_zero },
		{ "set_page_address of a recorded page", bug_address_set_twice },
		{ "set_page_address(NULL) of a page never recorded", bug_address_cleared_unset },
		{ "set_page_address with the pool empty", bug_address_pool_empty },
	};
	char *why = sim_must_bug(cases, ARRAY_SIZE(cases));

	ck_assert_msg(!why, "%s", why);
	free(why);
}
END_TEST

/* The deliberate fault: a PTE cleared without a flush is still in the "TLB". */
START_TEST(test_stale_without_flush)
{
	pte_t *table;
	void *va;

	boot(&sim_e820_1g);
	va = kmap(high(9));
	ck_assert_ptr_nonnull(va);
	table = pgd_page_vaddr(*pgd_offset_k(PKMAP_BASE));
	pte_clear(&table[PKMAP_NR(va)]);		/* behind the lab's back */
	ck_assert(sim_readable(va));			/* the checker sees it */
	sim_flush_tlb_all();
	ck_assert(!sim_readable(va));
	shutdown();
}
END_TEST

Suite *host_suite(void)
{
	Suite *s = suite_create("lab6-kmap");
	TCase *tc = tcase_create("kmap");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_init, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_kmap_reaches_frame, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_lazy_flush, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_model_random, 0, SIM_NR_E820_MAPS);
	tcase_add_test(tc, test_full_no_sleep_for_mapped);
	tcase_add_test(tc, test_misuse);
	tcase_add_test(tc, test_init_adopts_table);
	tcase_add_test(tc, test_init_no_page);
	tcase_add_test(tc, test_bugs);
	tcase_add_test(tc, test_stale_without_flush);
	suite_add_tcase(s, tc);
	return s;
}
