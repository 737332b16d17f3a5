/**
 * @file
 * Lab 8 host suite, steps 8.1-8.3: the VMA list (find_vma, find_vma_prev,
 * insert_vm_struct), get_unmapped_area and do_mmap, on the simulated
 * machines (see lab8_check.h for the fixture).  do_munmap is in
 * mmap_check_munmap.c; the random test against a page model, and the
 * deliberate fault that proves its checkers fire, in mmap_check_random.c:
 * the three files are one program.
 */
#include <stdio.h>
#include <string.h>
#include "lab8_check.h"
#include "mmap_check.h"

void boot_1g(void)
{
	lab8_boot(&sim_e820_1g);
}

/* ---- 8.1: the VMA list -------------------------------------------------------------- */

START_TEST(test_find_vma)
{
	struct mm_struct *mm = mm_new();
	struct vm_area_struct *a, *b, *fake;

	ck_assert_ptr_null(find_vma(mm, U(0x1000)));		/* empty */
	a = new_vma(BASE(0), BASE(4), VM_READ);
	b = new_vma(BASE(8), BASE(9), VM_READ);
	ck_assert_int_eq(insert_vm_struct(mm, a), 0);
	ck_assert_int_eq(insert_vm_struct(mm, b), 0);
	ck_assert_ptr_eq(find_vma(mm, U(0)), a);		/* below: the first */
	ck_assert_ptr_eq(find_vma(mm, BASE(0)), a);
	ck_assert_ptr_eq(find_vma(mm, BASE(4) - 1), a);
	ck_assert_ptr_eq(mm->mmap_cache, a);
	ck_assert_ptr_eq(find_vma(mm, BASE(4)), b);		/* gap: the next */
	ck_assert_ptr_eq(find_vma(mm, BASE(6) + 123), b);
	ck_assert_ptr_eq(mm->mmap_cache, b);
	ck_assert_ptr_eq(find_vma(mm, BASE(9) - 1), b);
	ck_assert_ptr_null(find_vma(mm, BASE(9)));		/* above the last */
	ck_assert_ptr_null(find_vma(mm, TASK_SIZE - 1));
	/* The cache is tried first: a VMA only the cache knows is found. */
	fake = new_vma(BASE(20), BASE(21), VM_READ);
	mm->mmap_cache = fake;
	ck_assert_ptr_eq(find_vma(mm, BASE(20)), fake);
	mm->mmap_cache = NULL;
	kmem_cache_free(vm_area_cachep, fake);
	ck_assert_mm_ok(mm);
	mm_free(mm);
}
END_TEST

/* The cache never hands back a VMA do_munmap() freed. */
START_TEST(test_find_vma_cache_after_munmap)
{
	struct mm_struct *mm = mm_new();
	struct vm_area_struct *v;
	unsigned long a, b;

	a = mmap_ok(mm, 0, PAGES(4), RW, 0);
	b = mmap_ok(mm, 0, PAGES(2), RW, 0);
	ck_assert_uint_eq(b, a + PAGES(4));
	ck_assert_ptr_eq(find_vma(mm, a + PAGES(1)), mm->mmap);
	ck_assert_ptr_eq(mm->mmap_cache, mm->mmap);
	ck_assert_int_eq(do_munmap(mm, a, PAGES(4)), 0);
	ck_assert_mm_ok(mm);				/* cache NULL or on the list */
	v = find_vma(mm, a + PAGES(1));
	ck_assert_ptr_eq(v, mm->mmap);			/* b's VMA, not the freed one */
	ck_assert_vma(v, b, b + PAGES(2));
	ck_assert_int_eq(do_munmap(mm, b, PAGES(2)), 0);
	ck_assert_ptr_null(find_vma(mm, b));
	ck_assert_mm_ok(mm);
	mm_free(mm);
}
END_TEST

START_TEST(test_find_vma_prev)
{
	struct mm_struct *mm = mm_new();
	struct vm_area_struct *a, *b, *prev = (void *)1;

	ck_assert_ptr_null(find_vma_prev(mm, BASE(0), &prev));
	ck_assert_ptr_null(prev);
	a = new_vma(BASE(0), BASE(2), VM_READ);
	b = new_vma(BASE(4), BASE(6), VM_READ);
	ck_assert_int_eq(insert_vm_struct(mm, b), 0);
	ck_assert_int_eq(insert_vm_struct(mm, a), 0);
	ck_assert_ptr_eq(find_vma_prev(mm, BASE(1), &prev), a);
	ck_assert_ptr_null(prev);
	ck_assert_ptr_eq(find_vma_prev(mm, BASE(2), &prev), b);	/* a's end: after a */
	ck_assert_ptr_eq(prev, a);
	ck_assert_ptr_eq(find_vma_prev(mm, BASE(5), &prev), b);
	ck_assert_ptr_eq(prev, a);
	ck_assert_ptr_null(find_vma_prev(mm, BASE(6), &prev));
	ck_assert_ptr_eq(prev, b);
	mm_free(mm);
}
END_TEST

/* Four VMAs inserted in each of the 24 orders: always sorted and counted. */
START_TEST(test_insert_sorted)
{
	static const int at[4][2] = { { 0, 1 }, { 1, 3 }, { 5, 6 }, { 10, 20 } };
	int perm[4], i, j, k, l, n = 0;

	for (i = 0; i < 4; i++)
	for (j = 0; j < 4; j++)
	for (k = 0; k < 4; k++)
	for (l = 0; l < 4; l++) {
		struct mm_struct *mm;
		int m;

		if (i == j || i == k || i == l || j == k || j == l || k == l)
			continue;
		perm[0] = i; perm[1] = j; perm[2] = k; perm[3] = l;
		mm = mm_new();
		for (m = 0; m < 4; m++) {
			struct vm_area_struct *v = new_vma(BASE(at[perm[m]][0]),
							   BASE(at[perm[m]][1]), VM_READ);

			ck_assert_int_eq(insert_vm_struct(mm, v), 0);
			ck_assert_ptr_eq(v->vm_mm, mm);
			ck_assert_mm_ok(mm);
		}
		for (m = 0; m < 4; m++)
			ck_assert_vma(nth_vma(mm, m), BASE(at[m][0]), BASE(at[m][1]));
		ck_assert_int_eq(mm->map_count, 4);
		ck_assert_uint_eq(mm->total_vm, 1 + 2 + 1 + 10);
		mm_free(mm);
		n++;
	}
	ck_assert_int_eq(n, 24);
}
END_TEST

/* An overlap in any position is refused and changes nothing. */
START_TEST(test_insert_overlap)
{
	static const int bad[][2] = {
		{ 4, 8 }, { 3, 5 }, { 7, 9 }, { 5, 6 }, { 2, 10 }, { 0, 100 }, { 7, 12 } };
	struct mm_struct *mm = mm_new();
	struct vm_area_struct *a = new_vma(BASE(4), BASE(8), VM_READ);
	struct vm_area_struct *b = new_vma(BASE(10), BASE(12), VM_READ);
	unsigned int i;

	ck_assert_int_eq(insert_vm_struct(mm, a), 0);
	ck_assert_int_eq(insert_vm_struct(mm, b), 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct vm_area_struct *v = new_vma(BASE(bad[i][0]), BASE(bad[i][1]), VM_READ);

		ck_assert_msg(insert_vm_struct(mm, v) == -ENOMEM,
			      "[%d, %d) overlaps [4, 8) or [10, 12)", bad[i][0], bad[i][1]);
		ck_assert_ptr_eq(mm->mmap, a);
		ck_assert_ptr_eq(a->vm_next, b);
		ck_assert_ptr_null(b->vm_next);
		ck_assert_int_eq(mm->map_count, 2);
		ck_assert_uint_eq(mm->total_vm, 6);
		kmem_cache_free(vm_area_cachep, v);
	}
	/* Touching is not overlapping. */
	ck_assert_int_eq(insert_vm_struct(mm, new_vma(BASE(8), BASE(10), VM_READ)), 0);
	ck_assert_int_eq(insert_vm_struct(mm, new_vma(BASE(3), BASE(4), VM_READ)), 0);
	ck_assert_int_eq(mm->map_count, 4);
	ck_assert_mm_ok(mm);
	mm_free(mm);
}
END_TEST

/* ---- 8.2: get_unmapped_area and do_mmap -------------------------------------------------- */

START_TEST(test_unmapped_area)
{
	struct mm_struct *mm = mm_new();
	unsigned long r;

	ck_assert_uint_eq(get_unmapped_area(mm, 0, PAGES(3), 0), BASE(0));
	insert_vm_struct(mm, new_vma(BASE(0), BASE(2), VM_READ));
	insert_vm_struct(mm, new_vma(BASE(5), BASE(6), VM_READ));
	/* First fit from mmap_base: a 3-page gap at 2, nothing smaller fits 4. */
	ck_assert_uint_eq(get_unmapped_area(mm, 0, PAGES(3), 0), BASE(2));
	ck_assert_uint_eq(get_unmapped_area(mm, 0, PAGES(4), 0), BASE(6));
	/* A free hint is honoured, below mmap_base too; a taken one is not. */
	ck_assert_uint_eq(get_unmapped_area(mm, U(0x10000000), PAGES(2), 0), U(0x10000000));
	ck_assert_uint_eq(get_unmapped_area(mm, BASE(3), PAGES(2), 0), BASE(3));
	ck_assert_uint_eq(get_unmapped_area(mm, BASE(4), PAGES(2), 0), BASE(2));
	ck_assert_uint_eq(get_unmapped_area(mm, BASE(4), PAGES(4), 0), BASE(6));
	ck_assert_uint_eq(get_unmapped_area(mm, BASE(1), PAGES(1), 0), BASE(2));
	/* A hint whose range would pass TASK_SIZE (or wrap): first fit instead. */
	ck_assert_uint_eq(get_unmapped_area(mm, TASK_SIZE - PAGES(1), PAGES(2), 0), BASE(2));
	ck_assert_uint_eq(get_unmapped_area(mm, TASK_SIZE - PAGES(1), PAGES(1), 0),
			  TASK_SIZE - PAGES(1));
	/* A hint whose end wraps past the top of the address space (on i386
	 * 0xFFFFE000 + 4 pages; on the host the top is 2^64): first fit. */
	ck_assert_uint_eq(get_unmapped_area(mm, -PAGES(2), PAGES(4), 0), BASE(6));
	ck_assert_uint_eq(do_mmap(mm, -PAGES(2), PAGES(4), RW, ANON), BASE(6));
	ck_assert_int_eq(do_munmap(mm, BASE(6), PAGES(4)), 0);
	/* MAP_FIXED: the address, whatever is there (do_mmap clears it). */
	ck_assert_uint_eq(get_unmapped_area(mm, BASE(0), PAGES(1), MAP_FIXED), BASE(0));
	/* Too big for what is left above mmap_base: -ENOMEM, no wrap. */
	r = get_unmapped_area(mm, 0, TASK_SIZE - BASE(0), 0);
	ck_assert_int_eq((long)r, -ENOMEM);
	ck_assert_uint_eq(get_unmapped_area(mm, 0, TASK_SIZE - BASE(6), 0), BASE(6));
	mm_free(mm);
}
END_TEST

/* Full from mmap_base to TASK_SIZE: -ENOMEM, though space is free below. */
START_TEST(test_unmapped_area_full)
{
	struct mm_struct *mm = mm_new();

	insert_vm_struct(mm, new_vma(BASE(0), TASK_SIZE - PAGES(1), VM_READ));
	ck_assert_uint_eq(get_unmapped_area(mm, 0, PAGES(1), 0), TASK_SIZE - PAGES(1));
	ck_assert_int_eq((long)get_unmapped_area(mm, 0, PAGES(2), 0), -ENOMEM);
	insert_vm_struct(mm, new_vma(TASK_SIZE - PAGES(1), TASK_SIZE, VM_READ));
	ck_assert_int_eq((long)get_unmapped_area(mm, 0, PAGES(1), 0), -ENOMEM);
	ck_assert_int_eq(MMAP_ERR(do_mmap(mm, 0, PAGES(1), RW, ANON)), -ENOMEM);
	ck_assert_int_eq(mm->map_count, 2);
	ck_assert_mm_ok(mm);
	mm_free(mm);
}
END_TEST

START_TEST(test_mmap_errors)
{
	struct mm_struct *mm = mm_new();

	ck_assert_int_eq(MMAP_ERR(do_mmap(mm, 0, 0, RW, ANON)), -EINVAL);
	ck_assert_int_eq(MMAP_ERR(do_mmap(mm, 0, PAGES(1), RW,
					  MAP_SHARED | MAP_ANONYMOUS)), -EINVAL);
	ck_assert_int_eq(MMAP_ERR(do_mmap(mm, 0, PAGES(1), RW,
					  MAP_SHARED | MAP_PRIVATE | MAP_ANONYMOUS)), -EINVAL);
	ck_assert_int_eq(MMAP_ERR(do_mmap(mm, 0, PAGES(1), RW, MAP_PRIVATE)), -EINVAL);
	ck_assert_int_eq(MMAP_ERR(do_mmap(mm, BASE(0) + 12, PAGES(1), RW,
					  ANON | MAP_FIXED)), -EINVAL);
	ck_assert_int_eq(MMAP_ERR(do_mmap(mm, TASK_SIZE - PAGES(1), PAGES(2), RW,
					  ANON | MAP_FIXED)), -EINVAL);
	ck_assert_int_eq(MMAP_ERR(do_mmap(mm, TASK_SIZE, PAGES(1), RW,
					  ANON | MAP_FIXED)), -EINVAL);
	ck_assert_int_lt(MMAP_ERR(do_mmap(mm, 0, TASK_SIZE, RW, ANON)), 0);
	ck_assert_int_lt(MMAP_ERR(do_mmap(mm, 0, -PAGES(1), RW, ANON)), 0);
	ck_assert_ptr_null(mm->mmap);
	ck_assert_int_eq(mm->map_count, 0);
	ck_assert_uint_eq(mm->total_vm, 0);
	/* The last page of user space is fine with MAP_FIXED. */
	ck_assert_uint_eq(mmap_ok(mm, TASK_SIZE - PAGES(1), PAGES(1), RW, MAP_FIXED),
			  TASK_SIZE - PAGES(1));
	mm_free(mm);
}
END_TEST

/* prot and flags become vm_flags; len is rounded up to pages. */
/*
 * 8.2's bounds are inclusive: with MAP_FIXED, the whole user space, from
 * 0 to TASK_SIZE, is one legal mapping (len == TASK_SIZE does not wrap).
 * And a hint that is not page aligned is rounded up before it is used.
 */
START_TEST(test_mmap_whole_space)
{
	struct mm_struct *mm = mm_new();
	unsigned long r;

	r = do_mmap(mm, U(0), TASK_SIZE - KVA_BIAS, PROT_NONE, ANON | MAP_FIXED);
	ck_assert_msg(r == U(0), "do_mmap(0, TASK_SIZE, MAP_FIXED) = %ld", MMAP_ERR(r));
	ck_assert_uint_eq(mm->map_count, 1);
	ck_assert_uint_eq(mm->total_vm, (TASK_SIZE - KVA_BIAS) >> PAGE_SHIFT);
	ck_assert_int_eq(do_munmap(mm, U(0), TASK_SIZE - KVA_BIAS), 0);
	ck_assert_uint_eq(mm->map_count, 0);
	/* A hint inside a page is rounded up to the next page. */
	ck_assert_uint_eq(mmap_ok(mm, BASE(50) + 123, PAGES(1), RW, 0), BASE(51));
	mm_free(mm);
}
END_TEST

START_TEST(test_mmap_flags)
{
	static const struct { unsigned long prot, flags, vm; } t[] = {
		{ PROT_NONE, 0, 0 },
		{ PROT_READ, 0, VM_READ },
		{ PROT_WRITE, 0, VM_WRITE },
		{ RW, 0, VM_READ | VM_WRITE },
		{ PROT_READ | PROT_EXEC, 0, VM_READ | VM_EXEC },
		{ RW | PROT_EXEC, 0, VM_READ | VM_WRITE | VM_EXEC },
		{ RW, MAP_GROWSDOWN, VM_READ | VM_WRITE | VM_GROWSDOWN },
	};
	struct mm_struct *mm = mm_new();
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		unsigned long a = mmap_ok(mm, 0, PAGES(1) * (i + 1) - 100, t[i].prot,
					  t[i].flags);
		struct vm_area_struct *v = find_vma(mm, a);

		ck_assert_vma(v, a, a + PAGES(i + 1));
		ck_assert_msg((v->vm_flags & (VM_READ | VM_WRITE | VM_EXEC | VM_SHARED |
					      VM_GROWSDOWN)) == t[i].vm,
			      "prot %#lx flags %#lx: vm_flags %#lx, want %#lx",
			      t[i].prot, t[i].flags, v->vm_flags, t[i].vm);
	}
	ck_assert_uint_eq(mmap_ok(mm, 0, 1, RW, 0) & ~PAGE_MASK, 0);
	ck_assert_uint_eq(mm->total_vm, 1 + 2 + 3 + 4 + 5 + 6 + 7 + 1);
	ck_assert_mm_ok(mm);
	mm_free(mm);
}
END_TEST

/* do_mmap() takes no page: no frame, no page table, only a VMA from its slab. */
START_TEST(test_mmap_allocates_nothing)
{
	struct mm_struct *mm = mm_new();
	unsigned long before = nr_free_pages(), a = 0;	/* the warm slab kept */
	int i;

	for (i = 0; i < 16; i++)
		a = mmap_ok(mm, 0, 64UL << 20, RW, 0);	/* 16 x 64 MiB */
	ck_assert_uint_eq(a, BASE(15 * 16384));
	ck_assert_uint_eq(mm->total_vm, 16 * 16384);
	ck_assert_uint_eq(mm->rss, 0);
	ck_assert_uint_eq(user_tables(mm), 0);
	ck_assert_uint_eq(nr_free_pages(), before);	/* the warm slab had room */
	mm_free(mm);
}
END_TEST

/* MAP_FIXED replaces what was there: split around it, its pages freed. */
START_TEST(test_mmap_fixed_replaces)
{
	struct mm_struct *mm = mm_new();
	unsigned long a, before;
	int i;

	a = mmap_ok(mm, 0, PAGES(4), RW, 0);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(handle_mm_fault(mm, find_vma(mm, a + PAGES(i)),
						 a + PAGES(i), 1), VM_FAULT_MINOR);
	ck_assert_uint_eq(mm->rss, 4);
	before = free_pages_now();
	ck_assert_uint_eq(mmap_ok(mm, a + PAGES(1), PAGES(2), PROT_READ, MAP_FIXED),
			  a + PAGES(1));
	ck_assert_int_eq(mm->map_count, 3);
	ck_assert_vma(nth_vma(mm, 0), a, a + PAGES(1));
	ck_assert_vma(nth_vma(mm, 1), a + PAGES(1), a + PAGES(3));
	ck_assert_vma(nth_vma(mm, 2), a + PAGES(3), a + PAGES(4));
	ck_assert_uint_eq(nth_vma(mm, 0)->vm_flags & (VM_READ | VM_WRITE), VM_READ | VM_WRITE);
	ck_assert_uint_eq(nth_vma(mm, 1)->vm_flags & (VM_READ | VM_WRITE), VM_READ);
	ck_assert_uint_eq(nth_vma(mm, 2)->vm_flags & (VM_READ | VM_WRITE), VM_READ | VM_WRITE);
	ck_assert_uint_eq(mm->rss, 2);
	ck_assert(!pte_present(user_entry(mm, a + PAGES(1))));
	ck_assert(!pte_present(user_entry(mm, a + PAGES(2))));
	ck_assert(pte_present(user_entry(mm, a)));
	ck_assert(pte_present(user_entry(mm, a + PAGES(3))));
	ck_assert_uint_eq(free_pages_now(), before + 2);
	ck_assert_uint_eq(mm->total_vm, 4);
	ck_assert_mm_ok(mm);
	mm_free(mm);
}
END_TEST

Suite *host_suite(void)
{
	Suite *s = suite_create("lab8-mmap");
	TCase *tc;

	tc = tcase_create("vma");
	tcase_add_checked_fixture(tc, boot_1g, lab8_shutdown);
	tcase_add_test(tc, test_find_vma);
	tcase_add_test(tc, test_find_vma_cache_after_munmap);
	tcase_add_test(tc, test_find_vma_prev);
	tcase_add_test(tc, test_insert_sorted);
	tcase_add_test(tc, test_insert_overlap);
	suite_add_tcase(s, tc);

	tc = tcase_create("mmap");
	tcase_add_checked_fixture(tc, boot_1g, lab8_shutdown);
	tcase_add_test(tc, test_unmapped_area);
	tcase_add_test(tc, test_unmapped_area_full);
	tcase_add_test(tc, test_mmap_errors);
	tcase_add_test(tc, test_mmap_flags);
	tcase_add_test(tc, test_mmap_whole_space);
	tcase_add_test(tc, test_mmap_allocates_nothing);
	tcase_add_test(tc, test_mmap_fixed_replaces);
	suite_add_tcase(s, tc);

	suite_add_tcase(s, munmap_tcase());

	suite_add_tcase(s, random_tcase());
	return s;
}
