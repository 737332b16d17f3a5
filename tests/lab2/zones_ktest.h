/**
 * @file
 * Lab 2 in-kernel tests: what zones_ktest.c and zones_use_ktest.c share.
 */
#ifndef _TESTS_LAB2_ZONES_KTEST_H
#define _TESTS_LAB2_ZONES_KTEST_H

#include <linux/mm.h>

/** Where ZONE_DMA ends: 16 MiB. */
#define DMA_END_PFN	4096UL

/** The zone frame @p pfn must be in, from the boundaries alone. */
static inline enum zone_type expected_zone(unsigned long pfn)
{
	if (pfn < DMA_END_PFN)
		return ZONE_DMA;
	return pfn < max_low_pfn ? ZONE_NORMAL : ZONE_HIGHMEM;
}

#endif /* _TESTS_LAB2_ZONES_KTEST_H */
