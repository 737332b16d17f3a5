/**
 * @file
 * Lab 8 in-kernel tests, steps 8.1-8.3: VMAs, do_mmap() and do_munmap().
 *
 * These build address spaces directly, without a process, and look at the
 * VMA list and the page tables; fault_ktest.c then touches the memory.
 */
#include <asm/processor.h>
#include "lab8_ktest.h"

/* A VMA made by hand, for the list tests. */
static struct vm_area_struct *new_vma(unsigned long start, unsigned long end)
{
	struct vm_area_struct *vma = kmem_cache_alloc(vm_area_cachep, GFP_KERNEL);

	if (vma) {
		memset(vma, 0, sizeof(*vma));
		vma->vm_start = start;
		vma->vm_end = end;
		vma->vm_flags = VM_READ | VM_WRITE;
	}
	return vma;
}

#define A(n) (TASK_UNMAPPED_BASE + (n) * PAGE_SIZE)

/* ---- 8.1: the sorted list and find_vma ----------------------------- */

LAB8_MM_TEST(vma, insert_sorted)
{
	struct vm_area_struct *v1 = new_vma(A(10), A(12)), *v2 = new_vma(A(0), A(2)),
			      *v3 = new_vma(A(5), A(6));

	KTEST_ASSERT(t, v1 && v2 && v3);
	KTEST_EXPECT_EQ(t, insert_vm_struct(mm, v1), 0);
	KTEST_EXPECT_EQ(t, insert_vm_struct(mm, v2), 0);
	KTEST_EXPECT_EQ(t, insert_vm_struct(mm, v3), 0);
	KTEST_EXPECT(t, mm->mmap == v2 && v2->vm_next == v3 && v3->vm_next == v1 &&
			!v1->vm_next);
	KTEST_EXPECT_EQ(t, mm->map_count, 3);
	KTEST_EXPECT_EQ(t, mm->total_vm, 5);
	KTEST_EXPECT(t, v1->vm_mm == mm);
}

LAB8_MM_TEST(vma, insert_overlap)
{
	struct vm_area_struct *v1 = new_vma(A(4), A(8)), *v2 = new_vma(A(7), A(9));

	KTEST_ASSERT(t, v1 && v2);
	KTEST_ASSERT_EQ(t, insert_vm_struct(mm, v1), 0);
	KTEST_EXPECT_EQ(t, insert_vm_struct(mm, v2), -ENOMEM);
	KTEST_EXPECT(t, mm->mmap == v1 && !v1->vm_next);
	KTEST_EXPECT_EQ(t, mm->map_count, 1);
	kmem_cache_free(vm_area_cachep, v2);
}

LAB8_MM_TEST(vma, find)
{
	struct vm_area_struct *lo = new_vma(A(0), A(2)), *hi = new_vma(A(5), A(6));

	KTEST_ASSERT(t, lo && hi);
	KTEST_EXPECT(t, find_vma(mm, A(0)) == NULL);		/* empty list */
	KTEST_ASSERT(t, !insert_vm_struct(mm, lo) && !insert_vm_struct(mm, hi));
	KTEST_EXPECT(t, find_vma(mm, A(0)) == lo);		/* first byte */
	KTEST_EXPECT(t, find_vma(mm, A(2) - 1) == lo);		/* last byte */
	KTEST_EXPECT(t, find_vma(mm, A(2)) == hi);		/* in the gap: the next one */
	KTEST_EXPECT(t, find_vma(mm, A(0) - 1) == lo);		/* below everything */
	KTEST_EXPECT(t, find_vma(mm, A(6)) == NULL);		/* above everything */
	KTEST_EXPECT(t, find_vma(mm, A(5)) == hi && mm->mmap_cache == hi);
}

LAB8_MM_TEST(vma, find_prev)
{
	struct vm_area_struct *lo = new_vma(A(0), A(2)), *hi = new_vma(A(5), A(6)), *prev;

	KTEST_ASSERT(t, lo && hi);
	KTEST_ASSERT(t, !insert_vm_struct(mm, lo) && !insert_vm_struct(mm, hi));
	KTEST_EXPECT(t, find_vma_prev(mm, A(1), &prev) == lo && prev == NULL);
	KTEST_EXPECT(t, find_vma_prev(mm, A(3), &prev) == hi && prev == lo);
	KTEST_EXPECT(t, find_vma_prev(mm, A(9), &prev) == NULL && prev == hi);
}

/* ---- 8.2: do_mmap and get_unmapped_area ---------------------------- */

LAB8_MM_TEST(mmap, first_at_unmapped_base)
{
	unsigned long free = nr_free_pages();
	unsigned long a = map_anon(mm, 0, 16 * PAGE_SIZE, PROT_READ | PROT_WRITE);
	struct vm_area_struct *vma = find_vma(mm, a);

	KTEST_ASSERT_EQ(t, a, TASK_UNMAPPED_BASE);
	KTEST_ASSERT(t, vma && vma->vm_start == a && vma->vm_end == a + 16 * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, vma->vm_flags, VM_READ | VM_WRITE);
	KTEST_EXPECT_EQ(t, mm->total_vm, 16);
	/* No page: only (perhaps) a slab page for the VMA itself. */
	KTEST_EXPECT(t, free - nr_free_pages() <= 1);
	KTEST_EXPECT(t, !user_present(mm, a) && !user_present(mm, a + 15 * PAGE_SIZE));
}

LAB8_MM_TEST(mmap, next_fits_after)
{
	unsigned long a = map_anon(mm, 0, 3 * PAGE_SIZE, PROT_READ);
	unsigned long b = map_anon(mm, 0, PAGE_SIZE, PROT_READ);

	KTEST_EXPECT_EQ(t, a, TASK_UNMAPPED_BASE);
	KTEST_EXPECT_EQ(t, b, a + 3 * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, mm->map_count, 2);
}

LAB8_MM_TEST(mmap, len_rounded_up)
{
	unsigned long a = map_anon(mm, 0, 5000, PROT_READ);

	KTEST_ASSERT(t, !IS_ERR_VALUE(a));
	KTEST_EXPECT_EQ(t, find_vma(mm, a)->vm_end - a, 2 * PAGE_SIZE);
}

LAB8_MM_TEST(mmap, hint_honoured)
{
	unsigned long hint = KVA_BIAS + 0x50000000UL;
	unsigned long a = do_mmap(mm, hint, PAGE_SIZE, PROT_READ,
				  MAP_PRIVATE | MAP_ANONYMOUS);

	KTEST_EXPECT_EQ(t, a, hint);
}

LAB8_MM_TEST(mmap, hint_taken_goes_elsewhere)
{
	unsigned long hint = KVA_BIAS + 0x50000000UL;
	unsigned long a = do_mmap(mm, hint, 4 * PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS);
	unsigned long b = do_mmap(mm, hint + PAGE_SIZE, PAGE_SIZE, PROT_READ,
				  MAP_PRIVATE | MAP_ANONYMOUS);

	KTEST_ASSERT_EQ(t, a, hint);
	KTEST_EXPECT(t, !IS_ERR_VALUE(b));
	KTEST_EXPECT(t, b + PAGE_SIZE <= a || b >= a + 4 * PAGE_SIZE);	/* no overlap */
	KTEST_EXPECT_EQ(t, mm->map_count, 2);
}

LAB8_MM_TEST(mmap, fixed_replaces)
{
	unsigned long a = map_anon(mm, 0, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE);
	unsigned long b;

	KTEST_ASSERT(t, !IS_ERR_VALUE(a));
	b = map_anon(mm, a + PAGE_SIZE, PAGE_SIZE, PROT_READ);
	KTEST_EXPECT_EQ(t, b, a + PAGE_SIZE);
	/* Now three VMAs: rw [a, a+1), r [a+1, a+2), rw [a+2, a+4). */
	KTEST_EXPECT_EQ(t, count_vmas(mm), 3);
	KTEST_EXPECT_EQ(t, find_vma(mm, b)->vm_flags, VM_READ);
	KTEST_EXPECT_EQ(t, find_vma(mm, a)->vm_end, b);
	KTEST_EXPECT_EQ(t, mm->total_vm, 4);
}

LAB8_MM_TEST(mmap, prot_to_flags)
{
	unsigned long a = map_anon(mm, 0, PAGE_SIZE, PROT_READ | PROT_EXEC);
	unsigned long b = map_anon(mm, 0, PAGE_SIZE, PROT_NONE);
	unsigned long s = do_mmap(mm, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN);

	KTEST_ASSERT(t, !IS_ERR_VALUE(a) && !IS_ERR_VALUE(b) && !IS_ERR_VALUE(s));
	KTEST_EXPECT_EQ(t, find_vma(mm, a)->vm_flags, VM_READ | VM_EXEC);
	KTEST_EXPECT_EQ(t, find_vma(mm, b)->vm_flags, 0);
	KTEST_EXPECT_EQ(t, find_vma(mm, s)->vm_flags, VM_READ | VM_WRITE | VM_GROWSDOWN);
}

LAB8_MM_TEST(mmap, refused)
{
	unsigned long ok = map_anon(mm, 0, PAGE_SIZE, PROT_READ);

	KTEST_EXPECT(t, !IS_ERR_VALUE(ok));	/* the refusals below must not be all it can do */
	KTEST_EXPECT_EQ(t, (long)map_anon(mm, 0, 0, PROT_READ), -EINVAL);
	KTEST_EXPECT_EQ(t, (long)do_mmap(mm, 0, PAGE_SIZE, PROT_READ,
					 MAP_SHARED | MAP_ANONYMOUS), -EINVAL);
	KTEST_EXPECT_EQ(t, (long)do_mmap(mm, 0, PAGE_SIZE, PROT_READ, MAP_PRIVATE), -EINVAL);
	KTEST_EXPECT_EQ(t, (long)map_anon(mm, TASK_UNMAPPED_BASE + 100, PAGE_SIZE,
					  PROT_READ), -EINVAL);
	KTEST_EXPECT_EQ(t, (long)map_anon(mm, TASK_SIZE - PAGE_SIZE, 2 * PAGE_SIZE,
					  PROT_READ), -EINVAL);
	KTEST_EXPECT_EQ(t, (long)map_anon(mm, TASK_SIZE, PAGE_SIZE, PROT_READ), -EINVAL);
	KTEST_EXPECT_EQ(t, mm->map_count, 1);
}

LAB8_MM_TEST(mmap, no_room)
{
	/* Nearly all of [mmap_base, TASK_SIZE): the next big one cannot fit. */
	unsigned long big = TASK_SIZE - TASK_UNMAPPED_BASE - 16 * PAGE_SIZE;
	unsigned long a = map_anon(mm, 0, big, PROT_NONE);

	KTEST_ASSERT_EQ(t, a, TASK_UNMAPPED_BASE);
	KTEST_EXPECT_EQ(t, (long)map_anon(mm, 0, 32 * PAGE_SIZE, PROT_READ), -ENOMEM);
	KTEST_EXPECT_EQ(t, map_anon(mm, 0, 16 * PAGE_SIZE, PROT_READ), a + big);
}

/* ---- 8.3: do_munmap ------------------------------------------------ */

LAB8_MM_TEST(munmap, middle_splits)
{
	unsigned long a = map_anon(mm, 0, 8 * PAGE_SIZE, PROT_READ | PROT_WRITE);
	struct vm_area_struct *lo, *hi;

	KTEST_ASSERT(t, !IS_ERR_VALUE(a));
	KTEST_ASSERT_EQ(t, do_munmap(mm, a + 3 * PAGE_SIZE, 2 * PAGE_SIZE), 0);
	lo = find_vma(mm, a);
	hi = find_vma(mm, a + 3 * PAGE_SIZE);
	KTEST_ASSERT(t, lo && hi && lo != hi);
	KTEST_EXPECT(t, lo->vm_start == a && lo->vm_end == a + 3 * PAGE_SIZE);
	KTEST_EXPECT(t, hi->vm_start == a + 5 * PAGE_SIZE && hi->vm_end == a + 8 * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, hi->vm_flags, VM_READ | VM_WRITE);
	KTEST_EXPECT_EQ(t, mm->map_count, 2);
	KTEST_EXPECT_EQ(t, count_vmas(mm), 2);
	KTEST_EXPECT_EQ(t, mm->total_vm, 6);
}

/*
 * 8.3: zap_page_range() skips a missing page table 4 MiB at a time.  A
 * 1 GiB mapping with one page touched has one table in 256 directory
 * entries: unmapping it looks at 256 entries and one table's 1024 PTEs,
 * some tens of thousands of instructions; looking at each of its 262144
 * pages instead costs millions.  Exact counts need Bochs (rdtsc counts
 * instructions there).
 */
LAB8_MM_TEST(munmap, skips_missing_tables)
{
	unsigned long len = 1UL << 30, a = map_anon(mm, 0, len, PROT_READ);
	u64 start, cost;

	KTEST_ASSERT(t, !IS_ERR_VALUE(a));
	KTEST_ASSERT(t, peek(t, a) == 0);		/* the zero page, one table */
	start = rdtsc();
	KTEST_ASSERT_EQ(t, do_munmap(mm, a, len), 0);
	cost = ktest_tsc_to_instructions(rdtsc() - start);
	KTEST_EXPECT(t, !user_present(mm, a));
	KTEST_EXPECT_EQ(t, mm->map_count, 0);
	printk("# lab8: munmap of 1 GiB with one table: %u instructions\n", (u32)cost);
	if (!ktest_tsc_counts_instructions())
		KTEST_SKIP(t, "rdtsc counts instructions only under Bochs and bootrun's QEMU");
	KTEST_EXPECT(t, cost < 200000);
}

LAB8_MM_TEST(munmap, head_and_tail)
{
	unsigned long a = map_anon(mm, 0, 8 * PAGE_SIZE, PROT_READ);

	KTEST_ASSERT(t, !IS_ERR_VALUE(a));
	KTEST_EXPECT_EQ(t, do_munmap(mm, a, 2 * PAGE_SIZE), 0);
	KTEST_EXPECT_EQ(t, do_munmap(mm, a + 6 * PAGE_SIZE, 2 * PAGE_SIZE), 0);
	KTEST_ASSERT(t, mm->mmap != NULL);
	KTEST_EXPECT(t, mm->mmap->vm_start == a + 2 * PAGE_SIZE &&
			mm->mmap->vm_end == a + 6 * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, mm->map_count, 1);
}

LAB8_MM_TEST(munmap, across_vmas)
{
	unsigned long a = map_anon(mm, 0, 2 * PAGE_SIZE, PROT_READ);
	unsigned long b = map_anon(mm, 0, 2 * PAGE_SIZE, PROT_WRITE);
	unsigned long c = map_anon(mm, 0, 2 * PAGE_SIZE, PROT_READ);

	KTEST_ASSERT(t, b == a + 2 * PAGE_SIZE && c == b + 2 * PAGE_SIZE);
	/* From the middle of a to the middle of c: b goes, a and c shrink. */
	KTEST_EXPECT_EQ(t, do_munmap(mm, a + PAGE_SIZE, 4 * PAGE_SIZE), 0);
	KTEST_EXPECT_EQ(t, count_vmas(mm), 2);
	KTEST_EXPECT(t, find_vma(mm, a)->vm_end == a + PAGE_SIZE);
	KTEST_EXPECT(t, find_vma(mm, a + PAGE_SIZE)->vm_start == c + PAGE_SIZE);
	KTEST_EXPECT_EQ(t, mm->total_vm, 2);
}

LAB8_MM_TEST(munmap, cache_forgotten)
{
	unsigned long a = map_anon(mm, 0, 2 * PAGE_SIZE, PROT_READ);

	KTEST_ASSERT(t, find_vma(mm, a) != NULL);	/* now in mmap_cache */
	KTEST_ASSERT_EQ(t, do_munmap(mm, a, 2 * PAGE_SIZE), 0);
	KTEST_EXPECT(t, find_vma(mm, a) == NULL);
	KTEST_EXPECT(t, mm->mmap == NULL && mm->map_count == 0);
}

LAB8_MM_TEST(munmap, args)
{
	unsigned long a = map_anon(mm, 0, 2 * PAGE_SIZE, PROT_READ);

	KTEST_ASSERT(t, !IS_ERR_VALUE(a));
	KTEST_EXPECT_EQ(t, do_munmap(mm, a + 1, PAGE_SIZE), -EINVAL);
	KTEST_EXPECT_EQ(t, do_munmap(mm, a, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, do_munmap(mm, TASK_SIZE - PAGE_SIZE, 2 * PAGE_SIZE), -EINVAL);
	KTEST_EXPECT_EQ(t, do_munmap(mm, a + 16 * PAGE_SIZE, PAGE_SIZE), 0);	/* nothing there */
	KTEST_EXPECT_EQ(t, mm->map_count, 1);		/* and nothing changed */
	KTEST_EXPECT_EQ(t, do_munmap(mm, a, 100), 0);	/* len rounds up to a page */
	KTEST_EXPECT_EQ(t, find_vma(mm, a)->vm_start, a + PAGE_SIZE);
}
