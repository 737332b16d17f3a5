/**
 * @file
 * Lab 8 in-kernel tests, steps 8.4-8.7: demand paging, the fault handler,
 * vmalloc faults and the exception table.
 *
 * The test touches user addresses of its own mm from kernel mode, so each
 * fault goes through lab 8's do_page_fault() just as a system call's copy
 * would (PF_USER clear).  Tests that need a user-mode fault (ESP checks,
 * segfaults) run real programs: process_ktest.c.
 */
#include "lab8_ktest.h"
#include <linux/highmem.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <asm/tlbflush.h>
#include <asm/traps.h>

static unsigned long read_user(unsigned long addr)
{
	return *(volatile unsigned long *)addr;
}

static void write_user(unsigned long addr, unsigned long v)
{
	*(volatile unsigned long *)addr = v;
}

/* ---- 8.4: handle_mm_fault ------------------------------------------ */

LAB8_MM_TEST(fault, read_maps_zero_page)
{
	unsigned long a = map_anon(mm, 0, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE);
	unsigned long v = 1;

	KTEST_ASSERT(t, !IS_ERR_VALUE(a));
	KTEST_ASSERT(t, KTEST_EXPECT_NO_FAULT(t, v = read_user(a)));
	KTEST_EXPECT_EQ(t, v, 0);
	KTEST_EXPECT_EQ(t, user_pfn(mm, a), zero_pfn());
	KTEST_EXPECT(t, !pte_write(*user_pte(mm, a)));		/* read-only */
	KTEST_EXPECT(t, pte_val(*user_pte(mm, a)) & _PAGE_USER);
	KTEST_EXPECT_EQ(t, mm->rss, 0);				/* not counted */
	KTEST_EXPECT(t, !user_present(mm, a + PAGE_SIZE));	/* only what was touched */
}

LAB8_MM_TEST(fault, zero_page_shared)
{
	unsigned long a = map_anon(mm, 0, 4 * PAGE_SIZE, PROT_READ);
	unsigned long free;
	volatile unsigned long i;

	KTEST_ASSERT(t, !IS_ERR_VALUE(a));
	KTEST_ASSERT(t, KTEST_EXPECT_NO_FAULT(t, read_user(a)));	/* the page table */
	free = nr_free_pages();
	for (i = 1; i < 4; i++)
		KTEST_ASSERT(t, KTEST_EXPECT_NO_FAULT(t, read_user(a + i * PAGE_SIZE)));
	for (i = 0; i < 4; i++)
		KTEST_EXPECT_EQ(t, user_pfn(mm, a + i * PAGE_SIZE), zero_pfn());
	KTEST_EXPECT_EQ(t, nr_free_pages(), free);	/* three reads, no memory */
}

LAB8_MM_TEST(fault, write_allocates_high)
{
	unsigned long a = map_anon(mm, 0, PAGE_SIZE, PROT_READ | PROT_WRITE);
	unsigned long v = 1;
	struct page *page;

	KTEST_ASSERT(t, !IS_ERR_VALUE(a));
	KTEST_ASSERT(t, KTEST_EXPECT_NO_FAULT(t, write_user(a + 8, 0x5a5a)));
	KTEST_ASSERT(t, user_present(mm, a));
	KTEST_EXPECT(t, pte_write(*user_pte(mm, a)));
	KTEST_EXPECT_NE(t, user_pfn(mm, a), zero_pfn());
	KTEST_EXPECT_EQ(t, mm->rss, 1);
	page = pfn_to_page(user_pfn(mm, a));
	/* GFP_HIGHUSER: high memory first, when the machine has any. */
	if (highend_pfn > highstart_pfn)
		KTEST_EXPECT(t, PageHighMem(page));
	KTEST_EXPECT_NO_FAULT(t, v = read_user(a));
	KTEST_EXPECT_EQ(t, v, 0);			/* zeroed, not stale */
	KTEST_EXPECT_NO_FAULT(t, v = read_user(a + PAGE_SIZE - 4));
	KTEST_EXPECT_EQ(t, v, 0);
}

LAB8_MM_TEST(fault, write_demand_counts)
{
	unsigned long a = map_anon(mm, 0, 16 * PAGE_SIZE, PROT_READ | PROT_WRITE);
	unsigned long free;

	KTEST_ASSERT(t, !IS_ERR_VALUE(a));
	KTEST_ASSERT(t, KTEST_EXPECT_NO_FAULT(t, write_user(a, 1)));	/* + page table */
	free = nr_free_pages();
	KTEST_ASSERT(t, KTEST_EXPECT_NO_FAULT(t, write_user(a + 5 * PAGE_SIZE, 2)));
	KTEST_ASSERT(t, KTEST_EXPECT_NO_FAULT(t, write_user(a + 15 * PAGE_SIZE, 3)));
	KTEST_EXPECT_EQ(t, free - nr_free_pages(), 2);		/* one page per page touched */
	KTEST_EXPECT_EQ(t, mm->rss, 3);
	KTEST_EXPECT(t, !user_present(mm, a + 4 * PAGE_SIZE));
	KTEST_EXPECT_EQ(t, peek(t, a + 5 * PAGE_SIZE), 2);
}

LAB8_MM_TEST(fault, cow_zero_page)
{
	unsigned long a = map_anon(mm, 0, PAGE_SIZE, PROT_READ | PROT_WRITE);
	unsigned long v = 1;

	KTEST_ASSERT(t, !IS_ERR_VALUE(a));
	KTEST_ASSERT(t, KTEST_EXPECT_NO_FAULT(t, read_user(a)));
	KTEST_ASSERT_EQ(t, user_pfn(mm, a), zero_pfn());
	KTEST_ASSERT(t, KTEST_EXPECT_NO_FAULT(t, write_user(a + 4, 7)));
	KTEST_EXPECT_NE(t, user_pfn(mm, a), zero_pfn());
	KTEST_EXPECT(t, pte_write(*user_pte(mm, a)));
	KTEST_EXPECT_EQ(t, mm->rss, 1);
	KTEST_EXPECT_NO_FAULT(t, v = read_user(a));
	KTEST_EXPECT_EQ(t, v, 0);
	KTEST_EXPECT_EQ(t, peek(t, a + 4), 7);
	/* The zero page itself is still all zeroes. */
	KTEST_EXPECT_EQ(t, empty_zero_page[1], 0);
}

/* ---- 8.5: the VMA checks in do_page_fault ---------------------------- */

LAB8_MM_TEST(fault, outside_every_vma)
{
	unsigned long a = map_anon(mm, 0, PAGE_SIZE, PROT_READ | PROT_WRITE);
	unsigned long hole = a + 8 * PAGE_SIZE;

	KTEST_ASSERT(t, !IS_ERR_VALUE(a));
	KTEST_EXPECT_NO_FAULT(t, write_user(a, 1));	/* the handler works ... */
	KTEST_EXPECT_FAULT(t, hole, read_user(hole));	/* ... and refuses this */
	KTEST_EXPECT(t, !user_present(mm, hole));
}

LAB8_MM_TEST(fault, write_to_read_only)
{
	unsigned long a = map_anon(mm, 0, PAGE_SIZE, PROT_READ);

	KTEST_ASSERT(t, !IS_ERR_VALUE(a));
	KTEST_EXPECT_NO_FAULT(t, read_user(a));
	KTEST_EXPECT_FAULT(t, a, write_user(a, 1));
	KTEST_EXPECT_EQ(t, t->fault_error_code & (PF_PROT | PF_WRITE), PF_PROT | PF_WRITE);
	KTEST_EXPECT_EQ(t, user_pfn(mm, a), zero_pfn());	/* still the zero page */
}

LAB8_MM_TEST(fault, prot_none)
{
	unsigned long a = map_anon(mm, 0, PAGE_SIZE, PROT_NONE);
	unsigned long b = map_anon(mm, 0, PAGE_SIZE, PROT_READ);

	KTEST_ASSERT(t, !IS_ERR_VALUE(a) && !IS_ERR_VALUE(b));
	KTEST_EXPECT_NO_FAULT(t, read_user(b));
	KTEST_EXPECT_FAULT(t, a, read_user(a));
	KTEST_EXPECT(t, !user_present(mm, a));
}

KTEST(lab8, fault, access_error)
{
	struct vm_area_struct r = { .vm_flags = VM_READ }, w = { .vm_flags = VM_WRITE },
			      x = { .vm_flags = VM_EXEC }, none = { .vm_flags = 0 },
			      rw = { .vm_flags = VM_READ | VM_WRITE };

	KTEST_EXPECT(t, !access_error(0, &r));			/* read, not present */
	KTEST_EXPECT(t, !access_error(PF_USER, &x));
	KTEST_EXPECT(t, access_error(PF_USER, &none));
	KTEST_EXPECT(t, access_error(PF_WRITE | PF_USER, &r));
	KTEST_EXPECT(t, !access_error(PF_WRITE, &w));
	KTEST_EXPECT(t, !access_error(PF_WRITE | PF_PROT | PF_USER, &rw)); /* COW */
	KTEST_EXPECT(t, access_error(PF_PROT | PF_USER, &rw));	/* read of a present page */
}

LAB8_MM_TEST(fault, stack_grows)
{
	unsigned long top = TASK_UNMAPPED_BASE + 64 * PAGE_SIZE;
	unsigned long s = do_mmap(mm, top - PAGE_SIZE, PAGE_SIZE, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN);
	struct vm_area_struct *vma;

	KTEST_ASSERT_EQ(t, s, top - PAGE_SIZE);
	KTEST_ASSERT(t, KTEST_EXPECT_NO_FAULT(t, write_user(top - 5 * PAGE_SIZE + 8, 9)));
	vma = find_vma(mm, top - PAGE_SIZE);
	KTEST_ASSERT(t, vma != NULL);
	KTEST_EXPECT_EQ(t, vma->vm_start, top - 5 * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, mm->map_count, 1);
	KTEST_EXPECT_EQ(t, mm->total_vm, 5);
	KTEST_EXPECT_EQ(t, peek(t, top - 5 * PAGE_SIZE + 8), 9);
}

LAB8_MM_TEST(fault, stack_stops_at_vma_below)
{
	unsigned long top = TASK_UNMAPPED_BASE + 64 * PAGE_SIZE;
	unsigned long below = map_anon(mm, top - 4 * PAGE_SIZE, PAGE_SIZE, PROT_READ);
	unsigned long s = do_mmap(mm, top - PAGE_SIZE, PAGE_SIZE, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN);

	KTEST_ASSERT(t, below == top - 4 * PAGE_SIZE && s == top - PAGE_SIZE);
	KTEST_EXPECT_NO_FAULT(t, write_user(top - 3 * PAGE_SIZE, 1));	/* grows */
	KTEST_EXPECT_EQ(t, find_vma(mm, top - PAGE_SIZE)->vm_start, top - 3 * PAGE_SIZE);
	/* The page at top - 4 pages is the other VMA (read-only): a write there
	 * is refused by that VMA's rights, not taken by the stack. */
	KTEST_EXPECT_FAULT(t, below, write_user(below, 1));
	KTEST_EXPECT_EQ(t, mm->map_count, 2);
	/* Asked directly, expand_stack() refuses to grow into it. */
	KTEST_EXPECT_EQ(t, expand_stack(find_vma(mm, top - PAGE_SIZE), below), -ENOMEM);
	KTEST_EXPECT_EQ(t, find_vma(mm, top - PAGE_SIZE)->vm_start, top - 3 * PAGE_SIZE);
}

LAB8_MM_TEST(fault, stack_limit)
{
	unsigned long top = TASK_UNMAPPED_BASE + 4096 * PAGE_SIZE;
	unsigned long s = do_mmap(mm, top - PAGE_SIZE, PAGE_SIZE, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN);
	unsigned long far = top - STACK_LIMIT - PAGE_SIZE;

	KTEST_ASSERT_EQ(t, s, top - PAGE_SIZE);
	KTEST_EXPECT_NO_FAULT(t, write_user(top - 2 * PAGE_SIZE, 1));
	KTEST_EXPECT_FAULT(t, far, write_user(far, 1));
	KTEST_EXPECT_EQ(t, find_vma(mm, top - PAGE_SIZE)->vm_start, top - 2 * PAGE_SIZE);
}

/* ---- 8.6: vmalloc faults ------------------------------------------- */

/*
 * The mm's page directory was copied when the mm was made.  A vmalloc()
 * area made afterwards in a new 4 MiB region has a page table in
 * swapper_pg_dir only, and the first touch through this mm faults.  After
 * the earlier labs' tests, swapper may already have a table for every
 * region vmalloc() would pick; so the test makes the mm's copy as old as
 * the scenario needs: it removes the entry from the mm's directory (and
 * the TLB), as if the mm had been made before the area existed.
 */
LAB8_MM_TEST(vmalloc_fault, new_area_in_process)
{
	char *area = vmalloc(PAGE_SIZE);
	unsigned long addr = (unsigned long)area;
	pgd_t *pgd = pgd_offset(mm->pgd, addr);

	KTEST_ASSERT(t, area != NULL);
	/* May fault already, if the region is new since the mm was made. */
	if (KTEST_EXPECT_NO_FAULT(t, area[100] = 42)) {
		set_pgd(pgd, __pgd(0));		/* the mm's copy is now stale */
		__flush_tlb_all();
		KTEST_EXPECT(t, KTEST_EXPECT_NO_FAULT(t, area[100] = 43));
		KTEST_EXPECT_EQ(t, pgd_val(*pgd), pgd_val(*pgd_offset_k(addr)));
		KTEST_EXPECT_EQ(t, peek(t, addr + 100) & 0xff, 43);
	}
	vfree(area);
}

KTEST(lab8, vmalloc_fault, refuses_unmapped)
{
	char *area = vmalloc(PAGE_SIZE);

	KTEST_ASSERT(t, area != NULL);
	KTEST_EXPECT_EQ(t, vmalloc_fault((unsigned long)area), 0);	/* mapped */
	/* The guard page after the area is not. */
	KTEST_EXPECT_EQ(t, vmalloc_fault((unsigned long)area + PAGE_SIZE), -EFAULT);
	vfree(area);
}

/* ---- 8.7: the exception table --------------------------------------- */

LAB8_MM_TEST(uaccess, copy_to_unmapped)
{
	unsigned long a = map_anon(mm, 0, PAGE_SIZE, PROT_READ | PROT_WRITE);
	char buf[16] = "fifteen bytes..";
	unsigned long left = 0;

	KTEST_ASSERT(t, !IS_ERR_VALUE(a));
	/* Into the mapping: demand paging inside the copy. */
	KTEST_EXPECT(t, KTEST_EXPECT_NO_FAULT(t, left = copy_to_user((void *)a, buf, 16)));
	KTEST_EXPECT_EQ(t, left, 0);
	/* Past its end: the copy stops short instead of oopsing. */
	KTEST_EXPECT(t, KTEST_EXPECT_NO_FAULT(t,
		left = copy_to_user((void *)(a + PAGE_SIZE - 6), buf, 16)));
	KTEST_EXPECT_EQ(t, left, 10);
}

LAB8_MM_TEST(uaccess, copy_from_bad)
{
	unsigned long a = map_anon(mm, 0, PAGE_SIZE, PROT_READ);
	char buf[8] = "XXXXXXX";
	unsigned long left = 0;

	KTEST_ASSERT(t, !IS_ERR_VALUE(a));
	KTEST_EXPECT(t, KTEST_EXPECT_NO_FAULT(t, left = copy_from_user(buf, (void *)a, 8)));
	KTEST_EXPECT_EQ(t, left, 0);
	KTEST_EXPECT_EQ(t, buf[3], 0);		/* the zero page's bytes */
	KTEST_EXPECT(t, KTEST_EXPECT_NO_FAULT(t,
		left = copy_from_user(buf, (void *)(a + 4 * PAGE_SIZE), 8)));
	KTEST_EXPECT_EQ(t, left, 8);
	/* A kernel address is refused before any access (access_ok). */
	KTEST_EXPECT_EQ(t, copy_from_user(buf, (void *)PAGE_OFFSET, 8), 8);
}
