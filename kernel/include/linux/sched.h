/**
 * @file
 * Kernel threads and the scheduler: just enough to sleep and wake up.
 *
 * The kit's kernel runs cooperative kernel threads on its one CPU: a
 * thread runs until it calls schedule() (directly, or by sleeping in
 * wait_event()), and the next runnable thread in round-robin order takes
 * over.  The boot thread (the one that runs start_kernel and the tests) is
 * thread 0, "swapper", as in Linux.  There is no preemption and no timer
 * slicing: a thread that never sleeps keeps the CPU.
 *
 * @verbatim
 *   state                 meaning
 *   TASK_RUNNING          on the run queue (or running)
 *   TASK_UNINTERRUPTIBLE  asleep on a wait queue until wake_up()
 *   TASK_DEAD             its function returned; its stack is freed later
 * @endverbatim
 *
 * Used by lab 6 (kmap sleeps when the pkmap area is full) and by the tests
 * that need a second thread; lab 8 builds user processes on top.
 */
#ifndef _LINUX_SCHED_H
#define _LINUX_SCHED_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/preempt.h>

struct mm_struct;

#define TASK_RUNNING          0
#define TASK_INTERRUPTIBLE    1
#define TASK_UNINTERRUPTIBLE  2
#define TASK_DEAD             64

#define TASK_COMM_LEN 16

/* The only signals the kit has: both kill the process. */
#define SIGKILL  9
#define SIGSEGV 11

/* Wait status, as Linux's wait() reports it. */
#ifdef __HOST_SIM__
/* The host's C library has the same macros, with the same encoding. */
#include <sys/wait.h>
#else
#define W_EXITCODE(ret, sig)  (((ret) << 8) | (sig))
#define WIFEXITED(status)     (((status) & 0x7f) == 0)
#define WEXITSTATUS(status)   (((status) >> 8) & 0xff)
#define WIFSIGNALED(status)   (((status) & 0x7f) != 0)
#define WTERMSIG(status)      ((status) & 0x7f)
#endif

/** A thread (or, from lab 8, a process): Linux's process descriptor, cut down. */
struct task_struct {
	volatile long state;		/**< TASK_* */
	int pid;			/**< process id; 0 is the boot thread */
	char comm[TASK_COMM_LEN];	/**< the name, as Linux's ps shows it */
	unsigned long esp;		/**< saved stack pointer while switched out */
	void *stack;			/**< the thread's kernel stack (low end) */
	int (*threadfn)(void *data);	/**< what a kernel thread runs */
	void *data;			/**< its argument */
	int exit_code;			/**< threadfn's return value; a process's wait status */
	struct list_head run_list;	/**< on the run queue while TASK_RUNNING */
	struct list_head tasks;		/**< every thread, for listing */
	/* Lab 8: a user process is a kernel thread with an address space. */
	struct mm_struct *mm;		/**< its address space; NULL for a kernel thread */
	int pending_sig;		/**< a fatal signal to act on before user mode */
	unsigned long utime;		/**< timer ticks spent in user mode */
	unsigned long fault_addr;	/**< the kit's endless-fault guard: the last fault's address */
	unsigned long fault_ip;		/**< ... the instruction that took it */
	unsigned int fault_repeats;	/**< ... and how many times in a row it came back */
};

/** The thread running now. */
extern struct task_struct *current;

/** Give the CPU to the next runnable thread (round robin); returns when picked again. */
void schedule(void);
/** Make @p p runnable; returns 1 if it was asleep. */
int wake_up_process(struct task_struct *p);

static inline void set_current_state(long state)
{
	current->state = state;
}

/**
 * kthread_create() - Make a kernel thread, not yet running.
 * @param threadfn  what it runs; its return value is the thread's exit code
 * @param data      threadfn's argument
 * @param name      its name (comm), at most TASK_COMM_LEN - 1 characters
 * @return the thread, stopped (wake_up_process() starts it), or NULL.
 * @context Process context.
 */
struct task_struct *kthread_create(int (*threadfn)(void *data), void *data,
				   const char *name);
/** kthread_create() then wake_up_process(). */
struct task_struct *kthread_run(int (*threadfn)(void *data), void *data,
				const char *name);
/** End the current thread with exit code @p code (its function's return does the same). */
void __noreturn kthread_exit(int code);
/** Sleep until @p p has finished; returns its exit code and frees it. */
int kthread_join(struct task_struct *p);

/**
 * force_sig() - Kill @p p with signal @p sig when it next returns to user mode.
 * The kit has no signal handlers: every signal it sends (SIGSEGV from the
 * page-fault handler, SIGKILL from the CPU budget) ends the process, and
 * its wait status says which signal did.
 */
static inline void force_sig(int sig, struct task_struct *p)
{
	if (!p->pending_sig)
		p->pending_sig = sig;
}

/**
 * do_exit() - End the current thread with @p code as its exit code.
 * A user process first gives back its address space (every page, page
 * table and VMA).  Joiners are woken; the thread never runs again.
 */
void __noreturn do_exit(long code);

/** Set up thread 0 (the boot thread); called from start_kernel(). */
void sched_init(void);

/*
 * Kit additions (not in Linux's sched.h).
 */

/** A kernel thread's stack: order 1, 8 KiB, with its task_struct at the bottom. */
#define THREAD_SIZE_ORDER 1
#define THREAD_SIZE       (4096UL << THREAD_SIZE_ORDER)
/** Written just above the task_struct; a stack that overflows overwrites it. */
#define STACK_END_MAGIC   0x57AC6E9DUL

/**
 * "BUG: scheduling while atomic" reports since boot: schedule() counts each
 * call it refused because preempt_count() was not 0.  Tests compare it
 * before and after, as they do bad_page_count.
 */
extern unsigned int sched_atomic_bugs;
/** Print every thread with its pid and state (the deadlock panic does). */
void show_state(void);
/** Add @p p to the list of all threads, show_state()'s (kthread_create() does). */
void sched_add_task(struct task_struct *p);
/** Take @p p off that list (kthread_join() does, before freeing it). */
void sched_remove_task(struct task_struct *p);
/** Context switches since boot (schedule() calls that changed threads). */
extern unsigned long nr_context_switches;

#endif /* _LINUX_SCHED_H */
