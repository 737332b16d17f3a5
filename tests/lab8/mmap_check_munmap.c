/**
 * @file
 * Lab 8 host suite "mmap", step 8.3: do_munmap() splitting and removing
 * VMAs, freeing their pages and tables.  Part of the mmap_check program
 * (mmap_check.c has the suite).
 */
#include <stdio.h>
#include <string.h>
#include "lab8_check.h"
#include "mmap_check.h"

/* ---- 8.3: do_munmap ------------------------------------------------------------------- */

START_TEST(test_munmap_split)
{
	struct mm_struct *mm = mm_new();
	unsigned long a = mmap_ok(mm, 0, PAGES(10), RW, 0);

	ck_assert_int_eq(do_munmap(mm, a + PAGES(4), PAGES(2)), 0);	/* middle */
	ck_assert_int_eq(mm->map_count, 2);
	ck_assert_vma(nth_vma(mm, 0), a, a + PAGES(4));
	ck_assert_vma(nth_vma(mm, 1), a + PAGES(6), a + PAGES(10));
	ck_assert_uint_eq(nth_vma(mm, 1)->vm_flags & (VM_READ | VM_WRITE), VM_READ | VM_WRITE);
	ck_assert_int_eq(do_munmap(mm, a, PAGES(1)), 0);		/* head */
	ck_assert_vma(nth_vma(mm, 0), a + PAGES(1), a + PAGES(4));
	ck_assert_int_eq(do_munmap(mm, a + PAGES(9), PAGES(1) - 5), 0);	/* tail, len rounded */
	ck_assert_vma(nth_vma(mm, 1), a + PAGES(6), a + PAGES(9));
	ck_assert_int_eq(mm->map_count, 2);
	ck_assert_uint_eq(mm->total_vm, 3 + 3);
	ck_assert_mm_ok(mm);
	mm_free(mm);
}
END_TEST

START_TEST(test_munmap_several)
{
	struct mm_struct *mm = mm_new();
	unsigned long a = mmap_ok(mm, 0, PAGES(3), RW, 0);
	int i;

	for (i = 0; i < 3; i++)
		mmap_ok(mm, 0, PAGES(3), PROT_READ, 0);		/* [a, a + 12): 4 VMAs */
	ck_assert_int_eq(mm->map_count, 4);
	ck_assert_int_eq(do_munmap(mm, a + PAGES(2), PAGES(8)), 0);	/* 2 cut, 2 gone */
	ck_assert_int_eq(mm->map_count, 2);
	ck_assert_vma(nth_vma(mm, 0), a, a + PAGES(2));
	ck_assert_vma(nth_vma(mm, 1), a + PAGES(10), a + PAGES(12));
	ck_assert_uint_eq(mm->total_vm, 4);
	/* Across a hole and past the end: fine. */
	ck_assert_int_eq(do_munmap(mm, a + PAGES(1), PAGES(100)), 0);
	ck_assert_int_eq(mm->map_count, 1);
	ck_assert_vma(nth_vma(mm, 0), a, a + PAGES(1));
	ck_assert_mm_ok(mm);
	mm_free(mm);
}
END_TEST

START_TEST(test_munmap_nothing_and_errors)
{
	struct mm_struct *mm = mm_new();
	unsigned long a;

	ck_assert_int_eq(do_munmap(mm, BASE(0), PAGES(1)), 0);		/* empty mm */
	a = mmap_ok(mm, BASE(4), PAGES(2), RW, 0);
	ck_assert_int_eq(do_munmap(mm, BASE(0), PAGES(4)), 0);		/* the hole below */
	ck_assert_int_eq(do_munmap(mm, BASE(6), PAGES(4)), 0);		/* above */
	ck_assert_int_eq(do_munmap(mm, a + 12, PAGES(1)), -EINVAL);	/* unaligned */
	ck_assert_int_eq(do_munmap(mm, a, 0), -EINVAL);
	ck_assert_int_eq(do_munmap(mm, TASK_SIZE - PAGES(1), PAGES(2)), -EINVAL);
	ck_assert_int_eq(do_munmap(mm, TASK_SIZE, PAGES(1)), -EINVAL);
	ck_assert_int_eq(do_munmap(mm, a, -PAGES(1)), -EINVAL);
	ck_assert_int_eq(mm->map_count, 1);
	ck_assert_vma(mm->mmap, a, a + PAGES(2));
	ck_assert_int_eq(do_munmap(mm, TASK_SIZE - PAGES(1), PAGES(1)), 0);
	mm_free(mm);
}
END_TEST

/* Every page that had a frame is unmapped, freed and out of the TLB. */
START_TEST(test_munmap_frees_pages)
{
	struct mm_struct *mm = mm_new();
	unsigned long a, before, tables;
	unsigned int w = warn_count;
	int i;

	mm_enter(mm);
	mmap_ok(mm, BASE(1000), PAGES(1), PROT_NONE, 0);	/* keeps the VMA slab */
	a = mmap_ok(mm, 0, PAGES(16), RW, 0);
	before = free_pages_now();
	for (i = 0; i < 16; i++)
		ck_assert_int_eq(handle_mm_fault(mm, find_vma(mm, a + PAGES(i)), a + PAGES(i),
						 i % 4 != 0), VM_FAULT_MINOR);	/* 4 zero pages */
	tables = user_tables(mm);
	ck_assert_uint_eq(tables, 1);
	ck_assert_uint_eq(mm->rss, 12);
	ck_assert_uint_eq(free_pages_now(), before - 12 - tables);
	for (i = 0; i < 16; i++)
		ck_assert(sim_readable((void *)(a + PAGES(i))));
	ck_assert_int_eq(do_munmap(mm, a + PAGES(2), PAGES(8)), 0);
	ck_assert_uint_eq(mm->rss, 12 - 6);
	ck_assert_uint_eq(free_pages_now(), before - 6 - tables);
	for (i = 0; i < 16; i++) {
		bool gone = i >= 2 && i < 10;

		ck_assert(pte_present(user_entry(mm, a + PAGES(i))) == !gone);
		ck_assert_msg(sim_readable((void *)(a + PAGES(i))) == !gone,
			      "page %d: %s after munmap", i, gone ? "still reachable" : "lost");
	}
	ck_assert_int_eq(do_munmap(mm, a, PAGES(16)), 0);
	ck_assert_uint_eq(mm->rss, 0);
	ck_assert_uint_eq(free_pages_now(), before - tables);
	ck_assert_uint_eq(warn_count, w);
	mm_free(mm);
}
END_TEST

TCase *munmap_tcase(void)
{
	TCase *tc = tcase_create("munmap");

	tcase_add_checked_fixture(tc, boot_1g, lab8_shutdown);
	tcase_add_test(tc, test_munmap_split);
	tcase_add_test(tc, test_munmap_several);
	tcase_add_test(tc, test_munmap_nothing_and_errors);
	tcase_add_test(tc, test_munmap_frees_pages);
	add_checkers_fire_test(tc);
	return tc;
}
