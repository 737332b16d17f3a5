/**
 * @file
 * What the host suites of labs 5 to 8 share: the boot to stage 5, and a
 * way to read a page's words whatever zone it is in (tests/lib/mm_fixture.c).
 */
#ifndef _TESTS_LIB_MM_FIXTURE_H
#define _TESTS_LIB_MM_FIXTURE_H

#include <linux/mm.h>
#include "sim/sim.h"

/**
 * Boot machine @p m and run labs 1-4's steps of mm_init(), the kernel's
 * own (kernel/mm/mm_init.c); vmlist starts empty.
 */
void sim_boot_mm_stage5(const struct sim_e820_map *m);

/** Word @p i of @p page, read without the kmap code under test (page_word.h). */
u32 page_word(struct page *page, unsigned int i);

#endif /* _TESTS_LIB_MM_FIXTURE_H */
