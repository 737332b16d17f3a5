/**
 * @file
 * Tests of kernel threads, schedule() and wait queues (core.sched.*).
 *
 * Threads need stacks from the page allocator, so most of these skip
 * before lab 3 (or while lab 3's __get_free_pages() is still a stub).
 * The runner keeps interrupts off, so the threads made here run with
 * interrupts off too, except where a test turns them on to take the timer
 * interrupt (irq_wake).  Every thread a test starts, it joins.
 *
 * core.sched.demo_atomic runs only when named: it shows the "scheduling
 * while atomic" report of a thread that sleeps inside a preempt_disable()
 * section, for the book's chapter on threads.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/wait.h>
#include <linux/mm.h>
#include <kit/ktest.h>

#define NO_THREADS "kernel threads need the page allocator (lab 3)"

/* kthread_run(), or NULL where there is no page allocator yet. */
static struct task_struct *start(int (*fn)(void *), void *data, const char *name)
{
	if (CONFIG_LAB < 3)
		return NULL;
	return kthread_run(fn, data, name);
}

/* ---- two threads take turns through one wait queue ---------------------- */

#define ROUNDS 100

struct pingpong {
	wait_queue_head_t q;
	int turn;		/* 0: ping's turn, 1: pong's */
	int count[2];		/* rounds each side has played */
	int out_of_turn;	/* a side that ran ahead of the other */
};

static int play(struct pingpong *pp, int me)
{
	int i;

	for (i = 0; i < ROUNDS; i++) {
		wait_event(pp->q, pp->turn == me);
		if (pp->count[me] != pp->count[!me] - me)
			pp->out_of_turn++;
		pp->count[me]++;
		pp->turn = !me;
		wake_up(&pp->q);
	}
	return pp->count[me];
}

static int ping(void *data) { return play(data, 0); }
static int pong(void *data) { return play(data, 1); }

KTEST(core, sched, ping_pong)
{
	static struct pingpong pp;
	struct task_struct *a, *b;

	init_waitqueue_head(&pp.q);
	pp.turn = 0;
	pp.count[0] = pp.count[1] = pp.out_of_turn = 0;
	b = start(pong, &pp, "pong");	/* pong first: it must wait for ping */
	if (!b)
		KTEST_SKIP(t, NO_THREADS);
	a = start(ping, &pp, "ping");
	KTEST_ASSERT(t, a != NULL);
	KTEST_EXPECT_EQ(t, kthread_join(a), ROUNDS);
	KTEST_EXPECT_EQ(t, kthread_join(b), ROUNDS);
	KTEST_EXPECT_EQ(t, pp.out_of_turn, 0);
	KTEST_EXPECT(t, list_empty(&pp.q.task_list));
}

/* ---- kthread_join() returns the exit code ------------------------------- */

static int return_arg(void *data)
{
	return (int)(long)data;
}

KTEST(core, sched, join_exit_code)
{
	struct task_struct *p = start(return_arg, (void *)-42L, "exit42");

	if (!p)
		KTEST_SKIP(t, NO_THREADS);
	KTEST_EXPECT_EQ(t, p->state, TASK_RUNNING);	/* started, not yet run */
	KTEST_EXPECT_EQ(t, kthread_join(p), -42);
	/* A thread already dead when joined: no sleeping at all. */
	p = start(return_arg, (void *)7L, "exit7");
	KTEST_ASSERT(t, p != NULL);
	schedule();					/* it runs and exits */
	KTEST_EXPECT_EQ(t, p->state, TASK_DEAD);
	KTEST_EXPECT_EQ(t, kthread_join(p), 7);
}

/* ---- wake_up() wakes every waiter ------------------------------------- */

#define NR_WAITERS 4

static DECLARE_WAIT_QUEUE_HEAD(gate_wait);
static int gate_open, gate_asleep, gate_passed;

static int wait_at_gate(void *data)
{
	(void)data;
	gate_asleep++;
	wait_event(gate_wait, gate_open);
	gate_passed++;
	return 0;
}

KTEST(core, sched, wake_up_many)
{
	struct task_struct *p[NR_WAITERS];
	int i;

	gate_open = gate_asleep = gate_passed = 0;
	for (i = 0; i < NR_WAITERS; i++) {
		p[i] = start(wait_at_gate, NULL, "waiter");
		if (!p[i])
			KTEST_SKIP(t, NO_THREADS);	/* only i == 0 can fail */
	}
	schedule();			/* each runs once and falls asleep */
	KTEST_EXPECT_EQ(t, gate_asleep, NR_WAITERS);
	KTEST_EXPECT_EQ(t, gate_passed, 0);
	for (i = 0; i < NR_WAITERS; i++)
		KTEST_EXPECT_EQ(t, p[i]->state, TASK_UNINTERRUPTIBLE);
	gate_open = 1;
	wake_up(&gate_wait);
	KTEST_EXPECT(t, list_empty(&gate_wait.task_list));
	for (i = 0; i < NR_WAITERS; i++)
		KTEST_EXPECT_EQ(t, p[i]->state, TASK_RUNNING);
	for (i = 0; i < NR_WAITERS; i++)
		KTEST_EXPECT_EQ(t, kthread_join(p[i]), 0);
	KTEST_EXPECT_EQ(t, gate_passed, NR_WAITERS);
}

/* ---- wait_event() on a true condition does not sleep ------------------- */

KTEST(core, sched, wait_event_true)
{
	DECLARE_WAIT_QUEUE_HEAD(q);
	unsigned long switches = nr_context_switches;

	wait_event(q, 1 + 1 == 2);	/* no thread needed: this one at every stage */
	KTEST_EXPECT_EQ(t, nr_context_switches, switches);
	KTEST_EXPECT_EQ(t, current->state, TASK_RUNNING);
	KTEST_EXPECT(t, list_empty(&q.task_list));
}

/* ---- schedule() with preemption disabled refuses to switch ------------- */

static int count_runs(void *data)
{
	(*(int *)data)++;
	return 0;
}

KTEST(core, sched, atomic)
{
	static int runs;
	struct task_struct *me = current, *p;
	unsigned int bugs = sched_atomic_bugs;
	unsigned long switches = nr_context_switches;

	runs = 0;
	p = start(count_runs, &runs, "runnable");	/* someone to switch to */
	preempt_disable();
	schedule();		/* BUG: scheduling while atomic, and no switch */
	KTEST_EXPECT(t, current == me);
	preempt_enable();
	KTEST_EXPECT_EQ(t, sched_atomic_bugs, bugs + 1);
	KTEST_EXPECT_EQ(t, nr_context_switches, switches);
	KTEST_EXPECT_EQ(t, runs, 0);
	if (p)
		KTEST_EXPECT_EQ(t, kthread_join(p), 0);
	KTEST_EXPECT_EQ(t, runs, p ? 1 : 0);
}

/* ---- a wake_up() from the timer interrupt wakes a sleeper --------------- */

static DECLARE_WAIT_QUEUE_HEAD(irq_wait);
static volatile int irq_event;

static int wait_for_irq(void *data)
{
	(void)data;
	wait_event(irq_wait, irq_event);
	return in_irq() ? -1 : 1;
}

static void raise_event(void *arg)
{
	(void)arg;
	irq_event = in_irq();		/* 1: we are in the timer interrupt */
	wake_up(&irq_wait);
}

KTEST(core, sched, irq_wake)
{
	struct task_struct *p;

	irq_event = 0;
	p = start(wait_for_irq, NULL, "irqwait");
	if (!p)
		KTEST_SKIP(t, NO_THREADS);
	schedule();			/* it runs and sleeps */
	KTEST_ASSERT_EQ(t, p->state, TASK_UNINTERRUPTIBLE);
	KTEST_ASSERT_EQ(t, ktest_run_in_irq(raise_event, NULL), 0);
	KTEST_EXPECT_EQ(t, irq_event, 1);
	KTEST_EXPECT_EQ(t, p->state, TASK_RUNNING);
	KTEST_EXPECT_EQ(t, kthread_join(p), 1);
}

/* ---- joined threads give their stacks back ------------------------------ */

KTEST(core, sched, stacks_freed)
{
#if CONFIG_LAB >= 3
	unsigned long before = nr_free_pages();
	struct task_struct *p[3];
	int i;

	for (i = 0; i < 3; i++) {
		p[i] = start(return_arg, (void *)(long)i, "short");
		if (!p[i])
			KTEST_SKIP(t, NO_THREADS);	/* only i == 0 can fail */
	}
	KTEST_EXPECT_EQ(t, nr_free_pages(), before - 3 * (THREAD_SIZE / PAGE_SIZE));
	for (i = 0; i < 3; i++)
		KTEST_EXPECT_EQ(t, kthread_join(p[i]), i);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
#else
	KTEST_SKIP(t, NO_THREADS);
#endif
}

/* ---- the cost of a round trip through schedule() ------------------------ */

static volatile bool yield_stop;

static int yielder(void *data)
{
	(void)data;
	while (!yield_stop)
		schedule();
	return 0;
}

static void bench_schedule(void *arg)
{
	(void)arg;
	schedule();		/* to the yielder and back: two switches */
}

KTEST(core, sched, bench_round_trip)
{
	struct task_struct *p;
	unsigned long switches;

	yield_stop = false;
	p = start(yielder, NULL, "yielder");
	if (!p)
		KTEST_SKIP(t, NO_THREADS);
	switches = nr_context_switches;
	ktest_bench("schedule() round trip (2 switches)", bench_schedule, NULL, 1000);
	KTEST_EXPECT_EQ(t, nr_context_switches - switches, 2 * 1000);
	yield_stop = true;
	KTEST_EXPECT_EQ(t, kthread_join(p), 0);
}

/* ---- demonstration: sleeping with preemption disabled ------------------- */

static int sleep_while_atomic(void *data)
{
	(void)data;
	preempt_disable();	/* as kmap_atomic() does */
	schedule();		/* the bug: as kmap() would, when it must wait */
	preempt_enable();
	return 0;
}

KTEST_EXPLICIT(core, sched, demo_atomic)
{
	unsigned int bugs = sched_atomic_bugs;
	struct task_struct *p = start(sleep_while_atomic, NULL, "demo");

	if (!p)
		KTEST_SKIP(t, NO_THREADS);
	KTEST_EXPECT_EQ(t, kthread_join(p), 0);
	KTEST_EXPECT_EQ(t, sched_atomic_bugs, bugs + 1);
}
