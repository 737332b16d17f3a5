/**
 * @file
 * The host's stand-in for the scheduler: one thread, never switched away.
 *
 * Host test processes run kernel code on one thread with no interrupts,
 * so there is nobody to switch to.  kernel/core/wait.c is compiled for the
 * host unchanged and calls these:
 *  - current is "swapper", pid 0, always running;
 *  - schedule() in an atomic section reports "BUG: scheduling while
 *    atomic" and counts it, as the kernel does; a schedule() that would
 *    really sleep (current is not TASK_RUNNING) could never be woken on
 *    the host, so it aborts with a message saying so (tests that expect it
 *    run the code in sim_run_child());
 *  - wake_up_process() marks the task running.
 * Code that sleeps (kmap() with every slot busy, kthread_join()) is tested
 * in the kernel, where the second thread exists.
 */
#include <stdio.h>
#include <stdlib.h>
#include <linux/sched.h>
#include "sim.h"

static struct task_struct host_swapper = {
	.state = TASK_RUNNING,
	.pid = 0,
	.comm = "swapper",
};

struct task_struct *current = &host_swapper;
unsigned int sched_atomic_bugs;
unsigned long nr_context_switches;

void schedule(void)
{
	if (in_atomic()) {
		sched_atomic_bugs++;
		printk("BUG: scheduling while atomic: %s/%d/0x%08x\n",
		       current->comm, current->pid, preempt_count());
		return;
	}
	if (current->state == TASK_RUNNING)
		return;		/* nothing else to run: carry on */
	fprintf(stderr, "sim: schedule(): %s would sleep, and the host has no "
		"other thread to wake it\n", current->comm);
	abort();
}

int wake_up_process(struct task_struct *p)
{
	int was_asleep = p->state != TASK_RUNNING;

	p->state = TASK_RUNNING;
	return was_asleep;
}
