/**
 * @file
 * Lab 8 host suite, steps 8.3-8.7: the fault-decision logic.  access_error
 * over its whole table, handle_mm_fault (zero page, new page, copy on
 * write), zap_page_range, expand_stack, vmalloc_fault and do_page_fault
 * itself, on the simulated machines (fixture: lab8_check.h).  The
 * expand_stack and do_page_fault tests are in fault_check_dpf.c, linked
 * into the same program.
 *
 * Each test runs on the mm's own page tables (CR3 = mm->pgd, mm_enter()),
 * so what lab 8 writes is also what the sim's MMU loads: a user page the
 * lab maps is reachable at its user address, with the rights of its PTE,
 * and one it unmaps must be unreachable once the lab has flushed.  Frames
 * are read through kmap_atomic() (lab 7, solutions/), never only through
 * the address under test.

 *
 * @verbatim
 *   error code bits: PF_PROT 1, PF_WRITE 2, PF_USER 4, PF_RSVD 8, PF_INSTR 16
 *   machine  highmem  a write fault's page
 *   64M      none     low
 *   1G-3G    yes      high (pfn >= max_low_pfn): GFP_HIGHUSER takes high first
 * @endverbatim
 *
 * The deliberate fault: a user entry cleared behind the lab's back without
 * a flush stays reachable, which proves the "unreachable after zap" and
 * "after munmap" checks really see the sim's TLB.
 */
#include <stdio.h>
#include <string.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <asm/ptrace.h>
#include <asm/segment.h>
#include <asm/traps.h>
#include "lab8_check.h"
#include "fault_check.h"

struct mm_struct *mm;
struct task_struct task = { .pid = 42, .comm = "demand" };
static struct task_struct *saved_current;

void setup(const struct sim_e820_map *m)
{
	lab8_boot(m);
	mm = mm_new();
	mm_enter(mm);
	task.mm = mm;
	task.pending_sig = 0;
	saved_current = current;
	current = &task;
}

void setup_1g(void)
{
	setup(&sim_e820_1g);
}

void teardown(void)
{
	current = saved_current;
	mm_free(mm);
	mm = NULL;
	lab8_shutdown();
}

struct vm_area_struct *vma_at(unsigned long addr)
{
	struct vm_area_struct *v = find_vma(mm, addr);

	ck_assert(v && v->vm_start <= addr);
	return v;
}

static int fault(unsigned long addr, int write)
{
	return handle_mm_fault(mm, vma_at(addr), addr, write);
}

/* What the sim's TLB holds at @p addr: -1 nothing, else the frame (and rights). */
static long tlb_pfn(unsigned long addr, bool *writable)
{
	unsigned long pfn;
	bool w;

	if (!sim_tlb_lookup(addr, &pfn, &w))
		return -1;
	if (writable)
		*writable = w;
	return (long)pfn;
}

/* ---- 8.5: access_error ----------------------------------------------------------------- */

/* Every error code (5 bits) against every VM_READ/WRITE/EXEC combination. */
START_TEST(test_access_error_table)
{
	struct vm_area_struct v = { 0 };
	unsigned long ec, f;

	for (f = 0; f < 8; f++) {
		bool r = f & 1, w = f & 2, x = f & 4;

		v.vm_flags = (r ? VM_READ : 0) | (w ? VM_WRITE : 0) | (x ? VM_EXEC : 0);
		for (ec = 0; ec < 32; ec++) {
			bool want;

			if (ec & PF_WRITE)
				want = !w;		/* a write needs VM_WRITE */
			else if (ec & PF_PROT)
				want = true;		/* a read of a present page */
			else
				want = !r && !x;	/* a read needs READ or EXEC */
			ck_assert_msg(access_error(ec, &v) == want,
				      "access_error(%#lx, vm_flags %#lx) = %d, want %d",
				      ec, v.vm_flags, !want, want);
		}
	}
}
END_TEST

/* ---- 8.4: handle_mm_fault ---------------------------------------------------------------- */

/* A read of a page never touched maps the zero page, read-only, uncounted. */
START_TEST(test_read_maps_zero_page)
{
	unsigned long a, before;
	bool w;
	pte_t pte;

	LOOP_SETUP();
	a = mmap_ok(mm, 0, PAGES(2), RW, 0);
	before = free_pages_now();
	ck_assert_int_eq(fault(a + 100, 0), VM_FAULT_MINOR);
	pte = user_entry(mm, a);
	ck_assert(pte_present(pte));
	ck_assert_uint_eq(pte_pfn(pte), zero_pfn());
	ck_assert(!pte_write(pte));
	ck_assert(pte_val(pte) & _PAGE_USER);
	ck_assert_uint_eq(mm->rss, 0);
	ck_assert_uint_eq(free_pages_now(), before - 1);	/* the page table only */
	ck_assert_uint_eq(user_tables(mm), 1);
	ck_assert(pgd_val(mm->pgd[pgd_index(a)]) & _PAGE_USER);
	ck_assert_int_eq(tlb_pfn(a, &w), (long)zero_pfn());
	ck_assert(!w);
	ck_assert(sim_readable((void *)a) && !sim_writable((void *)a));
	ck_assert_uint_eq(*(volatile u32 *)(a + 100), 0);
	ck_assert(!pte_present(user_entry(mm, a + PAGES(1))));	/* only that page */
	LOOP_TEARDOWN();
}
END_TEST

/* A write maps a new zeroed page, writable, high where there is highmem. */
/*
 * 8.4's new page table must be zeroed: a page fresh from the buddy
 * allocator holds whatever its last user wrote.  Free low pages full of
 * ones just before the first fault, so the allocator hands them out first:
 * no entry but the faulting page's may look present.
 */
START_TEST(test_new_table_zeroed)
{
	struct page *dirty[16];
	unsigned long a;
	pgd_t *pgd;
	pte_t *table;
	int i;

	setup_1g();
	a = mmap_ok(mm, 0, PAGES(2), RW, 0);
	pgd = pgd_offset(mm->pgd, a);
	ck_assert(pgd_none(*pgd));
	for (i = 0; i < 16; i++) {
		dirty[i] = alloc_page(GFP_KERNEL);
		ck_assert_ptr_nonnull(dirty[i]);
		memset(page_address(dirty[i]), 0xFF, PAGE_SIZE);
	}
	for (i = 15; i >= 0; i--)
		__free_page(dirty[i]);
	ck_assert_int_eq(fault(a, 0), VM_FAULT_MINOR);
	ck_assert(pgd_present(*pgd));
	table = pgd_page_vaddr(*pgd);
	for (i = 0; i < PTRS_PER_PTE; i++) {
		if (i == (int)pte_index(a))
			continue;
		ck_assert_msg(pte_none(table[i]), "entry %d of the new table is not empty", i);
	}
	teardown();
}
END_TEST

START_TEST(test_write_maps_new_page)
{
	struct page *poison;
	unsigned long a, before, pfn;
	pte_t pte;
	bool w;

	LOOP_SETUP();
	a = mmap_ok(mm, 0, PAGES(2), RW, 0);
	ck_assert_int_eq(fault(a + PAGES(1), 0), VM_FAULT_MINOR);	/* the table */
	/* Leave garbage in the page the allocator hands out next (LIFO). */
	poison = alloc_page(GFP_HIGHUSER);
	ck_assert_ptr_nonnull(poison);
	frame_fill(page_to_pfn(poison), 0xDEADBEEF);
	__free_page(poison);
	before = free_pages_now();
	ck_assert_int_eq(fault(a + 8, 1), VM_FAULT_MINOR);
	pte = user_entry(mm, a);
	pfn = pte_pfn(pte);
	ck_assert(pte_present(pte) && pte_write(pte) && (pte_val(pte) & _PAGE_USER));
	ck_assert_uint_ne(pfn, zero_pfn());
	ck_assert_uint_eq(mm->rss, 1);
	ck_assert_uint_eq(free_pages_now(), before - 1);
	if (max_pfn > max_low_pfn)
		ck_assert_msg(pfn >= max_low_pfn, "pfn %#lx is low: not GFP_HIGHUSER?", pfn);
	else
		ck_assert_uint_lt(pfn, max_low_pfn);
	ck_assert_msg(frame_is_zero(pfn), "the new page is not zeroed");
	/* The user address reaches that frame, writable. */
	ck_assert_int_eq(tlb_pfn(a, &w), (long)pfn);
	ck_assert(w && sim_writable((void *)a));
	*(volatile u32 *)(a + 12) = 0x5EED5EED;
	ck_assert_uint_eq(frame_word(pfn, 3), 0x5EED5EED);
	LOOP_TEARDOWN();
}
END_TEST

/* Read, then write: the zero page is copied on write, never written. */
START_TEST(test_cow_zero_page)
{
	unsigned long a, before, pfn;
	pte_t pte;
	bool w;

	LOOP_SETUP();
	a = mmap_ok(mm, 0, PAGES(1), RW, 0);
	ck_assert_int_eq(fault(a, 0), VM_FAULT_MINOR);
	ck_assert_uint_eq(pte_pfn(user_entry(mm, a)), zero_pfn());
	before = free_pages_now();
	ck_assert_int_eq(fault(a + 4, 1), VM_FAULT_MINOR);
	pte = user_entry(mm, a);
	pfn = pte_pfn(pte);
	ck_assert(pte_present(pte) && pte_write(pte));
	ck_assert_uint_ne(pfn, zero_pfn());
	ck_assert_uint_eq(mm->rss, 1);
	ck_assert_uint_eq(free_pages_now(), before - 1);
	ck_assert(frame_is_zero(pfn));
	ck_assert_int_eq(tlb_pfn(a, &w), (long)pfn);
	ck_assert(w);
	*(volatile u32 *)a = 0xC0C0C0C0;
	ck_assert_uint_eq(frame_word(pfn, 0), 0xC0C0C0C0);
	ck_assert_msg(frame_is_zero(zero_pfn()), "the zero page was written");
	LOOP_TEARDOWN();
}
END_TEST

/* A fault on a page already resolved changes nothing. */
/*
 * 8.4: the copy of the zero page must be cleared, whatever the new page
 * held: free pages full of ones first, so the allocator hands one out for
 * the write.
 */
START_TEST(test_cow_clears_dirty_page)
{
	struct page *dirty[16];
	unsigned long a, pfn;
	int i;

	setup_1g();
	a = mmap_ok(mm, 0, PAGES(1), RW, 0);
	ck_assert_int_eq(fault(a, 0), VM_FAULT_MINOR);	/* the zero page, the table */
	for (i = 0; i < 16; i++) {
		dirty[i] = alloc_page(GFP_HIGHUSER);
		ck_assert_ptr_nonnull(dirty[i]);
		frame_fill(page_to_pfn(dirty[i]), 0xFFFFFFFFu);
	}
	for (i = 15; i >= 0; i--)
		__free_page(dirty[i]);
	ck_assert_int_eq(fault(a, 1), VM_FAULT_MINOR);
	pfn = pte_pfn(user_entry(mm, a));
	ck_assert_uint_ne(pfn, zero_pfn());
	ck_assert_msg(frame_is_zero(pfn), "the copy of the zero page is not cleared");
	teardown();
}
END_TEST

START_TEST(test_second_fault_changes_nothing)
{
	unsigned long a, before;
	pte_t pte0, pte1;

	setup_1g();
	a = mmap_ok(mm, 0, PAGES(2), RW, 0);
	ck_assert_int_eq(fault(a, 0), VM_FAULT_MINOR);
	pte0 = user_entry(mm, a);
	before = free_pages_now();
	ck_assert_int_eq(fault(a + 40, 0), VM_FAULT_MINOR);
	ck_assert_uint_eq(pte_val(user_entry(mm, a)), pte_val(pte0));
	ck_assert_int_eq(fault(a + PAGES(1), 1), VM_FAULT_MINOR);
	pte1 = user_entry(mm, a + PAGES(1));
	before = free_pages_now();
	ck_assert_int_eq(fault(a + PAGES(1) + 8, 1), VM_FAULT_MINOR);
	ck_assert_int_eq(fault(a + PAGES(1) + 16, 0), VM_FAULT_MINOR);
	ck_assert_uint_eq(pte_val(user_entry(mm, a + PAGES(1))), pte_val(pte1));
	ck_assert_uint_eq(mm->rss, 1);
	ck_assert_uint_eq(free_pages_now(), before);
	teardown();
}
END_TEST

/* A read-only VMA's page is mapped read-only (vm_get_page_prot). */
START_TEST(test_readonly_vma)
{
	unsigned long a;

	setup_1g();
	a = mmap_ok(mm, 0, PAGES(1), PROT_READ, 0);
	ck_assert_int_eq(fault(a, 0), VM_FAULT_MINOR);
	ck_assert(!pte_write(user_entry(mm, a)));
	ck_assert(!sim_writable((void *)a));
	teardown();
}
END_TEST

/* ---- 8.3: zap_page_range ----------------------------------------------------------------- */

/* Frees exactly the pages it unmaps, never the zero page; flushes each. */
START_TEST(test_zap_frees_exactly)
{
	struct vm_area_struct *v;
	unsigned long a, before;
	unsigned int w = warn_count;
	int i;

	LOOP_SETUP();
	a = mmap_ok(mm, 0, PAGES(8), RW, 0);
	v = vma_at(a);
	for (i = 0; i < 8; i++)
		ck_assert_int_eq(fault(a + PAGES(i), i >= 4), VM_FAULT_MINOR);
	ck_assert_int_eq(fault(a + PAGES(2), 1), VM_FAULT_MINOR);	/* copied */
	ck_assert_uint_eq(mm->rss, 5);
	before = free_pages_now();
	zap_page_range(v, a + PAGES(1), a + PAGES(7));	/* zero 1, 3; own 2, 4, 5, 6 */
	ck_assert_uint_eq(free_pages_now(), before + 4);
	ck_assert_uint_eq(mm->rss, 1);
	for (i = 0; i < 8; i++) {
		bool kept = i == 0 || i == 7;

		ck_assert(pte_present(user_entry(mm, a + PAGES(i))) == kept);
		ck_assert_msg((tlb_pfn(a + PAGES(i), NULL) >= 0) == kept,
			      "page %d: TLB %s after zap", i, kept ? "lost" : "still holds it");
	}
	zap_page_range(v, a, a + PAGES(8));
	ck_assert_uint_eq(free_pages_now(), before + 5);
	ck_assert_uint_eq(mm->rss, 0);
	ck_assert(PageReserved(ZERO_PAGE(0)));
	ck_assert(frame_is_zero(zero_pfn()));
	ck_assert_uint_eq(warn_count, w);
	/* Nothing there, no table there: nothing happens. */
	zap_page_range(v, a, a + PAGES(8));
	ck_assert_uint_eq(free_pages_now(), before + 5);
	LOOP_TEARDOWN();
}
END_TEST

/* A mapping spanning tables: zap skips the missing ones and frees the rest. */
START_TEST(test_zap_sparse)
{
	unsigned long a, before;

	setup_1g();
	a = mmap_ok(mm, 0, 12UL << 20, RW, 0);		/* 3 tables' worth */
	ck_assert_uint_eq(a & ~PGDIR_MASK, 0);
	ck_assert_int_eq(fault(a + PAGES(3), 1), VM_FAULT_MINOR);
	ck_assert_int_eq(fault(a + (8UL << 20) + PAGES(5), 1), VM_FAULT_MINOR);
	ck_assert_uint_eq(user_tables(mm), 2);
	before = free_pages_now();
	zap_page_range(vma_at(a), a, a + (12UL << 20));
	ck_assert_uint_eq(free_pages_now(), before + 2);
	ck_assert_uint_eq(mm->rss, 0);
	teardown();
}
END_TEST

/* ---- 8.6: vmalloc_fault ---------------------------------------------------------------------- */

/* A vmalloc area made after the mm: its entry is copied on the first fault. */
START_TEST(test_vmalloc_fault)
{
	unsigned long idx, hole;
	char *p;

	LOOP_SETUP();
	p = vmalloc(PAGE_SIZE);
	ck_assert_ptr_nonnull(p);
	idx = pgd_index((unsigned long)p);
	ck_assert(pgd_present(swapper_pg_dir[idx]));
	ck_assert_msg(pgd_none(mm->pgd[idx]), "the vmalloc table predates the mm");
	ck_assert(!sim_readable(p));			/* this directory lacks it */
	ck_assert_int_eq(vmalloc_fault((unsigned long)p + 5), 0);
	ck_assert_uint_eq(pgd_val(mm->pgd[idx]), pgd_val(swapper_pg_dir[idx]));
	ck_assert(sim_readable(p) && sim_writable(p));
	/* The guard page: swapper has the table, not the page. */
	ck_assert_int_eq(vmalloc_fault((unsigned long)p + PAGE_SIZE), -EFAULT);
	/* Where swapper has no table either: refused, nothing copied. */
	hole = ((unsigned long)p & PGDIR_MASK) + 16 * PGDIR_SIZE;
	ck_assert(hole < VMALLOC_END && pgd_none(swapper_pg_dir[pgd_index(hole)]));
	ck_assert_int_eq(vmalloc_fault(hole), -EFAULT);
	ck_assert(pgd_none(mm->pgd[pgd_index(hole)]));
	vfree(p);
	LOOP_TEARDOWN();
}
END_TEST

/* ---- the deliberate fault ---------------------------------------------------------------------- */

/* An entry cleared without a flush stays reachable: the TLB checks can see it. */
START_TEST(test_stale_without_flush)
{
	unsigned long a, pfn;
	pte_t *pte;

	setup_1g();
	a = mmap_ok(mm, 0, PAGES(1), RW, 0);
	ck_assert_int_eq(fault(a, 1), VM_FAULT_MINOR);
	pte = user_pte(mm, a);
	ck_assert_ptr_nonnull(pte);
	pfn = pte_pfn(*pte);
	ck_assert(sim_readable((void *)a));
	pte_clear(pte);				/* behind the lab's back, no flush */
	ck_assert(sim_readable((void *)a));	/* stale: what the zap checks must catch */
	ck_assert(tlb_pfn(a, NULL) >= 0);
	__flush_tlb_one(a);
	ck_assert(!sim_readable((void *)a));
	__free_page(pfn_to_page(pfn));		/* what zap would have done */
	mm->rss = 0;
	teardown();
}
END_TEST

Suite *host_suite(void)
{
	Suite *s = suite_create("lab8-fault");
	TCase *tc;

	tc = tcase_create("access");
	tcase_add_test(tc, test_access_error_table);
	suite_add_tcase(s, tc);

	tc = tcase_create("handle_mm_fault");
	tcase_add_loop_test(tc, test_read_maps_zero_page, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_write_maps_new_page, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_cow_zero_page, 0, SIM_NR_E820_MAPS);
	tcase_add_test(tc, test_second_fault_changes_nothing);
	tcase_add_test(tc, test_new_table_zeroed);
	tcase_add_test(tc, test_cow_clears_dirty_page);
	tcase_add_test(tc, test_readonly_vma);
	suite_add_tcase(s, tc);

	tc = tcase_create("zap");
	tcase_add_loop_test(tc, test_zap_frees_exactly, 0, SIM_NR_E820_MAPS);
	tcase_add_test(tc, test_zap_sparse);
	tcase_add_test(tc, test_stale_without_flush);
	suite_add_tcase(s, tc);

	suite_add_tcase(s, stack_tcase());

	tc = tcase_create("vmalloc_fault");
	tcase_add_loop_test(tc, test_vmalloc_fault, 0, SIM_NR_E820_MAPS);
	add_dpf_vmalloc_test(tc);
	suite_add_tcase(s, tc);

	suite_add_tcase(s, dpf_tcase());
	return s;
}
