/**
 * @file
 * What the kmap_atomic suite's two files share: kmap_atomic_check.c and
 * kmap_atomic_check_misuse.c, one program: the fixture and the slots.
 */
#ifndef _TESTS_LAB7_KMAP_ATOMIC_CHECK_H
#define _TESTS_LAB7_KMAP_ATOMIC_CHECK_H

#include <check.h>
#include <linux/mm.h>
#include "sim/sim.h"

/** Boot machine @p m as mm_init() does to stage 5, then kmap_atomic_init(). */
void boot(const struct sim_e820_map *m);
/** Nothing left mapped, preemption back on; the machine off. */
void shutdown(void);
/** The address of kmap_atomic slot @p i. */
void *slot_addr(int i);
/** A page from highmem if the machine has any (low on 64 MiB). */
struct page *any_page(void);
/** A page from highmem (the test fails if it gets a low one). */
struct page *high_page(void);
/** The frame the "TLB" (host mappings) has for slot @p i, or -1. */
long tlb_pfn(int i);
/** Every slot is what the model says: model[i] mapped for i < depth, the rest unreachable. */
void check_slots(const unsigned long *model, int depth);

/** kmap_atomic_check_misuse.c: its tests, added to test case @p tc in the suite's order. */
void add_misuse_tests(TCase *tc);

#endif /* _TESTS_LAB7_KMAP_ATOMIC_CHECK_H */
