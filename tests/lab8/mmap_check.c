/**
 * @file
 * Lab 8 host suite, steps 8.1-8.3: the VMA list (find_vma, find_vma_prev,
 * insert_vm_struct), get_unmapped_area, do_mmap and do_munmap, on the
 * simulated machines (see lab8_check.h for the fixture).
 *
 * The reference model of the random test is a page-granular picture of a
 * bounded window of user space, MODEL_PAGES pages from TASK_UNMAPPED_BASE:
 *
 * @verbatim
 *   model.id[i]     0: page i unmapped; else the number of the mmap that
 *                   made it (a VMA is a maximal run of pages with one id)
 *   model.flags[i]  the VM_* flags page i must have
 *   model.page[i]   page i has a frame (a write fault put one there)
 *
 *   e.g.  id = 0 0 7 7 7 0 9 9 4 4   ->  VMAs [2,5) [6,8) [8,10)
 * @endverbatim
 *
 * After every step the VMA list must be exactly the model's runs (ends,
 * flags), the list must keep its invariants (mm_problem()), a page has a
 * present PTE exactly when the model says it has a frame, mm->rss counts
 * them, and a page that lost its frame is unreachable at its user address
 * (the TLB was flushed).  A non-fixed mmap must land where first fit in
 * the model says.  The deliberate fault: the list checker and the model
 * comparison must each see a corruption made behind the lab's back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lab8_check.h"

static void boot_1g(void)
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

/* ---- the random test against the model ------------------------------------------------------ */

#define MODEL_PAGES 384
#define MODEL_STEPS 4000

static struct {
	u32 id[MODEL_PAGES];
	unsigned long flags[MODEL_PAGES];
	u8 page[MODEL_PAGES];		/* NONE, ZERO or OWN */
	u32 next_id;
} model;

enum { NONE, ZERO, OWN };	/* no entry, the zero page, a frame of its own */

static unsigned long maddr(int i)
{
	return BASE(i);
}

/* First fit in the model from page 0, or -1 (nothing ever fits past the window). */
static int model_first_fit(int n)
{
	int i, run = 0;

	for (i = 0; i < MODEL_PAGES; i++) {
		run = model.id[i] ? 0 : run + 1;
		if (run == n)
			return i - n + 1;
	}
	return -1;
}

static bool model_free(int at, int n)
{
	int i;

	for (i = at; i < at + n; i++)
		if (i >= MODEL_PAGES || model.id[i])
			return false;
	return true;
}

static void model_map(int at, int n, unsigned long vm)
{
	int i;

	model.next_id++;
	for (i = at; i < at + n; i++) {
		model.id[i] = model.next_id;
		model.flags[i] = vm;
		model.page[i] = NONE;
	}
}

static void model_unmap(int at, int n)
{
	int i;

	for (i = at; i < at + n && i < MODEL_PAGES; i++) {
		model.id[i] = 0;
		model.page[i] = NONE;
	}
}

/*
 * NULL if @p mm is what the model says (VMAs = the model's runs, flags,
 * entries, rss, TLB); else what differs.  @p where returns the page.
 */
static const char *model_mismatch(struct mm_struct *mm, int *where)
{
	struct vm_area_struct *v = mm->mmap;
	unsigned long rss = 0;
	int i = 0;

	while (i < MODEL_PAGES) {
		int j = i;

		*where = i;
		if (!model.id[i]) {
			if (v && v->vm_start <= maddr(i))
				return "a VMA covers a page the model says is unmapped";
			i++;
			continue;
		}
		while (j < MODEL_PAGES && model.id[j] == model.id[i])
			j++;
		if (!v || v->vm_start != maddr(i) || v->vm_end != maddr(j))
			return "the VMAs are not the model's runs";
		if ((v->vm_flags & (VM_READ | VM_WRITE | VM_EXEC | VM_GROWSDOWN)) !=
		    model.flags[i])
			return "a VMA's flags are not the model's";
		v = v->vm_next;
		i = j;
	}
	if (v)
		return "a VMA lies above the model's window";
	for (i = 0; i < MODEL_PAGES; i++) {
		pte_t pte = user_entry(mm, maddr(i));
		unsigned long tlb_pfn;
		bool tlb_w;

		*where = i;
		if (pte_present(pte) != (model.page[i] != NONE))
			return "a page's entry is not what the model says";
		if ((model.page[i] == ZERO) != (pte_present(pte) && pte_pfn(pte) == zero_pfn()))
			return "a page maps the zero page, or not, against the model";
		if (pte_present(pte) && pte_write(pte) != (model.page[i] == OWN))
			return "a page's entry is writable, or not, against the model";
		/* CR3 is mm->pgd: the sim's TLB must agree with the entry. */
		if (sim_tlb_lookup(maddr(i), &tlb_pfn, &tlb_w) != pte_present(pte) ||
		    (pte_present(pte) && (tlb_pfn != pte_pfn(pte) || tlb_w != pte_write(pte))))
			return "the TLB does not hold what the entry says (a missing flush?)";
		rss += model.page[i] == OWN;
	}
	*where = -1;
	return rss == mm->rss ? NULL : "mm->rss is not the pages with frames";
}

#define ck_assert_model(mm, step) do {					\
	int __at;							\
	const char *__why = model_mismatch(mm, &__at);			\
	ck_assert_msg(__why == NULL, "step %d, page %d: %s", step, __at, __why); \
	ck_assert_mm_ok(mm);						\
} while (0)

static unsigned long random_prot(unsigned int r, unsigned long *vm)
{
	static const unsigned long prot[] = { PROT_READ, RW, PROT_NONE, RW | PROT_EXEC };
	static const unsigned long vmf[] = { VM_READ, VM_READ | VM_WRITE, 0,
					     VM_READ | VM_WRITE | VM_EXEC };

	*vm = vmf[r % 4];
	return prot[r % 4];
}

static void random_step(struct mm_struct *mm, int step)
{
	unsigned int op = (unsigned int)rand() % 10;
	int n = 1 + rand() % 12, at = rand() % (MODEL_PAGES - n);
	unsigned long vm, prot = random_prot((unsigned int)rand(), &vm), r;

	if (op < 3) {				/* mmap, no hint: first fit */
		int want = model_first_fit(n);

		if (want < 0)
			op = 5;
		else {
			r = mmap_ok(mm, 0, PAGES(n), prot, 0);
			ck_assert_msg(r == maddr(want), "step %d: mmap of %d pages at page %ld, "
				      "first fit is %d", step, n, (long)(r - maddr(0)) >> 12, want);
			model_map(want, n, vm);
		}
	} else if (op == 3) {			/* mmap with a hint */
		int want = model_free(at, n) ? at : model_first_fit(n);

		if (want >= 0) {
			r = mmap_ok(mm, maddr(at), PAGES(n), prot, 0);
			ck_assert_msg(r == maddr(want), "step %d: hinted mmap", step);
			model_map(want, n, vm);
		}
	} else if (op == 4) {			/* MAP_FIXED over whatever is there */
		ck_assert_uint_eq(mmap_ok(mm, maddr(at), PAGES(n), prot, MAP_FIXED), maddr(at));
		model_map(at, n, vm);
	}
	if (op >= 5 && op < 7) {		/* munmap */
		ck_assert_int_eq(do_munmap(mm, maddr(at), PAGES(n)), 0);
		model_unmap(at, n);
	} else if (op >= 7) {			/* a fault the VMA allows */
		int i = rand() % MODEL_PAGES;
		struct vm_area_struct *v = find_vma(mm, maddr(i));
		bool write = rand() & 1;

		if (!model.id[i]) {
			ck_assert(!v || v->vm_start > maddr(i));
		} else if (write && (model.flags[i] & VM_WRITE)) {
			ck_assert_ptr_nonnull(v);
			ck_assert_int_eq(handle_mm_fault(mm, v, maddr(i) + 7, 1), VM_FAULT_MINOR);
			model.page[i] = OWN;
		} else if (model.flags[i] & VM_READ) {
			ck_assert_ptr_nonnull(v);
			ck_assert_int_eq(handle_mm_fault(mm, v, maddr(i) + 9, 0), VM_FAULT_MINOR);
			if (model.page[i] == NONE)
				model.page[i] = ZERO;
		}
	}
	ck_assert_model(mm, step);
}

START_TEST(test_random)
{
	struct mm_struct *mm;
	unsigned long before;
	unsigned int w = warn_count;
	int step;

	lab8_boot(sim_e820_maps[_i]);
	mm = mm_new();
	mm_enter(mm);
	memset(&model, 0, sizeof(model));
	srand(8 + (unsigned int)_i);
	before = free_pages_now();
	for (step = 0; step < MODEL_STEPS; step++)
		random_step(mm, step);
	ck_assert_int_eq(do_munmap(mm, maddr(0), PAGES(MODEL_PAGES)), 0);
	ck_assert_ptr_null(mm->mmap);
	ck_assert_uint_eq(free_pages_now(), before - user_tables(mm));
	ck_assert_uint_eq(warn_count, w);
	mm_free(mm);
	lab8_shutdown();
}
END_TEST

/* ---- the deliberate fault --------------------------------------------------------------- */

/* Both checkers see a corruption made behind the lab's back. */
START_TEST(test_checkers_fire)
{
	struct mm_struct *mm = mm_new();
	struct vm_area_struct *a, *b;
	int at;

	memset(&model, 0, sizeof(model));
	mmap_ok(mm, maddr(0), PAGES(2), RW, MAP_FIXED);
	model_map(0, 2, VM_READ | VM_WRITE);
	mmap_ok(mm, maddr(5), PAGES(3), PROT_READ, MAP_FIXED);
	model_map(5, 3, VM_READ);
	ck_assert_ptr_null(model_mismatch(mm, &at));
	ck_assert_ptr_null(mm_problem(mm));
	/* The model forgets a page: the comparison must notice. */
	model.id[6] = 0;
	ck_assert_str_eq(model_mismatch(mm, &at), "the VMAs are not the model's runs");
	model.id[6] = model.id[5];
	/* Swap the two VMAs on the list: the invariant checker must notice. */
	a = mm->mmap;
	b = a->vm_next;
	mm->mmap = b;
	b->vm_next = a;
	a->vm_next = NULL;
	ck_assert_str_eq(mm_problem(mm), "VMAs overlap or are out of order");
	mm->mmap = a;
	a->vm_next = b;
	b->vm_next = NULL;
	mm->total_vm++;
	ck_assert_str_eq(mm_problem(mm), "total_vm is not the pages the VMAs cover");
	mm->total_vm--;
	ck_assert_ptr_null(mm_problem(mm));
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

	tc = tcase_create("munmap");
	tcase_add_checked_fixture(tc, boot_1g, lab8_shutdown);
	tcase_add_test(tc, test_munmap_split);
	tcase_add_test(tc, test_munmap_several);
	tcase_add_test(tc, test_munmap_nothing_and_errors);
	tcase_add_test(tc, test_munmap_frees_pages);
	tcase_add_test(tc, test_checkers_fire);
	suite_add_tcase(s, tc);

	tc = tcase_create("random");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_random, 0, SIM_NR_E820_MAPS);
	suite_add_tcase(s, tc);
	return s;
}
