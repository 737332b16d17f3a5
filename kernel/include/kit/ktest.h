/**
 * @file
 * ktest: in-kernel tests, reported as TAP version 14 on a serial port of their own.
 *
 * A test is a function declared next to the code it checks:
 *
 * @code
 * KTEST(lab3, split, order0_from_order1)
 * {
 *	struct page *p = alloc_pages(GFP_KERNEL, 0);
 *
 *	KTEST_ASSERT(t, p != NULL);
 *	KTEST_EXPECT_EQ(t, page_order(p), 0);
 * }
 * @endcode
 *
 * KTEST() places a struct ktest_case in the `.ktests.<lab>` section; the
 * linker gathers all of them between __start_ktests and __stop_ktests,
 * sorted by section name (core, lab0, lab1, ...) and, within one lab, in
 * link order, so a lab's tests run in the order of its steps.  The id is
 * `lab.group.name`; the grader's rubric gives points per id.
 *
 * Output, one block per test, on the harness's own channel (COM2, see
 * kernel/ktest/ktest_channel.c; each line also echoed on the console):
 *
 * @verbatim
 *   # ktest: start lab0.pfn.up
 *   not ok 2 - lab0.pfn.up
 *     ---
 *     file: labs/lab0/warmup.c
 *     line: 42
 *     expression: "pfn_up(0x1001) == 2"
 *     expected: "2 (0x2)"
 *     got: "1 (0x1)"
 *     ...
 * @endverbatim
 *
 * EXPECT macros record the first failure and let the test go on; ASSERT
 * macros also return from the test function.  The runner keeps interrupts
 * off while tests run, so benchmarks count only the code under test.
 */
#ifndef _KIT_KTEST_H
#define _KIT_KTEST_H

#include <linux/types.h>
#include <linux/compiler.h>

struct ktest;

/** One test: its id, its body, and where it is declared. */
struct ktest_case {
	const char *id;
	void (*fn)(struct ktest *t);
	const char *file;
	int line;
	unsigned int flags;
} __aligned(4);

/** Run only when selected by name (crash demonstrations). */
#define KTEST_F_EXPLICIT 0x1

/** A kernel jump buffer: ebx, esi, edi, ebp, esp, eip. */
struct kernel_jmp_buf {
	unsigned long regs[6];
};

/** The running test's state: its first failure and its fault expectation. */
struct ktest {
	const struct ktest_case *tc;
	bool failed;
	const char *skip_reason;
	/* The first failed check, for the YAML block. */
	const char *file;
	int line;
	const char *expr;
	char expected[64];
	char got[64];
	/* KTEST_EXPECT_FAULT: armed by the test, disarmed by the #PF handler. */
	struct kernel_jmp_buf fault_jb;
	bool fault_armed;
	unsigned long fault_addr;
	unsigned long fault_error_code;
	/* Seconds of emulated time before the NMI watchdog calls it hung. */
	unsigned long budget;
	unsigned long progress_tick;	/* watchdog tick of the last progress line */
};

#define __KTEST_NAME(lab, group, name) __ktest_##lab##_##group##_##name

/**
 * Declare test `lab.group.name`; the body follows and sees `struct ktest *t`.
 */
#define KTEST(lab, group, name) __KTEST(lab, group, name, 0)
/** A test that runs only when asked for by name (ktest.filter or crash=). */
#define KTEST_EXPLICIT(lab, group, name) __KTEST(lab, group, name, KTEST_F_EXPLICIT)

#define __KTEST(lab, group, name, fl)					\
	static void __KTEST_NAME(lab, group, name)(struct ktest *t);	\
	static const struct ktest_case __KTEST_NAME(lab, group, name##_case) \
	__used __section(".ktests." #lab) = {				\
		.id = #lab "." #group "." #name,			\
		.fn = __KTEST_NAME(lab, group, name),			\
		.file = __FILE__,					\
		.line = __LINE__,					\
		.flags = fl,						\
	};								\
	static void __KTEST_NAME(lab, group, name)(struct ktest *t)

/**
 * ktest_set_budget() - Give the running test @p seconds of emulated time,
 * counted from now, instead of the default (ktest.budget=S, 60 s).
 * @param t  the running test
 * @context A test whose work grows with the machine (every high page).
 * A `ktest.budget.ID=S` on the command line (the rubric's) wins over this.
 */
void ktest_set_budget(struct ktest *t, unsigned long seconds);

/**
 * ktest_progress() - Say how far a long test has got, so a person watching
 * the console (or the grader's progress) sees it move.
 * @param unit  what is counted ("pages")
 * @context Call as often as you like: it prints at most one
 * `# ktest: progress ID done/total unit` line per 10 s of emulated time.
 */
void ktest_progress(struct ktest *t, unsigned long done, unsigned long total,
		    const char *unit);

/* Record a failure (the first one is kept for the report). */
void ktest_fail(struct ktest *t, const char *file, int line, const char *expr,
		const char *expected, const char *got);
void ktest_fail_num(struct ktest *t, const char *file, int line,
		    const char *expr, long long expected, long long got);

/*
 * Every check reports its expression exactly as the test wrote it.  The
 * preprocessor expands a macro's argument before it is substituted, unless
 * the parameter is stringified (#) right there: a check written as a
 * wrapper around another check, KTEST_ASSERT(t, p != NULL) passing `cond`
 * on to KTEST_EXPECT, would show the expansion, "p != ((void *)0)".  So
 * each public macro stringifies its own arguments and hands the text to
 * a __KTEST_CHECK* body, which never stringifies anything.
 */

/* The body of KTEST_EXPECT(): @p expr is the text of @p cond. */
#define __KTEST_CHECK(t, cond, expr) ({					\
	bool __ok = !!(cond);						\
	if (!__ok)							\
		ktest_fail(t, __FILE__, __LINE__, expr, "true", "false"); \
	__ok;								\
})

/* The body of the _EQ/_NE checks: a @p op b, as integers. */
#define __KTEST_CHECK_NUM(t, a, op, b, expr) ({				\
	long long __a = (long long)(a), __b = (long long)(b);		\
	bool __ok = __a op __b;						\
	if (!__ok)							\
		ktest_fail_num(t, __FILE__, __LINE__, expr, __b, __a);	\
	__ok;								\
})

/** Check @p cond; on failure record it and go on. */
#define KTEST_EXPECT(t, cond) __KTEST_CHECK(t, cond, #cond)

/** Check @p cond; on failure record it and return from the test. */
#define KTEST_ASSERT(t, cond)						\
	do { if (!__KTEST_CHECK(t, cond, #cond)) return; } while (0)

/** Check a == b as integers; the report shows both values. */
#define KTEST_EXPECT_EQ(t, a, b) __KTEST_CHECK_NUM(t, a, ==, b, #a " == " #b)
/** Check a == b as integers; on failure return from the test. */
#define KTEST_ASSERT_EQ(t, a, b)					\
	do { if (!__KTEST_CHECK_NUM(t, a, ==, b, #a " == " #b)) return; } while (0)

/** Check a != b as integers. */
#define KTEST_EXPECT_NE(t, a, b) __KTEST_CHECK_NUM(t, a, !=, b, #a " != " #b)
/** Check a != b as integers; on failure return from the test. */
#define KTEST_ASSERT_NE(t, a, b)					\
	do { if (!__KTEST_CHECK_NUM(t, a, !=, b, #a " != " #b)) return; } while (0)

/** Skip the rest of the test, with a reason (e.g. "no highmem"). */
#define KTEST_SKIP(t, reason)						\
	do { (t)->skip_reason = (reason); return; } while (0)

/* Kernel-only parts: faults, interrupt context, benchmarks, the runner. */
#ifndef __HOST_SIM__
/** Save the callee-saved registers in @p jb; returns 0, then again kernel_longjmp()'s @p val. */
int kernel_setjmp(struct kernel_jmp_buf *jb) __attribute__((returns_twice));
/** Resume at the kernel_setjmp() that filled @p jb, which then returns @p val. */
void __noreturn kernel_longjmp(struct kernel_jmp_buf *jb, int val);
/** Interrupts off for a fault-catching section; returns the old EFLAGS. */
unsigned long ktest_irq_save(void);
/** Put back what ktest_irq_save() returned. */
void ktest_irq_restore(unsigned long flags);

/*
 * Run @p stmt with page faults caught: a fault nothing resolves longjmps
 * back here instead of oopsing.  Evaluates to the address of that fault,
 * or ~0UL if none came.  A macro, not a function: the jump buffer must
 * belong to the test's own frame.
 */
#define __KTEST_CATCH_FAULT(t, stmt) ({					\
	unsigned long __fl = ktest_irq_save();				\
	(t)->fault_addr = ~0UL;						\
	if (kernel_setjmp(&(t)->fault_jb) == 0) {			\
		(t)->fault_armed = true;				\
		stmt;							\
		barrier();						\
		(t)->fault_armed = false;				\
	}								\
	ktest_irq_restore(__fl);					\
	(t)->fault_addr;						\
})

/**
 * KTEST_EXPECT_FAULT() - Run @p stmt expecting a page fault at @p addr.
 * The fault is caught (no oops) and the test goes on; the page-fault error
 * code is left in t->fault_error_code.  Evaluates to true if the fault came
 * at the expected address.
 */
#define KTEST_EXPECT_FAULT(t, addr, stmt) ({				\
	unsigned long __want = (unsigned long)(addr);			\
	unsigned long __got = __KTEST_CATCH_FAULT(t, stmt);		\
	if (__got != __want)						\
		ktest_fail_num(t, __FILE__, __LINE__,			\
			       "page fault at " #addr " during " #stmt,	\
			       (long long)__want,			\
			       __got == ~0UL ? -1LL : (long long)__got); \
	__got == __want;						\
})

/**
 * KTEST_EXPECT_NO_FAULT() - Run @p stmt, which may fault only in ways the
 * page-fault handler resolves (demand paging, say).  A fault nothing
 * resolves would oops; here it is caught instead, the test fails with its
 * address and goes on.  Evaluates to true if no such fault came.
 */
#define KTEST_EXPECT_NO_FAULT(t, stmt) ({				\
	unsigned long __got = __KTEST_CATCH_FAULT(t, stmt);		\
	if (__got != ~0UL)						\
		ktest_fail_num(t, __FILE__, __LINE__,			\
			       "no unresolved page fault during " #stmt, \
			       -1LL, (long long)__got);			\
	__got == ~0UL;							\
})

/** Called by the page-fault handler: true means "expected", and it does not return. */
bool ktest_fixup_fault(unsigned long address, unsigned long error_code);

/** Run fn(arg) from the timer interrupt and wait for it to finish. */
int ktest_run_in_irq(void (*fn)(void *arg), void *arg);

/**
 * ktest_bench() - Measure emulated instructions per call of @p fn.
 * @param label   what is measured, printed in the result line
 * @param fn      the operation
 * @param arg     passed to every call of @p fn
 * @param iters   how many calls to average over
 * @return instructions per call, net of the loop's own cost.
 * Prints `# bench: <test id> <label> N instructions/op` on the harness's channel.
 */
unsigned long ktest_bench(const char *label, void (*fn)(void *arg), void *arg,
			  unsigned int iters);

/**
 * ktest_tsc_shift() - TSC ticks per instruction, as a power of two: 0
 * under Bochs, N under QEMU with `-icount shift=N` (bootrun's), or -1
 * where the TSC counts time (hardware, a free-running QEMU).
 */
int ktest_tsc_shift(void);

/** True where a TSC difference is an exact instruction count (Bochs, bootrun's QEMU). */
bool ktest_tsc_counts_instructions(void);

/** A TSC difference in instructions (unchanged where it counts time). */
unsigned long ktest_tsc_to_instructions(u64 ticks);

/** The test that is running, or NULL (used by the oops and panic paths). */
struct ktest *ktest_current(void);
/** Called by panic(): a running test is reported as crashed (Bail out!). */
void ktest_panic_hook(void);
/** Run the tests the command line selects, print TAP, and power off. */
void __noreturn ktest_run_all(void);

/*
 * The harness's channel (kernel/ktest/ktest_channel.c).  Only the harness
 * calls these: a submission's objects may not name them (nor ktest_write()
 * and ktest_report() below).
 */
/** Set up COM2, the port the grader reads results from. */
void ktest_channel_init(void);
/** Wait until everything sent on COM2 has left the UART. */
void ktest_channel_drain(void);
/** Whole lines written to the console so far (arch/x86/serial.c). */
unsigned long console_lines(void);
#endif

/* Portable helpers (kernel/ktest/ktest_select.c), tested on the host. */

/** Selection from the command line: which tests run, and from where. */
struct ktest_selection {
	const char *labs;	/* "all", "none" or "lab0,lab3" */
	const char *filter;	/* comma-separated globs, or NULL */
	const char *from;	/* id to resume from, or NULL */
};

/** True if test @p tc is selected (ignoring `from`, which is positional). */
bool ktest_selected(const struct ktest_selection *sel,
		    const struct ktest_case *tc);
/**
 * ktest_write() - Send whole lines on the harness's channel: COM2 with the
 * console's line count in front, echoed on the console (ktest_channel.c);
 * the console capture in host tests (tests/host/sim/console.c).
 */
void ktest_write(const char *s, size_t len);
/**
 * ktest_report() - Format one line and ktest_write() it; never printk() a
 * result.  Control characters inside the line (a newline in an argument)
 * become '?'.
 */
void ktest_report(const char *fmt, ...) __printf(1, 2);
/**
 * ktest_print_result() - Print a finished test's TAP result line and YAML
 * block with ktest_report().
 * @param tag  appended to the result line ("" from the kernel's runner;
 *             host tests check that any text there comes out intact)
 */
void ktest_print_result(const struct ktest *t, unsigned int n,
			const char *tag);

#endif /* _KIT_KTEST_H */
