/**
 * @file
 * What the figures need from one boot of the reference kernel, read from
 * its serial log (tools/book/bootlog.c).
 *
 * Why a boot log and not the headers: the layout's real numbers
 * (VMALLOC_START, high_memory, where mem_map landed, how a buddy block
 * split) are computed by the kernel at boot; the log is where it says
 * them, in Linux's formats.  The boot is run by mk/book.mk (BOOK_FIG_CMDLINE:
 * the demos of labs 3, 5, 6, 7 and 8, show.pagetables, show.slabinfo).
 */
#ifndef BOOK_BOOTLOG_H
#define BOOK_BOOTLOG_H

#include <stdbool.h>

/** One "name : 0xSTART - 0xEND" row of "virtual kernel memory layout:". */
struct area {
	unsigned long start, end;
	bool found;
};

/** One area of lab5.demo.pfns' vmallocinfo lines. */
struct vm_area_line {
	unsigned long start, end, size, pages;
};

/** One "pfn -> slot" line of lab6.demo.zone_through_slots. */
struct kmap_line {
	unsigned long pfn, slot, addr, busy;
};

/** One VMA of lab8.demo.fault_trace ("VMAs after:"). */
struct vma_line {
	unsigned long start, end;
	char perm[4];
	bool stack;
};

/** One access of lab8.demo.fault_trace. */
struct fault_line {
	unsigned long addr, error, pte_after;
	bool write, fault, refused;
};

#define BOOK_MAX_LINES 16

/** The numbers the figures are drawn from. */
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
	/* lab5.demo.pfns: the areas as vmallocinfo prints them */
	struct vm_area_line vmarea[BOOK_MAX_LINES];
	int nr_vmarea;
	/* lab6.demo.zone_through_slots */
	unsigned long pkmap_slots, kmap_pages, kmap_held, kmap_flushes;
	struct kmap_line kmap[BOOK_MAX_LINES];
	int nr_kmap;
	/* lab7.demo.irq: A, B in process context, C, D in the interrupt */
	unsigned long atomic_pfn[2], atomic_addr[4];
	int atomic_depth[2];
	bool atomic_found[2];
	/* lab8.demo.fault_trace: the VMAs at the end, each access */
	struct vma_line vma[BOOK_MAX_LINES];
	int nr_vma, vma_phase;
	struct fault_line fault[BOOK_MAX_LINES];
	int nr_fault;
};

/** Read @p path; returns 0, or -1 with a message naming what is missing. */
int bootlog_read(const char *path, struct bootlog *log);

#endif
