/**
 * @file
 * What the zones suite's two files share: zones_check.c (mem_map, the
 * zones, the model) and zones_check_pages.c (struct pages, addresses,
 * misuse), one program.
 */
#ifndef _TESTS_LAB2_ZONES_CHECK_H
#define _TESTS_LAB2_ZONES_CHECK_H

#include <check.h>
#include "sim/sim.h"

#define DMA_PFNS 4096UL		/* 16 MiB / 4 KiB */

/** Boot, and set the bounds as mm_init()'s stand-in does. */
void boot(const struct sim_e820_row *rows, int n);
/** boot() ready-made machine @p i of sim_e820_maps[]. */
void boot_machine(int i);
/** Power the machine off (the checked fixture's teardown). */
void teardown(void);
/** The first frame whose struct page differs from the model, or max_pfn. */
unsigned long first_bad_page(const char **why);

/** Fail the test at the first struct page the model disagrees with. */
#define EXPECT_PAGES_MATCH_MODEL() do {					\
	const char *__why = NULL;					\
	unsigned long __pfn = first_bad_page(&__why);			\
	ck_assert_msg(__pfn == max_pfn, "struct page of pfn %lu: %s",	\
		      __pfn, __why);					\
} while (0)

/** zones_check_pages.c: the pages, address and misuse test cases, in order. */
void add_pages_tcases(Suite *s);

#endif /* _TESTS_LAB2_ZONES_CHECK_H */
