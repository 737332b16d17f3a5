/**
 * @file
 * Lab 8 host suite "fault", steps 8.5-8.7: expand_stack(), and
 * do_page_fault() as the CPU calls it.  The test sets CR2 (sim_set_cr2()), the error code and the
 * saved registers, and makes a fake task with the mm current; the sim's
 * fixup_exception() knows only the entries a test adds, and its
 * page_fault_oops() aborts, so the oops is run in a child
 * (sim_run_child()).  Part of the fault_check program (fault_check.c has
 * the fixture and the suite).
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

TCase *stack_tcase(void)
{
	TCase *tc = tcase_create("stack");

	tcase_add_test(tc, test_expand_stack);
	tcase_add_test(tc, test_expand_stack_into_vma);
	return tc;
}

void add_dpf_vmalloc_test(TCase *tc)
{
	tcase_add_loop_test(tc, test_dpf_vmalloc, 0, SIM_NR_E820_MAPS);
}

TCase *dpf_tcase(void)
{
	TCase *tc = tcase_create("do_page_fault");

	tcase_add_test(tc, test_dpf_user_demand);
	tcase_add_test(tc, test_dpf_user_segv);
	tcase_add_test(tc, test_dpf_stack);
	tcase_add_test(tc, test_dpf_edges);
	tcase_add_test(tc, test_dpf_kernel_user_address);
	tcase_add_test(tc, test_dpf_kernel_fixup);
	tcase_add_test(tc, test_dpf_kernel_oops);
	return tc;
}
