/**
 * @file
 * What the vmalloc suite's two files share: vmalloc_check.c and
 * vmalloc_check_misuse.c, one program: the fixture and its probes.
 */
#ifndef _TESTS_LAB5_VMALLOC_CHECK_H
#define _TESTS_LAB5_VMALLOC_CHECK_H

#include <check.h>
#include <linux/mm.h>
#include "sim/sim.h"

/** Boot machine @p m as far as mm_init() goes at stage 5. */
void boot(const struct sim_e820_map *m);
/** boot() the 1 GiB machine. */
void boot_1g(void);
/** An empty vmalloc list, the machine off. */
void shutdown(void);
/** The frame swapper_pg_dir maps at @p addr, or -1 (lab 1's walk). */
long mapped_pfn(const void *addr);
/** The vmlist area that starts at @p addr, or NULL. */
struct vm_struct *find_area(const void *addr);

/** vmalloc_check_misuse.c: its tests, added to test case @p tc in the suite's order. */
void add_misuse_tests(TCase *tc);

#endif /* _TESTS_LAB5_VMALLOC_CHECK_H */
