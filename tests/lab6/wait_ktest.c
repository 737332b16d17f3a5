/**
 * @file
 * Lab 6 in-kernel tests, step 6.6: the pkmap area full.
 *
 * 1024 high pages kmapped at once take every slot (count 2 each).  A
 * 1025th kmap() then has nowhere to go: it must sleep on pkmap_map_wait,
 * and finish when another thread kunmap()s a page.  The test needs a
 * second thread (linux/sched.h): the main thread (the test) and a helper
 * thread write what they do into a log, whose order is checked:
 *
 * @verbatim
 *   main                          helper
 *   kmap x 1024 (all slots)
 *   kthread_run(helper) ------->  log 'S' (started), kmap(page 1025) ...
 *   schedule() <-----------------  ... sleeps (the area is full)
 *   log 'U', kunmap(page 0)
 *   schedule() ------------------>  ... woken: gets page 0's slot, log 'M'
 *   kthread_join(helper)  <-------  kunmap, return
 *   log must read "SUM"
 * @endverbatim
 *
 * A kmap() that does not sleep gives "SMU" (or fails), one that never
 * wakes up is caught by bounded schedule() calls: the test then frees
 * every slot itself and wakes the queue so that the helper can finish.
 */
#include <linux/kernel.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/wait.h>
#include <kit/ktest.h>
#include "kmap_ktest.h"

/* Map the first @p n high pages; how many got a pkmap address. */
static unsigned int kmap_first(unsigned int n, void **addr)
{
	unsigned int i, ok = 0;

	for (i = 0; i < n; i++) {
		addr[i] = kmap(high_page(i));
		ok += addr_slot(addr[i]) >= 0;
	}
	return ok;
}

/* Undo kmap_first(), skipping those with no address (and @p skip). */
static void kunmap_first(unsigned int n, void **addr, int skip)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (addr[i] && (int)i != skip)
			kunmap(high_page(i));
}

KTEST(lab6, full, live_1024)
{
	static void *addr[LAST_PKMAP];
	unsigned int i, slots = 0;
	unsigned long flushes;

	ASSERT_KMAP_READY(t);
	flushes = pkmap_flush_count;
	KTEST_EXPECT_EQ(t, kmap_first(LAST_PKMAP, addr), LAST_PKMAP);
	for (i = 0; i < LAST_PKMAP; i++)
		slots += pkmap_count[i] == 2 &&
			 slot_pfn(i) >= (long)highstart_pfn &&
			 slot_pfn(i) < (long)(highstart_pfn + LAST_PKMAP);
	KTEST_EXPECT_EQ(t, slots, LAST_PKMAP);		/* every slot, once each */
	KTEST_EXPECT(t, kmap(high_page(5)) == addr[5]);	/* full, yet no sleep */
	if (addr[5])
		kunmap(high_page(5));
	KTEST_EXPECT(t, pkmap_flush_count - flushes <= 1);
	kunmap_first(LAST_PKMAP, addr, -1);
	KTEST_EXPECT_EQ(t, pkmap_busy(), 0);
}

struct blocked {
	char log[8];
	unsigned int len;
	void *vaddr;
};

static void log_event(struct blocked *b, char c)
{
	if (b->len < sizeof(b->log) - 1)
		b->log[b->len++] = c;
}

static int kmap_1025th(void *arg)
{
	struct blocked *b = arg;
	struct page *page = high_page(LAST_PKMAP);

	log_event(b, 'S');
	b->vaddr = kmap(page);
	log_event(b, 'M');
	if (b->vaddr)
		kunmap(page);
	return 0;
}

/* Give the helper up to @p tries turns until its log has @p len events. */
static bool run_until(struct blocked *b, unsigned int len, unsigned int tries)
{
	while (b->len < len && tries--)
		schedule();
	return b->len >= len;
}

KTEST(lab6, full, blocked_1025th_waits_for_kunmap)
{
	static void *addr[LAST_PKMAP];
	struct blocked b = { "", 0, NULL };
	struct task_struct *helper;
	void *slot0;

	ASSERT_KMAP_READY(t);
	KTEST_EXPECT_EQ(t, kmap_first(LAST_PKMAP, addr), LAST_PKMAP);
	slot0 = addr[0];
	helper = kthread_run(kmap_1025th, &b, "kmap1025");
	if (!KTEST_EXPECT(t, helper != NULL /* kernel threads work */)) {
		kunmap_first(LAST_PKMAP, addr, -1);
		return;
	}
	run_until(&b, 2, 10);		/* 'S', then it must sleep: no 'M' */
	/* Asleep on the queue, not yielding in a loop: only kunmap() wakes it. */
	KTEST_EXPECT(t, helper->state == TASK_UNINTERRUPTIBLE);
	KTEST_EXPECT(t, !list_empty(&pkmap_map_wait.task_list));
	log_event(&b, 'U');
	if (addr[0])
		kunmap(high_page(0));
	if (!run_until(&b, 3, 10)) {	/* never woke up: free it */
		kunmap_first(LAST_PKMAP, addr, 0);
		flush_all_zero_pkmaps();
		wake_up(&pkmap_map_wait);
	} else {
		kunmap_first(LAST_PKMAP, addr, 0);
	}
	kthread_join(helper);
	b.log[b.len] = '\0';
	KTEST_EXPECT(t, strcmp(b.log, "SUM") == 0);
	KTEST_EXPECT(t, b.vaddr != NULL && b.vaddr == slot0);	/* page 0's slot */
	KTEST_EXPECT_EQ(t, pkmap_busy(), 0);
}
