/**
 * @file
 * The buddy allocator's host fixture: lab 2's result built by the test
 * itself, and a bitmap model of the free frames (tests/lib/buddy_fixture.c
 * says how each works).
 *
 * The suites of lab 3 (api, boot, buddy, pressure) judge lab 3 alone on
 * it; lab 4's slab suite and kmalloc benchmark stand on it.  With
 * buddy_check() (buddy_model.h) it checks that no frame is lost, none is
 * handed out twice, and no two free buddies stay unmerged.
 */
#ifndef _TESTS_LIB_BUDDY_FIXTURE_H
#define _TESTS_LIB_BUDDY_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>

#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <asm/sections.h>
#include "sim/sim.h"
#include "buddy_model.h"

/** Where ZONE_DMA ends unless a test moves it: 16 MiB. */
#define DMA_END_PFN   4096UL

/** Bit n set: frame n is free (the model); bits of a machine's max_pfn. */
extern unsigned long *model;

/** Is frame @p pfn free in the model? */
bool model_test(unsigned long pfn);
/** Mark frame @p pfn free or in use in the model. */
void model_set(unsigned long pfn, bool free);
/** The number of RAM frames in [@p start, @p end), as memblock.memory has them. */
unsigned long ram_frames(unsigned long start, unsigned long end);

/** Boot machine @p m with ZONE_DMA ending at @p dma_end, then mem_init(). */
void machine_up_dma(const struct sim_e820_map *m, unsigned long dma_end);
/** Boot machine @p m (ZONE_DMA ends at 16 MiB), then mem_init(). */
void machine_up(const struct sim_e820_map *m);
/** The model after mem_init(): every frame memblock calls free. */
void model_from_memblock(void);
/** Free what machine_up() took and power the machine off. */
void machine_down(void);
/** Zone @p z of the machine's one node. */
struct zone *zone_nr(enum zone_type z);

/** The model's half of an allocation: NULL, or why a frame was not free. */
const char *model_take(const struct page *page, unsigned int order);
/** The model's half of a free: the block's frames are free again. */
void model_give(const struct page *page, unsigned int order);
/** alloc_pages() checked against the model (NULL is allowed). */
struct page *t_alloc(gfp_t gfp, unsigned int order);
/** __free_pages(), and the model's frames free again. */
void t_free(struct page *page, unsigned int order);
/** Every frame on a free list is free in the model and the other way round. */
const char *model_compare(void);

/** Fail the test with what @p expr (a checker: NULL or why) says is wrong. */
#define CK_NO_PROBLEM(expr) do {					\
	const char *__why = (expr);					\
	ck_assert_msg(!__why, "%s: %s", #expr, __why);			\
} while (0)

/** Both checkers at once. */
#define CK_CONSISTENT() do {						\
	CK_NO_PROBLEM(buddy_check());					\
	CK_NO_PROBLEM(model_compare());					\
} while (0)

/** Blocks of each order in each zone, after a greedy cut of memblock's free ranges. */
void expected_blocks(unsigned long want[MAX_NR_ZONES][MAX_ORDER]);
/** NULL if every free list holds expected_blocks()'s count, else which does not. */
const char *blocks_problem(void);
/** The "Memory:" line, derived from the model, not from mem_init(). */
void expected_memory_line(char *buf, size_t n);

/** Fail the test unless the console holds expected_memory_line()'s line. */
#define CK_MEMORY_LINE_PRINTED() do {					\
	char __want[256];						\
	expected_memory_line(__want, sizeof(__want));			\
	ck_assert_msg(sim_console_contains(__want), "want \"%s\" in:\n%s", \
		      __want, sim_console_text());			\
} while (0)
/** The sections rows of mem_init()'s layout, from the simulated image. */
void expected_sections(char *buf, size_t n);

#endif /* _TESTS_LIB_BUDDY_FIXTURE_H */
