/**
 * @file
 * Lab 7 host suite "kmap_atomic": misuse the kernel must refuse or
 * report (unmaps out of order or of the wrong slot, overflowing the stack,
 * a slot busy at map time) and kmap_atomic_init()'s own checks.  Part of
 * the kmap_atomic_check program (kmap_atomic_check.c has the fixture, the
 * model and the suite).
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

/* ---- misuse ---------------------------------------------------------------------------- */

START_TEST(test_out_of_order)
{
	unsigned long model[2];
	struct page *a, *b;
	unsigned int w;
	void *pa, *pb;

	boot(&sim_e820_1g);
	a = high_page();
	b = high_page();
	pa = kmap_atomic(a);
	pb = kmap_atomic(b);
	model[0] = page_to_pfn(a);
	model[1] = page_to_pfn(b);
	w = warn_count;
	kunmap_atomic(pa);
	ck_assert_uint_eq(warn_count, w + 1);
	ck_assert(sim_console_contains("kunmap_atomic: out of order"));
	check_slots(model, 2);				/* nothing changed */
	ck_assert_uint_eq(preempt_count(), 2);
	kunmap_atomic(pb);
	kunmap_atomic(pa);
	ck_assert_uint_eq(warn_count, w + 1);
	check_slots(model, 0);
	shutdown();
}
END_TEST

START_TEST(test_bad_unmaps)
{
	unsigned int w;
	struct page *a;
	void *pa, *v;

	boot(&sim_e820_1g);
	a = high_page();
	w = warn_count;
	kunmap_atomic(slot_addr(0));			/* nothing mapped */
	ck_assert_uint_eq(warn_count, w + 1);
	ck_assert(sim_console_contains("is not mapped"));
	pa = kmap_atomic(a);
	kunmap_atomic(slot_addr(5));			/* above the top */
	ck_assert_uint_eq(warn_count, w + 2);
	v = vmalloc(PAGE_SIZE);
	ck_assert_ptr_nonnull(v);
	kunmap_atomic(v);				/* not kmap_atomic's */
	ck_assert_uint_eq(warn_count, w + 3);
	ck_assert_int_eq(kmap_atomic_depth(), 1);
	ck_assert_uint_eq(preempt_count(), 1);
	kunmap_atomic(pa);
	kunmap_atomic(lowmem_page_address(pfn_to_page(0x100)));
	ck_assert_uint_eq(warn_count, w + 4);		/* low address, no section */
	ck_assert(sim_console_contains("no kmap_atomic() section is open"));
	vfree(v);
	shutdown();
}
END_TEST

static void overflow(void *arg)
{
	int i;

	(void)arg;
	boot(&sim_e820_1g);
	for (i = 0; i <= KM_TYPE_NR; i++)
		kmap_atomic(high_page());
}

START_TEST(test_overflow_bugs)
{
	struct sim_child_result res;

	ck_assert_int_eq(sim_run_child(overflow, NULL, &res), 0);
	ck_assert_msg(WIFSIGNALED(res.status) && WTERMSIG(res.status) == SIGABRT,
		      "a 21st kmap_atomic() must BUG; status %#x", res.status);
	ck_assert_msg(strstr(res.err, "BUG"), "no BUG report: %s", res.err);
}
END_TEST

/*
 * A BUG is an abort(): the sim copies only the BUG's own lines to stderr.
 * The line kmap_atomic printed just before it is in the console, so the
 * child's abort handler copies the whole console out first.
 */
static void dump_console_on_abort(int sig)
{
	fputs(sim_console_text(), stderr);
	fflush(stderr);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Twenty nested mappings, one line on stderr, then the twenty-first. */
static void overflow_after_twenty(void *arg)
{
	struct page *a;
	int i;

	(void)arg;
	boot(&sim_e820_1g);
	a = high_page();
	for (i = 0; i < KM_TYPE_NR; i++)
		if (!kmap_atomic(a))
			return;
	fprintf(stderr, "depth %d\n", kmap_atomic_depth());
	signal(SIGABRT, dump_console_on_abort);
	kmap_atomic(a);
}

/* Slot 0 is free but its entry is not empty: a broken invariant. */
static void busy_free_slot(void *arg)
{
	struct page *a;

	(void)arg;
	boot(&sim_e820_1g);
	a = high_page();
	set_pte(kmap_pte, pfn_pte(page_to_pfn(a), PAGE_KERNEL));
	fprintf(stderr, "planted\n");
	kmap_atomic(a);
}

/*
 * The two BUGs of 7.2: the twenty-first nested mapping (after a line
 * naming the twenty slots), and a free slot whose entry maps something.
 * Each must die, not map: the skeleton, which maps nothing, fails here.
 */
START_TEST(test_misuse_bugs)
{
	struct sim_child_result res;
	char depth[32], line[64];

	snprintf(depth, sizeof(depth), "depth %d\n", KM_TYPE_NR);
	snprintf(line, sizeof(line), "%d slots", KM_TYPE_NR);	/* the line may say it any way */
	ck_assert_int_eq(sim_run_child(overflow_after_twenty, NULL, &res), 0);
	ck_assert_msg(strstr(res.err, depth), "twenty mappings must fit: %s", res.err);
	ck_assert_msg(WIFSIGNALED(res.status) && WTERMSIG(res.status) == SIGABRT,
		      "a 21st kmap_atomic() must BUG; status %#x", res.status);
	ck_assert_msg(strstr(res.err, line),
		      "no line saying how many slots there are: %s", res.err);
	ck_assert_int_eq(sim_run_child(busy_free_slot, NULL, &res), 0);
	ck_assert_msg(strstr(res.err, "planted\n"), "no child output: %s", res.err);
	ck_assert_msg(WIFSIGNALED(res.status) && WTERMSIG(res.status) == SIGABRT &&
		      strstr(res.err, "kernel BUG"),
		      "a free slot with a live entry must BUG; status %#x: %s",
		      res.status, res.err);
}
END_TEST

/*
 * 7.1's table must be zeroed: a page fresh from the buddy allocator holds
 * whatever its last user wrote.  Free a page full of ones just before the
 * init, so the allocator hands it back first, and no slot may look mapped.
 */
START_TEST(test_init_zeroes_table)
{
	struct page *dirty;
	pgd_t *pgd;
	int i;

	boot(&sim_e820_1g);
	pgd = pgd_offset_k((unsigned long)slot_addr(0));
	set_pgd(pgd, __pgd(0));
	kmap_pte = NULL;
	dirty = alloc_page(GFP_KERNEL);
	ck_assert_ptr_nonnull(dirty);
	memset(page_address(dirty), 0xFF, PAGE_SIZE);
	__free_page(dirty);
	kmap_atomic_init();
	ck_assert_ptr_nonnull(kmap_pte);
	ck_assert_uint_eq(pgd_val(*pgd) & PAGE_MASK, page_to_pfn(dirty) << PAGE_SHIFT);
	for (i = 0; i < PTRS_PER_PTE; i++)
		ck_assert_msg(pte_none(((pte_t *)pgd_page_vaddr(*pgd))[i]),
			      "entry %d of the new table is not empty", i);
	shutdown();
}
END_TEST

/* kmap_atomic_init() over a fixmap directory entry of value @arg. */
static void init_over_entry(void *arg)
{
	pgd_t *pgd;

	sim_boot_mm_stage5(&sim_e820_1g);
	pgd = pgd_offset_k(__fix_to_virt(FIX_KMAP_BEGIN));
	set_pgd(pgd, __pgd((u32)(unsigned long)arg));
	fprintf(stderr, "planted\n");
	kmap_atomic_init();
}

/*
 * 7.1 keeps a table that is there, but an entry that is neither empty nor
 * a present page table (a 4 MiB page, a non-present value) is a broken
 * invariant: BUG, never a kmap_pte pointing into it.
 */
START_TEST(test_init_bugs)
{
	static const u32 entries[] = {
		0x00400000u | _PAGE_PSE | _KERNPG_TABLE,	/* a 4 MiB page */
		0x00400000u | (_KERNPG_TABLE & ~_PAGE_PRESENT),	/* not present */
	};
	struct sim_child_result res;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(entries); i++) {
		ck_assert_int_eq(sim_run_child(init_over_entry,
					       (void *)(unsigned long)entries[i], &res), 0);
		ck_assert_msg(strstr(res.err, "planted\n"), "no child output: %s", res.err);
		ck_assert_msg(WIFSIGNALED(res.status) && WTERMSIG(res.status) == SIGABRT &&
			      strstr(res.err, "kernel BUG"),
			      "entry %#x: kmap_atomic_init() must BUG; status %#x: %s",
			      entries[i], res.status, res.err);
	}
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

/*
 * 7.1 with no page left: kmap_atomic_init() says so and leaves kmap_pte
 * NULL; kmap_atomic() of a high page then refuses, and 7.4's helpers
 * leave the pages alone instead of writing through NULL.
 */
START_TEST(test_no_fixmap_table)
{
	struct page *h, *l;
	pgd_t *pgd;
	u32 *low;

	boot(&sim_e820_1g);
	h = high_page();
	l = alloc_page(GFP_KERNEL);
	ck_assert_ptr_nonnull(l);
	low = page_address(l);
	low[0] = 0x5A5A5A5Au;
	low[1023] = 0xA5A5A5A5u;
	pgd = pgd_offset_k((unsigned long)slot_addr(0));
	set_pgd(pgd, __pgd(0));
	kmap_pte = NULL;
	drain_buddy();
	sim_console_clear();
	kmap_atomic_init();
	ck_assert_ptr_null(kmap_pte);
	ck_assert(pgd_none(*pgd));
	ck_assert(sim_console_contains("no page"));

	copy_highpage(h, l);			/* to a high page: refused */
	copy_highpage(l, h);			/* from a high page: refused */
	ck_assert_uint_eq(low[0], 0x5A5A5A5Au);
	ck_assert_uint_eq(low[1023], 0xA5A5A5A5u);
	ck_assert_int_eq(kmap_atomic_depth(), 0);
	ck_assert_uint_eq(preempt_count(), 0);
	sim_machine_exit();
	sim_console_clear();
}
END_TEST

void add_misuse_tests(TCase *tc)
{
	tcase_add_test(tc, test_out_of_order);
	tcase_add_test(tc, test_bad_unmaps);
	tcase_add_test(tc, test_overflow_bugs);
	tcase_add_test(tc, test_misuse_bugs);
	tcase_add_test(tc, test_no_fixmap_table);
	tcase_add_test(tc, test_init_zeroes_table);
	tcase_add_test(tc, test_init_bugs);
}
