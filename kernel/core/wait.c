/**
 * @file
 * Wait queues: prepare_to_wait(), finish_wait() and wake_up().
 *
 * The lost-wakeup race, and why prepare_to_wait() comes first:
 *
 * @verbatim
 *   wrong order (test, then sleep)          right order (wait_event())
 *   sleeper            waker                sleeper                 waker
 *   if (!cond)                              prepare_to_wait():
 *                      cond = 1;              on queue, state = D
 *                      wake_up(): queue     if (!cond)
 *                        is empty, no-op                            cond = 1;
 *     sleep forever                                                 wake_up():
 *                                                                     state = R
 *                                           schedule(): state is R,
 *                                             so it keeps running; loop,
 *                                             cond is true, finish_wait()
 * @endverbatim
 *
 * Once the sleeper is on the queue and marked asleep, any wake_up() that
 * follows finds it, whether it comes before, during or after schedule().
 * The queue is also touched by interrupt handlers, so each update runs
 * with interrupts off.
 */
#include <linux/wait.h>
#include <linux/sched.h>
#include <linux/irqflags.h>

void prepare_to_wait(wait_queue_head_t *q, wait_queue_t *wait)
{
	unsigned long flags = local_irq_save();

	wait->task = current;
	if (list_empty(&wait->task_list))	/* not queued yet, or woken */
		list_add_tail(&wait->task_list, &q->task_list);
	set_current_state(TASK_UNINTERRUPTIBLE);
	local_irq_restore(flags);
}

void finish_wait(wait_queue_head_t *q, wait_queue_t *wait)
{
	unsigned long flags = local_irq_save();

	(void)q;
	set_current_state(TASK_RUNNING);
	if (!list_empty(&wait->task_list))	/* condition was true: never woken */
		list_del_init(&wait->task_list);
	local_irq_restore(flags);
}

void wake_up(wait_queue_head_t *q)
{
	wait_queue_t *wait, *next;
	unsigned long flags = local_irq_save();

	list_for_each_entry_safe(wait, next, &q->task_list, task_list) {
		list_del_init(&wait->task_list);
		wake_up_process(wait->task);
	}
	local_irq_restore(flags);
}
