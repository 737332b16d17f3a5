/**
 * @file
 * The scheduler: a run queue, schedule() and wake_up_process().
 *
 * Threads are cooperative (linux/sched.h): one runs until it calls
 * schedule().  The run queue holds every TASK_RUNNING thread, the one on
 * the CPU included, in round-robin order:
 *
 * @verbatim
 *   run_queue -> [ swapper/0 ] -> [ ping/1 ] -> [ pong/2 ] -> back to the head
 *                  current         next          after it
 *
 *   schedule():  current still TASK_RUNNING  -> move it to the tail (it yields)
 *                current asleep or TASK_DEAD -> take it off the queue
 *                then switch to the head of the queue
 *   wake_up_process(p): p->state = TASK_RUNNING, and add p at the tail
 *                       unless it is still on the queue
 * @endverbatim
 *
 * A thread that has marked itself asleep stays on the queue until it calls
 * schedule(): a wake_up_process() in between (from an interrupt handler,
 * say) only sets it TASK_RUNNING again, and schedule() then keeps it.
 * That is how the sleep/wakeup race is closed (see kernel/core/wait.c).
 *
 * Interrupts: an interrupt handler may call wake_up() (never schedule()),
 * so every run-queue update is done with interrupts off.  Each thread's
 * interrupt flag lives on its own stack: schedule() saves it, switches, and
 * restores it when the thread runs again; a new thread starts with the
 * flag its creator had (kernel/core/kthread.c).
 *
 * When no thread is runnable, schedule() idles: if the caller had
 * interrupts on, it halts until a handler wakes someone (Linux's idle
 * loop); if interrupts are off nobody ever can, and after 10 seconds of
 * idling the same holds: both are a deadlock (a test bug) and panic with
 * the list of threads.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/irqflags.h>
#include <kit/time.h>
#include <asm/traps.h>
#include <asm/mmu_context.h>
#include <kit/process.h>

extern char init_stack[];	/* head.S: the boot stack, thread 0's */

/** Thread 0: start_kernel() and the tests run in it. */
static struct task_struct init_task = {
	.state = TASK_RUNNING,
	.pid = 0,
	.comm = "swapper",
	.stack = init_stack,
};

struct task_struct *current = &init_task;
unsigned int sched_atomic_bugs;
unsigned long nr_context_switches;

static LIST_HEAD(run_queue);		/* TASK_RUNNING threads, round robin */
static LIST_HEAD(task_list);		/* every thread, through task->tasks */

void __switch_to_asm(unsigned long *prev_esp, unsigned long next_esp);

void sched_init(void)
{
	INIT_LIST_HEAD(&init_task.run_list);
	list_add_tail(&init_task.run_list, &run_queue);
	list_add_tail(&init_task.tasks, &task_list);
	*(unsigned long *)init_task.stack = STACK_END_MAGIC;
}

/* The lowest word of @p p's stack: a stack overflow overwrites it first. */
static unsigned long *end_of_stack(struct task_struct *p)
{
	if (p == &init_task)
		return (unsigned long *)p->stack;
	return (unsigned long *)(p + 1);	/* just above the task_struct */
}

static const char *task_state_name(long state)
{
	switch (state) {
	case TASK_RUNNING:		return "R (running)";
	case TASK_INTERRUPTIBLE:	return "S (sleeping)";
	case TASK_UNINTERRUPTIBLE:	return "D (disk sleep)";
	case TASK_DEAD:			return "X (dead)";
	}
	return "? (unknown)";
}

/** Print every thread, as `ps` would: pid, name, state. */
void show_state(void)
{
	struct task_struct *p;

	printk("  PID COMMAND          STATE\n");
	list_for_each_entry(p, &task_list, tasks)
		printk("%5d %-16s %s%s\n", p->pid, p->comm,
		       task_state_name(p->state), p == current ? " <- current" : "");
}

/* Linux's words, then the kit's: it reports and does not switch. */
static void __schedule_bug(void)
{
	sched_atomic_bugs++;
	if (sched_atomic_bugs > 10)	/* printk_ratelimit()'s burst */
		return;
	printk("BUG: scheduling while atomic: %s/%d/0x%08x\n",
	       current->comm, current->pid, preempt_count());
	dump_stack();
	printk("schedule: not switching; %s/%d keeps the CPU\n",
	       current->comm, current->pid);
}

/* Nothing is runnable: wait for an interrupt handler's wake_up(), or panic. */
static void idle_until_runnable(unsigned long flags)
{
	unsigned long deadline = jiffies + 10 * HZ;

	while (list_empty(&run_queue)) {
		if (!(flags & X86_EFLAGS_IF) || (long)(jiffies - deadline) >= 0) {
			show_state();
			panic("schedule: deadlock: every thread is asleep and %s",
			      flags & X86_EFLAGS_IF ? "nothing woke one for 10 s" :
			      "interrupts are off, so nothing can wake one");
		}
		safe_halt();		/* sti; hlt: a handler may wake someone */
		local_irq_disable();
	}
}

/* Interrupts off.  Saves prev's registers on its stack, resumes next's. */
static void context_switch(struct task_struct *prev, struct task_struct *next)
{
	nr_context_switches++;
	if (HAVE_USER_PROCESSES)
		arch_switch_to(next);	/* its kernel stack in the TSS, its CR3 */
	current = next;
	__switch_to_asm(&prev->esp, next->esp);
	/* Here again only when some thread switches back to prev. */
}

/* [schedule] (the book quotes schedule() from here) */
void schedule(void)
{
	struct task_struct *prev = current, *next;
	unsigned long flags;

	if (unlikely(in_atomic())) {
		__schedule_bug();
		prev->state = TASK_RUNNING;	/* it goes on running */
		return;
	}
	BUG_ON(*end_of_stack(prev) != STACK_END_MAGIC);	/* stack overflow */

	flags = local_irq_save();
	if (prev->state == TASK_RUNNING)
		list_move_tail(&prev->run_list, &run_queue);
	else
		list_del_init(&prev->run_list);
	idle_until_runnable(flags);
	next = list_first_entry(&run_queue, struct task_struct, run_list);
	if (next != prev)
		context_switch(prev, next);
	local_irq_restore(flags);
}
/* [schedule] */

int wake_up_process(struct task_struct *p)
{
	unsigned long flags;
	int woken = 0;

	flags = local_irq_save();
	if (p->state != TASK_RUNNING && p->state != TASK_DEAD) {
		p->state = TASK_RUNNING;
		if (list_empty(&p->run_list))	/* else it never left */
			list_add_tail(&p->run_list, &run_queue);
		woken = 1;
	}
	local_irq_restore(flags);
	return woken;
}

void sched_add_task(struct task_struct *p)
{
	unsigned long flags = local_irq_save();

	list_add_tail(&p->tasks, &task_list);
	local_irq_restore(flags);
}

void sched_remove_task(struct task_struct *p)
{
	unsigned long flags = local_irq_save();

	list_del(&p->tasks);
	local_irq_restore(flags);
}
