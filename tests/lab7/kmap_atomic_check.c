/**
 * @file
 * Lab 7 host suite: kmap_atomic() and kunmap_atomic() on the simulated
 * machines of 64 MiB (no highmem), 1 GiB, 900 MiB and 3 GiB, with the
 * simulated MMU.
 *
 * Each machine boots as mm_init() does up to stage 5 (labs 1 to 5 from
 * solutions/), then kmap_atomic_init().  The fixmap slots are real page
 * table entries: the sim turns a present entry into a host mapping, so a
 * store through a slot address lands in the simulated frame, and a
 * cleared entry stays reachable until the TLB is flushed, as on the CPU.
 * A high page's bytes are checked through a second mapping of its own
 * (vmap, lab 5), never through the slot under test.
 *
 * The reference model of the stack is an array: model[i] is the frame
 * slot i maps, for i < depth.  After every step of a random walk (push
 * when the coin says so and there is room, pop the top otherwise) each of
 * the KM_TYPE_NR slots must be exactly what the model says: mapped to its
 * frame (entry and "TLB"), or unreachable.
 *
 * @verbatim
 *   slot i at __fix_to_virt(FIX_KMAP_BEGIN + i) = 0xFFFFE000 - i * 0x1000
 *   entry    kmap_pte - i, in the table of pgd entry 1023
 * @endverbatim
 *
 * The deliberate fault: an entry cleared without a flush stays readable,
 * which proves the "unreachable after kunmap_atomic" check sees the TLB.
 * The misuse tests are in kmap_atomic_check_misuse.c, the same program.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <check.h>

#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/highmem.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>
#include "sim/sim.h"
#include "mm_fixture.h"
#include "kmap_atomic_check.h"

/* ---- the fixture ------------------------------------------------------------- */

void boot(const struct sim_e820_map *m)
{
	sim_boot_mm_stage5(m);
	__preempt_count = 0;
	kmap_atomic_init();
	ck_assert_ptr_nonnull(kmap_pte);
	ck_assert_int_eq(kmap_atomic_depth(), 0);
	sim_console_clear();
}

void shutdown(void)
{
	ck_assert_int_eq(kmap_atomic_depth(), 0);
	ck_assert_uint_eq(preempt_count(), 0);
	vmlist = NULL;
	sim_machine_exit();
	sim_console_clear();
}

void *slot_addr(int i)
{
	return (void *)__fix_to_virt(FIX_KMAP_BEGIN + i);
}

/* A page from highmem if the machine has any (low on 64 MiB). */
struct page *any_page(void)
{
	struct page *p = alloc_page(GFP_HIGHUSER);

	ck_assert_ptr_nonnull(p);
	return p;
}

struct page *high_page(void)
{
	struct page *p = any_page();

	ck_assert_msg(PageHighMem(p), "expected a high page");
	return p;
}

/* The frame the "TLB" (host mappings) has for slot @p i, or -1. */
long tlb_pfn(int i)
{
	unsigned long pfn;
	bool w;

	if (!sim_tlb_lookup((unsigned long)slot_addr(i), &pfn, &w))
		return -1;
	return (long)pfn;
}

/* ---- 7.1 ------------------------------------------------------------------------ */

START_TEST(test_init)
{
	pgd_t *pgd;
	pte_t *first;
	int i;

	boot(sim_e820_maps[_i]);
	ck_assert_uint_eq(__cpu_addr(slot_addr(0)), 0xFFFFE000u);
	ck_assert_uint_eq(__cpu_addr(slot_addr(KM_TYPE_NR - 1)), 0xFFFEB000u);
	pgd = pgd_offset_k((unsigned long)slot_addr(0));
	ck_assert_uint_eq(pgd - swapper_pg_dir, 1023);
	ck_assert(pgd_present(*pgd) && !pgd_large(*pgd));
	ck_assert_ptr_eq(kmap_pte, pte_offset_kernel(pgd, (unsigned long)slot_addr(0)));
	ck_assert_uint_eq(pte_index((unsigned long)slot_addr(0)), 1022);
	for (i = 0; i < KM_TYPE_NR; i++) {
		ck_assert(pte_none(kmap_pte[-i]));
		ck_assert(!sim_readable(slot_addr(i)));
	}
	/* A second call keeps the table it made. */
	first = kmap_pte;
	kmap_atomic_init();
	ck_assert_ptr_eq(kmap_pte, first);
	shutdown();
}
END_TEST

/* ---- 7.2 / 7.3: one mapping -------------------------------------------------------- */

START_TEST(test_write_reaches_frame)
{
	struct page *page;
	u32 *p;
	int i;

	boot(sim_e820_maps[_i]);
	page = any_page();
	p = kmap_atomic(page);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(preempt_count(), 1);
	if (PageHighMem(page)) {
		ck_assert_ptr_eq(p, slot_addr(0));
		ck_assert_int_eq(kmap_atomic_depth(), 1);
		ck_assert_uint_eq(pte_pfn(kmap_pte[0]), page_to_pfn(page));
	} else {
		ck_assert_ptr_eq(p, page_address(page));
		ck_assert_int_eq(kmap_atomic_depth(), 0);
	}
	for (i = 0; i < 1024; i++)
		p[i] = 0x7A000000u + (u32)i;
	kunmap_atomic(p);
	ck_assert_uint_eq(preempt_count(), 0);
	ck_assert_int_eq(kmap_atomic_depth(), 0);
	if (PageHighMem(page))
		ck_assert_msg(!sim_readable(p), "slot still reachable: TLB not flushed");
	for (i = 0; i < 1024; i += 97)
		ck_assert_uint_eq(page_word(page, i), 0x7A000000u + (u32)i);
	__free_page(page);
	shutdown();
}
END_TEST

/* The slot is reused for the next page, which shows, not the old one. */
START_TEST(test_slot_reused)
{
	struct page *a, *b;
	u32 *p, *q;

	boot(&sim_e820_1g);
	a = high_page();
	b = high_page();
	p = kmap_atomic(a);
	*p = 0xAAAAAAAAu;
	kunmap_atomic(p);
	q = kmap_atomic(b);
	*q = 0xBBBBBBBBu;
	ck_assert_ptr_eq(p, q);
	kunmap_atomic(q);
	ck_assert_uint_eq(page_word(a, 0), 0xAAAAAAAAu);
	ck_assert_uint_eq(page_word(b, 0), 0xBBBBBBBBu);
	shutdown();
}
END_TEST

/* ---- nesting against the model -------------------------------------------------------- */

/* Every slot is what the model says: live slots map their frames, the rest nothing. */
void check_slots(const unsigned long *model, int depth)
{
	int i;

	ck_assert_int_eq(kmap_atomic_depth(), depth);
	for (i = 0; i < KM_TYPE_NR; i++) {
		if (i < depth) {
			ck_assert_uint_eq(pte_pfn(kmap_pte[-i]), model[i]);
			ck_assert_int_eq(tlb_pfn(i), (long)model[i]);
		} else {
			ck_assert(pte_none(kmap_pte[-i]));
			ck_assert_int_eq(tlb_pfn(i), -1);
		}
	}
}

START_TEST(test_full_depth)
{
	struct page *pages[KM_TYPE_NR];
	unsigned long model[KM_TYPE_NR];
	u32 *addr[KM_TYPE_NR];
	int i;

	boot(sim_e820_maps[_i]);
	for (i = 0; i < KM_TYPE_NR; i++) {
		pages[i] = any_page();
		addr[i] = kmap_atomic(pages[i]);
		*addr[i] = 0xD0000000u + (u32)i;
		model[i] = page_to_pfn(pages[i]);
	}
	ck_assert_uint_eq(preempt_count(), KM_TYPE_NR);
	if (PageHighMem(pages[0]))
		check_slots(model, KM_TYPE_NR);
	for (i = 0; i < KM_TYPE_NR; i++)
		ck_assert_uint_eq(*addr[i], 0xD0000000u + (u32)i);
	for (i = KM_TYPE_NR - 1; i >= 0; i--)
		kunmap_atomic(addr[i]);
	check_slots(model, 0);
	for (i = 0; i < KM_TYPE_NR; i++) {
		ck_assert_uint_eq(page_word(pages[i], 0), 0xD0000000u + (u32)i);
		__free_page(pages[i]);
	}
	shutdown();
}
END_TEST

START_TEST(test_random_walk)
{
	struct page *pool[8];
	unsigned long model[KM_TYPE_NR];
	void *addr[KM_TYPE_NR];
	int depth = 0, step, i;

	boot(&sim_e820_3g);
	srand(7);
	for (i = 0; i < 8; i++)
		pool[i] = high_page();
	for (step = 0; step < 3000; step++) {
		bool push = depth == 0 || (depth < KM_TYPE_NR && rand() % 2);

		if (push) {
			struct page *pg = pool[rand() % 8];

			addr[depth] = kmap_atomic(pg);
			ck_assert_ptr_eq(addr[depth], slot_addr(depth));
			model[depth++] = page_to_pfn(pg);
		} else {
			kunmap_atomic((char *)addr[--depth] + 123);	/* any byte of it */
		}
		check_slots(model, depth);
		ck_assert_uint_eq(preempt_count(), (unsigned int)depth);
	}
	while (depth)
		kunmap_atomic(addr[--depth]);
	check_slots(model, 0);
	shutdown();
}
END_TEST

/* ---- 7.4: helpers ------------------------------------------------------------------ */

START_TEST(test_helpers)
{
	struct page *h, *l;
	char buf[16];
	unsigned int w;
	u32 *low;
	int i;

	boot(sim_e820_maps[_i]);
	h = any_page();
	l = alloc_page(GFP_KERNEL);
	ck_assert_ptr_nonnull(l);
	low = page_address(l);
	for (i = 0; i < 1024; i++)
		low[i] = 0x11110000u + (u32)i;
	copy_highpage(h, l);				/* low -> (high) */
	ck_assert_uint_eq(page_word(h, 1023), 0x11110000u + 1023);
	clear_highpage(l);
	ck_assert_uint_eq(low[0] | low[511] | low[1023], 0);
	copy_highpage(l, h);				/* (high) -> low */
	ck_assert_uint_eq(low[1023], 0x11110000u + 1023);
	clear_highpage(h);
	ck_assert_uint_eq(page_word(h, 7) | page_word(h, 1023), 0);
	memcpy_to_page(h, PAGE_SIZE - 5, "hello", 5);	/* the last 5 bytes */
	memset(buf, 0, sizeof(buf));
	memcpy_from_page(buf, h, PAGE_SIZE - 5, 5);
	ck_assert_str_eq(buf, "hello");
	ck_assert_uint_eq(page_word(h, 1023), 0x6F6C6C65u);	/* "ello" */
	w = warn_count;
	memcpy_to_page(h, PAGE_SIZE - 4, "hello", 5);	/* one byte too far */
	memcpy_from_page(buf, h, PAGE_SIZE + 1, 0);
	ck_assert_uint_eq(warn_count, w + 2);
	ck_assert_uint_eq(page_word(h, 1023), 0x6F6C6C65u);
	ck_assert_int_eq(kmap_atomic_depth(), 0);
	ck_assert_uint_eq(preempt_count(), 0);
	__free_page(h);
	__free_page(l);
	shutdown();
}
END_TEST

/* ---- the deliberate fault ------------------------------------------------------------ */

START_TEST(test_stale_without_flush)
{
	struct page *a;
	void *p;

	boot(&sim_e820_1g);
	a = high_page();
	p = kmap_atomic(a);
	pte_clear(kmap_pte);			/* behind the lab's back, no flush */
	ck_assert(sim_readable(p));		/* stale: the checker must see it */
	__flush_tlb_one((unsigned long)p);
	ck_assert(!sim_readable(p));
	set_pte(kmap_pte, pfn_pte(page_to_pfn(a), PAGE_KERNEL));
	kunmap_atomic(p);
	ck_assert(!sim_readable(p));
	shutdown();
}
END_TEST

Suite *host_suite(void)
{
	Suite *s = suite_create("lab7-kmap_atomic");
	TCase *tc = tcase_create("kmap_atomic");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_init, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_write_reaches_frame, 0, SIM_NR_E820_MAPS);
	tcase_add_test(tc, test_slot_reused);
	tcase_add_loop_test(tc, test_full_depth, 0, SIM_NR_E820_MAPS);
	tcase_add_test(tc, test_random_walk);
	add_misuse_tests(tc);
	tcase_add_loop_test(tc, test_helpers, 0, SIM_NR_E820_MAPS);
	tcase_add_test(tc, test_stale_without_flush);
	suite_add_tcase(s, tc);
	return s;
}
