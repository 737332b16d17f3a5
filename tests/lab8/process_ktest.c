/**
 * @file
 * Lab 8 in-kernel tests: real programs in ring 3 (tests/lab8/user/).
 *
 * Each test runs one embedded program to its end with run_user_program()
 * and checks its wait status, what the kernel printed about it, and that
 * its exit gave every page back.  The programs check the inside view
 * themselves (through the mmkit_pagemap system call) and exit 1, with a
 * line saying which check failed, if anything is wrong.
 */
#include <kit/time.h>
#include "lab8_ktest.h"

/* The exit status a program that passed all its own checks has. */
#define EXITED_OK W_EXITCODE(0, 0)

/*
 * Run @p name, with @p charged ticks of the kit's user-time budget
 * (USER_CPU_BUDGET_TICKS) used already, and check it ends with @p want.
 * Also checks nothing leaked: the free-page count after the exit is the
 * count before.  The VMA and mm caches may keep a slab they grew by, so
 * they are shrunk before each count.
 */
static void run_charged_and_check(struct ktest *t, const char *name,
				  unsigned long charged, int want)
{
	unsigned long before, after;
	struct task_struct *p;

	proc_caches_shrink();
	before = nr_free_pages();
	p = user_process_create(name);
	KTEST_ASSERT(t, p != NULL);
	p->utime = charged;
	wake_up_process(p);
	KTEST_EXPECT_EQ(t, user_process_wait(p), want);
	proc_caches_shrink();
	after = nr_free_pages();
	KTEST_EXPECT_EQ(t, after, before);
}

/* Run @p name with the whole budget, as run_user_program() does. */
static void run_and_check(struct ktest *t, const char *name, int want)
{
	run_charged_and_check(t, name, 0, want);
}

KTEST(lab8, user, hello)
{
	unsigned long mark = console_written();

	run_and_check(t, "hello", EXITED_OK);
	KTEST_EXPECT(t, console_has(mark, "hello: hello from user space, pid "));
}

KTEST(lab8, user, exit_status)
{
	run_and_check(t, "exit42", W_EXITCODE(42, 0));
}

KTEST(lab8, user, demand)
{
	run_and_check(t, "demand", EXITED_OK);
}

KTEST(lab8, user, zero_page)
{
	run_and_check(t, "zero_page", EXITED_OK);
}

KTEST(lab8, user, mmap_hint)
{
	run_and_check(t, "mmap_hint", EXITED_OK);
}

KTEST(lab8, user, munmap_part)
{
	run_and_check(t, "munmap_part", EXITED_OK);
}

KTEST(lab8, user, stack_grow)
{
	run_and_check(t, "stack_grow", EXITED_OK);
}

KTEST(lab8, user, efault)
{
	run_and_check(t, "efault", EXITED_OK);
}

/* A killed program: status SIGSEGV, and Linux's segfault line with @p what in it. */
static void run_segv(struct ktest *t, const char *name, const char *what)
{
	unsigned long mark = console_written();
	char line[48];

	run_and_check(t, name, W_EXITCODE(0, SIGSEGV));
	snprintf(line, sizeof(line), "%s[", name);
	KTEST_EXPECT(t, console_has(mark, line));
	KTEST_EXPECT(t, console_has(mark, what));
}

KTEST(lab8, user, segv_write_ro)
{
	run_segv(t, "segv_write_ro", "error 7");
}

KTEST(lab8, user, segv_outside)
{
	run_segv(t, "segv_outside", "]: segfault at 10000000 ip ");
}

KTEST(lab8, user, segv_kernel)
{
	run_segv(t, "segv_kernel", "]: segfault at c0100000 ip ");
}

/*
 * The kit's budget, not the lab, stops this one; it needs a working mmap
 * to load.  It starts with all but a quarter of a second of the budget
 * used: the kill is the one two seconds of spinning would bring, without
 * the two seconds.
 */
KTEST(lab8, user, spin_killed)
{
	unsigned long mark = console_written();

	run_charged_and_check(t, "spin", USER_CPU_BUDGET_TICKS - HZ / 4,
			      W_EXITCODE(0, SIGKILL));
	KTEST_EXPECT(t, console_has(mark, "in user mode without exiting: killed"));
}

KTEST(lab8, exit, no_such_program)
{
	KTEST_EXPECT_EQ(t, run_user_program("no-such-program"), -ENOENT);
	/* ... and a real one still runs after it. */
	KTEST_EXPECT_EQ(t, run_user_program("hello"), EXITED_OK);
}

/*
 * mmput() of an address space with touched pages in several VMAs gives
 * every page back: the pages (do_munmap over all of user space), the page
 * tables and the page directory (the kit).
 */
KTEST(lab8, exit, mmput_frees_everything)
{
	unsigned long before, a, b;
	volatile unsigned long i;
	struct mm_struct *mm;
	volatile bool ok = true;

	proc_caches_shrink();
	before = nr_free_pages();
	mm = mm_alloc();
	KTEST_ASSERT(t, mm != NULL);
	use_mm(mm);
	a = map_anon(mm, 0, 64 * PAGE_SIZE, PROT_READ | PROT_WRITE);
	b = map_anon(mm, KVA_BIAS + 0x80000000UL, 8 * PAGE_SIZE, PROT_READ);
	if (!IS_ERR_VALUE(a) && !IS_ERR_VALUE(b)) {
		for (i = 0; i < 64 && ok; i += 3)
			ok = KTEST_EXPECT_NO_FAULT(t, *(volatile char *)(a + i * PAGE_SIZE) = 1);
		KTEST_EXPECT_NO_FAULT(t, (void)*(volatile char *)b);
	} else {
		KTEST_EXPECT(t, !IS_ERR_VALUE(a) && !IS_ERR_VALUE(b));
	}
	KTEST_EXPECT_EQ(t, mm->rss, 22);
	use_mm(NULL);
	mmput(mm);
	proc_caches_shrink();
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
}
