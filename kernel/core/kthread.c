/**
 * @file
 * Kernel threads: kthread_create(), kthread_run() and kthread_join().
 *
 * A thread is one 8 KiB block from the page allocator (order 1): its
 * task_struct at the bottom, as Linux 2.6 kept thread_info there, and its
 * stack growing down from the top towards it.  kthread_create() builds the
 * stack so that the first switch to the thread "returns" into
 * kthread_entry() (kernel/arch/x86/switch.S draws the switch itself):
 *
 * @verbatim
 *   stack + 8192 +-------------------------+ top; the stack grows down
 *                | 0   fake return address | kthread_entry() never returns
 *                | kthread_entry           | __switch_to_asm()'s ret
 *                | EFLAGS (IF of creator)  | popfl
 *                | EBP = 0                 | ends every backtrace
 *                | EBX, ESI, EDI = 0       | <- p->esp before the first run
 *                |           ...           |
 *                |  free stack, ~8 KiB     |
 *                | STACK_END_MAGIC         | schedule() checks it: overflow?
 *                | struct task_struct      | p == stack
 *   stack + 0    +-------------------------+
 * @endverbatim
 *
 * Life of a thread: kthread_create() (state TASK_UNINTERRUPTIBLE, not on
 * the run queue) -> wake_up_process() (TASK_RUNNING) -> threadfn(data)
 * returns -> exit code stored, TASK_DEAD, joiners woken, schedule() away
 * for good -> kthread_join() reads the exit code and frees the block.  A
 * thread's block is freed only by kthread_join(): every thread must be
 * joined exactly once, or its 8 KiB leak.
 *
 * There is no page allocator before lab 3: kthread_create() then says so
 * and returns NULL (the file builds at every stage).
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/wait.h>
#include <linux/string.h>
#include <linux/gfp.h>
#include <linux/irqflags.h>
#include <linux/errno.h>

/** Joiners sleep here; every exit wakes them all and each checks its thread. */
static DECLARE_WAIT_QUEUE_HEAD(kthread_exit_wait);
static int next_pid = 1;

/**
 * kthread_exit() - End the current thread with exit code @p code: mark it
 * TASK_DEAD, wake the joiners, switch away for good.  do_exit() ends here
 * too, once a user process has given its memory back.
 */
void __noreturn kthread_exit(int code)
{
	struct task_struct *self = current;

	self->exit_code = code;
	if (WARN(in_atomic(), "kthread %s/%d exited with preempt_count 0x%08x\n",
		 self->comm, self->pid, preempt_count()))
		__preempt_count = 0;	/* or its last schedule() would refuse */
	local_irq_disable();		/* exit and switch away as one step */
	self->state = TASK_DEAD;
	wake_up(&kthread_exit_wait);
	schedule();
	BUG();				/* nothing switches back to a dead thread */
}

/* Where every new thread starts, on its own stack, with current == itself. */
static void __noreturn kthread_entry(void)
{
	kthread_exit(current->threadfn(current->data));
}

#if CONFIG_LAB >= 3
static void *alloc_thread_stack(void)
{
	return (void *)__get_free_pages(GFP_KERNEL, THREAD_SIZE_ORDER);
}

static void free_thread_stack(void *stack)
{
	free_pages((unsigned long)stack, THREAD_SIZE_ORDER);
}
#else
static void *alloc_thread_stack(void)
{
	printk("kthread_create: no page allocator before lab 3\n");
	return NULL;
}

static void free_thread_stack(void *stack)
{
	(void)stack;
}
#endif

/* Build the frame __switch_to_asm() pops on the first switch to @p p. */
static void init_thread_stack(struct task_struct *p)
{
	unsigned long *sp = (unsigned long *)((char *)p->stack + THREAD_SIZE);

	*--sp = 0;				/* kthread_entry()'s return address */
	*--sp = (unsigned long)kthread_entry;	/* where ret goes */
	*--sp = (read_eflags() & X86_EFLAGS_IF) | 0x2;	/* bit 1 is always 1 */
	*--sp = 0;				/* EBP */
	*--sp = 0;				/* EBX */
	*--sp = 0;				/* ESI */
	*--sp = 0;				/* EDI */
	p->esp = (unsigned long)sp;
}

struct task_struct *kthread_create(int (*threadfn)(void *data), void *data,
				   const char *name)
{
	void *stack = alloc_thread_stack();
	struct task_struct *p = stack;

	if (!stack) {
		printk("kthread_create: cannot allocate a stack for %s\n", name);
		return NULL;
	}
	memset(p, 0, sizeof(*p));
	p->state = TASK_UNINTERRUPTIBLE;	/* created stopped */
	p->pid = next_pid++;
	strlcpy(p->comm, name, sizeof(p->comm));
	p->stack = stack;
	p->threadfn = threadfn;
	p->data = data;
	INIT_LIST_HEAD(&p->run_list);
	*(unsigned long *)(p + 1) = STACK_END_MAGIC;
	init_thread_stack(p);
	sched_add_task(p);
	return p;
}

struct task_struct *kthread_run(int (*threadfn)(void *data), void *data,
				const char *name)
{
	struct task_struct *p = kthread_create(threadfn, data, name);

	if (p)
		wake_up_process(p);
	return p;
}

int kthread_join(struct task_struct *p)
{
	int exit_code;

	if (WARN(!p || p == current, "kthread_join: cannot join %s\n",
		 p ? "itself" : "NULL"))
		return -EINVAL;
	wait_event(kthread_exit_wait, p->state == TASK_DEAD);
	/* p switched away for good before we could run: its stack is free. */
	exit_code = p->exit_code;
	BUG_ON(*(unsigned long *)(p + 1) != STACK_END_MAGIC);	/* overflowed */
	sched_remove_task(p);
	free_thread_stack(p->stack);
	return exit_code;
}
