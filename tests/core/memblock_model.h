/**
 * @file
 * A reference model of memblock for memblock_check.c: two bitmaps.
 *
 * memblock keeps sorted, merged tables of byte ranges; the model keeps one
 * bit per 4 KiB page of the 32-bit physical space (2^20 pages, 128 KiB per
 * bitmap), for "is RAM" and "is reserved".  A page is free when its
 * memory bit is set and its reserved bit is not:
 *
 * @verbatim
 *   page       0   1   2   3   4   5   6   7
 *   mem        1   1   1   1   0   0   1   1      memblock.memory:
 *   res        1   0   0   1   0   1   0   0        [0, 4) [6, 8) pages
 *   free       0   1   1   0   0   0   1   1      memblock.reserved:
 *                                                   [0, 1) [3, 4) [5, 6)
 * @endverbatim
 *
 * Because memblock merges every pair of regions that overlap or touch, a
 * table must equal the list of maximal runs of 1s in its bitmap, exactly;
 * model_compare() checks that, the tables' own invariants, and that
 * memblock_next_free_range() walks exactly the runs of free pages.
 *
 * The model only understands page-aligned operations; it predicts what
 * each one must return (0, -ENOSPC, -EINVAL, the address an allocation
 * must land at) from the documented rules, never from memblock's code.
 */
#ifndef _MEMBLOCK_MODEL_H
#define _MEMBLOCK_MODEL_H

#include <linux/types.h>
#include <linux/memblock.h>
#include "sim/sim.h"

#define MODEL_PAGES (1u << 20)			/* 4 GiB / 4 KiB */
#define MODEL_WORDS (MODEL_PAGES / 64)		/* 16384 */
#define MODEL_SUMS  (MODEL_WORDS / 64)		/* 256 */

/*
 * Beside each bitmap, two summaries with one bit per bitmap word, so that
 * searches jump over long runs of empty or full words instead of reading
 * 16384 words each time:  any[] bit w = (map[w] != 0),
 * notfull[] bit w = (map[w] != ~0).
 */
struct mb_bitmap {
	u64 map[MODEL_WORDS];
	u64 any[MODEL_SUMS];
	u64 notfull[MODEL_SUMS];
};

struct mb_model {
	struct mb_bitmap mem;			/* 1 = RAM */
	struct mb_bitmap res;			/* 1 = reserved */
	u64 limit;				/* memblock.current_limit */
};

/** Which bitmap: RAM, reserved, or free (RAM and not reserved). */
enum mb_map { MB_MEM, MB_RES, MB_FREE };

/** The model of a machine just booted by sim_machine_init() from @p rows. */
void model_boot(struct mb_model *m, const struct sim_e820_row *rows, int n);
/** Set or clear the pages of [base, base + size) in @p which (MB_MEM or MB_RES). */
void model_set(struct mb_model *m, enum mb_map which, u64 base, u64 size, bool on);
/** True if every page of [base, base + size) is set in @p which. */
bool model_all(const struct mb_model *m, enum mb_map which, u64 base, u64 size);
/** True if any page of [base, base + size) is set in @p which. */
bool model_any(const struct mb_model *m, enum mb_map which, u64 base, u64 size);
/** The first run of @p which ending after @p from, cut to start at @p from. */
bool model_next_run(const struct mb_model *m, enum mb_map which, u64 from,
		    u64 *start, u64 *end);
/** How many regions a table of @p which has: its runs. */
unsigned int model_runs(const struct mb_model *m, enum mb_map which);

/** memblock_add/_reserve: predict the return value and apply it. */
int model_add(struct mb_model *m, enum mb_map which, u64 base, u64 size);
/** memblock_free: predict (0 or -EINVAL) and apply. */
int model_free(struct mb_model *m, u64 base, u64 size);
/** Where memblock_phys_alloc_range must allocate (0: nowhere); changes nothing. */
u64 model_predict_range(const struct mb_model *m, u64 size, u64 align, u64 start,
			u64 end);
/** memblock_phys_alloc_range: predict the address (0: none) and reserve it. */
u64 model_alloc_range(struct mb_model *m, u64 size, u64 align, u64 start, u64 end);
/** memblock_phys_alloc: above MEMBLOCK_GOAL first, then below it. */
u64 model_alloc(struct mb_model *m, u64 size, u64 align);

/**
 * model_compare() - Compare memblock's tables with the model.
 * @param why  the first difference, in words
 * @param len  size of @p why
 * @return the number of differences found (0: they agree).
 */
int model_compare(const struct mb_model *m, char *why, size_t len);

/**
 * Fail the test unless memblock agrees with model @p m; the first
 * difference is left in the array @p why for the message (the rest of
 * the arguments: ck_assert_msg()'s format and values).
 */
#define EXPECT_MODEL_AGREES(m, why, ...) do {				\
	int __d = model_compare((m), (why), sizeof(why));		\
	ck_assert_msg(!__d, __VA_ARGS__);				\
} while (0)

#endif /* _MEMBLOCK_MODEL_H */
