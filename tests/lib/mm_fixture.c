/**
 * @file
 * The host suites of labs 5 to 8 start from the same memory: a machine
 * brought up by the kernel's own mm_init() steps of labs 1-4 (page-frame
 * bounds, paging_init, zones, mem_init, the kmalloc caches) and an empty
 * vmalloc list.  Each suite then adds its own lab's setup (kmap_init,
 * kmap_atomic_init, the VMA cache ...).  Only their programs link this
 * file: it calls the code of labs 1 to 5.
 */
#include <check.h>

#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <kit/setup.h>
#include "mm_fixture.h"
#include "page_word.h"

/*
 * The VMA cache, which kernel/core/fork.c defines in the kernel; the host
 * builds no process code, and lab 8's suites make the cache themselves.
 */
struct kmem_cache *vm_area_cachep;

void sim_boot_mm_stage5(const struct sim_e820_map *m)
{
	ck_assert_int_eq(sim_machine_init(m->rows, m->nr), 0);
	mm_init_labs(1, 4);
	vmlist = NULL;
}

u32 page_word(struct page *page, unsigned int i)
{
	u32 val;

	ck_assert_msg(peek_page_word(page, i, &val), "no vmap() for a high page");
	return val;
}
