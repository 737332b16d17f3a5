/**
 * @file
 * show_slabinfo(): the slab caches' state, printed as Linux 2.6.20's
 * /proc/slabinfo (version 2.1) prints it.
 *
 * One line per cache, newest cache first (cache_chain order):
 *
 * @verbatim
 *   # name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>
 *   size-64                 3     44     88   44    1 : tunables    0    0    0 : slabdata      1      1      0
 * @endverbatim
 *
 * objsize is the buffer size, red zones included (64 + 2 * 8 = 80, rounded
 * to the alignment), as Linux shows it with debugging on; active_objs are
 * the objects in use, num_objs every object of every slab; active_slabs
 * the slabs with an object in use (full and partial), num_slabs all of
 * them.  The kit has no per-CPU arrays, so the tunables are 0.
 *
 * This file is the kit's, not a lab's: it only reads the struct kmem_cache
 * and struct slab fields lab 4 maintains (linux/slab.h), so it works with
 * the skeleton too, where the chain is empty or its lists are.  A list it
 * cannot walk in a sane number of steps (a broken student list) is cut
 * short and said so, rather than hanging the kernel.
 */
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/slab.h>

/* More slabs than this in one list means the list is broken (a loop). */
#define SLABINFO_MAX_SLABS 1000000UL

/* Slabs and objects in use on @p head; false if the walk had to stop. */
static bool count_slabs(const struct list_head *head, unsigned long *slabs,
			unsigned long *active)
{
	const struct list_head *pos;

	for (pos = head->next; pos != head; pos = pos->next) {
		const struct slab *slabp = list_entry(pos, struct slab, list);

		if (++*slabs > SLABINFO_MAX_SLABS || !pos->next)
			return false;
		*active += slabp->inuse;
	}
	return true;
}

/* One cache's line. */
static void show_cache(const struct kmem_cache *cachep)
{
	unsigned long full = 0, partial = 0, free = 0, active = 0, num_slabs;
	bool ok;

	ok = count_slabs(&cachep->slabs_full, &full, &active) &&
	     count_slabs(&cachep->slabs_partial, &partial, &active) &&
	     count_slabs(&cachep->slabs_free, &free, &active);
	num_slabs = full + partial + free;
	printk("%-17s %6lu %6lu %6u %4u %4u : tunables %4u %4u %4u : "
	       "slabdata %6lu %6lu %6u%s\n", cachep->name, active,
	       num_slabs * cachep->num, cachep->buffer_size, cachep->num,
	       1U << cachep->gfporder, 0U, 0U, 0U, full + partial, num_slabs,
	       0U, ok ? "" : "  (list broken: walk stopped)");
}

void show_slabinfo(void)
{
	const struct kmem_cache *cachep;
	unsigned long n = 0;

	printk("slabinfo - version: 2.1\n");
	printk("# name            <active_objs> <num_objs> <objsize> "
	       "<objperslab> <pagesperslab> : tunables <limit> <batchcount> "
	       "<sharedfactor> : slabdata <active_slabs> <num_slabs> "
	       "<sharedavail>\n");
	list_for_each_entry(cachep, &cache_chain, next) {
		if (++n > 10000)
			break;
		show_cache(cachep);
	}
}
