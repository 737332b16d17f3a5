/**
 * @file
 * What the host suites of labs 5 to 8 share: the boot to stage 5, and a
 * way to read a page's words whatever zone it is in.
 *
 * They all start from the same memory: labs 1-4
 * set up in kernel/mm/mm_init.c's order (page-frame bounds, paging_init,
 * zones, mem_init, the kmalloc caches) and an empty vmalloc list.  Each
 * suite then adds its own lab's setup (kmap_init, kmap_atomic_init, the
 * VMA cache ...).  A header, not a sim/ source: it calls lab code, which
 * only the suites of labs 5 and up link.
 */
#ifndef _TESTS_HOST_MM_FIXTURE_H
#define _TESTS_HOST_MM_FIXTURE_H

#include <check.h>

#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <asm/pgtable.h>
#include "sim/sim.h"

/** Boot machine @p m and run labs 1-4's part of mm_init(); vmlist starts empty. */
static inline void sim_boot_mm_stage5(const struct sim_e820_map *m)
{
	ck_assert_int_eq(sim_machine_init(m->rows, m->nr), 0);
	find_max_pfn();
	max_low_pfn = find_max_low_pfn();
	high_memory = __va(PFN_PHYS(max_low_pfn));
	memblock.current_limit = PFN_PHYS(max_low_pfn);
	paging_init();
	zone_sizes_init();
	mem_init();
	kmem_cache_init();
	vmlist = NULL;
}

/**
 * Word @p i of @p page, read without the kmap code under test: through the
 * direct map for a low page, through a one-page vmap() for a high one.
 */
static inline u32 page_word(struct page *page, unsigned int i)
{
	u32 *p, val;

	if (!PageHighMem(page))
		return ((u32 *)page_address(page))[i];
	p = vmap(&page, 1, VM_MAP, PAGE_KERNEL);
	ck_assert_ptr_nonnull(p);
	val = p[i];
	vunmap(p);
	return val;
}

#endif /* _TESTS_HOST_MM_FIXTURE_H */
