/**
 * @file
 * Lab 8 host suite, steps 8.3-8.7: the fault-decision logic.  access_error
 * over its whole table, handle_mm_fault (zero page, new page, copy on
 * write), zap_page_range, expand_stack, vmalloc_fault and do_page_fault
 * itself, on the simulated machines (fixture: lab8_check.h).
 *
 * Each test runs on the mm's own page tables (CR3 = mm->pgd, mm_enter()),
 * so what lab 8 writes is also what the sim's MMU loads: a user page the
 * lab maps is reachable at its user address, with the rights of its PTE,
 * and one it unmaps must be unreachable once the lab has flushed.  Frames
 * are read through kmap_atomic() (lab 7, solutions/), never only through
 * the address under test.
 *
 * do_page_fault() runs as the CPU would call it: the test sets CR2
 * (sim_set_cr2()), the error code and the saved registers, and makes a
 * fake task with the mm current.  The sim's fixup_exception() knows only
 * the entries a test adds; its page_fault_oops() aborts, so the oops is
 * run in a child (sim_run_child()).
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

static struct mm_struct *mm;
static struct task_struct task = { .pid = 42, .comm = "demand" };
static struct task_struct *saved_current;

/* A machine, an mm to run on, and a task that owns it (current). */
static void setup(const struct sim_e820_map *m)
{
	lab8_boot(m);
	mm = mm_new();
	mm_enter(mm);
	task.mm = mm;
	task.pending_sig = 0;
	saved_current = current;
	current = &task;
}

static void setup_1g(void)
{
	setup(&sim_e820_1g);
}

static void teardown(void)
{
	current = saved_current;
	mm_free(mm);
	mm = NULL;
	lab8_shutdown();
}

/* Loop tests boot their machine themselves (the fixture has no _i). */
#define LOOP_SETUP()	setup(sim_e820_maps[_i])
#define LOOP_TEARDOWN()	teardown()

static struct vm_area_struct *vma_at(unsigned long addr)
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

/* ---- 8.5: expand_stack ---------------------------------------------------------------------- */

START_TEST(test_expand_stack)
{
	struct vm_area_struct *st;
	unsigned long top;

	setup_1g();
	top = TASK_SIZE;		/* biased: only once the machine is up */
	mmap_ok(mm, top - PAGES(4), PAGES(4), RW, MAP_FIXED | MAP_GROWSDOWN);
	st = vma_at(top - PAGES(1));
	ck_assert_int_eq(expand_stack(st, top - PAGES(6) + 123), 0);
	ck_assert_uint_eq(st->vm_start, top - PAGES(6));
	ck_assert_uint_eq(mm->total_vm, 6);
	ck_assert_int_eq(expand_stack(st, top - STACK_LIMIT), 0);	/* exactly the limit */
	ck_assert_uint_eq(st->vm_start, top - STACK_LIMIT);
	ck_assert_int_eq(expand_stack(st, top - STACK_LIMIT - 1), -ENOMEM);
	ck_assert_uint_eq(st->vm_start, top - STACK_LIMIT);
	ck_assert_uint_eq(mm->total_vm, STACK_LIMIT >> PAGE_SHIFT);
	ck_assert_mm_ok(mm);
	teardown();
}
END_TEST

START_TEST(test_expand_stack_into_vma)
{
	struct vm_area_struct *st;
	unsigned long top;

	setup_1g();
	top = TASK_SIZE;		/* biased: only once the machine is up */
	mmap_ok(mm, top - PAGES(20), PAGES(10), RW, MAP_FIXED);
	mmap_ok(mm, top - PAGES(4), PAGES(4), RW, MAP_FIXED | MAP_GROWSDOWN);
	st = vma_at(top - PAGES(1));
	ck_assert_int_eq(expand_stack(st, top - PAGES(11)), -ENOMEM);
	ck_assert_int_eq(expand_stack(st, top - PAGES(10) - 1), -ENOMEM);
	ck_assert_uint_eq(st->vm_start, top - PAGES(4));
	ck_assert_uint_eq(mm->total_vm, 14);
	ck_assert_int_eq(expand_stack(st, top - PAGES(10)), 0);	/* touching is fine */
	ck_assert_uint_eq(st->vm_start, top - PAGES(10));
	ck_assert_uint_eq(mm->total_vm, 20);
	ck_assert_mm_ok(mm);
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

/* ---- 8.5-8.7: do_page_fault, as the CPU calls it ---------------------------------------------- */

static struct pt_regs user_regs(u32 esp)
{
	return (struct pt_regs){ .cs = __USER_CS, .eip = 0x08048123, .esp = esp };
}

static struct pt_regs kernel_regs(void)
{
	return (struct pt_regs){ .cs = __KERNEL_CS, .eip = 0xC0105000 };
}

/* Raise a fault at @p addr with @p ec, as the CPU would. */
static void raise_pf(struct pt_regs *regs, unsigned long addr, unsigned long ec)
{
	regs->error_code = (u32)ec;
	sim_set_cr2(__cpu_addr(addr));
	do_page_fault(regs, ec);
}

START_TEST(test_dpf_user_demand)
{
	struct pt_regs regs = user_regs(0xBFFFF000);
	unsigned long a;

	setup_1g();
	a = mmap_ok(mm, 0, PAGES(2), RW, 0);
	raise_pf(&regs, a + 4, PF_USER);				/* read */
	ck_assert_uint_eq(pte_pfn(user_entry(mm, a)), zero_pfn());
	raise_pf(&regs, a + 4, PF_USER | PF_WRITE | PF_PROT);		/* then write */
	ck_assert(pte_write(user_entry(mm, a)));
	ck_assert_uint_ne(pte_pfn(user_entry(mm, a)), zero_pfn());
	raise_pf(&regs, a + PAGES(1), PF_USER | PF_WRITE);		/* write */
	ck_assert(pte_write(user_entry(mm, a + PAGES(1))));
	ck_assert_uint_eq(mm->rss, 2);
	ck_assert_int_eq(task.pending_sig, 0);
	ck_assert_uint_eq(regs.eip, 0x08048123);
	teardown();
}
END_TEST

/* The segfault line Linux prints, for @p addr and error code @p ec. */
static void expect_segv(const struct pt_regs *regs, unsigned long addr, unsigned long ec)
{
	char line[128];

	snprintf(line, sizeof(line), "demand[42]: segfault at %x ip %08x sp %08x error %lx",
		 __cpu_addr(addr), regs->eip, regs->esp, ec);
	ck_assert_int_eq(task.pending_sig, SIGSEGV);
	ck_assert_msg(sim_console_contains(line), "console: \"%s\", want \"%s\"",
		      sim_console_text(), line);
	task.pending_sig = 0;
	sim_console_clear();
}

START_TEST(test_dpf_user_segv)
{
	struct pt_regs regs = user_regs(0xBFFFF000);
	unsigned long ro, none;

	setup_1g();
	ro = mmap_ok(mm, 0, PAGES(1), PROT_READ, 0);
	none = mmap_ok(mm, 0, PAGES(1), PROT_NONE, 0);
	raise_pf(&regs, ro, PF_USER | PF_WRITE);		/* write to read-only */
	expect_segv(&regs, ro, PF_USER | PF_WRITE);
	raise_pf(&regs, none + 8, PF_USER);			/* read of PROT_NONE */
	expect_segv(&regs, none + 8, PF_USER);
	raise_pf(&regs, U(0x1000), PF_USER);			/* no VMA */
	expect_segv(&regs, U(0x1000), PF_USER);
	raise_pf(&regs, BASE(100), PF_USER | PF_WRITE);		/* none above */
	expect_segv(&regs, BASE(100), PF_USER | PF_WRITE);
	raise_pf(&regs, PAGE_OFFSET + 0x1000, PF_USER | PF_PROT);	/* the kernel's */
	expect_segv(&regs, PAGE_OFFSET + 0x1000, PF_USER | PF_PROT);
	raise_pf(&regs, ro, PF_USER);				/* a legal read: fine */
	ck_assert_int_eq(task.pending_sig, 0);
	raise_pf(&regs, ro, PF_USER | PF_PROT);			/* read, present: refused */
	expect_segv(&regs, ro, PF_USER | PF_PROT);
	ck_assert_uint_eq(mm->rss, 0);
	teardown();
}
END_TEST

/* A push just below the stack grows it; a wild pointer far below ESP does not. */
START_TEST(test_dpf_stack)
{
	unsigned long top, addr;
	struct vm_area_struct *st;
	struct pt_regs regs;

	setup_1g();
	top = TASK_SIZE;
	mmap_ok(mm, top - PAGES(4), PAGES(4), RW, MAP_FIXED | MAP_GROWSDOWN);
	st = vma_at(top - PAGES(1));
	addr = top - PAGES(4) - 32;
	regs = user_regs(__cpu_addr(addr + 32));
	raise_pf(&regs, addr, PF_USER | PF_WRITE);
	ck_assert_int_eq(task.pending_sig, 0);
	ck_assert_uint_eq(st->vm_start, top - PAGES(5));
	ck_assert(pte_write(user_entry(mm, addr)));
	addr = top - PAGES(5) - STACK_GUARD_SLACK - PAGES(1);
	regs = user_regs(__cpu_addr(top - PAGES(5)));
	raise_pf(&regs, addr, PF_USER | PF_WRITE);
	expect_segv(&regs, addr, PF_USER | PF_WRITE);
	ck_assert_uint_eq(st->vm_start, top - PAGES(5));
	/* Within the slack below ESP (enter, pusha): grows. */
	addr = top - PAGES(5) - STACK_GUARD_SLACK + 4;
	raise_pf(&regs, addr, PF_USER | PF_WRITE);
	ck_assert_int_eq(task.pending_sig, 0);
	ck_assert_uint_eq(st->vm_start, addr & PAGE_MASK);
	ck_assert_mm_ok(mm);
	teardown();
}
END_TEST

/* Kernel mode: a user address in a VMA is served (a system call's copy). */
START_TEST(test_dpf_kernel_user_address)
{
	struct pt_regs regs = kernel_regs();
	unsigned long a;

	setup_1g();
	a = mmap_ok(mm, 0, PAGES(1), RW, 0);
	raise_pf(&regs, a, PF_WRITE);
	ck_assert(pte_write(user_entry(mm, a)));
	ck_assert_uint_eq(regs.eip, 0xC0105000);
	ck_assert_int_eq(task.pending_sig, 0);
	teardown();
}
END_TEST

/* Kernel mode, bad address, an exception-table entry: EIP moves to the fixup. */
START_TEST(test_dpf_kernel_fixup)
{
	struct pt_regs regs = kernel_regs();
	unsigned long a;

	setup_1g();
	ck_assert_int_eq(sim_add_fixup(0xC0105000, 0xC0105010), 0);
	raise_pf(&regs, U(0x2000), PF_WRITE);
	ck_assert_uint_eq(regs.eip, 0xC0105010);
	ck_assert_int_eq(task.pending_sig, 0);
	/* In atomic context even a legal user address is not served. */
	a = mmap_ok(mm, 0, PAGES(1), RW, 0);
	regs = kernel_regs();
	preempt_disable();
	raise_pf(&regs, a, PF_WRITE);
	preempt_enable();
	ck_assert_uint_eq(regs.eip, 0xC0105010);
	ck_assert(!pte_present(user_entry(mm, a)));
	/* Nor in a kernel thread, which has no mm. */
	task.mm = NULL;
	regs = kernel_regs();
	raise_pf(&regs, a, PF_WRITE);
	task.mm = mm;
	ck_assert_uint_eq(regs.eip, 0xC0105010);
	ck_assert(!pte_present(user_entry(mm, a)));
	teardown();
}
END_TEST

static void kernel_bad_access(void *arg)
{
	struct pt_regs regs = kernel_regs();

	(void)arg;
	raise_pf(&regs, U(0x3000), PF_WRITE);
}

/* Kernel mode, bad address, no fixup: the oops. */
START_TEST(test_dpf_kernel_oops)
{
	struct sim_child_result res;

	setup_1g();
	ck_assert_int_eq(sim_run_child(kernel_bad_access, NULL, &res), 0);
	ck_assert_msg(WIFSIGNALED(res.status) && WTERMSIG(res.status) == SIGABRT,
		      "status %#x: no oops", res.status);
	ck_assert_msg(strstr(res.err, "BUG: unable to handle kernel paging request at 00003000"),
		      "stderr: %s", res.err);
	teardown();
}
END_TEST

/* Kernel mode on a vmalloc address this directory lacks: copied, retried. */
/*
 * The edges of 8.5 and 8.6: a push exactly STACK_GUARD_SLACK below ESP
 * still grows the stack, and so does a kernel-mode access (the slack is
 * about the user's pushes); below a VMA that is not a stack nothing
 * grows; the first kernel address, TASK_SIZE itself, is
 * the kernel's (a directory entry missing there is copied from swapper,
 * as for vmalloc); and a fault that finds no page for its table is
 * reported as out of memory and kills the process.
 */
START_TEST(test_dpf_edges)
{
	struct vm_area_struct *st;
	struct pt_regs regs;
	unsigned long top, esp, addr, rw;
	unsigned long rss;
	pgd_t *pgd;
	int order;

	setup_1g();
	top = TASK_SIZE;				/* KVA_BIAS is set by the boot */
	mmap_ok(mm, top - PAGES(4), PAGES(4), RW, MAP_FIXED | MAP_GROWSDOWN);
	st = vma_at(top - PAGES(1));
	esp = top - PAGES(4);
	regs = user_regs(__cpu_addr(esp));
	addr = esp - STACK_GUARD_SLACK;			/* the last push allowed */
	raise_pf(&regs, addr, PF_USER | PF_WRITE);
	ck_assert_int_eq(task.pending_sig, 0);
	ck_assert_uint_eq(st->vm_start, addr & PAGE_MASK);

	/* Kernel mode (a copy_to_user) far below the user's ESP: grows too. */
	regs = kernel_regs();
	regs.esp = 0xC0500000;
	addr = st->vm_start - STACK_GUARD_SLACK - PAGES(2);
	raise_pf(&regs, addr, PF_WRITE);
	ck_assert_int_eq(task.pending_sig, 0);
	ck_assert_uint_eq(st->vm_start, addr & PAGE_MASK);

	/* Just below a VMA that is not a stack: a bad area, nothing grows. */
	rw = mmap_ok(mm, BASE(8), PAGES(2), RW, MAP_FIXED);
	regs = user_regs(__cpu_addr(rw));
	raise_pf(&regs, rw - 4, PF_USER | PF_WRITE);
	expect_segv(&regs, rw - 4, PF_USER | PF_WRITE);
	ck_assert_uint_eq(vma_at(rw)->vm_start, rw);

	pgd = pgd_offset(mm->pgd, PAGE_OFFSET);
	ck_assert(pgd_present(*pgd));
	set_pgd(pgd, __pgd(0));				/* not caught up yet */
	regs = kernel_regs();
	raise_pf(&regs, PAGE_OFFSET, 0);
	ck_assert(pgd_present(*pgd));
	ck_assert_uint_eq(pgd_val(*pgd), pgd_val(*pgd_offset_k(PAGE_OFFSET)));
	ck_assert_uint_eq(regs.eip, 0xC0105000);

	rw = mmap_ok(mm, 0, PAGES(1), RW, 0);
	for (order = MAX_ORDER - 1; order >= 0; order--)
		while (alloc_pages(GFP_KERNEL | __GFP_HIGHMEM, order))
			;
	sim_console_clear();
	rss = mm->rss;
	regs = user_regs(0xBFFFF000);
	raise_pf(&regs, rw, PF_USER | PF_WRITE);
	ck_assert_msg(sim_console_contains("out of memory"), "console: \"%s\"",
		      sim_console_text());
	expect_segv(&regs, rw, PF_USER | PF_WRITE);
	ck_assert_uint_eq(mm->rss, rss);
	teardown();
}
END_TEST

START_TEST(test_dpf_vmalloc)
{
	struct pt_regs regs = kernel_regs();
	char *p;

	LOOP_SETUP();
	p = vmalloc(PAGE_SIZE);
	ck_assert_ptr_nonnull(p);
	ck_assert(!sim_readable(p));
	raise_pf(&regs, (unsigned long)p, PF_WRITE);
	ck_assert(sim_writable(p));
	ck_assert_uint_eq(regs.eip, 0xC0105000);
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

	tc = tcase_create("stack");
	tcase_add_test(tc, test_expand_stack);
	tcase_add_test(tc, test_expand_stack_into_vma);
	suite_add_tcase(s, tc);

	tc = tcase_create("vmalloc_fault");
	tcase_add_loop_test(tc, test_vmalloc_fault, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_dpf_vmalloc, 0, SIM_NR_E820_MAPS);
	suite_add_tcase(s, tc);

	tc = tcase_create("do_page_fault");
	tcase_add_test(tc, test_dpf_user_demand);
	tcase_add_test(tc, test_dpf_user_segv);
	tcase_add_test(tc, test_dpf_stack);
	tcase_add_test(tc, test_dpf_edges);
	tcase_add_test(tc, test_dpf_kernel_user_address);
	tcase_add_test(tc, test_dpf_kernel_fixup);
	tcase_add_test(tc, test_dpf_kernel_oops);
	suite_add_tcase(s, tc);
	return s;
}
