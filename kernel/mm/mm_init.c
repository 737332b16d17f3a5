/**
 * @file
 * mm_init(): bring memory management up, as far as the stage's labs go.
 *
 * The order is Linux 2.6.20's setup_arch() / start_kernel() order:
 *
 * @verbatim
 *   find_max_pfn, find_max_low_pfn   lab 2  how much RAM, how much of it low
 *   paging_init                      lab 1  swapper_pg_dir: the direct map
 *   zone_sizes_init                  lab 2  zones, mem_map, struct pages
 *   mem_init                         lab 3  free pages to the buddy allocator
 *   kmem_cache_init                  lab 4  the general kmalloc caches
 *   kmap_init                        lab 6  the pkmap page table
 *   kmap_atomic_init                 lab 7  the fixmap page table
 *   proc_caches_init                 lab 8  the vm_area_struct and mm_struct caches
 * @endverbatim
 *
 * (vmalloc, lab 5, needs no setup: its area is empty until the first call.)
 *
 * A student's tree may have a later lab done and an earlier one still a
 * skeleton (or the other way round), and the kernel must still boot so
 * that the tests can say what is wrong.  So each step's result is checked
 * before the next step relies on it; a missing result is reported and the
 * kit carries on with a safe stand-in (for the page-frame bounds) or skips
 * what depends on it.  The lab's own tests then fail, cleanly.
 *
 * The host suites bring their simulated machine up with the same code:
 * mm_init_labs(1, n) is mm_init() stopped after lab n's step, and a suite
 * that judges lab 2 or 3 alone sets the bounds with early_find_pfns() and
 * set_lowmem_end(), as mm_init() does without lab 2 (mk/host.mk builds
 * this file once per lab, as the stage of that lab).
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <asm/e820.h>
#include <asm/pgtable.h>
#include <linux/highmem.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <kit/cmdline.h>
#include <kit/setup.h>
#include <kit/process.h>

/*
 * True in a stage that has lab @n's code (make LAB=n or later).  Every use
 * below is an ordinary `if`, not `#if`: the condition is a constant, so
 * the compiler drops a call into a lab the stage lacks, and the link never
 * looks for it (Linux's IS_ENABLED() idiom, like HAVE_USER_PROCESSES in
 * kit/process.h).  The test sits inside each step, not around its call:
 * the kernel is built with -fno-toplevel-reorder, which keeps every static
 * function, called or not.
 */
#define HAVE_LAB(n) (CONFIG_LAB >= (n))

/**
 * early_find_pfns() - The simplest rule for the page-frame bounds.
 * RAM ends at the end of E820's last RAM row, and low memory at MAXMEM
 * (896 MiB) or there: the stand-in for lab 2's find_max_pfn() and
 * find_max_low_pfn().
 */
void early_find_pfns(void)
{
	max_pfn = e820_end_of_ram_pfn();
	max_low_pfn = min(max_pfn, (unsigned long)(MAXMEM >> PAGE_SHIFT));
	highstart_pfn = max_low_pfn;
	highend_pfn = max_pfn;
}

/* Page-frame bounds from lab 2 if it gives sane ones, else the stand-in. */
static void find_pfns(void)
{
	if (HAVE_LAB(2)) {
		find_max_pfn();
		max_low_pfn = find_max_low_pfn();
		if (max_pfn && max_low_pfn && max_low_pfn <= max_pfn &&
		    max_pfn <= e820_end_of_ram_pfn())
			return;
		printk("mm: lab 2 gave max_pfn=%lu max_low_pfn=%lu: not usable, "
		       "the kit sizes memory itself\n", max_pfn, max_low_pfn);
	}
	early_find_pfns();
}

/**
 * set_lowmem_end() - Where the direct map ends, from max_low_pfn.
 * high_memory is the first address past it, and memblock allocates below
 * it from now on: a boot-time table must be reachable through the map.
 */
void set_lowmem_end(void)
{
	high_memory = __va(PFN_PHYS(max_low_pfn));
	memblock.current_limit = PFN_PHYS(max_low_pfn);
}

/* setup_arch()'s part, labs 1-2: how much RAM, the direct map, the zones. */
static void setup_memory(void)
{
	if (!HAVE_LAB(1))
		return;
	find_pfns();
	set_lowmem_end();
	paging_init();
	if (HAVE_LAB(2))
		zone_sizes_init();
}

/* Lab 3: free memory to the buddy allocator, if lab 2 described it. */
static void start_buddy(void)
{
	if (!HAVE_LAB(3))
		return;
	if (mem_map && contig_page_data.node_present_pages)
		mem_init();
	else
		printk("mm: no mem_map or zones (lab 2 not done): "
		       "the buddy allocator stays empty\n");
}

/* Lab 4: the kmalloc caches, if lab 3 has pages to give them. */
static void start_slab(void)
{
	if (!HAVE_LAB(4))
		return;
	if (nr_free_pages())
		kmem_cache_init();
	else
		printk("mm: the buddy allocator has no free pages (lab 3 not "
		       "done): no kmalloc caches\n");
}

/* Lab 8: the vm_area_struct and mm_struct caches, if there are pages. */
static void start_proc_caches(void)
{
	if (HAVE_USER_PROCESSES && nr_free_pages())
		proc_caches_init();
}

/* After the stage's setup, print what the command line asks for. */
static void show_requested(void)
{
	if (HAVE_LAB(1) && cmdline_has("show.pagetables"))
		show_pagetables();
	if (HAVE_LAB(3) && cmdline_has("show.buddyinfo"))
		show_buddyinfo();
	if (HAVE_LAB(3) && cmdline_has("show.zoneinfo"))
		show_zoneinfo();
	if (HAVE_LAB(4) && cmdline_has("show.slabinfo"))
		show_slabinfo();
	if (HAVE_LAB(5) && cmdline_has("show.vmallocinfo"))
		show_vmallocinfo();
}

/* Is lab @n's step one of those mm_init_labs(@first, @last) runs? */
#define RUN_LAB(n) (HAVE_LAB(n) && first <= (n) && (n) <= last)

/**
 * mm_init_labs() - mm_init()'s steps of labs @p first to @p last, in order.
 * A step of a lab after the stage's never runs.  The host suites call it
 * too, to bring a simulated machine up as far as the lab they judge.
 */
void mm_init_labs(int first, int last)
{
	if (RUN_LAB(1) || RUN_LAB(2))
		setup_memory();		/* labs 1-2: paging_init, zone_sizes_init */
	if (RUN_LAB(3))
		start_buddy();		/* lab 3: mem_init */
	if (RUN_LAB(4))
		start_slab();		/* lab 4: kmem_cache_init */
					/* lab 5: vmalloc needs no setup */
	if (RUN_LAB(6))
		kmap_init();		/* lab 6: the pkmap page table */
	if (RUN_LAB(7))
		kmap_atomic_init();	/* lab 7: the fixmap page table */
	if (RUN_LAB(8))
		start_proc_caches();	/* lab 8: proc_caches_init */
}

/* Each step does nothing in a stage before its lab; the order is Linux's. */
void mm_init(void)
{
	mm_init_labs(1, CONFIG_LAB);
	show_requested();
}
