/**
 * @file
 * What the figures need from one boot of the reference kernel, read from
 * its serial log (tools/book/bootlog.c).
 *
 * Why a boot log and not the headers: the layout's real numbers
 * (VMALLOC_START, high_memory, where mem_map landed, how a buddy block
 * split) are computed by the kernel at boot; the log is where it says
 * them, in Linux's formats.  The boot is run by mk/book.mk with
 * `ktest.filter=lab3.demo.buddyinfo show.pagetables show.slabinfo`.
 */
#ifndef BOOK_BOOTLOG_H
#define BOOK_BOOTLOG_H

#include <stdbool.h>

/** One "name : 0xSTART - 0xEND" row of "virtual kernel memory layout:". */
struct area {
	unsigned long start, end;
	bool found;
};

/** The numbers the four figures are drawn from. */
struct bootlog {
	/* virtual kernel memory layout: */
	struct area fixmap, pkmap, vmalloc, lowmem, data, text;
	/* Zone PFN ranges: start and end frame of DMA, Normal, HighMem */
	unsigned long zone_start[3], zone_end[3];
	bool zones_found;
	/* mem_map: SIZEk at 0xSTART-0xEND, ... */
	unsigned long mem_map_start, mem_map_end;
	/* page tables: N (..) at phys 0xSTART..0xEND */
	unsigned long pt_start, pt_end, pt_count;
	/* lab3.demo.buddyinfo: HighMem free blocks per order at each step */
	int highmem_free[4][11];
	unsigned long alloc_pfn[2];	/* the two allocations' first frames */
	int alloc_order[2];
	int buddy_steps;		/* rows found: 4 when the demo ran */
	/* slabinfo's size-64 row */
	unsigned long slab_objsize, slab_num, slab_pages;
	bool slab_found;
};

/** Read @p path; returns 0, or -1 with a message naming what is missing. */
int bootlog_read(const char *path, struct bootlog *log);

#endif
