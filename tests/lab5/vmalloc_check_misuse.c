/**
 * @file
 * Lab 5 host suite "vmalloc": misuse and the kernel's BUG()s on broken
 * page tables, a new page table zeroed, the caller vmap() records, and
 * the /proc/vmallocinfo dump.  Part of the vmalloc_check program
 * (vmalloc_check.c has the fixture and the suite).
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
#include <asm/pgtable.h>
#include <asm/tlbflush.h>
#include "sim/sim.h"
#include "mm_fixture.h"
#include "vmalloc_check.h"

/* ---- misuse and the dump ---------------------------------------------------------------- */

START_TEST(test_misuse)
{
	unsigned int w;
	char *p;

	boot_1g();
	p = vmalloc(2 * PAGE_SIZE);
	ck_assert_ptr_nonnull(p);
	w = warn_count;
	vfree(p + 8);
	ck_assert_uint_eq(warn_count, w + 1);
	ck_assert(sim_console_contains("Trying to vfree() bad address ("));
	vfree(__va(0x200000));
	ck_assert_uint_eq(warn_count, w + 2);
	ck_assert(sim_readable(p) && find_area(p));
	vfree(p);
	sim_console_clear();
	vfree(p);
	ck_assert_uint_eq(warn_count, w + 3);
	ck_assert(sim_console_contains("Trying to vfree() nonexistent vm area ("));
	vfree(NULL);
	ck_assert_uint_eq(warn_count, w + 3);
	shutdown();
}
END_TEST

/* Each plants one broken invariant, says so on stderr, then calls the lab. */
static void bug_areas_out_of_order(void *arg)
{
	struct vm_struct *a, *b;
	char *pa, *pb;

	(void)arg;
	boot_1g();
	pa = vmalloc(2 * PAGE_SIZE);
	pb = vmalloc(PAGE_SIZE);
	ck_assert(pa && pb);
	a = find_area(pa);
	b = find_area(pb);
	vmlist = b;				/* the higher area first */
	b->next = a;
	a->next = NULL;
	fprintf(stderr, "planted\n");
	vmalloc(4 * PAGE_SIZE);			/* fits in neither gap before b */
}

static void bug_entry_in_use(void *arg)
{
	pte_t *pte;
	char *p;

	(void)arg;
	boot_1g();
	p = vmalloc(PAGE_SIZE);
	ck_assert_ptr_nonnull(p);
	vfree(p);
	/* The next area lands at p again, where an entry still maps a page. */
	pte = lookup_address((unsigned long)p, &(enum pg_level){ PG_LEVEL_4K });
	ck_assert_ptr_nonnull(pte);
	set_pte(pte, pfn_pte(0x100, PAGE_KERNEL));
	fprintf(stderr, "planted\n");
	vmalloc(PAGE_SIZE);
}

static void bug_vmalloc_over_entry(void *arg)
{
	(void)arg;
	boot_1g();
	set_pgd(pgd_offset_k(VMALLOC_START), __pgd((u32)(unsigned long)arg));
	fprintf(stderr, "planted\n");
	vmalloc(PAGE_SIZE);
}

static void bug_vmalloc_over_large(void *arg)
{
	(void)arg;
	bug_vmalloc_over_entry((void *)(unsigned long)(0x00400000u | _PAGE_PSE |
						      _KERNPG_TABLE));
}

static void bug_vmalloc_over_not_present(void *arg)
{
	(void)arg;
	bug_vmalloc_over_entry((void *)(unsigned long)(0x00400000u |
				(_KERNPG_TABLE & ~_PAGE_PRESENT)));
}

static void bug_vfree_over_large(void *arg)
{
	char *p;

	(void)arg;
	boot_1g();
	p = vmalloc(PAGE_SIZE);
	ck_assert_ptr_nonnull(p);
	set_pgd(pgd_offset_k((unsigned long)p),
		__pgd(0x00400000u | _PAGE_PSE | _KERNPG_TABLE));
	fprintf(stderr, "planted\n");
	vfree(p);
}

/*
 * The broken invariants 5.1-5.5 check are BUGs: areas out of order or
 * overlapping, an entry that maps something already, a directory entry
 * that is not a page table where vmalloc maps or unmaps.
 */
START_TEST(test_bugs)
{
	static const struct sim_bug_case cases[] = {
		{ "a list of areas out of address order", bug_areas_out_of_order },
		{ "mapping over an entry in use", bug_entry_in_use },
		{ "vmalloc under a 4 MiB directory entry", bug_vmalloc_over_large },
		{ "vmalloc under a non-present directory entry", bug_vmalloc_over_not_present },
		{ "vfree under a 4 MiB directory entry", bug_vfree_over_large },
	};
	char *why = sim_must_bug(cases, ARRAY_SIZE(cases));

	ck_assert_msg(!why, "%s", why);
	free(why);
}
END_TEST

/*
 * 5.2's new page table must be zeroed: a page fresh from the buddy
 * allocator holds whatever its last user wrote.  Free pages full of ones
 * just before the first vmalloc, so the allocator hands them out first.
 */
START_TEST(test_new_table_zeroed)
{
	struct page *dirty[16];
	pgd_t *pgd;
	pte_t *table;
	char *p;
	int i;

	boot_1g();
	pgd = pgd_offset_k(VMALLOC_START);
	ck_assert(pgd_none(*pgd));
	for (i = 0; i < 16; i++) {		/* dirty the pages handed out next */
		dirty[i] = alloc_page(GFP_KERNEL);
		ck_assert_ptr_nonnull(dirty[i]);
		memset(page_address(dirty[i]), 0xFF, PAGE_SIZE);
	}
	for (i = 15; i >= 0; i--)
		__free_page(dirty[i]);
	p = vmalloc(PAGE_SIZE);
	ck_assert_ptr_eq(p, (void *)VMALLOC_START);
	ck_assert(pgd_present(*pgd));
	table = pgd_page_vaddr(*pgd);
	for (i = 0; i < PTRS_PER_PTE; i++) {
		if (i == (int)pte_index(VMALLOC_START))
			continue;
		ck_assert_msg(pte_none(table[i]), "entry %d of the new table is not empty", i);
	}
	vfree(p);
	shutdown();
}
END_TEST

/* vmap() one page from here: the area must name this function as its caller. */
static __attribute__((noinline)) void *vmap_from_here(struct page *page)
{
	return vmap(&page, 1, VM_MAP, PAGE_KERNEL);
}

/* 5.3: vmap() records who called it (vmallocinfo prints it). */
START_TEST(test_vmap_caller)
{
	struct vm_struct *area;
	struct page *page;
	void *p;

	boot_1g();
	page = alloc_page(GFP_KERNEL);
	ck_assert_ptr_nonnull(page);
	p = vmap_from_here(page);
	ck_assert_ptr_nonnull(p);
	area = find_area(p);
	ck_assert_ptr_nonnull(area);
	ck_assert_msg((const char *)area->caller > (const char *)vmap_from_here &&
		      (const char *)area->caller < (const char *)vmap_from_here + 1024,
		      "caller %p is not in vmap_from_here() at %p", area->caller,
		      (void *)vmap_from_here);
	vunmap(p);
	__free_page(page);
	shutdown();
}
END_TEST

START_TEST(test_vmallocinfo)
{
	struct page *page;
	void *a, *b;

	boot_1g();
	a = vmalloc(4 * PAGE_SIZE);
	page = alloc_page(GFP_KERNEL);
	ck_assert_ptr_nonnull(page);
	b = vmap(&page, 1, VM_MAP, PAGE_KERNEL);
	ck_assert(a && b);
	sim_console_clear();
	show_vmallocinfo();
	ck_assert_msg(sim_console_contains("0xf8800000-0xf8805000   20480 0x"),
		      "got: %s", sim_console_text());
	ck_assert(sim_console_contains(" pages=4 vmalloc\n"));
	ck_assert(sim_console_contains("0xf8805000-0xf8807000    8192 0x"));
	ck_assert(sim_console_contains(" vmap\n"));
	vunmap(b);
	vfree(a);
	__free_page(page);
	shutdown();
}
END_TEST

void add_misuse_tests(TCase *tc)
{
	tcase_add_test(tc, test_misuse);
	tcase_add_test(tc, test_bugs);
	tcase_add_test(tc, test_new_table_zeroed);
	tcase_add_test(tc, test_vmap_caller);
	tcase_add_test(tc, test_vmallocinfo);
}
