/**
 * @file
 * Wait queues: how a kernel thread sleeps until something happens.
 *
 * A wait queue is a list of sleeping threads.  The waiter checks its
 * condition, and if it does not hold, puts itself on the queue, marks
 * itself not runnable and calls schedule(); whoever makes the condition
 * true calls wake_up(), which makes every waiter runnable again, and each
 * checks its condition once more (it may have been taken by another).
 *
 * @code
 *	wait_event(pkmap_map_wait, pkmap_count[i] == 0);    // the sleeper
 *	...
 *	pkmap_count[i] = 0;
 *	wake_up(&pkmap_map_wait);                            // the waker
 * @endcode
 *
 * Sleeping is only allowed in process context with preemption enabled:
 * schedule() reports "BUG: scheduling while atomic" otherwise.
 */
#ifndef _LINUX_WAIT_H
#define _LINUX_WAIT_H

#include <linux/list.h>
#include <linux/sched.h>	/* current, schedule(): wait_event() uses them */

struct task_struct;

/** One sleeper on a queue. */
typedef struct wait_queue_entry {
	struct task_struct *task;
	struct list_head task_list;
} wait_queue_t;

/** A list of sleeping threads, woken by wake_up(). */
typedef struct wait_queue_head {
	struct list_head task_list;
} wait_queue_head_t;

/** Initialiser of an empty wait queue @p name. */
#define __WAIT_QUEUE_HEAD_INITIALIZER(name) { LIST_HEAD_INIT((name).task_list) }
/** Define an empty wait queue @p name. */
#define DECLARE_WAIT_QUEUE_HEAD(name) \
	wait_queue_head_t name = __WAIT_QUEUE_HEAD_INITIALIZER(name)

/** Make @p q an empty wait queue. */
static inline void init_waitqueue_head(wait_queue_head_t *q)
{
	INIT_LIST_HEAD(&q->task_list);
}

/**
 * DEFINE_WAIT() - A wait-queue entry for the current thread, on no queue
 * yet (its list node points to itself, so prepare_to_wait() knows to add it).
 */
#define DEFINE_WAIT(name)						\
	wait_queue_t name = {						\
		.task = current,					\
		.task_list = LIST_HEAD_INIT((name).task_list),		\
	}

/**
 * Put the current thread on @p q (unless @p wait is on it already) and mark
 * it TASK_UNINTERRUPTIBLE, in that order and before the caller tests its
 * condition: a wake_up() that comes after this finds the thread and makes
 * it runnable again, so the wakeup cannot be lost.
 */
void prepare_to_wait(wait_queue_head_t *q, wait_queue_t *wait);
/** Take the current thread off @p q (if still there) and mark it running. */
void finish_wait(wait_queue_head_t *q, wait_queue_t *wait);
/**
 * Make every thread sleeping on @p q runnable, taking each off the queue
 * (Linux's autoremove_wake_function()).  Callable from interrupt handlers.
 */
void wake_up(wait_queue_head_t *q);

/**
 * wait_event() - Sleep until @p condition is true.
 * @context Process context, preemption enabled: it calls schedule().
 */
#define wait_event(wq, condition)					\
do {									\
	DEFINE_WAIT(__wait);						\
									\
	for (;;) {							\
		prepare_to_wait(&(wq), &__wait);			\
		if (condition)						\
			break;						\
		schedule();						\
	}								\
	finish_wait(&(wq), &__wait);					\
} while (0)

#endif /* _LINUX_WAIT_H */
